/** Paxos's demo: the observer marks the moment a value is chosen before any learner knows it. */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { AXE_TAGS, openPlayer, watch } from './helpers';

const PAGE = '/consensus/paxos/';

const cursor = async (page: Page) =>
  Number(await page.getByTestId('player-event').getAttribute('data-cursor'));

test.describe('Paxos demo', () => {
  test('shows the chosen moment before any learner knows, then who learned', async ({ page }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE, '#scenario=plain-round');
    const observer = page.getByTestId('paxos-chosen');
    await expect(observer).toHaveAttribute('data-chosen', '');
    const step = player.getByRole('button', { name: 'Step one event' });
    // Step until the observer sees a value chosen.
    for (let i = 0; i < 40; i++) {
      if ((await observer.getAttribute('data-chosen')) !== '') break;
      await step.click();
    }
    await expect(observer).toHaveAttribute('data-chosen', 'A');
    // Chosen, and no learner knows yet: the acceptances are still on their way.
    await expect(observer).toHaveAttribute('data-learners', '');
    await expect(observer).toContainText('No learner knows yet');
    const chosenAt = await cursor(page);
    for (let i = 0; i < 40; i++) {
      if ((await observer.getAttribute('data-learners')) !== '') break;
      await step.click();
    }
    await expect(observer).not.toHaveAttribute('data-learners', '');
    expect(await cursor(page)).toBeGreaterThan(chosenAt);
    await expect(observer).toContainText('Learned by');
    expect(problems).toEqual([]);
  });

  test('a Multi-Paxos gap filled with a no-op renders in the log, without overflow on a phone', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 375, height: 812 });
    const player = await openPlayer(page, PAGE, '#scenario=leader-change-no-op');
    await player.focus();
    await page.keyboard.press('End');
    const log = player.locator('.paxos-log');
    await expect(log).toBeVisible();
    await expect(log.locator('td[data-slot="1"].is-learned').first()).toHaveText(/∅/);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const axe = await new AxeBuilder({ page }).include('[data-testid="player"]').withTags(AXE_TAGS).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
  });

  test('links the compare mode', async ({ page }) => {
    await page.goto(PAGE);
    await expect(page.locator('article a[href$="/consensus/compare/"]').first()).toBeVisible();
  });
});
