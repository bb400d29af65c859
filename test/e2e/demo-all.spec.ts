import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { loadEntries } from '../../src/content/check';
import { expectPolicy, openTab, watchCsp } from './helpers';

/** Every article that names a demo: the demo must run, in the shared player or its own view. */
const { entries } = loadEntries(process.cwd());
const demoPages = entries
  .filter((e) => typeof e.data['demo'] === 'string')
  .map((e) => ({ demo: String(e.data['demo']), path: `/${e.collection}/${e.slug}/` }));

test('at least the Raft article has a demo', () => {
  expect(demoPages.map((p) => p.demo)).toContain('raft');
});

for (const { demo, path } of demoPages) {
  test(`${demo} on ${path} runs under the policy`, async ({ page }) => {
    // Twenty-five steps, axe, playback and an exploration: on a busy machine this takes a while.
    test.setTimeout(60_000);
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    const cspViolations = await watchCsp(page);
    await page.goto(path);
    await expectPolicy(page);
    await page.locator('#demo').scrollIntoViewIfNeeded();
    const player = page.getByTestId('player');
    // A pure model (no kernel algorithm) brings its own self-contained view instead of the player.
    const standalone = page.getByTestId('standalone-demo');
    await expect(player.or(standalone)).toBeVisible();
    if (await standalone.isVisible()) {
      await expect(standalone).toHaveAttribute('data-demo', demo);
      await standalone.getByRole('button', { name: 'Play', exact: true }).click();
      await expect(standalone.locator('[data-now]')).not.toHaveAttribute('data-now', '0');
      await standalone.getByRole('button', { name: 'Pause', exact: true }).click();
    }
    if (await player.isVisible()) {
      await expect(player).toHaveAttribute('data-demo', demo);
      const step = player.getByRole('button', { name: 'Step one event' });
      for (let i = 0; i < 25; i++) await step.click();
      // Every demo starts somewhere something happens (its default run, or its first named scenario).
      const cursor = Number(await page.getByTestId('player-event').getAttribute('data-cursor'));
      expect(cursor).toBeGreaterThan(0);
      await player.getByRole('button', { name: 'Step back one event' }).click();
      await expect(page.getByTestId('player-event')).toHaveAttribute('data-cursor', String(cursor - 1));
      const results = await new AxeBuilder({ page })
        .include('[data-testid="player"]')
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      expect(
        results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      ).toEqual([]);
      // Playing draws on canvases every frame; exploring runs the algorithm in a module Web Worker.
      const before = Number(await page.getByTestId('player-event').getAttribute('data-cursor'));
      await player.getByRole('button', { name: 'Play', exact: true }).click();
      await expect
        .poll(async () => Number(await page.getByTestId('player-event').getAttribute('data-cursor')))
        .toBeGreaterThan(before);
      // A short run may reach its end first and stop by itself.
      const pause = player.getByRole('button', { name: 'Pause', exact: true });
      if (await pause.isVisible()) await pause.click();
      await openTab(player, 'Explore');
      await player.getByLabel('Runs').fill('2');
      await player.getByRole('button', { name: 'Explore', exact: true }).click();
      await expect(player.getByText('2 of 2 runs checked')).toBeVisible({ timeout: 20_000 });
    }
    expect(problems).toEqual([]);
    expect(await cspViolations()).toEqual([]);
  });
}
