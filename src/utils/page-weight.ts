/**
 * Page weights of the built site: each page's HTML, CSS and JavaScript, gzipped, following
 * module imports so an island's whole bundle is counted. Used by `npm run size`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface PageWeight {
  page: string;
  html: number;
  css: number;
  js: number;
  /** Of `js`, the part in module files (the rest is inline in the HTML). */
  jsModules: number;
  /** The page hydrates a framework island (React). */
  island: boolean;
  /** How many algorithms the page runs at once (a comparison runs two). */
  algorithms: number;
  jsFiles: string[];
}

export interface Budget {
  name: string;
  applies: (page: PageWeight) => boolean;
  check: (page: PageWeight) => string | null;
}

const gz = (text: string | Buffer) => gzipSync(text, { level: 9 }).length;

function listHtml(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith('.html'))
    .map((d) => join(d.parentPath, d.name))
    .sort();
}

/** Resolve an URL used in the page to a file in dist, honouring the base path. */
function toFile(dist: string, base: string, url: string, from?: string): string | null {
  if (/^(https?:)?\/\//.test(url) || url.startsWith('data:')) return null;
  let path: string;
  if (url.startsWith('/')) path = join(dist, url.startsWith(base) ? url.slice(base.length) : url);
  else if (from) path = resolve(dirname(from), url);
  else return null;
  return existsSync(path) ? path : null;
}

const IMPORTS = [
  /\bimport\s*(?:[^'"()]*?from\s*)?["']([^"']+\.js)["']/g,
  /\bimport\(\s*["'`]([^"'`]+\.js)["'`]\s*\)/g,
];

function collectModules(dist: string, base: string, entry: string, seen: Set<string>): void {
  if (seen.has(entry)) return;
  seen.add(entry);
  const code = readFileSync(entry, 'utf8');
  for (const pattern of IMPORTS) {
    for (const match of code.matchAll(pattern)) {
      const file = toFile(dist, base, match[1] ?? '', entry);
      if (file) collectModules(dist, base, file, seen);
    }
  }
}

export function measurePage(dist: string, file: string, base = '/'): PageWeight {
  const html = readFileSync(file, 'utf8');
  let css = 0;
  for (const match of html.matchAll(/<link[^>]+rel="stylesheet"[^>]*href="([^"]+)"/g)) {
    const path = toFile(dist, base, match[1] ?? '');
    if (path) css += gz(readFileSync(path));
  }
  for (const match of html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)) css += gz(match[1] ?? '');

  let js = 0;
  for (const match of html.matchAll(
    /<script(?![^>]*type="application\/(?:ld\+)?json")[^>]*>([\s\S]*?)<\/script>/g,
  )) {
    if (match[1]?.trim()) js += gz(match[1]);
  }
  const modules = new Set<string>();
  const urls = [
    ...html.matchAll(/<script[^>]+src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]*href="([^"]+)"/g),
    ...html.matchAll(/(?:component-url|renderer-url|before-hydration-url)="([^"]+)"/g),
  ].map((m) => m[1] ?? '');
  for (const url of urls) {
    const path = toFile(dist, base, url);
    if (path) collectModules(dist, base, path, modules);
  }
  let jsModules = 0;
  for (const path of modules) jsModules += gz(readFileSync(path));
  js += jsModules;
  const page = `/${relative(dist, file).replace(/index\.html$/, '')}`;
  return {
    page,
    html: gz(html),
    css,
    js,
    jsModules,
    island: html.includes('<astro-island'),
    // A page that runs several algorithms side by side says how many (the compare page: two).
    algorithms: Number(/data-algorithms="(\d+)"/.exec(html)?.[1] ?? 1),
    jsFiles: [...modules].map((m) => relative(dist, m)),
  };
}

export function measureSite(dist: string, base = '/'): PageWeight[] {
  return listHtml(dist).map((file) => measurePage(dist, file, base));
}

const KB = 1024;
export const BUDGETS: Budget[] = [
  {
    name: 'catalogue pages load no React and under 10 KB of JavaScript',
    applies: (p) => !p.island,
    check: (p) => {
      const react = p.jsFiles.filter((f) => /react|client\.[\w-]+\.js/i.test(f));
      if (react.length > 0) return `loads framework code: ${react.join(', ')}`;
      return p.js > 10 * KB ? `ships ${(p.js / KB).toFixed(1)} KB of JavaScript (budget 10 KB)` : null;
    },
  },
  {
    name: 'entry pages keep HTML and CSS under 50 KB',
    applies: (p) => /^\/[a-z]+\/[^/]+\/$/.test(p.page),
    check: (p) =>
      p.html + p.css > 50 * KB
        ? `HTML + CSS is ${((p.html + p.css) / KB).toFixed(1)} KB (budget 50 KB)`
        : null,
  },
  {
    name: 'demo pages ship under 150 KB of JavaScript, and 20 KB more per extra algorithm side by side',
    applies: (p) => p.island,
    check: (p) => {
      const budget = 150 + 20 * Math.max(0, p.algorithms - 1);
      return p.js > budget * KB
        ? `ships ${(p.js / KB).toFixed(1)} KB of JavaScript (budget ${budget} KB)`
        : null;
    },
  },
];

export function overBudget(pages: PageWeight[]): string[] {
  const failures: string[] = [];
  for (const budget of BUDGETS) {
    for (const page of pages.filter(budget.applies)) {
      const problem = budget.check(page);
      if (problem) failures.push(`${page.page}: ${problem} [${budget.name}]`);
    }
  }
  return failures;
}
