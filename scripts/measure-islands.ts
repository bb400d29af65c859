/**
 * What a demo page really loads: its island imports chunks lazily (only the algorithm the article
 * hosts), which static analysis cannot tell apart. Serve dist/, open each island page in Chromium,
 * and gzip every JavaScript file the page requested.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../test/e2e/browser';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

export async function measureIslands(
  dist: string,
  pages: string[],
  base = '/',
): Promise<Map<string, number>> {
  const prefix = base.replace(/\/$/, '');
  const server = createServer((request, response) => {
    const requested = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const path = normalize(
      prefix && requested.startsWith(prefix) ? requested.slice(prefix.length) : requested,
    );
    let file = join(dist, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file.startsWith(dist) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  const weights = new Map<string, number>();
  try {
    for (const page of pages) {
      const tab = await browser.newPage();
      const scripts = new Set<string>();
      tab.on('request', (request) => {
        if (request.resourceType() === 'script' || request.url().endsWith('.js')) scripts.add(request.url());
      });
      await tab.goto(origin + prefix + page);
      await tab.locator('astro-island').first().scrollIntoViewIfNeeded();
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
