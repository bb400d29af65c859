import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../test/e2e/browser';
import { serveDist } from './serve-dist';
const dist = process.argv[2] as string;
const page = process.argv[3] as string;
const { origin, server } = await serveDist(dist, '/');
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
const tab = await browser.newPage();
const scripts = new Set<string>();
tab.on('request', (r) => { if (r.url().endsWith('.js')) scripts.add(r.url()); });
await tab.goto(origin + page);
await tab.evaluate("document.querySelector('astro-island')?.parentElement?.scrollIntoView()");
await tab.locator('[data-testid="player"]').first().waitFor({ timeout: 60000 });
await tab.waitForLoadState('networkidle');
await tab.waitForTimeout(800);
for (const u of [...scripts].sort()) {
  const f = join(dist, new URL(u).pathname);
  const src = readFileSync(f);
  console.log(new URL(u).pathname, gzipSync(src, { level: 9 }).length, src.length);
}
await browser.close(); server.close();
