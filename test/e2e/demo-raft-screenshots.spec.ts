import { expect, test } from '@playwright/test';

/**
 * Screenshots of the Raft demo for a person to look at (desktop and phone width, light and dark).
 * Collected only when DEMO_SCREENSHOTS is set (playwright.config.ts): they check nothing a machine can judge.
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
      await page.goto('/consensus/raft/#scenario=figure-8-committed');
      const player = page.getByTestId('player');
      await player.scrollIntoViewIfNeeded();
      await expect(player.locator('[data-node]').first()).toBeVisible();
      await player.getByRole('button', { name: 'Step one event' }).click();
      await player.locator('[data-node="S1"]').click();
      const dir = 'test-results/screenshots';
      await player.screenshot({ path: `${dir}/raft-${name}-${scheme}.png` });
      // Close-ups, since a phone-width page is too tall to judge in one picture.
      await player
        .locator('.player-transport')
        .screenshot({ path: `${dir}/raft-${name}-${scheme}-0-transport.png` });
      await player.locator('.player-stage').screenshot({ path: `${dir}/raft-${name}-${scheme}-1-stage.png` });
      const panels = player.locator('.player-panel');
      for (let i = 0; i < Math.min(4, await panels.count()); i++) {
        await panels.nth(i).screenshot({ path: `${dir}/raft-${name}-${scheme}-${i + 2}-panel.png` });
      }
    });
  }
}

test('election in progress, and another algorithm in the generic views', async ({ page }) => {
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.goto('/consensus/raft/');
  const player = page.getByTestId('player');
  await player.scrollIntoViewIfNeeded();
  await expect(player.locator('[data-node]').first()).toBeVisible();
  for (let i = 0; i < 3; i++) await player.getByRole('button', { name: 'Step one event' }).click();
  await player
    .locator('.player-stage')
    .screenshot({ path: 'test-results/screenshots/raft-election-stage.png' });
  await page.goto('/transactions/two-phase-commit/');
  await page.locator('#demo').scrollIntoViewIfNeeded();
  await expect(player.locator('[data-node]').first()).toBeVisible();
  for (let i = 0; i < 6; i++) await player.getByRole('button', { name: 'Step one event' }).click();
  await player.screenshot({ path: 'test-results/screenshots/two-phase-commit.png' });
});
