/** npm run size: page weights of the built site (gzip), and the budgets they must keep. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { measureSite, overBudget } from '../src/utils/page-weight';
import { measureIslands } from './measure-islands';

const dist = join(process.cwd(), 'dist');
if (!existsSync(dist)) {
  console.error('No build found in dist/. Run "npm run build" first.');
  process.exit(1);
}
const base = process.env['BASE_PATH'] ?? '/';
const pages = measureSite(dist, base);
// Demo pages load their algorithm lazily: measure what Chromium actually fetches for them.
const islands = pages.filter((p) => p.island);
if (islands.length > 0) {
  const loaded = await measureIslands(
    dist,
    islands.map((p) => p.page),
    base,
  );
  for (const page of islands) {
    const inline = page.js - page.jsModules;
    page.js = inline + (loaded.get(page.page) ?? page.js);
  }
}
const kb = (bytes: number) => (bytes / 1024).toFixed(1).padStart(7);
const heaviest = (key: 'html' | 'css' | 'js') => pages.reduce((a, b) => (b[key] > a[key] ? b : a));

console.log(`Page weights, gzip, ${pages.length} pages (KB):\n`);
console.log(`${'page'.padEnd(48)}   html     css      js  island`);
const islandPages = pages.filter((p) => p.island);
const shown = [
  ...islandPages,
  ...pages
    .filter((p) => !p.island)
    .sort((a, b) => b.html + b.css + b.js - (a.html + a.css + a.js))
    .slice(0, 12),
];
for (const p of shown) {
  console.log(`${p.page.padEnd(48)} ${kb(p.html)} ${kb(p.css)} ${kb(p.js)}  ${p.island ? 'yes' : ''}`);
}
if (pages.length > shown.length) console.log(`… and ${pages.length - shown.length} lighter catalogue pages`);
console.log(
  `\nHeaviest: HTML ${heaviest('html').page} ${kb(heaviest('html').html).trim()} KB, ` +
    `CSS ${heaviest('css').page} ${kb(heaviest('css').css).trim()} KB, JS ${heaviest('js').page} ${kb(heaviest('js').js).trim()} KB`,
);
const failures = overBudget(pages);
if (failures.length > 0) {
  console.error(`\nOver budget:\n${failures.map((f) => `  ${f}`).join('\n')}`);
  process.exit(1);
}
console.log('\nAll pages within budget.');
