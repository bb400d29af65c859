import { expect, test } from '@playwright/test';

/**
 * Screenshots of the Snowflake demo for a person to look at (desktop and phone width,
 * light and dark). Collected only when DEMO_SCREENSHOTS is set (playwright.config.ts): they check nothing a machine can judge.
 */

const dir = process.env['SCREENSHOT_DIR'] ?? 'test-results/screenshots';

for (const [name, width] of [
  ['desktop', 1280],
  ['phone', 375],
] as const) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`snowflake ${name} ${scheme}`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      await page.addInitScript((theme) => localStorage.setItem('theme', theme), scheme);
      await page.goto('/id/snowflake/#scenario=clock-back-no-check');
      const player = page.getByTestId('player');
      await player.scrollIntoViewIfNeeded();
      await expect(player.getByTestId('duplicate-detector')).toHaveAttribute('data-state', 'duplicate');
      const panels = player.locator('.player-panel');
      const count = await panels.count();
      for (let i = 0; i < count; i++) {
        const panel = panels.nth(i);
        if (!(await panel.isVisible())) continue;
        await panel.screenshot({ path: `${dir}/snowflake-${name}-${scheme}-panel-${i}.png` });
      }
    });
  }
}
