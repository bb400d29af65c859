import { expect, test } from '@playwright/test';

/**
 * Screenshots of the two-phase commit demo for a person to look at (desktop and phone width, light
 * and dark). Collected only when DEMO_SCREENSHOTS is set (playwright.config.ts): they check nothing a machine can judge.
 */

for (const [name, width] of [
  ['desktop', 1280],
  ['phone', 375],
] as const) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`${name} ${scheme}`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      await page.addInitScript((theme) => localStorage.setItem('theme', theme), scheme);
      await page.goto('/transactions/two-phase-commit/#scenario=coordinator-crash-after-prepare');
      const player = page.getByTestId('player');
      await player.scrollIntoViewIfNeeded();
      await expect(player.locator('[data-node]').first()).toBeVisible();
      const dir = process.env['SCREENSHOT_DIR'] ?? 'test-results/screenshots';
      const prefix = `${dir}/2pc-${name}-${scheme}`;
      await player.screenshot({ path: `${prefix}.png` });
      await player.getByTestId('blocking-report').screenshot({ path: `${prefix}-0-banner.png` });
      await player.locator('.player-stage').screenshot({ path: `${prefix}-1-stage.png` });
      const panels = player.locator('.player-panel-wide');
      for (let i = 0; i < (await panels.count()); i++) {
        await panels.nth(i).screenshot({ path: `${prefix}-${i + 2}-panel.png` });
      }
      const explore = player.getByTestId('exhaustive');
      await explore.getByLabel('Broken variant: a prepared participant aborts on its own').check();
      await explore.getByRole('button', { name: 'Explore every interleaving' }).click();
      await expect(explore.getByTestId('counterexample')).toBeVisible({ timeout: 20_000 });
      await explore.screenshot({ path: `${prefix}-9-explore.png` });
    });
  }
}
