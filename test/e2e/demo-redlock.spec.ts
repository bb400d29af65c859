import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { actOnNode, AXE_TAGS, goTo, openPlayer, openTab, watch } from './helpers';
import { findScenario } from '../../src/algorithms/redlock/scenarios';
import redlock from '../../src/algorithms/redlock';

const PAGE = '/locks/redlock/';

/** Plays at the fastest speed until the run is over, resuming after each stop on a violation. */
async function playToEnd(player: Locator) {
  await player.getByLabel(/^Speed/).focus();
  await player.page().keyboard.press('End');
  const play = player.getByRole('button', { name: 'Play', exact: true });
  await expect(async () => {
    // While playing the button reads Pause; after a stop on a violation, Play resumes.
    if ((await play.count()) > 0 && (await play.isEnabled())) await play.click();
    await expect(player.getByTestId('player-event')).toContainText('(end)', { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
}

/**
 * The last event of clock-jump before a second client holds the lock, found on the run's world
 * (clients in `holding`), not on the log the panels read.
 */
function lastEventBeforeTwoHolders(): number {
  const scenario = findScenario('clock-jump')?.scenario;
  if (!scenario) throw new Error('clock-jump is missing');
  const run = redlock.createRun(scenario);
  const times: number[] = [];
  while (run.step()) {
    times.push(run.time());
    const holders = run.nodes().filter((n) => n.context.role === 'client' && n.up && n.role === 'holding');
    if (holders.length > 1) return times.findLastIndex((t) => t < run.time());
  }
  throw new Error('clock-jump never has two holders');
}

async function axe(page: Page) {
  const results = await new AxeBuilder({ page })
    .include('[data-testid="player"]')
    .withTags(AXE_TAGS)
    .analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test.describe('Redlock demo', () => {
  test('renders clients, the five Redis nodes and the storage, and its own panels', async ({ page }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE);
    for (const node of ['C1', 'C2', 'A', 'B', 'C', 'D', 'E', 'S'])
      await expect(player.locator(`[data-node="${node}"]`)).toBeVisible();
    // Its own panels come first among the tabs, each headed by its full title.
    await expect(player.getByRole('tab')).toHaveText([
      'Holders',
      'Keys and clocks',
      'Storage',
      'Invariants',
      'Faults',
      'Scenarios',
      'Settings',
      'Explore',
      'Share & export',
    ]);
    await expect(player.getByRole('heading', { name: 'Who believes they hold the lock' })).toBeVisible();
    await openTab(player, 'Keys and clocks');
    await expect(player.getByTestId('redlock-keys').locator('[data-key-node]')).toHaveCount(5);
    await openTab(player, 'Storage');
    await expect(player.getByTestId('redlock-storage')).toBeVisible();
    // Messages in flight are drawn and can be picked for the fault menu.
    const step = player.getByRole('button', { name: 'Step one event' });
    for (let i = 0; i < 40 && (await player.locator('[data-message]').count()) === 0; i++) await step.click();
    await player.locator('[data-message]').first().click();
    await expect(player.getByRole('button', { name: 'Drop it' })).toBeVisible();
    expect(problems).toEqual([]);
  });

  test('clock-jump from the article: two holders, the overlap in red, Mutual exclusion broken', async ({
    page,
  }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE);
    await page.locator('a[href="#scenario=clock-jump"]').first().click();
    await expect(player.getByLabel('Scenario', { exact: true })).toHaveValue('clock-jump');
    await expect(player.getByTestId('player-event')).toHaveAttribute('data-cursor', '-1');
    await expect(player.getByTestId('redlock-timeline')).toHaveAttribute('data-overlaps', '0');
    await playToEnd(player);

    const timeline = player.getByTestId('redlock-timeline');
    await expect(timeline).not.toHaveAttribute('data-overlaps', '0');
    const overlap = timeline.getByTestId('redlock-overlap').first();
    await expect(overlap).toBeVisible();
    // Drawn in the theme's danger colour, whatever that is.
    const [fill, danger] = await overlap.evaluate((el) => [
      getComputedStyle(el).fill,
      (() => {
        const probe = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
        probe.setAttribute('fill', 'var(--danger)');
        el.parentNode?.appendChild(probe);
        const value = getComputedStyle(probe).fill;
        probe.remove();
        return value;
      })(),
    ]);
    expect(fill).toBe(danger);
    await expect(player.getByTestId('redlock-timeline-summary')).toContainText(/C1 and C2|C2 and C1/);

    await expect(player.getByTestId('invariant-badge')).toHaveText('✗ Mutual exclusion violated');
    await openTab(player, 'Invariants');
    const invariants = player.getByTestId('invariants');
    await expect(invariants).toHaveClass(/is-violated/);
    await expect(invariants).toContainText('Mutual exclusion was violated');
    // Node C's clock is two seconds ahead of global time.
    await openTab(player, 'Keys and clocks');
    await expect(player.locator('[data-key-node="C"] [data-skew]')).toHaveAttribute('data-skew', '2000000');
    expect(problems).toEqual([]);
  });

  test('the timeline and the write log follow the cursor both ways; a fork drops the future they recorded', async ({
    page,
  }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE, '#scenario=clock-jump');
    await playToEnd(player);
    const timeline = player.getByTestId('redlock-timeline');
    const holdings = timeline.locator('[data-holding]');
    const writes = player.getByTestId('redlock-storage').locator('tr[data-write-status]');
    /** What the two panels show at the cursor: the Holders tab, then the Storage tab. */
    const expectPanels = async (overlaps: number, holders: number, written: number) => {
      await openTab(player, 'Holders');
      await expect(timeline).toHaveAttribute('data-overlaps', String(overlaps));
      await expect(holdings).toHaveCount(holders);
      await openTab(player, 'Storage');
      await expect(writes).toHaveCount(written);
    };
    await expectPanels(1, 2, 2);

    // Back to the start: nothing has happened yet.
    await player.getByLabel('Timeline').focus();
    await page.keyboard.press('Home');
    await expect(player.getByTestId('player-event')).toHaveAttribute('data-cursor', '-1');
    await expectPanels(0, 0, 0);
    await expect(player.getByTestId('redlock-storage')).toContainText('No writes yet.');

    // Just before C2 holds: C1 alone, no overlap, no write.
    const fork = lastEventBeforeTwoHolders();
    await goTo(player, fork);
    await expectPanels(0, 1, 0);
    await openTab(player, 'Holders');
    await expect(holdings.first()).toHaveAttribute('data-holding', 'C1:1');

    // Forward again, to the end: the same history as before.
    await player.getByLabel('Timeline').focus();
    await page.keyboard.press('End');
    await expectPanels(1, 2, 2);

    // Acting there discards the future: with C2 crashed, C1 holds alone and writes alone.
    await goTo(player, fork);
    await actOnNode(player, 'C2', 'Crash');
    await expect(player.locator('[data-node="C2"]')).toHaveAttribute('data-role', 'crashed');
    await playToEnd(player);
    await expectPanels(0, 1, 1);
    await expect(writes.first()).toHaveAttribute('data-writer', 'C1');
    await expect(player.getByTestId('invariant-badge')).toHaveText(/^✓ \d+ invariants hold$/);

    // The share link of the new timeline loads the same panels.
    await player.getByRole('button', { name: 'Share' }).click();
    const url = await player.getByTestId('share-url').inputValue();
    expect(url).toMatch(/#s=/);
    await page.goto('about:blank');
    const shared = await openPlayer(page, PAGE, url.slice(url.indexOf('#')));
    const sharedTimeline = shared.getByTestId('redlock-timeline');
    await expect(sharedTimeline).toHaveAttribute('data-overlaps', '0');
    await expect(sharedTimeline.locator('[data-holding]')).toHaveCount(1);
    await openTab(shared, 'Storage');
    await expect(shared.getByTestId('redlock-storage').locator('tr[data-write-status]')).toHaveCount(1);
    expect(problems).toEqual([]);
  });

  test('process-pause-fencing: the storage rejects C1’s stale write', async ({ page }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE, '#scenario=process-pause-fencing');
    await expect(player.locator('[data-node="F"]')).toBeVisible();
    await playToEnd(player);
    const log = await openTab(player, 'Storage');
    const rows = log.locator('tr[data-write-status]');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toHaveAttribute('data-write-status', 'accepted');
    await expect(rows.nth(0)).toHaveAttribute('data-writer', 'C2');
    await expect(rows.nth(1)).toHaveAttribute('data-write-status', 'rejected');
    await expect(rows.nth(1)).toHaveAttribute('data-writer', 'C1');
    await expect(rows.nth(1)).toContainText('rejected, stale token');
    await openTab(player, 'Invariants');
    await expect(player.getByTestId('invariants')).not.toContainText('No stale write was violated');
    expect(problems).toEqual([]);
  });

  test('process-pause without fencing: the stale write is accepted and flagged', async ({ page }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE, '#scenario=process-pause');
    await playToEnd(player);
    await openTab(player, 'Storage');
    const rows = player.getByTestId('redlock-storage').locator('tr[data-write-status]');
    await expect(rows.nth(1)).toHaveAttribute('data-write-status', 'stale');
    expect(problems).toEqual([]);
  });

  test('uncontended: one holder, one accepted write, no violation', async ({ page }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE, '#scenario=uncontended');
    await playToEnd(player);
    await expect(player.getByTestId('redlock-timeline')).toHaveAttribute('data-overlaps', '0');
    await expect(player.getByTestId('redlock-timeline').locator('[data-holding]')).toHaveCount(1);
    await openTab(player, 'Invariants');
    await expect(player.getByTestId('invariants')).toContainText('All invariants hold');
    await expect(player.getByTestId('invariants')).not.toHaveClass(/is-violated/);
    await openTab(player, 'Storage');
    await expect(
      player.getByTestId('redlock-storage').locator('tr[data-write-status="accepted"]'),
    ).toHaveCount(1);
    expect(problems).toEqual([]);
  });

  test('every scenario link in the article names a scenario the demo has', async ({ page }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE);
    const ids = await page.$$eval('a[href^="#scenario="]', (links) =>
      links.map((a) => a.getAttribute('href')?.slice('#scenario='.length) ?? ''),
    );
    expect(new Set(ids).size).toBeGreaterThanOrEqual(10);
    const list = await openTab(player, 'Scenarios');
    for (const id of new Set(ids)) {
      await expect(list.locator(`[data-scenario="${id}"]`)).toHaveCount(1);
      await expect(
        player.getByLabel('Scenario', { exact: true }).locator(`option[value="${id}"]`),
      ).toHaveCount(1);
    }
    expect(problems).toEqual([]);
  });

  test('a node card selects the node for the fault menu', async ({ page }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE, '#scenario=majority-locked');
    await openTab(player, 'Keys and clocks');
    await player.getByTestId('redlock-keys').getByRole('button', { name: /^C\b/ }).click();
    // The menu opens at the node in the picture, with Redlock's faults: no election to force.
    const menu = player.getByTestId('node-menu');
    await expect(menu.locator('.player-menu-title')).toHaveText('C');
    await expect(menu.getByRole('button')).toHaveText([
      'Crash',
      'Pause for 300 ms',
      'Clock back 5 ms',
      'Clock ahead 1 s',
      'Clock runs 2× fast',
      'Clock runs true',
      'Close',
    ]);
    await menu.getByRole('button', { name: 'Crash' }).click();
    await expect(player.locator('[data-node="C"]')).toHaveAttribute('data-role', 'crashed');
    expect(problems).toEqual([]);
  });

  test('passes axe in light and dark, after a violation', async ({ page }) => {
    // Playing the story out and two axe runs take a while on a busy machine.
    test.setTimeout(60_000);
    const problems = watch(page);
    const player = await openPlayer(page, PAGE, '#scenario=process-pause');
    await playToEnd(player);
    expect(await axe(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.evaluate(() => {
      localStorage.setItem('theme', 'dark');
      document.documentElement.dataset['theme'] = 'dark';
    });
    expect(await axe(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  test('fits a 375 px screen without sideways scrolling and passes axe there', async ({ page }) => {
    const problems = watch(page);
    await page.setViewportSize({ width: 375, height: 800 });
    const player = await openPlayer(page, PAGE, '#scenario=clock-jump');
    await playToEnd(player);
    const overflowing = await page.$$eval('[data-testid="player"] *', (elements) =>
      elements
        .filter((e) => !e.closest('.rl-storage-scroll table') && e.getBoundingClientRect().right > 375)
        .map((e) => `${e.tagName.toLowerCase()}.${e.getAttribute('class') ?? ''}`),
    );
    expect(overflowing).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await axe(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  test('the page’s JavaScript carries no Redis client', async ({ page }) => {
    const scripts = new Set<string>();
    page.on('response', (r) => {
      if (r.request().resourceType() === 'script' || r.url().endsWith('.js')) scripts.add(r.url());
    });
    const player = await openPlayer(page, PAGE, '#scenario=uncontended');
    await playToEnd(player);
    expect(scripts.size).toBeGreaterThan(0);
    for (const url of scripts) {
      const body = await (await page.request.get(url)).text();
      // The RESP client and the redis-server launcher used by the tests live in test/ only.
      for (const marker of ['node:net', 'node:child_process', 'redis-server', 'RESP: unexpected reply'])
        expect(body.includes(marker), `${url} contains ${marker}`).toBe(false);
    }
  });
});
