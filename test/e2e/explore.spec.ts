import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { AXE_TAGS, openPlayer, watch } from './helpers';
import raft from '../../src/algorithms/raft';
import { parseFragment } from '../../src/sim/share';

async function axe(page: Page) {
  const results = await new AxeBuilder({ page })
    .include('[data-testid="player"]')
    .withTags(AXE_TAGS)
    .analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const tab = (player: Locator, name: string) => player.getByRole('tab', { name, exact: true });

test.describe('Explorer: Open in the player', () => {
  test('finds a broken Raft variant, shrinks it, and opens the player at the violating event', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    const problems = watch(page);
    const player = await openPlayer(page, '/consensus/raft/');
    await tab(player, 'Settings').click();
    await player
      .getByLabel('Commit rule and configuration changes')
      .selectOption('change-before-term-commit');
    await player.getByRole('button', { name: 'Run with these settings' }).click();

    await tab(player, 'Explore').click();
    // The default explorer: every schedule in turn.
    await expect(player.getByLabel('Schedule')).toHaveValue('all');
    await player.getByLabel('Runs').fill('10');
    await player.getByRole('button', { name: 'Explore', exact: true }).click();
    const shrunk = player.getByTestId('shrunk').getByRole('listitem').first();
    await expect(shrunk).toBeVisible({ timeout: 60_000 });
    const text = (await shrunk.textContent()) ?? '';
    const event = Number(/event (\d+)\./.exec(text)?.[1]);
    const invariant = /: ([A-Za-z ]+) at /.exec(text)?.[1] ?? '';
    expect(event).toBeGreaterThan(0);
    expect(raft.invariants.map((i) => i.name)).toContain(invariant);

    // The share link is the same moment: decoded and replayed here, it breaks the same invariant there.
    const href = (await shrunk.getByRole('link', { name: 'Share link' }).getAttribute('href')) ?? '';
    const request = parseFragment(href);
    expect(request.kind).toBe('moment');
    if (request.kind === 'moment') {
      expect(request.moment.cursor).toBe(event - 1);
      const run = raft.createRun(request.moment.scenario, { narrate: false });
      run.seek(request.moment.cursor);
      expect(run.violations().map((v) => `${v.invariant}@${v.index}`)).toContain(`${invariant}@${event - 1}`);
    }
    expect(await axe(page)).toEqual([]);

    await shrunk.getByRole('button', { name: 'Open in the player' }).click();
    await expect(player.getByTestId('player-event')).toHaveAttribute('data-cursor', String(event - 1));
    await expect(player.getByTestId('invariant-badge')).toHaveClass(/is-violated/);
    await tab(player, 'Invariants').click();
    await expect(player.getByTestId('invariants')).toContainText(invariant);
    expect(problems).toEqual([]);
  });

  test('opens two-phase commit’s exhaustive counterexample in the player', async ({ page }) => {
    test.setTimeout(90_000);
    const problems = watch(page);
    const player = await openPlayer(page, '/transactions/two-phase-commit/');
    const panel = player.getByTestId('exhaustive');
    await tab(player, 'Every interleaving').click();
    await panel.getByLabel('Broken variant: a prepared participant aborts on its own').check();
    await panel.getByRole('button', { name: 'Explore every interleaving' }).click();
    const counterexample = panel.getByTestId('counterexample').first();
    await expect(counterexample).toContainText('Atomicity counterexample', { timeout: 60_000 });
    await counterexample.getByRole('button', { name: 'Open in the player' }).click();
    await expect(player.getByTestId('invariant-badge')).toHaveClass(/is-violated/);
    expect(problems).toEqual([]);
  });
});
