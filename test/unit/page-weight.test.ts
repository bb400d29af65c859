import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureSite, overBudget } from '../../src/utils/page-weight';

/** A tiny built site: a catalogue page and a demo page whose island imports a shared chunk. */
function fakeDist(chunkSize: number) {
  const dist = mkdtempSync(join(tmpdir(), 'atlas-dist-'));
  mkdirSync(join(dist, '_astro'));
  mkdirSync(join(dist, 'consensus', 'raft'), { recursive: true });
  mkdirSync(join(dist, 'glossary', 'quorum'), { recursive: true });
  // Pseudo-random text so gzip cannot shrink it away.
  let seed = 1;
  const noise = (n: number) =>
    Array.from({ length: n }, () =>
      String.fromCharCode(33 + ((seed = (seed * 48271) % 2147483647) % 90)),
    ).join('');
  writeFileSync(join(dist, '_astro', 'site.css'), `body{color:red}`);
  writeFileSync(
    join(dist, '_astro', 'Demo.js'),
    `import{a}from"./react-dom.js";const x=${JSON.stringify(noise(200))};`,
  );
  writeFileSync(join(dist, '_astro', 'react-dom.js'), `export const a=${JSON.stringify(noise(chunkSize))};`);
  writeFileSync(join(dist, '_astro', 'client.js'), `import("./react-dom.js");`);
  writeFileSync(
    join(dist, 'consensus', 'raft', 'index.html'),
    `<html><head><link rel="stylesheet" href="/_astro/site.css"></head><body><astro-island component-url="/_astro/Demo.js" renderer-url="/_astro/client.js"></astro-island></body></html>`,
  );
  writeFileSync(
    join(dist, 'glossary', 'quorum', 'index.html'),
    `<html><head><link rel="stylesheet" href="/_astro/site.css"><script>document.documentElement.dataset.theme='light'</script></head><body><p>${noise(100)}</p></body></html>`,
  );
  return dist;
}

describe('page weights', () => {
  it('follows an island into the modules it imports and counts each once', () => {
    const pages = measureSite(fakeDist(1000));
    const demo = pages.find((p) => p.page === '/consensus/raft/');
    expect(demo?.island).toBe(true);
    expect(demo?.jsFiles.sort()).toEqual(['_astro/Demo.js', '_astro/client.js', '_astro/react-dom.js']);
    const term = pages.find((p) => p.page === '/glossary/quorum/');
    expect(term?.island).toBe(false);
    expect(term?.js).toBeGreaterThan(0);
    expect(term?.css).toBeGreaterThan(0);
  });

  it('passes small pages and names a demo page over its JavaScript budget', () => {
    expect(overBudget(measureSite(fakeDist(1000)))).toEqual([]);
    const failures = overBudget(measureSite(fakeDist(400_000)));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/^\/consensus\/raft\/: ships \d+\.\d KB of JavaScript \(budget 150 KB\)/);
  });

  it('gives a page that runs two algorithms side by side room for the second', () => {
    const page = (js: number, algorithms: number) => ({
      page: '/consensus/compare/',
      html: 1000,
      css: 1000,
      js: js * 1024,
      jsModules: js * 1024,
      island: true,
      algorithms,
      jsFiles: [],
    });
    expect(overBudget([page(165, 2)])).toEqual([]);
    expect(overBudget([page(165, 1)])[0]).toMatch(/budget 150 KB/);
    expect(overBudget([page(171, 2)])[0]).toMatch(/budget 170 KB/);
  });
});
