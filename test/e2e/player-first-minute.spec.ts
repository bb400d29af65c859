/**
 * A reader's first minute with each demo: the whole picture on one screen, something happening
 * soon after Play, stories that open at their start with chapters, a guided tour that survives a
 * reload, shortcuts after a click on a drawing, only the faults that apply, and embeds.
 * Checks share a page where they can, to keep the suite short.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { loadEntries } from '../../src/content/check';
import { cursorOf, nodeMenu, openPlayer, openTab, watch } from './helpers';

/** Every page that hosts a demo, from the content the site is built from: a new demo is checked too. */
const DEMOS = loadEntries(process.cwd())
  .entries.filter((e) => typeof e.data['demo'] === 'string')
  .map((e) => ({ demo: e.data['demo'] as string, path: `/${e.collection}/${e.slug}/` }));

const VIEWPORT = { width: 1366, height: 850 };

/** A time as the player writes it ("213.847 ms", "1.2000 s"), in microseconds. */
function micros(text: string): number {
  const match = /(-?[\d.]+) (ms|s)\b/.exec(text);
  if (!match) throw new Error(`no time in "${text}"`);
  return Number(match[1]) * (match[2] === 's' ? 1_000_000 : 1_000);
}

/** Whether the element lies wholly inside the viewport. */
async function inViewport(locator: Locator): Promise<string | null> {
  const box = await locator.boundingBox();
  if (!box) return 'not rendered';
  const fits =
    box.y >= 0 && box.x >= 0 && box.y + box.height <= VIEWPORT.height && box.x + box.width <= VIEWPORT.width;
  return fits
    ? null
    : `at ${Math.round(box.x)},${Math.round(box.y)} size ${Math.round(box.width)}x${Math.round(box.height)}`;
}

async function scrollPlayerToTop(page: Page) {
  await page.getByTestId('player').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await expect
    .poll(() =>
      page.getByTestId('player').evaluate((el) => Math.abs(Math.round(el.getBoundingClientRect().top))),
    )
    .toBe(0);
}

test.describe('a first minute with each demo', () => {
  test.use({ viewport: VIEWPORT });

  for (const { demo, path } of DEMOS) {
    test(`${demo}: one screen, the first event within a second of Play, every story opens at its start`, async ({
      page,
    }) => {
      test.setTimeout(90_000);
      const problems = watch(page);
      const player = await openPlayer(page, path);
      await expect(player).toHaveAttribute('data-demo', demo);

      // Something happens at once: the demo opens just before its first event, at a speed that
      // brings it within a second, first as it happens on a machine that may be busy (frames come
      // late, and each covers at most 100 ms): the first event shows within three seconds...
      const event = page.getByTestId('player-event');
      expect(await cursorOf(page)).toBe(-1);
      const opening = micros((await page.getByTestId('player-time').textContent()) ?? '');
      const speedText = (await player.locator('.player-speed span').textContent()) ?? '';
      const speed = Number(/Speed ([\d.]+)×/.exec(speedText)?.[1]);
      await player.getByRole('button', { name: 'Play', exact: true }).click();
      await expect.poll(() => cursorOf(page), { timeout: 3_000, intervals: [50] }).toBeGreaterThan(-1);
      const pause = player.getByRole('button', { name: 'Pause', exact: true });
      if (await pause.isVisible()) await pause.click();
      await expect(player.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
      // ...and exactly, from the virtual time of that event and the speed the player shows.
      const first = micros((await player.locator('.player-log-list li[data-index="0"]').textContent()) ?? '');
      expect(
        (first - opening) / speed / 1000,
        'real milliseconds from Play to the first event',
      ).toBeLessThanOrEqual(1000);

      // One screen: with the player's top at the top of the viewport, the transport, the picture,
      // the space-time diagram (where the demo has one) and the current narration are all in view.
      await scrollPlayerToTop(page);
      const parts: [string, Locator][] = [
        ['transport', player.locator('.player-transport')],
        ['picture', player.locator('.player-topology')],
        ['current narration', player.locator('.player-log-list li[aria-current="step"]')],
        ['caption', player.getByTestId('player-caption')],
      ];
      if (demo === 'snowflake' || demo === 'consistent-hashing') {
        // Nothing is sent (workers; a hash ring's nodes): the picture is the demo's own, and no empty diagram.
        await expect(player.locator('.player-spacetime')).toHaveCount(0);
      } else {
        parts.push(['space-time diagram', player.locator('.player-spacetime canvas')]);
      }
      for (const [name, part] of parts) expect(await inViewport(part), name).toBeNull();

      // Every named scenario opens at its start, with the chapters of its story on the timeline.
      const picker = player.getByLabel('Scenario', { exact: true });
      const ids = await picker
        .locator('option')
        .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter((v) => v !== ''));
      expect(ids.length).toBeGreaterThan(0);
      const chapters = player.getByRole('list', { name: 'Chapters' }).getByRole('button');
      for (const id of ids) {
        await picker.selectOption(id);
        await expect(event, id).toHaveAttribute('data-cursor', '-1');
        await expect(event, id).toHaveText('start');
        await expect(chapters.first(), `${id} has chapters`).toBeVisible();
        expect(await chapters.count(), id).toBeLessThanOrEqual(18);
        await expect(player.getByTestId('player-caption')).toHaveAttribute('data-chapter', '-1');
        const title = await picker.locator(`option[value="${id}"]`).textContent();
        await expect(player.getByTestId('player-caption')).toContainText(title ?? id);
      }
      // The same from a link.
      const last = ids[ids.length - 1] as string;
      await page.goto(`${path}#scenario=${ids[0]}`);
      await expect(picker).toHaveValue(ids[0] as string);
      await expect(event).toHaveAttribute('data-cursor', '-1');
      await expect(chapters.first()).toBeVisible();
      // A chapter mark moves the cursor to its turn of the story, and the caption tells it.
      await page.goto(`${path}#scenario=${last}`);
      await expect(picker).toHaveValue(last);
      await chapters.first().click();
      await expect(event).not.toHaveAttribute('data-cursor', '-1');
      await expect(chapters.first()).toHaveAttribute('aria-current', 'step');
      await expect(player.getByTestId('player-caption')).toHaveAttribute('data-chapter', '0');
      expect(problems).toEqual([]);
    });
  }

  test('raft: Space and s still work after a click on the space-time diagram', async ({ page }) => {
    const problems = watch(page);
    const player = await openPlayer(page, '/consensus/raft/');
    await scrollPlayerToTop(page);
    const canvas = player.locator('.player-spacetime canvas');
    const scrolled = () => page.evaluate(() => window.scrollY);
    const before = await scrolled();
    await canvas.click();
    await page.keyboard.press('Space');
    // Space plays instead of scrolling the page.
    await expect(player.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
    expect(await scrolled()).toBe(before);
    await canvas.click();
    await page.keyboard.press('Space');
    await expect(player.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
    expect(await scrolled()).toBe(before);
    await canvas.click();
    await page.keyboard.press('s');
    await expect(player.getByRole('tab', { name: 'Share & export' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await expect(player.getByTestId('share-url')).toHaveValue(/#s=[A-Za-z0-9_-]+/);
    expect(page.url()).toContain('#s=');
    // The same after a click on the picture of the nodes, off any node.
    await player.locator('.player-topology').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowRight');
    const at = await cursorOf(page);
    await player.locator('.player-topology').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('player-event')).toHaveAttribute('data-cursor', String(at + 1));
    expect(problems).toEqual([]);
  });

  test('snowflake offers only its own faults: no leader, no partition, no key-value command', async ({
    page,
  }) => {
    const problems = watch(page);
    const player = await openPlayer(page, '/id/snowflake/');
    const menu = await nodeMenu(player, 'W1');
    await expect(menu.getByRole('button')).toHaveText([
      'Crash',
      'Pause for 300 ms',
      'Clock back 5 ms',
      'Clock ahead 1 s',
      'Clock runs 2× fast',
      'Clock runs true',
      'Ask a worker for IDs: 5',
      'Close',
    ]);
    await menu.getByRole('button', { name: 'Close' }).click();
    const faults = await openTab(player, 'Faults');
    await expect(faults.getByRole('group', { name: 'Ask a worker for IDs' })).toBeVisible();
    for (const absent of [/leader/i, /^Split/, /^Heal$/, /Cut the ticked/, /Time out/])
      await expect(faults.getByRole('button', { name: absent })).toHaveCount(0);
    await expect(faults.getByText('Partition', { exact: true })).toHaveCount(0);
    await expect(faults.getByText('Message in flight')).toHaveCount(0);
    await expect(faults.getByLabel(/Message loss/)).toHaveCount(0);
    // Nothing of Raft's vocabulary, and no state names in code.
    const text = (await player.textContent()) ?? '';
    expect(text).not.toMatch(/Isolate the leader|x=1|Command|waitingForClock/);
    expect(problems).toEqual([]);
  });

  test('raft: the guided tour walks the article’s scenarios and survives a reload from its link', async ({
    page,
  }) => {
    test.setTimeout(60_000);
    const problems = watch(page);
    const player = await openPlayer(page, '/consensus/raft/');
    const caption = player.getByTestId('player-caption');
    const event = page.getByTestId('player-event');
    // Fast, so that playing to a chapter takes a moment.
    await player.getByLabel(/^Speed/).focus();
    await page.keyboard.press('End');
    await caption.getByRole('button', { name: 'Guided tour' }).click();
    const total = await player
      .getByLabel('Scenario', { exact: true })
      .locator('option:not([value=""])')
      .count();
    await expect(caption).toContainText(`Tour 1 of ${total}: A first election`);
    await expect(event).toHaveAttribute('data-cursor', '-1');

    // Next plays to the first chapter and stops there, with its caption.
    const chapters = player.getByRole('list', { name: 'Chapters' }).getByRole('button');
    const next = caption.getByRole('button', { name: /^(Start|Next|Next scenario)$/ });
    await next.click();
    await expect(caption).toHaveAttribute('data-chapter', '0');
    await expect(player.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
    await expect(chapters.first()).toHaveAttribute('aria-current', 'step');
    const firstTitle = (await chapters.first().getAttribute('title')) ?? '';
    await expect(caption).toContainText(`1 of ${await chapters.count()}: ${firstTitle}`);
    const stoppedAt = await cursorOf(page);
    expect(stoppedAt).toBeGreaterThan(-1);

    // At the last chapter of a scenario, Next moves the tour on to the next one, from its start.
    while ((await caption.getByRole('button', { name: 'Next scenario' }).count()) === 0) {
      const chapter = Number(await caption.getAttribute('data-chapter'));
      await next.click();
      await expect(caption).toHaveAttribute('data-chapter', String(chapter + 1));
    }
    await caption.getByRole('button', { name: 'Next scenario' }).click();
    await expect(caption).toContainText(`Tour 2 of ${total}: Log replication`);
    await expect(event).toHaveAttribute('data-cursor', '-1');
    await next.click();
    await expect(caption).toHaveAttribute('data-chapter', '0');
    await next.click();
    await expect(caption).toHaveAttribute('data-chapter', '1');
    const at = await cursorOf(page);

    // Previous steps back a chapter, then to the start, then into the scenario before.
    await caption.getByRole('button', { name: 'Previous' }).click();
    await expect(caption).toHaveAttribute('data-chapter', '0');
    await caption.getByRole('button', { name: 'Next' }).click();
    await expect(event).toHaveAttribute('data-cursor', String(at));

    // Where the reader is in the story is in the share link, and a reload puts them back there.
    await player.getByRole('button', { name: 'Share', exact: true }).click();
    const url = await player.getByTestId('share-url').inputValue();
    expect(url).toMatch(/#guide=replication&chapter=1$/);
    await page.goto('about:blank');
    await page.goto(url);
    await expect(page.getByTestId('player-event')).toHaveAttribute('data-cursor', String(at));
    const again = page.getByTestId('player-caption');
    await expect(again).toContainText(`Tour 2 of ${total}: Log replication`);
    await expect(again).toHaveAttribute('data-chapter', '1');
    await expect(again.getByRole('button', { name: 'Leave the tour' })).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('player-caption')).toHaveAttribute('data-chapter', '1');
    await page.getByTestId('player-caption').getByRole('button', { name: 'Previous' }).click();
    await page.getByTestId('player-caption').getByRole('button', { name: 'Previous' }).click();
    await expect(page.getByTestId('player-event')).toHaveAttribute('data-cursor', '-1');
    // From the start of the second scenario, Previous goes back into the first.
    await page.getByTestId('player-caption').getByRole('button', { name: 'Previous' }).click();
    await expect(page.getByTestId('player-caption')).toContainText(`Tour 1 of ${total}: A first election`);
    expect(problems).toEqual([]);
  });

  test('the embed page opens a shared moment, with no site header and a link back', async ({ page }) => {
    const problems = watch(page);
    const player = await openPlayer(page, '/consensus/raft/');
    for (let i = 0; i < 6; i++) await player.getByRole('button', { name: 'Step one event' }).click();
    await nodeMenu(player, 'S3');
    await player.getByTestId('node-menu').getByRole('button', { name: 'Crash' }).click();
    await player.getByRole('button', { name: 'Share', exact: true }).click();
    const snippet = await player.getByTestId('embed-snippet').inputValue();
    const src = /<iframe src="([^"]+)"/.exec(snippet)?.[1] ?? '';
    expect(src).toMatch(/\/embed\/raft\/#s=[A-Za-z0-9_-]+/);
    const hash = src.slice(src.indexOf('#'));
    expect((await player.getByTestId('share-url').inputValue()).endsWith(hash)).toBe(true);
    const shared = await cursorOf(page);

    await page.goto('about:blank');
    await page.goto(new URL(src).pathname + hash);
    const embedded = page.getByTestId('player');
    await expect(embedded).toHaveAttribute('data-demo', 'raft');
    await expect(page.getByTestId('player-event')).toHaveAttribute('data-cursor', String(shared));
    await expect(embedded.locator('[data-node="S3"]')).toHaveAttribute('data-role', 'crashed');
    // The player alone: no site header, navigation or article.
    await expect(page.locator('.site-header, header.site-header')).toHaveCount(0);
    await expect(page.getByRole('navigation', { name: 'Sections' })).toHaveCount(0);
    await expect(page.locator('article')).toHaveCount(0);
    const home = page.getByRole('link', { name: /^Open in Distributed Atlas/ });
    await expect(home).toBeVisible();
    await home.focus();
    await expect(home).toHaveAttribute('href', `/consensus/raft/${hash}`);
    expect(problems).toEqual([]);
  });
});

test('a shared moment deep in a nine-server faulty run opens while the page keeps drawing', async ({
  page,
}) => {
  const problems = watch(page);
  const { default: raft } = await import('../../src/algorithms/raft');
  const { encodeMoment } = await import('../../src/sim/share');
  const actions = [];
  for (let ms = 300; ms < 60_000; ms += 700) {
    const node = `S${1 + ((ms / 100) % 9)}`;
    actions.push({ at: ms * 1000, action: { type: 'crash' as const, node } });
    actions.push({ at: (ms + 350) * 1000, action: { type: 'restart' as const, node } });
  }
  const run = raft.createRun({
    version: 1,
    algorithm: 'raft',
    params: { ...raft.defaultParams, nodes: 9, loss: 0.05 },
    seed: 7,
    actions,
  });
  run.seek(19_999);
  const hash = encodeMoment({ scenario: run.scenario(), cursor: run.cursor(), time: run.time() });
  // Whether the replay ever said how far it had got (it does between slices, not in one long task).
  await page.addInitScript(() => {
    const seen = { opening: false };
    Object.assign(window, { atlasSeen: seen });
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="player-opening"]')) seen.opening = true;
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(`/consensus/raft/#${hash}`);
  // The replay reports how far it has got, then the player stands on the shared event.
  await expect(page.getByTestId('player-event')).toHaveAttribute('data-cursor', '19999', { timeout: 60_000 });
  await expect(page.getByTestId('player-opening')).toHaveCount(0);
  await expect(page.getByTestId('player-notice')).toHaveCount(0);
  expect(
    await page.evaluate(() => (window as unknown as { atlasSeen: { opening: boolean } }).atlasSeen.opening),
  ).toBe(true);
  expect(problems).toEqual([]);
});
