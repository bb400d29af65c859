/**
 * Lighthouse's mobile profile on every demo page and on one catalogue page for comparison, against
 * `astro preview` of the current build. Run `npm run build` first.
 *
 *   npm run lighthouse                  every page that hosts a demo, its embed, and /glossary/
 *   npm run lighthouse -- /consensus/raft/ /locks/redlock/
 *
 * Prints performance, accessibility, layout shift and blocking time per page with the machine's
 * load beside them, and exits 1 when a page misses the targets (performance 95, accessibility 100,
 * cumulative layout shift 0.05, total blocking time 200 ms).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import { join, relative } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { findChromium } from '../test/e2e/browser';

const DIST = 'dist';
const PORT = Number(process.env['LIGHTHOUSE_PORT'] ?? 4420);
const TARGETS = { performance: 95, accessibility: 100, cls: 0.05, tbt: 200 };

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return htmlFiles(path);
    return name === 'index.html' ? [path] : [];
  });
}

/** Every built page that hosts a demo (its island sits in #demo), in path order. */
function demoPages(): string[] {
  return htmlFiles(DIST)
    .filter((file) => readFileSync(file, 'utf8').includes('id="demo"'))
    .map((file) => `/${relative(DIST, file).replace(/index\.html$/, '')}`)
    .sort();
}

async function waitForServer(origin: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(origin)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`astro preview did not answer on ${origin} within ${ms / 1000} s`);
}

interface Scores {
  page: string;
  performance: number;
  accessibility: number;
  cls: number;
  tbt: number;
  lcp: number;
  load: number;
}

function passes(s: Scores): boolean {
  return (
    s.performance >= TARGETS.performance &&
    s.accessibility >= TARGETS.accessibility &&
    s.cls < TARGETS.cls &&
    s.tbt < TARGETS.tbt
  );
}

async function main(): Promise<void> {
  if (!existsSync(join(DIST, 'index.html'))) {
    console.error('No build in dist/: run `npm run build` first.');
    process.exit(2);
  }
  const requested = process.argv.slice(2).filter((a) => a.startsWith('/'));
  const pages = requested.length > 0 ? requested : [...demoPages(), '/glossary/'];
  const origin = `http://127.0.0.1:${PORT}`;
  const preview = spawn('npx', ['astro', 'preview', '--host', '127.0.0.1', '--port', String(PORT)], {
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  const chrome = await chromeLauncher.launch({
    chromePath: findChromium(),
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
  });
  const results: Scores[] = [];
  try {
    await waitForServer(origin, 60_000);
    console.log(`Lighthouse 12.2.3, mobile profile, ${cpus().length} cores`);
    console.log('page                                   perf  a11y    CLS   TBT ms  LCP ms  load(1m)');
    for (const page of pages) {
      const result = await lighthouse(origin + page, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility'],
      });
      if (!result) throw new Error(`Lighthouse returned nothing for ${page}`);
      const { categories, audits } = result.lhr;
      const scores: Scores = {
        page,
        performance: Math.round((categories['performance']?.score ?? 0) * 100),
        accessibility: Math.round((categories['accessibility']?.score ?? 0) * 100),
        cls: audits['cumulative-layout-shift']?.numericValue ?? Number.NaN,
        tbt: audits['total-blocking-time']?.numericValue ?? Number.NaN,
        lcp: audits['largest-contentful-paint']?.numericValue ?? Number.NaN,
        load: loadavg()[0] ?? 0,
      };
      results.push(scores);
      console.log(
        [
          page.padEnd(38),
          String(scores.performance).padStart(4),
          String(scores.accessibility).padStart(5),
          scores.cls.toFixed(3).padStart(6),
          Math.round(scores.tbt).toString().padStart(8),
          Math.round(scores.lcp).toString().padStart(7),
          scores.load.toFixed(2).padStart(9),
          passes(scores) ? '' : '  below target',
        ].join(' '),
      );
    }
  } finally {
    await chrome.kill();
    if (preview.pid) process.kill(-preview.pid);
  }
  const failing = results.filter((s) => !passes(s));
  if (failing.length > 0) {
    console.log(
      `${failing.length} of ${results.length} pages miss the targets (performance ≥ ${TARGETS.performance}, ` +
        `accessibility ${TARGETS.accessibility}, CLS < ${TARGETS.cls}, TBT < ${TARGETS.tbt} ms).`,
    );
    process.exit(1);
  }
}

await main();
