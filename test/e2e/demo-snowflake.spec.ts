import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { AXE_TAGS, openPlayer, openTab, watch } from './helpers';
import { scenarios } from '../../src/algorithms/snowflake/scenarios';

const PAGE = '/id/snowflake/';

async function axe(page: Page, selector: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include(selector).withTags(AXE_TAGS).analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const cursorOf = async (page: Page) =>
  Number(await page.getByTestId('player-event').getAttribute('data-cursor'));

test.describe('Snowflake decoder', () => {
  test("decodes Discord's documented ID and explains bad input as text", async ({ page }) => {
    const problems = watch(page);
    await openTab(await openPlayer(page, PAGE), 'Decoder');
    const decoder = page.getByTestId('decoder');
    await decoder.scrollIntoViewIfNeeded();
    const input = decoder.getByLabel('ID (decimal)');
    await input.fill('175928847299117063');
    await decoder.getByLabel('Preset').selectOption('discord');
    await expect(decoder.getByTestId('decoded-utc')).toHaveText('2016-04-30T11:18:25.796Z');
    await expect(decoder.locator('dd[data-field="worker"]')).toHaveText('1');
    await expect(decoder.locator('dd[data-field="increment"]')).toHaveText('7');
    await expect(decoder.getByTestId('decoded-local')).not.toBeEmpty();
    await expect(decoder.getByTestId('bit-grid')).toContainText('timestamp');

    const cases: [string, RegExp][] = [
      ['abc', /not an ID/],
      ['-5', /negative/],
      [(2n ** 64n).toString(), /more than 64 bits/],
    ];
    for (const [text, reason] of cases) {
      await input.fill(text);
      await expect(decoder.getByTestId('decode-error')).toContainText(reason);
      await expect(decoder.getByTestId('decoded')).toHaveCount(0);
    }
    // Markup in the input stays text.
    await input.fill('<img src=x onerror=alert(1)>');
    await expect(decoder.getByTestId('decode-error')).toContainText('<img src=x');
    await expect(decoder.locator('img')).toHaveCount(0);
    expect(problems).toEqual([]);
  });

  test('encodes from the fields and round-trips; custom layouts decode too', async ({ page }) => {
    const problems = watch(page);
    await openTab(await openPlayer(page, PAGE), 'Decoder');
    const decoder = page.getByTestId('decoder');
    await decoder.scrollIntoViewIfNeeded();
    await decoder.getByLabel('ID (decimal)').fill('175928847299117063');
    await decoder.getByLabel('Preset').selectOption('discord');
    await decoder.getByRole('button', { name: 'Encode' }).click();
    await expect(decoder.getByTestId('encoded-id')).toHaveText('ID: 175928847299117063');
    await decoder.getByLabel(/^increment/).fill('8');
    await decoder.getByRole('button', { name: 'Encode' }).click();
    await expect(decoder.getByTestId('encoded-id')).toHaveText('ID: 175928847299117064');
    await decoder.getByLabel(/^increment/).fill('5000');
    await decoder.getByRole('button', { name: 'Encode' }).click();
    await expect(decoder.getByTestId('encode-error')).toContainText('from 0 to 4095');

    // A custom layout starts from the preset shown; editing a width changes the decoding.
    await decoder.getByLabel('Preset').selectOption('custom');
    await expect(decoder.getByTestId('decoded-utc')).toHaveText('2016-04-30T11:18:25.796Z');
    await decoder.getByLabel('Compact spec', { exact: false }).fill('timestamp:41,worker:10,sequence:12');
    await decoder.getByLabel('ID (decimal)').fill('4103');
    await expect(decoder.locator('dd[data-field="worker"]')).toHaveText('1');
    await expect(decoder.locator('dd[data-field="sequence"]')).toHaveText('7');
    expect(problems).toEqual([]);
  });
});

test.describe('Snowflake demo', () => {
  test('plays, and shows the ID being made, the sequences, the stream and the rate', async ({ page }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE);
    expect(await cursorOf(page)).toBe(-1);
    await player.getByLabel(/^Speed/).fill('1');
    await player.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => cursorOf(page)).toBeGreaterThan(20);
    // The scenario is short: playback may already have stopped at its last event.
    const pause = player.getByRole('button', { name: 'Pause' });
    if (await pause.isVisible()) await pause.click();
    await expect(player.getByTestId('duplicate-detector')).toHaveAttribute('data-state', 'clear');
    await openTab(player, 'The ID');
    await expect(player.getByTestId('id-being-made')).toHaveAttribute('data-id', /^\d+$/);
    await openTab(player, 'Stream');
    await expect(player.getByTestId('id-stream')).toHaveAttribute('data-out-of-order', '0');
    await openTab(player, 'Rate');
    await expect(player.getByTestId('rate-chart')).toContainText('ceiling 4,096 per ms');
    await openTab(player, 'Sequence');
    const used = await player.locator('[data-testid="sequence-fill"] li').first().getAttribute('data-used');
    expect(Number(used)).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  test('a link in the article loads its scenario', async ({ page }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE);
    const burst = scenarios.find((s) => s.id === 'burst');
    await page.locator('a[href="#scenario=burst"]').click();
    await expect(player.getByLabel('Scenario', { exact: true })).toHaveValue('burst');
    await openTab(player, 'Scenarios');
    await expect(player.locator('li[data-scenario="burst"]')).toHaveClass(/is-current/);
    await expect(player.getByTestId('scenario-about')).toHaveText(burst?.description ?? '');
    // The burst fills W1's 4,096 sequence values and spills 904 into the next millisecond.
    await player.getByLabel('Timeline').focus();
    await page.keyboard.press('End');
    await openTab(player, 'Rate');
    await expect(player.getByTestId('rate-chart')).toContainText('904/4096');
    expect(problems).toEqual([]);
  });

  test('every named scenario is linked from the article', async ({ page }) => {
    await page.goto(PAGE);
    for (const s of scenarios) await expect(page.locator(`a[href="#scenario=${s.id}"]`)).toHaveCount(1);
  });

  test('a clock stepped back under the no-check policy turns the duplicate detector red', async ({
    page,
  }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE, '#scenario=clock-back-no-check');
    const detector = player.getByTestId('duplicate-detector');
    // The story opens at its start, before the clock steps back; at its end the duplicate is there.
    await expect(detector).toHaveAttribute('data-state', 'clear');
    await player.getByLabel('Timeline').focus();
    await page.keyboard.press('End');
    await expect(detector).toHaveAttribute('data-state', 'duplicate');
    await expect(detector).toContainText('Duplicate ID');
    const border = await detector.evaluate((e) => getComputedStyle(e).borderTopColor);
    const danger = await detector.evaluate((e) => {
      const probe = document.createElement('span');
      probe.style.color = 'var(--danger)';
      e.append(probe);
      const c = getComputedStyle(probe).color;
      probe.remove();
      return c;
    });
    expect(border).toBe(danger);
    await openTab(player, 'Invariants');
    await expect(player.getByTestId('invariants')).toContainText('unique-ids was violated');
    // The same step under Twitter's rule is refused: no duplicate, to the end of the story.
    await page.locator('a[href="#scenario=clock-back-twitter"]').click();
    await expect(player.getByLabel('Scenario', { exact: true })).toHaveValue('clock-back-twitter');
    await player.getByLabel('Timeline').focus();
    await page.keyboard.press('End');
    await expect(player.getByTestId('player-event')).not.toHaveAttribute('data-cursor', '-1');
    await openTab(player, 'Duplicates');
    await expect(detector).toHaveAttribute('data-state', 'clear');
    expect(problems).toEqual([]);
  });

  test('a worker clock stepped back from the Clocks panel is recorded in the run', async ({ page }) => {
    const problems = watch(page);
    const player = await openPlayer(page, PAGE, '#scenario=steady-load');
    await openTab(player, 'Clocks');
    const clocks = player.getByTestId('clock-controls');
    await clocks.getByLabel('Worker').selectOption('W2');
    await clocks.getByLabel('Step the clock by').fill('-3');
    for (let i = 0; i < 3; i++) await player.getByRole('button', { name: 'Step one event' }).click();
    await clocks.getByRole('button', { name: 'Step W2’s clock' }).click();
    // The step is an event of the run, right after the moment it was made at.
    await expect(page.getByTestId('player-event')).toHaveAttribute('data-cursor', '3');
    await expect(player.locator('li[aria-current="step"]')).toContainText('W2');
    await expect(clocks).toContainText('off by -3.000 ms');
    expect(problems).toEqual([]);
  });

  test('passes axe and fits a 375 px screen', async ({ page }) => {
    const problems = watch(page);
    await page.setViewportSize({ width: 375, height: 800 });
    const player = await openPlayer(page, PAGE, '#scenario=clock-back-no-check');
    await player.getByLabel('Timeline').focus();
    await page.keyboard.press('End');
    await expect(player.getByTestId('duplicate-detector')).toHaveAttribute('data-state', 'duplicate');
    await openTab(player, 'The ID');
    const overflowing = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="player"], [data-testid="player"] *')]
        .filter((e) => e.getBoundingClientRect().right > 375)
        .map((e) => `${e.tagName.toLowerCase()}.${e.getAttribute('class') ?? ''}`),
    );
    expect(overflowing).toEqual([]);
    // The bits wrap into rows of 16 at this width.
    await expect(player.locator('.sf-bits-16').first()).toBeVisible();
    await expect(player.locator('.sf-bits-32').first()).toBeHidden();
    expect(await axe(page, '[data-testid="player"]')).toEqual([]);
    expect(problems).toEqual([]);
  });

  test('passes axe in the dark theme', async ({ page }) => {
    const problems = watch(page);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.addInitScript(() => localStorage.setItem('theme', 'dark'));
    await openPlayer(page, PAGE, '#scenario=burst');
    expect(await axe(page, '[data-testid="player"]')).toEqual([]);
    expect(problems).toEqual([]);
  });
});
