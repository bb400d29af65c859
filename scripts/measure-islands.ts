/**
 * What a demo page really loads: its island imports chunks lazily (only the algorithm the article
 * hosts), which static analysis cannot tell apart. Serve dist/, open each island page in Chromium,
 * and gzip every JavaScript file the page requested.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../test/e2e/browser';
import { serveDist } from './serve-dist';

export async function measureIslands(
  dist: string,
  pages: string[],
  base = '/',
): Promise<Map<string, number>> {
  const { origin, server } = await serveDist(dist, base);
  const prefix = base.replace(/\/$/, '');
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  const weights = new Map<string, number>();
  try {
    for (const page of pages) {
      const tab = await browser.newPage();
      const scripts = new Set<string>();
      tab.on('request', (request) => {
        if (request.resourceType() === 'script' || request.url().endsWith('.js')) scripts.add(request.url());
      });
      await tab.goto(origin + page);
      // Islands hydrate when visible; an <astro-island> has no box of its own, so scroll by script.
      await tab.evaluate("document.querySelector('astro-island')?.parentElement?.scrollIntoView()");
      // A demo counts once its player is drawn: on a loaded machine that can take seconds.
      if (await tab.locator('#demo').count())
        await tab
          .locator('[data-testid="player"], [data-testid="standalone-demo"], [data-testid="compare"]')
          .first()
          .waitFor({ timeout: 60_000 });
      await tab.waitForLoadState('networkidle');
      await tab.waitForTimeout(500);
      await tab.waitForLoadState('networkidle');
      let total = 0;
      for (const url of scripts) {
        const file = join(dist, new URL(url).pathname.slice(prefix.length));
        if (url.startsWith(origin) && existsSync(file))
          total += gzipSync(readFileSync(file), { level: 9 }).length;
      }
      // Inline scripts are part of the HTML and counted there by the static pass.
      weights.set(page, total);
      await tab.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  return weights;
}
