import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { loadEntries } from '../../src/content/check';

/** Every article that names a demo: the demo must run, in the shared player or its own view. */
const { entries } = loadEntries(process.cwd());
const demoPages = entries
  .filter((e) => typeof e.data['demo'] === 'string')
  .map((e) => ({ demo: String(e.data['demo']), path: `/${e.collection}/${e.slug}/` }));

test('at least the Raft article has a demo', () => {
  expect(demoPages.map((p) => p.demo)).toContain('raft');
});

for (const { demo, path } of demoPages) {
  test(`${demo} on ${path} runs`, async ({ page }) => {
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(path);
    await page.locator('#demo').scrollIntoViewIfNeeded();
    const player = page.getByTestId('player');
    // A pure model (no kernel algorithm) brings its own self-contained view instead of the player.
    const standalone = page.getByTestId('standalone-demo');
    await expect(player.or(standalone)).toBeVisible();
    if (await standalone.isVisible()) await expect(standalone).toHaveAttribute('data-demo', demo);
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
    }
    expect(problems).toEqual([]);
  });
}
