import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { actOnNode, AXE_TAGS, goTo, openPlayer, openTab, watch } from './helpers';
import { scenarios } from '../../src/algorithms/two-phase-commit/scenarios';
import { explore } from '../../src/algorithms/two-phase-commit/exhaustive';
import { optionsFor } from '../../src/demos/two-phase-commit/ExhaustiveExplore';
import twoPhaseCommit from '../../src/algorithms/two-phase-commit';

const PAGE = '/transactions/two-phase-commit/';
const PARTICIPANTS = ['P1', 'P2', 'P3'];

/**
 * Follows the article's own link to a scenario, which opens at its start, and goes to the end of
 * its story, where its outcome shows.
 */
async function loadFromArticle(page: Page, player: Locator, id: string) {
  await page.locator(`a[href="#scenario=${id}"]`).first().click();
  await expect(player.getByLabel('Scenario', { exact: true })).toHaveValue(id);
  await expect(player.getByTestId('player-event')).toHaveAttribute('data-cursor', '-1');
  await player.getByLabel('Timeline').focus();
  await page.keyboard.press('End');
  await expect(player.getByTestId('player-event')).not.toHaveAttribute('data-cursor', '-1');
}

async function axe(page: Page) {
  const results = await new AxeBuilder({ page })
    .include('[data-testid="player"]')
    .withTags(AXE_TAGS)
    .analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const roleOf = (player: Locator, node: string) => player.locator(`[data-node="${node}"]`);

/** The segments of one process's lane in a given state. */
const segments = (player: Locator, node: string, state: string) =>
  player.locator(`[data-lane="${node}"] [data-state="${state}"]`);

test.describe('Two-phase commit demo', () => {
  test('the article links to every named scenario', async ({ page }) => {
    await page.goto(PAGE);
    for (const s of scenarios)
      await expect(page.locator(`a[href="#scenario=${s.id}"]`).first()).toBeVisible();
  });

  test('commit: every process commits, nothing is blocked, no locks remain', async ({ page }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE);
    await loadFromArticle(page, player, 'commit');
    for (const id of ['C', ...PARTICIPANTS])
      await expect(roleOf(player, id)).toHaveAttribute('data-role', 'committed');
    await openTab(player, 'Votes');
    await expect(player.getByTestId('tpc-votes')).toHaveAttribute('data-decision', 'commit');
    await expect(player.getByTestId('tpc-votes').locator('[data-vote="yes"]')).toHaveCount(3);
    await openTab(player, 'Locks');
    await expect(player.getByTestId('tpc-locks').locator('[data-locks="held"]')).toHaveCount(0);
    await expect(player.getByTestId('blocking-report')).toHaveCount(0);
    await openTab(player, 'Invariants');
    await expect(player.getByTestId('invariants')).toContainText('All invariants hold');
    // The lanes show each participant prepared, then committed.
    await openTab(player, 'Over time');
    await expect(player.locator('[data-lane="P1"] [data-state="prepared"]')).toHaveCount(1);
    await expect(player.locator('[data-lane="P1"] [data-state="committed"]')).toHaveCount(1);
    expect(problems).toEqual([]);
  });

  test('the state lanes follow the cursor both ways; a fork drops the future they recorded', async ({
    page,
  }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE);
    await loadFromArticle(page, player, 'commit');
    await openTab(player, 'Over time');
    await expect(segments(player, 'P1', 'prepared')).toHaveCount(1);
    await expect(segments(player, 'P1', 'committed')).toHaveCount(1);
    await expect(segments(player, 'C', 'committed')).toHaveCount(1);

    // Back to the start: every lane holds its first state only.
    await player.getByLabel('Timeline').focus();
    await page.keyboard.press('Home');
    await expect(player.getByTestId('player-event')).toHaveAttribute('data-cursor', '-1');
    await expect(player.locator('[data-lane="C"] [data-state]')).toHaveCount(1);
    await expect(segments(player, 'C', 'init')).toHaveCount(1);
    for (const id of PARTICIPANTS) {
      await expect(player.locator(`[data-lane="${id}"] [data-state]`)).toHaveCount(1);
      await expect(segments(player, id, 'working')).toHaveCount(1);
    }

    // At 60 ms every participant has voted yes and C has not decided.
    const named = scenarios.find((s) => s.id === 'commit');
    if (!named) throw new Error('commit is missing');
    const probe = twoPhaseCommit.createRun(named.scenario);
    probe.seekTime(60_000);
    const fork = probe.cursor();
    await goTo(player, fork);
    for (const id of PARTICIPANTS) await expect(segments(player, id, 'prepared')).toHaveCount(1);
    await expect(player.locator('[data-lane] [data-state="committed"]')).toHaveCount(0);

    // Forward to the end: committed again.
    await player.getByLabel('Timeline').focus();
    await page.keyboard.press('End');
    await expect(player.locator('[data-lane] [data-state="committed"]')).toHaveCount(4);

    // Crash C there instead: the recorded commit is gone, C is down and the participants wait.
    await goTo(player, fork);
    await actOnNode(player, 'C', 'Crash');
    await expect(roleOf(player, 'C')).toHaveAttribute('data-role', 'crashed');
    // The timeline now ends at the crash: the future it had recorded is gone.
    await expect(player.getByLabel('Timeline')).toHaveAttribute('max', String(fork + 1));
    await goTo(player, fork + 10);
    await expect(segments(player, 'C', 'down')).toHaveCount(1);
    await expect(player.locator('[data-lane] [data-state="committed"]')).toHaveCount(0);
    for (const id of PARTICIPANTS) await expect(segments(player, id, 'prepared')).toHaveCount(1);

    // The share link of the new timeline loads the same lanes.
    await player.getByRole('button', { name: 'Share' }).click();
    const url = await player.getByTestId('share-url').inputValue();
    expect(url).toMatch(/#s=/);
    await page.goto('about:blank');
    const shared = await openPlayer(page, PAGE, url.slice(url.indexOf('#')));
    await expect(shared.getByTestId('player-event')).toHaveAttribute('data-cursor', String(fork + 10));
    await openTab(shared, 'Over time');
    await expect(segments(shared, 'C', 'down')).toHaveCount(1);
    await expect(shared.locator('[data-lane] [data-state="committed"]')).toHaveCount(0);
    for (const id of PARTICIPANTS) await expect(segments(shared, id, 'prepared')).toHaveCount(1);
    expect(problems).toEqual([]);
  });

  test('a participant votes no: everyone aborts', async ({ page }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE);
    await loadFromArticle(page, player, 'participant-votes-no');
    for (const id of ['C', ...PARTICIPANTS])
      await expect(roleOf(player, id)).toHaveAttribute('data-role', 'aborted');
    await openTab(player, 'Votes');
    await expect(player.getByTestId('tpc-votes')).toHaveAttribute('data-decision', 'abort');
    await expect(player.getByTestId('tpc-votes').locator('[data-participant="P2"]')).toHaveAttribute(
      'data-vote',
      'no',
    );
    expect(problems).toEqual([]);
  });

  test('the coordinator crashes after prepare: the blocking report names each participant in doubt', async ({
    page,
  }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE);
    await loadFromArticle(page, player, 'coordinator-crash-after-prepare');
    await expect(roleOf(player, 'C')).toHaveAttribute('data-role', 'crashed');
    const report = player.getByTestId('blocking-report');
    await expect(report).toBeVisible();
    for (const id of PARTICIPANTS) {
      await expect(report).toContainText(`${id} in doubt since t = 41 ms, holding its locks`);
      await expect(roleOf(player, id)).toHaveAttribute('data-role', 'prepared');
    }
    await openTab(player, 'Locks');
    await expect(player.getByTestId('tpc-locks').locator('[data-locks="held"]')).toHaveCount(3);
    // Blocking is not a safety violation.
    await openTab(player, 'Invariants');
    await expect(player.getByTestId('invariants')).toContainText('All invariants hold');
    expect(problems).toEqual([]);
  });

  test('commit reaches one participant, then C crashes: cooperative termination resolves the others', async ({
    page,
  }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE);
    await loadFromArticle(page, player, 'commit-reaches-one-then-crash');
    await expect(roleOf(player, 'C')).toHaveAttribute('data-role', 'crashed');
    for (const id of PARTICIPANTS) await expect(roleOf(player, id)).toHaveAttribute('data-role', 'committed');
    await expect(player.getByTestId('blocking-report')).toHaveCount(0);
    await openTab(player, 'Locks');
    await expect(player.getByTestId('tpc-locks').locator('[data-locks="held"]')).toHaveCount(0);

    // With P1 cut off as well, P2 and P3 stay blocked.
    await loadFromArticle(page, player, 'commit-reaches-one-then-crash-partitioned');
    await expect(roleOf(player, 'P1')).toHaveAttribute('data-role', 'committed');
    const report = player.getByTestId('blocking-report');
    await expect(report).toContainText('P2 in doubt since t = 151 ms, holding its locks');
    await expect(report).toContainText('P3 in doubt');
    expect(problems).toEqual([]);
  });

  test('the other scenarios reach their outcome from their links', async ({ page }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE);
    for (const [id, outcome] of [
      ['coordinator-timeout-while-working', 'aborted'],
      ['duplicated-messages', 'committed'],
      ['participant-crash-recovers-from-log', 'committed'],
    ] as const) {
      await loadFromArticle(page, player, id);
      for (const node of PARTICIPANTS)
        await expect(roleOf(player, node)).toHaveAttribute('data-role', outcome);
    }
    expect(problems).toEqual([]);
  });

  test('the broken variant breaks Atomicity and the invariant panel turns red', async ({ page }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE);
    await loadFromArticle(page, player, 'commit-reaches-one-then-crash');
    await openTab(player, 'Settings');
    await player.getByLabel('Variant', { exact: true }).selectOption('unilateral-abort-when-prepared');
    await player.getByRole('button', { name: 'Run with these settings' }).click();
    await openTab(player, 'Invariants');
    const invariants = player.getByTestId('invariants');
    await expect(invariants).toContainText('All invariants hold');
    await player.getByLabel(/^Speed/).focus();
    await page.keyboard.press('End');
    await player.getByRole('button', { name: 'Play', exact: true }).click();
    await expect(invariants).toHaveClass(/is-violated/, { timeout: 15_000 });
    await expect(invariants).toContainText('Atomicity was violated');
    await expect(invariants).toContainText('P1 committed while');
    const broken = invariants.locator('li.is-broken');
    await expect(broken).toContainText('Atomicity');
    // Red in the theme's own danger colour.
    const [text, danger] = await broken.evaluate((el) => {
      const probe = document.createElement('span');
      probe.style.color = 'var(--danger)';
      el.appendChild(probe);
      const colour = getComputedStyle(probe).color;
      probe.remove();
      return [getComputedStyle(el).color, colour];
    });
    expect(text).toBe(danger);
    expect(problems).toEqual([]);
  });

  test('exhaustive exploration runs in a worker with progress and shows the verdicts', async ({ page }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE);
    await openTab(player, 'Every interleaving');
    const panel = player.getByTestId('exhaustive');
    await panel.scrollIntoViewIfNeeded();
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));

    // The correct protocol, no crashes: the page's figures match a run of explore.ts here.
    const base = {
      coordinatorTimeout: true,
      terminationProtocol: false,
      cooperativeTermination: false,
      crashCoordinator: false,
      restartCoordinator: false,
      crashParticipants: false,
      broken: false,
    };
    const correct = explore(optionsFor(base));
    await panel.getByRole('button', { name: 'Explore every interleaving' }).click();
    await expect(panel.getByTestId('exhaustive-states')).toHaveText(correct.states.toLocaleString('en'), {
      timeout: 20_000,
    });
    expect(workers.length).toBeGreaterThan(0);
    await expect(panel.locator('[data-invariant="Atomicity"]')).toHaveAttribute('data-holds', 'true');
    await expect(panel.locator('[data-invariant="Validity"]')).toHaveAttribute('data-holds', 'true');
    await expect(panel.getByTestId('exhaustive-blocked')).toHaveText(String(correct.blocked));

    // The broken variant: Atomicity fails, with the steps that get there.
    await panel.getByLabel('Broken variant: a prepared participant aborts on its own').check();
    const broken = explore(optionsFor({ ...base, broken: true }));
    await panel.getByRole('button', { name: 'Explore every interleaving' }).click();
    await expect(panel.getByTestId('exhaustive-states')).toHaveText(broken.states.toLocaleString('en'), {
      timeout: 20_000,
    });
    await expect(panel.locator('[data-invariant="Atomicity"]')).toHaveAttribute('data-holds', 'false');
    const counterexample = panel.getByTestId('counterexample').first();
    await expect(counterexample).toContainText('Atomicity counterexample');
    await expect(counterexample.locator('li')).toHaveCount(broken.violations[0]?.path.length ?? -1);
    expect(await axe(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  test('a long exploration keeps the page responsive and can be cancelled', async ({ page }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE);
    await openTab(player, 'Every interleaving');
    const panel = player.getByTestId('exhaustive');
    await panel.getByLabel('C may crash (for good)').check();
    await panel.getByLabel('Cooperative termination: it asks its peers too').check();
    await panel.getByRole('button', { name: 'Explore every interleaving' }).click();
    await expect(panel.getByTestId('exhaustive-progress')).toContainText(/waiting/);
    // The player still steps while the worker explores.
    const before = Number(await page.getByTestId('player-event').getAttribute('data-cursor'));
    await player.getByRole('button', { name: 'Step one event' }).click();
    await expect(page.getByTestId('player-event')).toHaveAttribute('data-cursor', String(before + 1));
    const first = await panel.getByTestId('exhaustive-progress').textContent();
    await expect(panel.getByTestId('exhaustive-progress')).not.toHaveText(first ?? '');
    await panel.getByRole('button', { name: 'Cancel exploration' }).click();
    await expect(panel.getByText(/^Cancelled/)).toBeVisible();
    await expect(panel.getByRole('button', { name: 'Explore every interleaving' })).toBeEnabled();
    expect(problems).toEqual([]);
  });

  test('nodes and messages are reachable by keyboard for the fault menus; axe finds nothing', async ({
    page,
  }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE, '#scenario=coordinator-crash-after-prepare');
    const step = player.getByRole('button', { name: 'Step one event' });
    for (let i = 0; i < 30 && (await player.locator('[data-message]').count()) === 0; i++) await step.click();
    await player.locator('[data-message]').first().focus();
    await page.keyboard.press('Enter');
    await expect(player.getByRole('button', { name: 'Drop it' })).toBeVisible();
    await player.locator('[data-node="P2"]').focus();
    await page.keyboard.press('Enter');
    const menu = player.getByTestId('node-menu');
    await expect(menu.locator('.player-menu-title')).toHaveText(/^P2( \(crashed\))?$/);
    await expect(menu.getByRole('button', { name: /^(Crash|Restart)$/ })).toBeVisible();
    // Its first choice has the focus, so the keyboard goes on from there.
    await expect(menu.getByRole('button').first()).toBeFocused();
    expect(await axe(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`fits a 375 px screen in the ${scheme} theme and passes axe there`, async ({ page }) => {
      await page.setViewportSize({ width: 375, height: 800 });
      await page.emulateMedia({ colorScheme: scheme });
      await page.addInitScript((theme) => localStorage.setItem('theme', theme), scheme);
      const problems = watch(page);
      const player = await openPlayer(page, PAGE, '#scenario=coordinator-crash-after-prepare');
      await player.getByLabel('Timeline').focus();
      await page.keyboard.press('End');
      await expect(page.getByTestId('blocking-report')).toBeVisible();
      const overflowing = await page.evaluate(() =>
        [...document.querySelectorAll('[data-testid="player"], [data-testid="player"] *')]
          .filter(
            (e) =>
              !e.closest('.tpc-table-scroll table, .raft-logs table') &&
              e.getBoundingClientRect().right > 376,
          )
          .map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.getAttribute('class') ?? ''}`),
      );
      expect(overflowing).toEqual([]);
      expect(await axe(page)).toEqual([]);
      expect(problems).toEqual([]);
    });
  }
});
