/**
 * The consistent-hashing demo in Chromium: the two schemes side by side, a join that moves about a
 * fifth of the ring's keys and most of mod N's, step back, a change made from the picture that goes
 * into the share link, the hot key under bounded loads, the broken variant caught, lookups, the
 * million-key worker, axe, a 390 px phone and reduced motion.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { AXE_TAGS, cursorOf, goTo, openPlayer, openTab, watch } from './helpers';

const PAGE = '/cache/consistent-hashing/';

async function axe(page: Page) {
  const results = await new AxeBuilder({ page })
    .include('[data-testid="player"]')
    .withTags(AXE_TAGS)
    .analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const percent = (text: string | null) => Number(/moved \d+ of \d+ keys \(([\d.]+)%\)/.exec(text ?? '')?.[1]);

test.describe('consistent hashing demo', () => {
  test.use({ viewport: { width: 1366, height: 850 } });

  test('a join moves a fifth of the ring’s keys, all to the new node, and most of mod N’s; Back undoes it', async ({
    page,
  }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE);
    await expect(player).toHaveAttribute('data-demo', 'consistent-hashing');
    await expect(player.getByRole('heading', { name: 'Hash ring with virtual nodes' })).toBeVisible();
    await expect(player.getByRole('heading', { name: 'hash mod N' })).toBeVisible();
    for (const node of ['N1', 'N2', 'N3', 'N4', 'N5', 'N6'])
      await expect(player.locator(`[data-node="${node}"]`)).toBeVisible();
    await expect(player.locator('[data-node="N5"]')).toHaveAttribute('data-role', 'spare');

    await goTo(player, 0);
    await expect(player.locator('[data-node="N5"]')).toHaveAttribute('data-role', 'in ring');
    const ring = percent(await player.getByTestId('moved-a').textContent());
    const mod = percent(await player.getByTestId('moved-b').textContent());
    expect(ring).toBeGreaterThan(12);
    expect(ring).toBeLessThan(30);
    expect(mod).toBeGreaterThan(70);
    await expect(player.getByTestId('moved-a')).toContainText('ideal 80 (20.0%)');
    // The moved keys are drawn apart from the others.
    expect(await player.locator('[data-which="a"] .ch-key.is-moved').count()).toBe(
      Math.round((ring * 400) / 100),
    );

    await player.getByRole('button', { name: 'Step back one event' }).click();
    await expect(page.getByTestId('player-event')).toHaveAttribute('data-cursor', '-1');
    await expect(player.locator('[data-node="N5"]')).toHaveAttribute('data-role', 'spare');
    await expect(player.getByTestId('moved-a')).toHaveText('nothing moved at this event');
    expect(await axe(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  test('a change made from the picture is an event of the run and survives the share link', async ({
    page,
  }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE);
    await goTo(player, 0);
    await player.getByRole('button', { name: 'Add N6' }).click();
    const at = await cursorOf(page);
    expect(at).toBe(1);
    await expect(player.locator('[data-node="N6"]')).toHaveAttribute('data-role', 'in ring');
    await expect(player.getByTestId('player-caption')).toBeVisible();
    // The node's chip opens its menu: it can fail, and its keys move.
    await player.locator('[data-node="N3"]').click();
    await player.getByTestId('node-menu').getByRole('button', { name: 'Crash' }).click();
    await expect(player.locator('[data-node="N3"]')).toHaveAttribute('data-role', 'down');
    await player.getByRole('button', { name: 'Share', exact: true }).click();
    const url = await player.getByTestId('share-url').inputValue();
    expect(url).toMatch(/#s=[A-Za-z0-9_-]+/);
    await page.goto('about:blank');
    await page.goto(url);
    await expect(page.getByTestId('player-event')).toHaveAttribute('data-cursor', '2');
    await expect(page.locator('[data-node="N3"]')).toHaveAttribute('data-role', 'down');
    await expect(page.locator('[data-node="N6"]')).toHaveAttribute('data-role', 'in ring');
    expect(problems).toEqual([]);
  });

  test('bounded loads spread the hot key under the cap; the sticky client is caught', async ({ page }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE, '#scenario=hot-key');
    await goTo(player, 0);
    await expect(player.getByTestId('moved-a')).toContainText("hot key's 300 requests:");
    await expect(player.locator('[data-which="a"] .ch-std')).toContainText('capacity 219');
    const loads = await openTab(player, 'Loads');
    const cells = await loads.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(Math.max(...cells.map(Number))).toBeLessThanOrEqual(219);
    const plain = await loads.locator('tbody tr td:nth-child(3)').allTextContents();
    expect(Math.max(...plain.map(Number))).toBeGreaterThan(300);

    await page.goto(`${PAGE}#scenario=sticky-hot-key`);
    await player.getByRole('button', { name: 'Play', exact: true }).click();
    await expect(player.getByText(/bounded-load/).first()).toBeVisible();
    await expect(player.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
    expect(problems).toEqual([]);
  });

  test('a lookup shows the preference list, and a million keys rebalance in the worker', async ({ page }) => {
    test.setTimeout(60_000);
    const problems = watch(page);
    const player = await openPlayer(page, PAGE, '#scenario=preference-list');
    await goTo(player, 0);
    const lookup = await openTab(player, 'Lookup');
    await expect(lookup.getByTestId('pref-a')).toHaveText(/^user:42: N\d → N\d → N\d$/);
    await lookup.getByLabel('Key').fill('order:7');
    await lookup.getByRole('button', { name: 'Look it up now' }).click();
    await expect(lookup.getByTestId('pref-a')).toContainText('order:7');

    const plot = await openTab(player, 'Virtual nodes');
    await expect(plot.getByRole('img')).toHaveAttribute('aria-label', /^Standard deviation/);

    const scale = await openTab(player, 'A million keys');
    await scale.getByRole('button', { name: 'Rebalance 1,000,000 keys' }).click();
    await expect(scale.getByTestId('ch-scale-results').locator('li')).toHaveCount(2, { timeout: 30_000 });
    await expect(scale.getByTestId('ch-scale-results')).toContainText('add N5, moved');
    expect(await axe(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  test('the page’s explorer finds hash mod N and opens the player at the violating event', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    const problems = watch(page);
    const player = await openPlayer(page, PAGE);
    await openTab(player, 'Settings');
    await player.getByLabel('Variant').selectOption('mod-n');
    await player.getByRole('button', { name: 'Run with these settings' }).click();
    await openTab(player, 'Explore');
    await player.getByLabel('Runs').fill('10');
    await player.getByRole('button', { name: 'Explore', exact: true }).click();
    const shrunk = player.getByTestId('shrunk').getByRole('listitem').first();
    await expect(shrunk).toBeVisible({ timeout: 60_000 });
    await expect(shrunk).toContainText(/moves-only/);
    await shrunk.getByRole('button', { name: 'Open in the player' }).click();
    await expect(player.getByTestId('invariant-badge')).toHaveClass(/is-violated/);
    expect(problems).toEqual([]);
  });
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('fits 390 px with no sideways scroll, and plays under reduced motion', async ({ page }) => {
    const problems = watch(page);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const player = await openPlayer(page, PAGE);
    await player.getByRole('button', { name: 'Play', exact: true }).click();
    await expect.poll(() => cursorOf(page), { timeout: 5_000 }).toBeGreaterThan(-1);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await axe(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
