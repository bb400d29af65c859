/** Compare mode: two players on one fault schedule step together and restore from their link. */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { AXE_TAGS, watch } from './helpers';

const PAGE = '/consensus/compare/';

async function sides(page: Page) {
  return page.getByTestId('compare-side').evaluateAll((els) =>
    els.map((el) => ({
      algorithm: el.getAttribute('data-algorithm'),
      cursor: Number(el.getAttribute('data-cursor')),
      messages: Number(el.getAttribute('data-messages')),
    })),
  );
}

const timeOf = async (page: Page) => Number(await page.getByTestId('compare').getAttribute('data-time'));

test.describe('compare mode', () => {
  test('steps both players to the same moment and restores it from the share link', async ({ page }) => {
    const problems = watch(page);
    await page.goto(PAGE);
    await expect(page.getByTestId('compare-side')).toHaveCount(2);
    const ids = (await sides(page)).map((s) => s.algorithm).sort();
    expect(ids).toEqual(['paxos', 'raft']);

    const step = page.getByRole('button', { name: 'Step both to the next event' });
    for (let i = 0; i < 25; i++) await step.click();
    const time = await timeOf(page);
    expect(time).toBeGreaterThan(0);
    const before = await sides(page);
    // Both are at the same moment: each side's cursor is its last event at or before it.
    expect(before.every((s) => s.cursor >= 0)).toBe(true);
    await page.getByRole('button', { name: 'Step both back' }).click();
    expect(await timeOf(page)).toBeLessThan(time);
    await step.click();
    expect(await timeOf(page)).toBe(time);
    expect(await sides(page)).toEqual(before);

    // A fault at this moment goes to both schedules; the link carries it and the moment.
    await page.getByLabel('What').selectOption('crash');
    await page.getByLabel('Server').selectOption('S1');
    await page.getByRole('button', { name: 'Add' }).click();
    await page.getByRole('button', { name: 'Share link' }).click();
    const link = await page.getByLabel('Link to this moment of both runs').inputValue();
    expect(link).toContain('#a=');
    const after = await sides(page);

    await page.goto('about:blank');
    await page.goto(link);
    await expect(page.getByTestId('compare-side')).toHaveCount(2);
    expect(await timeOf(page)).toBe(time);
    expect(await sides(page)).toEqual(after);

    // Scrubbing moves both.
    await page.getByLabel('Time of both runs').fill('900000');
    const later = await sides(page);
    expect(later.every((s, i) => s.cursor > (after[i]?.cursor ?? 0))).toBe(true);
    expect(problems).toEqual([]);
  });

  test('fits a phone and passes axe', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(PAGE);
    await expect(page.getByTestId('compare-side')).toHaveCount(2);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const axe = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes[0]?.target}`)).toEqual([]);
  });

  test('is linked from the Raft article', async ({ page }) => {
    await page.goto('/consensus/raft/');
    await expect(page.locator('article a[href$="/consensus/compare/"]').first()).toBeVisible();
  });
});
