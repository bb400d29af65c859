import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { actOnNode, AXE_TAGS, nodeMenu, openPlayer, openTab, watch } from './helpers';
import { raft } from '../../src/algorithms/raft';
import { runDigest } from '../../src/components/demo/digest';

const PAGE = '/consensus/raft/';

const eventIndex = async (page: Page) =>
  Number(await page.getByTestId('player-event').getAttribute('data-cursor'));

async function roles(page: Page): Promise<Record<string, string>> {
  return page.$$eval('[data-testid="player"] [data-node]', (nodes) =>
    Object.fromEntries(
      nodes.map((n) => [n.getAttribute('data-node') ?? '', n.getAttribute('data-role') ?? '']),
    ),
  );
}

test.describe('Raft demo', () => {
  test('plays, pauses, steps and steps back', async ({ page }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE);
    expect(await eventIndex(page)).toBe(-1);

    await player.getByRole('button', { name: 'Step one event' }).click();
    await player.getByRole('button', { name: 'Step one event' }).click();
    expect(await eventIndex(page)).toBe(1);
    await player.getByRole('button', { name: 'Step back one event' }).click();
    expect(await eventIndex(page)).toBe(0);
    // The current event is narrated in the log and announced politely.
    const current = player.locator('li[aria-current="step"]');
    await expect(current).toHaveAttribute('data-index', '0');
    const narration = await current.evaluate((li) => {
      const copy = li.cloneNode(true) as HTMLElement;
      copy.querySelector('.player-log-time')?.remove();
      return (copy.textContent ?? '').trim();
    });
    expect(narration.length).toBeGreaterThan(5);
    await expect(page.getByTestId('player-announcer')).toContainText(narration);
    await expect(page.getByTestId('player-announcer')).toHaveAttribute('aria-live', 'polite');

    // Jumps compute the run ahead; the timeline moves anywhere already computed.
    await player.getByRole('button', { name: 'Step one event' }).focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowRight');
    expect(await eventIndex(page)).toBe(30);
    await player.getByLabel('Timeline').fill('0');
    expect(await eventIndex(page)).toBe(0);
    await expect(player.getByLabel('Timeline')).toHaveAttribute('aria-valuetext', /^event 1, /);

    // Fast enough that a few frames cover several events.
    await player.getByLabel(/^Speed/).fill('1');
    await player.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => eventIndex(page)).toBeGreaterThan(5);
    await player.getByRole('button', { name: 'Pause' }).click();
    const paused = await eventIndex(page);
    await page.waitForTimeout(300);
    expect(await eventIndex(page)).toBe(paused);
    await expect(player.locator('[data-node][data-role="leader"]')).toHaveCount(1);

    // Hiding the tab pauses playback.
    await player.getByRole('button', { name: 'Play' }).click();
    await page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await expect(player.getByRole('button', { name: 'Play' })).toBeVisible();
    expect(problems).toEqual([]);
  });

  test('drops and duplicates a message in flight', async ({ page }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE);
    const step = player.getByRole('button', { name: 'Step one event' });
    for (let i = 0; i < 60 && (await player.locator('[data-message]').count()) === 0; i++) await step.click();
    const first = player.locator('[data-message]').first();
    const id = await first.getAttribute('data-message');
    await first.click();
    await player.getByRole('button', { name: 'Drop it' }).click();
    await expect(player.locator(`[data-message="${id}"]`)).toHaveCount(0);
    await expect(player.locator('li[aria-current="step"]')).toContainText(/drop|lost/i);

    // Messages are controls for the keyboard too.
    const other = player.locator('[data-message]').first();
    const before = await player.locator('[data-message]').count();
    await other.focus();
    await page.keyboard.press('Enter');
    await expect(other).toHaveAttribute('aria-pressed', 'true');
    await player.getByRole('button', { name: 'Duplicate it' }).click();
    await expect(player.locator('[data-message]')).toHaveCount(before + 1);
    expect(problems).toEqual([]);
  });

  test('the list of messages in flight is offered when paused, and only counted while playing', async ({
    page,
  }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE);
    const faults = await openTab(player, 'Faults');
    const list = faults.getByLabel('Message', { exact: true });
    const step = player.getByRole('button', { name: 'Step one event' });
    for (let i = 0; i < 60 && (await player.locator('[data-message]').count()) < 2; i++) await step.click();
    const inFlight = await player.locator('[data-message]').count();
    await expect(list.locator('option')).toHaveCount(inFlight + 1);
    await list.selectOption({ index: 1 });
    await expect(player.getByRole('button', { name: 'Drop it' })).toBeVisible();
    await player.getByRole('button', { name: 'Play' }).click();
    await expect(list.locator('option').first()).toContainText(/in flight: pause to pick one|none in flight/);
    expect(await list.locator('option').count()).toBeLessThanOrEqual(2);
    await player.getByRole('button', { name: 'Pause' }).click();
    await expect(list.locator('option')).toHaveCount((await player.locator('[data-message]').count()) + 1);
    expect(problems).toEqual([]);
  });

  test('crashes, restarts, pauses and times out a node from its menu; partitions from the Faults tab', async ({
    page,
  }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE);
    // The menu at a live node offers what can happen to it, in Raft's words; restart only once it is down.
    const menu = await nodeMenu(player, 'S2');
    await expect(menu.getByRole('button')).toHaveText([
      'Crash',
      'Pause for 300 ms',
      'Time out now: start an election',
      'Cut it off from the others',
      'Client request: x=1',
      'Close',
    ]);
    await menu.getByRole('button', { name: 'Crash' }).click();
    await expect(player.locator('[data-node="S2"]')).toHaveAttribute('data-role', 'crashed');
    const crashed = await nodeMenu(player, 'S2');
    await expect(crashed.locator('.player-menu-title')).toHaveText('S2 (crashed)');
    await expect(crashed.getByRole('button', { name: 'Crash' })).toHaveCount(0);
    await crashed.getByRole('button', { name: 'Restart' }).click();
    await expect(player.locator('[data-node="S2"]')).not.toHaveAttribute('data-role', 'crashed');

    await actOnNode(player, 'S4', 'Pause for 300 ms');
    await expect(player.locator('[data-node="S4"]')).toHaveAttribute('data-role', 'paused');
    await actOnNode(player, 'S5', 'Time out now: start an election');
    await expect(player.locator('[data-node="S5"]')).toHaveAttribute('data-role', 'candidate');

    const faults = await openTab(player, 'Faults');
    await faults.getByRole('button', { name: /^Split 3 \| 2$/ }).click();
    await expect(faults.getByTestId('partition-status')).toHaveText('Partitioned: {S1, S2, S3} | {S4, S5}');
    await faults.getByRole('button', { name: 'Heal' }).click();
    await expect(faults.getByTestId('partition-status')).toHaveText('No partition.');
    // Isolating one node from its menu is a partition too, healed from the same tab.
    await actOnNode(player, 'S1', 'Cut it off from the others');
    await expect(faults.getByTestId('partition-status')).toHaveText('Partitioned: {S1} | {S2, S3, S4, S5}');
    await faults.getByRole('button', { name: 'Heal' }).click();
    await expect(faults.getByTestId('partition-status')).toHaveText('No partition.');
    expect(problems).toEqual([]);
  });

  test('a share link restores the same run at the same moment', async ({ page }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE);
    const step = player.getByRole('button', { name: 'Step one event' });
    for (let i = 0; i < 12; i++) await step.click();
    await actOnNode(player, 'S3', 'Crash');
    for (let i = 0; i < 8; i++) await step.click();
    const before = {
      index: await eventIndex(page),
      time: await page.getByTestId('player-time').textContent(),
      roles: await roles(page),
    };
    // Share opens the Share tab, with the link to copy and the run's digest beside it.
    await player.getByRole('button', { name: 'Share' }).click();
    await expect(player.getByRole('tab', { name: 'Share & export' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    const digest = page.getByTestId('trace-digest');
    await expect(digest).toHaveAttribute('data-digest', /^[0-9a-f]{16}$/);
    const beforeDigest = await digest.getAttribute('data-digest');
    const url = await player.getByTestId('share-url').inputValue();
    expect(url).toMatch(/#s=[A-Za-z0-9_-]+/);
    expect(page.url()).toBe(url);

    await page.goto('about:blank');
    await page.goto(url);
    await expect(page.getByTestId('player-event')).toHaveAttribute('data-cursor', String(before.index));
    await expect(page.getByTestId('player-time')).toHaveText(before.time ?? '');
    expect(await roles(page)).toEqual(before.roles);
    expect(before.roles['S3']).toBe('crashed');
    await openTab(page.getByTestId('player'), 'Share & export');
    await expect(page.getByTestId('trace-digest')).toHaveAttribute('data-digest', beforeDigest ?? '');
    expect(problems).toEqual([]);
  });

  test('exports and imports scenarios, and exports the trace as JSON and as a ShiViz log', async ({
    page,
  }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE);
    for (let i = 0; i < 10; i++) await player.getByRole('button', { name: 'Step one event' }).click();
    await actOnNode(player, 'S1', 'Crash');
    await openTab(player, 'Share & export');

    const save = async (name: string) => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        player.getByRole('button', { name }).click(),
      ]);
      const path = await download.path();
      return { text: readFileSync(path, 'utf8'), filename: download.suggestedFilename() };
    };
    const scenario = await save('Export scenario (JSON)');
    expect(scenario.filename).toMatch(/^raft-seed\d+\.scenario\.json$/);
    expect(JSON.parse(scenario.text)).toMatchObject({
      algorithm: 'raft',
      actions: [{ action: { type: 'crash', node: 'S1' } }],
    });
    const trace = JSON.parse((await save('Export trace (JSON)')).text) as { index: number }[];
    expect(trace.map((e) => e.index)).toEqual([...Array(11).keys()]); // ten steps and the crash
    const shiviz = (await save('Export trace (ShiViz log)')).text.split('\n');
    expect(shiviz[0]).toContain('(?<host>');
    expect(shiviz[3]).toMatch(/^S\d \{"S\d":1\}$/);

    // Import it into a fresh page: the crash is there again.
    await page.goto(PAGE);
    await page.getByTestId('player').scrollIntoViewIfNeeded();
    await openTab(player, 'Share & export');
    await player.getByLabel('Import a scenario (JSON)').setInputFiles({
      name: 'run.json',
      mimeType: 'application/json',
      buffer: Buffer.from(scenario.text),
    });
    for (let i = 0; i < 11; i++) await player.getByRole('button', { name: 'Step one event' }).click();
    await expect(player.locator('[data-node="S1"]')).toHaveAttribute('data-role', 'crashed');

    await player.getByLabel('Import a scenario (JSON)').setInputFiles({
      name: 'bad.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"version":1,"algorithm":"raft","seed":"<b>x</b>"}'),
    });
    // In the reader's words, with no markup made of the file's text.
    const error = player.getByRole('alert').filter({ hasText: 'This file' });
    await expect(error).toHaveText('This file has no valid seed, so its run cannot be repeated.');
    await expect(error.locator('b')).toHaveCount(0);
    expect(problems).toEqual([]);
  });

  const link = (json: string, extra = '') => `#s=${Buffer.from(json).toString('base64url')}${extra}`;
  const cases: [what: string, hash: string, summary: RegExp][] = [
    [
      'markup',
      '#s=<script>alert(document.domain)</script><img src=x onerror=alert(1)>',
      /^The share link is damaged: part of it is missing or was changed/,
    ],
    [
      'a bad scenario name',
      '#scenario="><svg onload=alert(1)>',
      /^The address names a scenario in a form this player does not use\./,
    ],
    [
      'a chapter that is no number',
      '#scenario=election&chapter=<b>2</b>',
      /^The address names a chapter that is not a number\./,
    ],
    [
      'valid base64 of a hostile scenario',
      link('{"version":1,"algorithm":"raft","params":{"nodes":"<b>"},"seed":1,"actions":[]}'),
      /^This link asks for a setting this demo cannot run: Servers must be a number/,
    ],
    [
      'a moment too deep to replay',
      link('{"version":1,"algorithm":"raft","params":{},"seed":1,"actions":[]}', '&at=99999999'),
      /^The share link points 99,999,999 events into its run, deeper than this page replays/,
    ],
    [
      'a link cut off when copied',
      link('{"version":1,"algorithm":"raft","par'),
      /^The share link is damaged: .*perhaps cut off when it was copied\./,
    ],
    ['control characters', link('\u0001\u0002\u001b[31m{"version":1}\u202e'), /^The share link is damaged/],
    [
      'a scenario with no seed',
      link('{"version":1,"algorithm":"raft","params":{},"actions":[]}'),
      /^The share link describes a scenario this player cannot run\./,
    ],
    [
      'a moment of another demo',
      link('{"version":1,"algorithm":"redlock","params":{},"seed":1,"actions":[]}'),
      /^This link is for another demo\./,
    ],
  ];
  for (const [what, hash, summary] of cases) {
    test(`a hostile or damaged link (${what}) is explained in reader language and the default scenario runs`, async ({
      page,
    }) => {
      const problems = watch(page);
      const player = await openPlayer(page, PAGE, hash);
      const notice = player.getByTestId('player-notice');
      await expect(notice).toBeVisible();
      const said = notice.locator('> p');
      await expect(said).toHaveText(summary);
      await expect(said).toContainText('The demo’s own scenario runs instead.');
      // The plain words carry no parser text; the exact reason waits, folded, for whoever asks.
      expect(await said.textContent()).not.toMatch(
        /JSON|Unexpected token|base64|finite number|undefined|scenario\.|params\./,
      );
      const reason = notice.locator('details');
      if ((await reason.count()) > 0) await expect(reason).not.toHaveAttribute('open');
      // Nothing the link carried became markup, and no control character reaches the page.
      await expect(notice.locator('script, img, svg, b')).toHaveCount(0);
      expect(await notice.evaluate((n) => n.textContent ?? '')).not.toMatch(
        // eslint-disable-next-line no-control-regex
        /[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/,
      );
      expect(await eventIndex(page)).toBe(-1);
      await player.getByRole('button', { name: 'Step one event' }).click();
      expect(await eventIndex(page)).toBe(0);
      await player.getByRole('button', { name: 'Dismiss' }).click();
      await expect(notice).toHaveCount(0);
      expect(problems).toEqual([]);
    });
  }

  test('article links load named scenarios', async ({ page }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE);
    await page.locator('a[href="#scenario=figure-8-committed"]').first().click();
    await expect(player.getByLabel('Scenario', { exact: true })).toHaveValue('figure-8-committed');
    // The story opens at its start, with its chapters marked on the timeline.
    expect(await eventIndex(page)).toBe(-1);
    await expect(player.getByRole('list', { name: 'Chapters' }).getByRole('button')).not.toHaveCount(0);
    await expect(player.getByTestId('player-caption')).toContainText('Figure 8');
    const scenarios = await openTab(player, 'Scenarios');
    await expect(scenarios.locator('[data-scenario="figure-8-committed"] button')).toHaveAttribute(
      'aria-current',
      'true',
    );
    const invariants = await openTab(player, 'Invariants');
    await expect(invariants.getByTestId('invariants')).toContainText('All invariants hold');
    await expect(player.getByTestId('invariant-badge')).toHaveText('✓ 5 invariants hold');
    expect(problems).toEqual([]);
  });

  test('the invariant panel turns red on a violation and jumps to its event', async ({ page }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE, '#scenario=figure-8-overwritten');
    const settings = await openTab(player, 'Settings');
    await settings.getByLabel('Commit rule').selectOption('no-current-term-check');
    await settings.getByRole('button', { name: 'Run with these settings' }).click();
    await openTab(player, 'Invariants');
    const invariants = player.getByTestId('invariants');
    await expect(invariants).toContainText('All invariants hold');
    await player.getByLabel(/^Speed/).fill('1');
    await player.getByRole('button', { name: 'Play' }).click();
    await expect(invariants).toHaveClass(/is-violated/, { timeout: 15_000 });
    await expect(invariants).toContainText('Leader Completeness was violated');
    await expect(player.getByTestId('invariant-badge')).toHaveText('✗ Leader Completeness violated');
    // Playback stops at the violating event.
    await expect(player.getByRole('button', { name: 'Play' })).toBeVisible();
    const jump = invariants.getByRole('button', { name: /^Go to event \d+$/ });
    const event = Number((await jump.textContent())?.replace(/\D/g, ''));
    await player.getByRole('button', { name: 'Step one event' }).click();
    await jump.click();
    expect(await eventIndex(page)).toBe(event - 1);
    expect(problems).toEqual([]);
  });

  test('exploration runs random faults in a worker and reports progress', async ({ page }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE);
    await openTab(player, 'Explore');
    await player.getByLabel('Runs').fill('6');
    await player.getByRole('button', { name: 'Explore' }).click();
    await expect(player.getByText('6 of 6 runs checked')).toBeVisible({ timeout: 20_000 });
    await expect(player.getByText('No invariant was violated in these runs.')).toBeVisible();
    expect(problems).toEqual([]);
  });

  test('exploring Figure 8 under the broken commit rule finds violations that load', async ({ page }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE);
    await openTab(player, 'Settings');
    await player.getByLabel('Commit rule').selectOption('no-current-term-check');
    await player.getByRole('button', { name: 'Run with these settings' }).click();
    await openTab(player, 'Explore');
    await player.getByLabel('Schedule').selectOption('figure-8');
    await player.getByLabel('Runs').fill('4');
    await player.getByRole('button', { name: 'Explore' }).click();
    await expect(player.getByText('4 of 4 runs checked')).toBeVisible({ timeout: 20_000 });
    const findings = player
      .getByRole('list', { name: 'Runs that violated an invariant' })
      .getByRole('listitem');
    await expect(findings.first()).toContainText('Leader Completeness');
    await findings.first().getByRole('button').click();
    await expect(player.getByTestId('invariant-badge')).toHaveText('✗ Leader Completeness violated');
    await openTab(player, 'Invariants');
    await expect(player.getByTestId('invariants')).toHaveClass(/is-violated/);
    expect(problems).toEqual([]);
  });

  test('keyboard shortcuts work inside the player', async ({ page }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE);
    await player.getByRole('button', { name: 'Step one event' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await eventIndex(page)).toBe(1);
    await page.keyboard.press('ArrowLeft');
    expect(await eventIndex(page)).toBe(0);
    await page.keyboard.press('Shift+ArrowRight');
    expect(await eventIndex(page)).toBe(10);
    await page.keyboard.press('Home');
    expect(await eventIndex(page)).toBe(-1);
    await page.keyboard.press('End');
    expect(await eventIndex(page)).toBe(10);
    await page.keyboard.press('r');
    expect(await eventIndex(page)).toBe(-1);

    // Space toggles playback from a slider (on a button it presses the button instead).
    await player.getByLabel(/^Speed/).focus();
    await page.keyboard.press('Space');
    await expect(player.getByRole('button', { name: 'Pause' })).toBeVisible();
    await page.keyboard.press('Space');
    await expect(player.getByRole('button', { name: 'Play' })).toBeVisible();

    await page.keyboard.press('?');
    await expect(player.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(player.getByRole('dialog')).toHaveCount(0);

    await page.keyboard.press('s');
    await expect(player.getByTestId('share-url')).toHaveValue(/#s=/);

    // Typing in a text field types; it does not drive the player.
    await openTab(player, 'Faults');
    await player.getByLabel('Request', { exact: true }).fill('');
    await player.getByLabel('Request', { exact: true }).press('r');
    await expect(player.getByLabel('Request', { exact: true })).toHaveValue('r');
    expect(problems).toEqual([]);
  });

  test('every control is reachable with Tab and the player passes axe', async ({ page }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE);
    await player.getByRole('button', { name: 'Step one event' }).click();
    await player.locator('[data-node="S1"]').click();
    const results = await new AxeBuilder({ page })
      .include('[data-testid="player"]')
      .withTags(AXE_TAGS)
      .analyze();
    expect(
      results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    ).toEqual([]);

    await player.getByRole('button', { name: 'Play' }).focus();
    const reached = new Set<string>();
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      const label = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el?.closest('[data-testid="player"]')) return '';
        const labelled = el instanceof HTMLInputElement ? el.labels?.[0]?.textContent : null;
        const name = (el.getAttribute('aria-label') ?? labelled ?? el.textContent ?? '').trim();
        // A button of a node's menu, named with the node it acts on.
        const menu = el.closest('[data-testid="node-menu"]')?.getAttribute('aria-label');
        return menu ? `${menu}: ${name}` : name;
      });
      if (label) reached.add(label);
    }
    expect([...reached]).toEqual(
      expect.arrayContaining(['Step one event', 'Share', 'Timeline', 'S1: Crash', 'Logs']),
    );
    expect(problems).toEqual([]);
  });

  test('passes axe in the dark theme too, with a node and a message selected', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.addInitScript(() => localStorage.setItem('theme', 'dark'));
    const problems = watch(page);
    const player = await openPlayer(page, PAGE, '#scenario=figure-8-committed');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await nodeMenu(player, 'S2');
    await openTab(player, 'Settings');
    const results = await new AxeBuilder({ page })
      .include('[data-testid="player"]')
      .withTags(AXE_TAGS)
      .analyze();
    expect(
      results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    ).toEqual([]);
    expect(problems).toEqual([]);
  });

  test('fits a 375 px screen without sideways scrolling and passes axe there', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 800 });
    const problems = watch(page);
    const player = await openPlayer(page, PAGE, '#scenario=replication');
    // Everything in the player fits, except inside the logs table's own sideways-scrolling region.
    const overflowing = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="player"], [data-testid="player"] *')]
        .filter((e) => !e.closest('.raft-logs table') && e.getBoundingClientRect().right > 375)
        .map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.getAttribute('class') ?? ''}`),
    );
    expect(overflowing).toEqual([]);
    const results = await new AxeBuilder({ page })
      .include('[data-testid="player"]')
      .withTags(AXE_TAGS)
      .analyze();
    expect(
      results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    ).toEqual([]);
    await expect(player.getByTestId('player-caption')).toContainText('Log replication');
    await expect(player.getByTestId('player-caption')).toContainText('leader');
    expect(problems).toEqual([]);
  });

  test('messages move on a canvas while playing, and a click picks the one under the pointer', async ({
    page,
  }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE);
    const step = player.getByRole('button', { name: 'Step one event' });
    for (let i = 0; i < 80 && (await player.locator('[data-message]').count()) < 3; i++) await step.click();
    const canvas = player.locator('canvas.viz-topology-messages');
    // The canvas draws exactly the messages that are listed as controls.
    await expect(canvas).toHaveAttribute(
      'data-drawn',
      String(await player.locator('[data-message]').count()),
    );
    const pixels = () => canvas.evaluate((c: HTMLCanvasElement) => c.toDataURL());

    // A message whose centre no other one covers, found while paused, where targets sit on the drawing.
    const target = await player.locator('[data-message]').evaluateAll((targets) => {
      for (const t of targets) {
        const box = t.getBoundingClientRect();
        const x = box.left + box.width / 2;
        const y = box.top + box.height / 2;
        if (document.elementFromPoint(x, y)?.closest('[data-message]') === t) {
          return { id: t.getAttribute('data-message') ?? '', x, y };
        }
      }
      return null;
    });
    if (!target) throw new Error('every message in flight is covered by another');

    // Very slow playback: the message moves by a fraction of a pixel while the click happens.
    await player.getByLabel(/^Speed/).fill('-3');
    await player.getByRole('button', { name: 'Play' }).click();
    await expect(player.locator('.viz-topology')).toHaveAttribute('data-moving', 'true');
    await page.mouse.click(target.x, target.y);
    await expect(player.locator(`[data-message="${target.id}"]`)).toHaveAttribute('aria-pressed', 'true');
    await expect(player.getByRole('button', { name: 'Drop it' })).toBeVisible();

    // At a readable speed the drawing changes from frame to frame.
    await player.getByLabel(/^Speed/).fill('-1');
    const before = await pixels();
    await expect.poll(pixels).not.toBe(before);
    await player.getByRole('button', { name: 'Pause' }).click();
    await expect(player.locator('.viz-topology')).toHaveAttribute('data-moving', 'false');
    expect(problems).toEqual([]);
  });

  test('reduced motion keeps messages still between events', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const problems = watch(page);
    const player = await openPlayer(page, PAGE);
    // Step until a message is in flight, then play very slowly: time moves, messages do not.
    for (let i = 0; i < 40 && (await player.locator('[data-message]').count()) === 0; i++) {
      await player.getByRole('button', { name: 'Step one event' }).click();
    }
    const message = player.locator('[data-message]').first();
    const before = await message.getAttribute('transform');
    const canvas = player.locator('canvas.viz-topology-messages');
    const drawing = await canvas.evaluate((c: HTMLCanvasElement) => c.toDataURL());
    const timeBefore = await page.getByTestId('player-time').textContent();
    await player.getByLabel(/^Speed/).fill('-3');
    await player.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => page.getByTestId('player-time').textContent()).not.toBe(timeBefore);
    // Nothing moves while playing: the drawing stays as it was, and the target where it is drawn.
    expect(await canvas.evaluate((c: HTMLCanvasElement) => c.toDataURL())).toBe(drawing);
    await expect(player.locator('.viz-topology')).toHaveAttribute('data-moving', 'false');
    await player.getByRole('button', { name: 'Pause' }).click();
    expect(await message.getAttribute('transform')).toBe(before);
    expect(problems).toEqual([]);
  });

  test('the same scenario gives the same trace digest in Node and in the browser', async ({ page }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE, '#scenario=replication');
    await player.getByRole('button', { name: 'Step one event' }).focus();
    await page.keyboard.press('Home');
    for (let i = 0; i < 12; i++) await page.keyboard.press('Shift+ArrowRight');
    await expect(page.getByTestId('player-event')).toHaveAttribute('data-cursor', '119');
    await openTab(player, 'Share & export');
    const digest = page.getByTestId('trace-digest');
    await expect(digest).toHaveAttribute('data-cursor', '119');
    await expect(digest).toHaveAttribute('data-digest', /^[0-9a-f]{16}$/);
    const inBrowser = await digest.getAttribute('data-digest');

    const named = raft.scenarios.find((s) => s.id === 'replication');
    if (!named) throw new Error('the replication scenario is missing');
    const run = raft.createRun(named.scenario);
    for (let i = 0; i < 120; i++) run.step();
    expect(inBrowser).toBe(runDigest(run));
    expect(inBrowser).toMatch(/^[0-9a-f]{16}$/);
    expect(problems).toEqual([]);
  });
});
