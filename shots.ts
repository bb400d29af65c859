import { chromium } from 'playwright-core';
import { serveDist } from './scripts/serve-dist';
const dist = process.argv[2] ?? 'dist';
const tag = process.argv[3] ?? 'now';
const pages = (process.argv[4] ?? '/consensus/raft/,/locks/redlock/,/id/snowflake/,/transactions/two-phase-commit/,/id/leaf-segment/').split(',');
const { origin, server } = await serveDist(dist);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
for (const [w, h, name] of [[1366, 850, 'desktop'], [390, 844, 'phone']] as const) {
  const page = await browser.newPage({ viewport: { width: w, height: h } });
  for (const path of pages) {
    const slug = path.split('/').filter(Boolean).pop();
    await page.goto(origin + path);
    const demo = page.locator('#demo');
    await demo.scrollIntoViewIfNeeded().catch(() => {});
    const player = page.locator('[data-testid="player"], [data-testid="standalone-demo"]').first();
    await player.waitFor({ timeout: 15000 }).catch(() => {});
    await player.evaluate((el) => el.scrollIntoView({ block: 'start' })).catch(() => {});
    const box = await player.boundingBox();
    await page.waitForTimeout(400);
    await page.screenshot({ path: `/tmp/shots/${tag}-${slug}-${name}.png` });
    const play = page.getByRole('button', { name: 'Play' }).first();
    if (await play.isVisible().catch(() => false)) {
      await play.click();
      await page.waitForTimeout(1500);
      await page.screenshot({ path: `/tmp/shots/${tag}-${slug}-${name}-played.png` });
    }
    const cursor = await page.getByTestId('player-event').getAttribute('data-cursor').catch(() => null);
    console.log(name, slug, 'player height', Math.round(box?.height ?? 0), 'cursor after play', cursor);
  }
  await page.close();
}
await browser.close();
server.close();
