import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import dlm from '../../src/algorithms/dlm';
import { AXE_TAGS, goTo, openPlayer, openTab, watch } from './helpers';

const PAGE = '/locks/dlm-lock-modes/';

/** The index of the first event of a named scenario whose narration matches. */
function eventWhere(id: string, pattern: RegExp): number {
  const named = dlm.scenarios.find((s) => s.id === id);
  if (!named) throw new Error(id);
  const run = dlm.createRun(named.scenario);
  run.runUntil(named.until ?? 3_000_000);
  const found = run.entries(0, run.length()).find((e) => pattern.test(e.narration));
  if (!found) throw new Error(`${id}: nothing matches ${String(pattern)}`);
  return found.index;
}

async function axe(page: Page) {
  const results = await new AxeBuilder({ page })
    .include('[data-testid="player"]')
    .withTags(AXE_TAGS)
    .analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test.describe('lock manager demo', () => {
  test('renders the clients, M and E, its own tabs first, and passes axe', async ({ page }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE);
    for (const node of ['C1', 'C2', 'C3', 'M', 'E'])
      await expect(player.locator(`[data-node="${node}"]`)).toBeVisible();
    await expect(player.getByRole('tab').first()).toHaveText('Queues');
    await expect(player.getByRole('tab').nth(1)).toHaveText('Clients');
    await expect(player.getByRole('tab').nth(2)).toHaveText('Holds');
    await expect(player.getByTestId('dlm-matrix')).toBeVisible();
    expect(await axe(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  test('the conversion deadlock: both conversions queue, the search picks C2, C1 gets EX', async ({
    page,
  }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE, '#scenario=conversion-deadlock');
    const queued = eventWhere('conversion-deadlock', /C2's conversion to EX waits/);
    await goTo(player, queued);
    await expect(player.getByTestId('dlm-converting')).toContainText('C1');
    await expect(player.getByTestId('dlm-converting')).toContainText('C2');
    // The cell that decided: EX requested against PR held.
    await expect(player.locator('[data-testid="dlm-matrix"] td[data-deciding="true"]')).toHaveCount(1);
    await goTo(player, eventWhere('conversion-deadlock', /deadlock search finds/));
    await expect(player.getByTestId('dlm-deadlocks')).toContainText('victim C2');
    await goTo(player, eventWhere('conversion-deadlock', /C1 converted to EX/));
    await expect(player.getByTestId('dlm-granted')).toContainText('C1 EX');
    expect(problems).toEqual([]);
  });

  test('a paused holder is fenced: the Clients and Holds tabs load when opened', async ({ page }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE, '#scenario=paused-holder-fenced');
    await goTo(player, eventWhere('paused-holder-fenced', /C2 holds EX/));
    const clients = await openTab(player, 'Clients');
    await expect(clients.getByTestId('dlm-clients')).toContainText('ended at E');
    const holds = await openTab(player, 'Holds');
    await expect(holds.getByTestId('dlm-timeline')).toBeVisible();
    expect(await axe(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
