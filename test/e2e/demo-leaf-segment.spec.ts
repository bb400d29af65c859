import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { actOnNode, AXE_TAGS, cursorOf, openPlayer, openTab, watch } from './helpers';

const PAGE = '/id/leaf-segment/';

async function axe(page: Page) {
  const results = await new AxeBuilder({ page })
    .include('[data-testid="player"]')
    .withTags(AXE_TAGS)
    .analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Steps one event at a time until `done` holds (at most `limit` events). */
async function stepUntil(player: Locator, done: () => Promise<boolean>, limit = 200) {
  const step = player.getByRole('button', { name: 'Step one event' });
  for (let i = 0; i < limit && !(await done()); i++) await step.click();
  expect(await done()).toBe(true);
}

const stateOf = (player: Locator, server: string, slot: 'A' | 'B') =>
  player.getByTestId(`leaf-buffer-${server}-${slot}`).getAttribute('data-state');

test.describe('Leaf segment demo', () => {
  test('runs on the shared player: buffers fill, Back and the timeline move, a share link restores the moment', async ({
    page,
  }) => {
    test.setTimeout(60_000);
    const problems = watch(page);
    const player = await openPlayer(page, PAGE);
    for (const node of ['C1', 'C2', 'L1', 'L2', 'DB'])
      await expect(player.locator(`[data-node="${node}"]`)).toBeVisible();
    await expect(player.getByRole('tab')).toHaveText([
      'Buffers',
      'Row',
      'IDs',
      'Invariants',
      'Faults',
      'Scenarios',
      'Settings',
      'Explore',
      'Share & export',
    ]);
    await expect(player.getByTestId('leaf-buffer-L1-A')).toHaveAttribute('data-state', 'empty');
    // The first request makes L1 lease its first segment, 1 to 100, into buffer A.
    await stepUntil(player, async () => (await stateOf(player, 'L1', 'A')) === 'in use');
    await expect(player.getByTestId('leaf-buffer-L1-A')).toContainText('1–100');
    // Past the 10% mark, the next segment loads into B.
    await stepUntil(player, async () => (await stateOf(player, 'L1', 'B')) === 'ready', 400);
    const at = await cursorOf(page);
    // Back: one event earlier B is still loading (or not yet ready).
    await player.getByRole('button', { name: 'Step back one event' }).click();
    await expect(page.getByTestId('player-event')).toHaveAttribute('data-cursor', String(at - 1));
    await expect(player.getByTestId('leaf-buffer-L1-B')).not.toHaveAttribute('data-state', 'ready');
    await player.getByRole('button', { name: 'Step one event' }).click();
    await expect(player.getByTestId('leaf-buffer-L1-B')).toHaveAttribute('data-state', 'ready');
    // The timeline goes anywhere computed.
    await player.getByLabel('Timeline').fill('3');
    await expect(page.getByTestId('player-event')).toHaveAttribute('data-cursor', '3');
    await player.getByLabel('Timeline').fill(String(at));
    // The row and the IDs handed out.
    const row = await openTab(player, 'Row');
    await expect(row.getByTestId('leaf-max-id')).toHaveText(/^\d+$/);
    await expect(row).toContainText('L1 leases 1–100');
    const ids = await openTab(player, 'IDs');
    await expect(ids.getByTestId('leaf-ids')).toContainText('to C1: 1–5');
    // Share, reload: the same moment.
    await player.getByRole('button', { name: 'Share', exact: true }).click();
    const url = await player.getByTestId('share-url').inputValue();
    expect(url).toMatch(/#s=[A-Za-z0-9_-]+&at=\d+/);
    await page.goto('about:blank');
    await page.goto(url);
    await expect(page.getByTestId('player-event')).toHaveAttribute('data-cursor', String(at));
    await expect(page.getByTestId('leaf-buffer-L1-B')).toHaveAttribute('data-state', 'ready');
    expect(problems).toEqual([]);
  });

  test('the database becomes unreachable: the servers serve from their buffers, then fail', async ({
    page,
  }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE, '#scenario=database-unreachable');
    await expect(page.getByTestId('player-event')).toHaveAttribute('data-cursor', '-1');
    const chapters = player.getByRole('list', { name: 'Chapters' });
    const failing = chapters.getByRole('button', { name: /: L\d fails C\d’s calls$/ }).first();
    const label = (await failing.getAttribute('aria-label')) ?? '';
    // Both servers run dry at about the same moment, so their marks overlap: the keyboard picks one.
    await failing.press('Enter');
    const server = /: (L\d) fails/.exec(label)?.[1] ?? 'L1';
    await expect(player.locator(`[data-server="${server}"]`)).toContainText('both buffers empty');
    await expect(player.getByTestId('invariant-badge')).toContainText('invariants hold');
    expect(problems).toEqual([]);
  });

  test('a server crashed from its menu loses its buffers; the broken variant is caught', async ({ page }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE);
    await stepUntil(player, async () => (await stateOf(player, 'L1', 'A')) === 'in use');
    await actOnNode(player, 'L1', 'Crash');
    await expect(player.locator('[data-server="L1"]')).toContainText('down: its segments are gone');
    await page.goto(`${PAGE}#scenario=read-then-write`);
    await player.getByLabel(/^Speed/).focus();
    await page.keyboard.press('End');
    await player.getByRole('button', { name: 'Play', exact: true }).click();
    await expect(player.getByTestId('invariant-badge')).toContainText('unique-ids violated', {
      timeout: 15_000,
    });
    expect(problems).toEqual([]);
  });

  test('keyboard, the shortcuts overlay, axe, and a 390 px phone', async ({ page }) => {
    const problems = watch(page);
    await page.setViewportSize({ width: 390, height: 844 });
    const player = await openPlayer(page, PAGE);
    await player.getByRole('button', { name: 'Step one event' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('player-event')).toHaveAttribute('data-cursor', '1');
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByTestId('player-event')).toHaveAttribute('data-cursor', '0');
    await page.keyboard.press('?');
    await expect(player.getByRole('dialog')).toBeVisible();
    await page.keyboard.press('Escape');
    await stepUntil(player, async () => (await stateOf(player, 'L1', 'A')) === 'in use');
    const overflowing = await page.$$eval('[data-testid="player"] *', (elements) =>
      elements.filter((e) => e.getBoundingClientRect().right > 390).map((e) => `${e.tagName}.${e.className}`),
    );
    expect(overflowing).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await axe(page)).toEqual([]);
    await openTab(player, 'Row');
    expect(await axe(page)).toEqual([]);
    await openTab(player, 'IDs');
    expect(await axe(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
