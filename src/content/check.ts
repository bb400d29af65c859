/**
 * The content check: everything Astro's schema validation does not catch, plus the schema itself,
 * reported as "file: field: reason" so a contributor knows exactly what to fix.
 * Pure Node (no astro:content), so it runs before a build, in CI and in tests on fixture trees.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { checkGlossaryLinks } from './checks/glossary-links';
import { checkLicences } from './checks/licences';
import { ARTICLE_SECTIONS, COLLECTIONS, schemaFor, type CollectionName } from './schema';
import { locationProblem, readEntryText } from './checks/file-shape';
import { checkMdxBodies } from './checks/mdx-body';

export interface Problem {
  file: string;
  field: string;
  message: string;
}

export interface LoadedEntry {
  collection: CollectionName;
  /** The language of a translation (content/<locale>/<collection>/<slug>.mdx); absent for English. */
  locale?: string;
  slug: string;
  /** Path relative to the project root, with forward slashes. */
  file: string;
  data: Record<string, unknown>;
  body: string;
  /** Line of the body's first line in the file, for link positions. */
  bodyLine: number;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Folders of content/ that hold translations, one per language besides English (src/sim/i18n.ts). */
export const TRANSLATION_LOCALES = ['zh-cn'] as const;
const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

export const formatProblem = (p: Problem) => `${p.file}: ${p.field}: ${p.message}`;

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name))
    .sort();
}

/**
 * Read every entry under <root>/content, reporting files that cannot even be parsed. Translations
 * (content/<locale>/<collection>/) come back apart, in `translations`.
 */
export function loadEntries(root: string): {
  entries: LoadedEntry[];
  translations: LoadedEntry[];
  problems: Problem[];
} {
  const entries: LoadedEntry[] = [];
  const translations: LoadedEntry[] = [];
  const problems: Problem[] = [];
  const contentDir = join(root, 'content');
  const notCollection = (dir: string, name: string) => ({
    file: `${dir}/${name}`,
    field: 'collection',
    message: `"${name}" is not a collection (expected one of: ${COLLECTIONS.join(', ')})`,
  });
  if (existsSync(contentDir)) {
    for (const dirent of readdirSync(contentDir, { withFileTypes: true })) {
      if (!dirent.isDirectory() || (COLLECTIONS as readonly string[]).includes(dirent.name)) continue;
      if ((TRANSLATION_LOCALES as readonly string[]).includes(dirent.name)) {
        for (const inner of readdirSync(join(contentDir, dirent.name), { withFileTypes: true })) {
          if (!(COLLECTIONS as readonly string[]).includes(inner.name))
            problems.push(notCollection(`content/${dirent.name}`, inner.name));
        }
        continue;
      }
      problems.push(notCollection('content', dirent.name));
    }
  }
  loadFolders(root, contentDir, undefined, entries, problems);
  for (const locale of TRANSLATION_LOCALES)
    loadFolders(root, join(contentDir, locale), locale, translations, problems);
  return { entries, translations, problems };
}

function loadFolders(
  root: string,
  dir: string,
  locale: string | undefined,
  entries: LoadedEntry[],
  problems: Problem[],
): void {
  for (const collection of COLLECTIONS) {
    for (const path of listFiles(join(dir, collection))) {
      const file = relative(root, path).split('\\').join('/');
      const misplaced = locationProblem(file.replace(`content/${locale}/`, 'content/'), collection);
      if (misplaced) {
        problems.push(misplaced);
        continue;
      }
      const name = path.slice(path.lastIndexOf('/') + 1);
      if (!name.endsWith('.mdx')) {
        problems.push({ file, field: 'file name', message: 'entries are .mdx files' });
        continue;
      }
      const slug = name.slice(0, -'.mdx'.length);
      if (!SLUG.test(slug)) {
        problems.push({
          file,
          field: 'file name',
          message: `"${slug}" must be lower-case words joined by dashes (it becomes the URL)`,
        });
      }
      const read = readEntryText(path, file);
      if ('problem' in read) {
        problems.push(read.problem);
        continue;
      }
      const { text } = read;
      const match = FRONTMATTER.exec(text);
      if (!match) {
        problems.push({
          file,
          field: 'frontmatter',
          message: 'the file must start with a --- frontmatter block ---',
        });
        continue;
      }
      let data: unknown;
      try {
        data = parseYaml(match[1] ?? '');
      } catch (error) {
        const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
        problems.push({ file, field: 'frontmatter', message: `is not valid YAML: ${reason}` });
        continue;
      }
      if (typeof data !== 'object' || data === null || Array.isArray(data)) {
        problems.push({ file, field: 'frontmatter', message: 'must be a YAML mapping of field: value' });
        continue;
      }
      const bodyLine = (match[0].match(/\n/g)?.length ?? 0) + 1;
      entries.push({
        collection,
        ...(locale ? { locale } : {}),
        slug,
        file,
        data: data as Record<string, unknown>,
        body: text.slice(match[0].length),
        bodyLine,
      });
    }
  }
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    '',
  );
}

function checkSchemas(entries: LoadedEntry[]): Problem[] {
  const problems: Problem[] = [];
  for (const entry of entries) {
    const result = schemaFor(entry.collection).safeParse(entry.data);
    if (result.success) continue;
    for (const issue of result.error.issues) {
      problems.push({
        file: entry.file,
        field: fieldPath(issue.path) || '(frontmatter)',
        message: issue.message,
      });
    }
  }
  return problems;
}

function checkDuplicateSequences(entries: LoadedEntry[]): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, LoadedEntry>();
  for (const entry of entries) {
    const sequence = entry.data['sequence'];
    if (typeof sequence !== 'number') continue;
    const key = `${entry.collection}:${sequence}`;
    const first = seen.get(key);
    if (first) {
      problems.push({
        file: entry.file,
        field: 'sequence',
        message: `${sequence} is already used by ${first.file}; sequence must be unique within "${entry.collection}"`,
      });
    } else seen.set(key, entry);
  }
  return problems;
}

export const normaliseRepository = (url: string) =>
  url
    .trim()
    .toLowerCase()
    .replace(/^http:/, 'https:')
    .replace(/\.git$/, '')
    .replace(/\/+$/, '');

function checkDuplicateRepositories(entries: LoadedEntry[]): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, LoadedEntry>();
  for (const entry of entries) {
    if (entry.collection !== 'projects' || typeof entry.data['repository'] !== 'string') continue;
    const key = normaliseRepository(entry.data['repository']);
    const first = seen.get(key);
    if (first) {
      problems.push({
        file: entry.file,
        field: 'repository',
        message: `${entry.data['repository']} is already the repository of ${first.file}; one entry per project`,
      });
    } else seen.set(key, entry);
  }
  return problems;
}

function checkReferences(entries: LoadedEntry[]): Problem[] {
  const known = new Set(entries.map((e) => `${e.collection}/${e.slug}`));
  const problems: Problem[] = [];
  for (const entry of entries) {
    const related = entry.data['related'];
    if (!Array.isArray(related)) continue;
    related.forEach((ref, i) => {
      if (typeof ref !== 'string' || known.has(ref)) return;
      problems.push({
        file: entry.file,
        field: `related[${i}]`,
        message: `"${ref}" does not exist (no file content/${ref}.mdx)`,
      });
    });
  }
  return problems;
}

/** Every path the built site serves, from the entries and the fixed pages. */
export function knownRoutes(entries: LoadedEntry[], publicFiles: string[] = []): Set<string> {
  const routes = new Set([
    '/',
    '/search/',
    '/glossary/',
    '/glossary/a-z/',
    // Two simulations side by side on one fault schedule (src/pages/consensus/compare.astro).
    '/consensus/compare/',
    '/projects/',
    '/404/',
    '/sitemap-index.xml',
  ]);
  for (const section of ARTICLE_SECTIONS) routes.add(`/${section}/`);
  for (const e of entries) routes.add(`/${e.collection}/${e.slug}/`);
  for (const f of publicFiles) routes.add(`/${f}`);
  return routes;
}

const LINK_PATTERNS = [/\]\((\/[^)\s]*)(?:\s+"[^"]*")?\)/g, /\bhref=["'](\/[^"']*)["']/g];

/** Root-relative links in an MDX body, with their line numbers; fenced code is skipped. */
export function internalLinks(body: string): { href: string; line: number }[] {
  const links: { href: string; line: number }[] = [];
  let fenced = false;
  body.split('\n').forEach((text, i) => {
    if (/^\s*(```|~~~)/.test(text)) fenced = !fenced;
    if (fenced) return;
    const line = text.replace(/`[^`]*`/g, '');
    for (const pattern of LINK_PATTERNS) {
      for (const match of line.matchAll(pattern)) {
        if (match[1] && !match[1].startsWith('//')) links.push({ href: match[1], line: i });
      }
    }
  });
  return links;
}

function checkInternalLinks(entries: LoadedEntry[], routes: Set<string>): Problem[] {
  const problems: Problem[] = [];
  for (const entry of entries) {
    for (const { href, line } of internalLinks(entry.body)) {
      const path = href.split('#')[0]?.split('?')[0] ?? '';
      if (path === '') continue;
      const withSlash = /\.[a-z0-9]+$/i.test(path) || path.endsWith('/') ? path : `${path}/`;
      if (routes.has(withSlash)) continue;
      problems.push({
        file: `${entry.file}:${entry.bodyLine + line}`,
        field: 'body',
        message: `links to ${href}, which is not a page of the site`,
      });
    }
  }
  return problems;
}

function checkExternalLinks(entries: LoadedEntry[]): Problem[] {
  const problems: Problem[] = [];
  for (const entry of entries) {
    entry.body.split('\n').forEach((text, i) => {
      for (const match of text.matchAll(/\]\((https?:[^)\s]*)\)/g)) {
        const url = match[1] ?? '';
        if (!URL.canParse(url) || !/^https?:\/\/[^/]+\.[^/]+/.test(url)) {
          problems.push({
            file: `${entry.file}:${entry.bodyLine + i}`,
            field: 'body',
            message: `"${url}" is not a valid absolute URL`,
          });
        }
      }
    });
  }
  return problems;
}

/**
 * SVG presentation attributes written in React's camelCase (strokeWidth, textAnchor...) reach the
 * HTML unchanged from MDX, and browsers ignore them: the diagram silently loses its styling.
 */
const CAMEL_SVG_ATTRIBUTES =
  /\b(strokeWidth|strokeDasharray|strokeLinecap|strokeLinejoin|strokeOpacity|fillOpacity|textAnchor|fontSize|fontWeight|fontFamily|fontStyle|markerEnd|markerStart|markerMid|dominantBaseline|alignmentBaseline|stopColor|clipPath|letterSpacing)=/g;

function checkSvgAttributes(entries: LoadedEntry[]): Problem[] {
  const problems: Problem[] = [];
  for (const entry of entries) {
    entry.body.split('\n').forEach((text, i) => {
      for (const match of text.matchAll(CAMEL_SVG_ATTRIBUTES)) {
        const name = match[1] ?? '';
        const hyphenated = name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
        problems.push({
          file: `${entry.file}:${entry.bodyLine + i}`,
          field: 'body',
          message: `SVG attribute ${name} is ignored by browsers here; write ${hyphenated}`,
        });
      }
    });
  }
  return problems;
}

/** Keeps a body's line breaks but blanks code, HTML comments and tags (which may span lines). */
function proseOnly(body: string): string {
  const blank = (text: string) => text.replace(/[^\n]/g, ' ');
  return body
    .replace(/```[\s\S]*?```/g, blank)
    .replace(/<!--[\s\S]*?-->/g, blank)
    .replace(/`[^`\n]*`/g, blank)
    .replace(/<\/?[A-Za-z][^>]*>/g, blank);
}

/**
 * MDX reads a brace in prose as a JavaScript expression: "{S1,S2}" becomes code that fails when the
 * page is built, far from the sentence that caused it.
 */
function checkProseBraces(entries: LoadedEntry[]): Problem[] {
  const problems: Problem[] = [];
  for (const entry of entries) {
    proseOnly(entry.body)
      .split('\n')
      .forEach((text, i) => {
        const brace = /(?<!\\)[{}]/.exec(text);
        if (!brace) return;
        problems.push({
          file: `${entry.file}:${entry.bodyLine + i}`,
          field: 'body',
          message: `a "${brace[0]}" in prose is read by MDX as code; write \\${brace[0]} or put it in backticks`,
        });
      });
  }
  return problems;
}

function listPublicFiles(root: string): string[] {
  const dir = join(root, 'public');
  return listFiles(dir).map((p) => relative(dir, p).split('\\').join('/'));
}

const dateOf = (value: unknown): string | null =>
  value instanceof Date
    ? value.toISOString().slice(0, 10)
    : typeof value === 'string'
      ? value.slice(0, 10)
      : null;

/**
 * A translation pairs with an English entry of the same collection and slug. It carries its own
 * `updated`; when the English entry's is later, the translation is stale: a warning, not a failure
 * (the English text changed and the translation has not caught up yet).
 */
export function checkTranslations(
  entries: LoadedEntry[],
  translations: LoadedEntry[],
): { problems: Problem[]; warnings: Problem[] } {
  const english = new Map(entries.map((e) => [`${e.collection}/${e.slug}`, e]));
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  for (const t of translations) {
    const original = english.get(`${t.collection}/${t.slug}`);
    if (!original) {
      problems.push({
        file: t.file,
        field: 'file name',
        message: `translates content/${t.collection}/${t.slug}.mdx, which does not exist: a translation keeps its English entry's collection and slug`,
      });
      continue;
    }
    const theirs = dateOf(original.data['updated']);
    const ours = dateOf(t.data['updated']);
    if (theirs && ours && theirs > ours) {
      warnings.push({
        file: t.file,
        field: 'updated',
        message: `stale: translated ${ours}, but ${original.file} was updated ${theirs}`,
      });
    }
  }
  return { problems, warnings };
}

/** Run every check over the project (or fixture) at `root`. */
export function checkContent(root: string): {
  problems: Problem[];
  warnings: Problem[];
  entries: LoadedEntry[];
  translations: LoadedEntry[];
} {
  const { entries, translations, problems } = loadEntries(root);
  // Translations take the English entries' checks of words and links; their sequence and
  // repository are the English entry's, so the uniqueness checks see English entries only.
  const all = [...entries, ...translations];
  const paired = checkTranslations(entries, translations);
  problems.push(
    ...checkSchemas(all),
    ...checkDuplicateSequences(entries),
    ...checkDuplicateRepositories(entries),
    ...checkReferences(all),
    ...checkInternalLinks(all, knownRoutes(entries, listPublicFiles(root))),
    ...checkExternalLinks(all),
    ...checkSvgAttributes(all),
    ...checkProseBraces(all),
    ...checkLicences(all),
    ...checkGlossaryLinks(all),
    ...checkMdxBodies(all),
    ...paired.problems,
  );
  return { problems, warnings: paired.warnings, entries, translations };
}
