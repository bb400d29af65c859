/** What every demo's browser tests share: the axe rule set, a watch on errors, opening the player. */
import { expect, type Page } from '@playwright/test';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Console errors, uncaught exceptions and dialogs during a test (a dialog would mean injected script). */
export function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  return problems;
}

/** Opens a demo page (with an optional fragment) and waits until the player shows its nodes. */
export async function openPlayer(page: Page, path: string, hash = '') {
  await page.goto(`${path}${hash}`);
  await page.locator('#demo').scrollIntoViewIfNeeded();
  const player = page.getByTestId('player');
  await expect(player).toBeVisible();
  await expect(player.locator('[data-node]').first()).toBeVisible();
  return player;
}
