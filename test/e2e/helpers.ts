/** What every demo's browser tests share: the axe rule set, a watch on errors, opening the player. */
import { expect, type Locator, type Page } from '@playwright/test';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Console errors, uncaught exceptions and dialogs during a test (a dialog would mean injected script). */
export function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  return problems;
}

/** Opens a demo page (with an optional fragment) and waits until the player shows its nodes. */
export async function openPlayer(page: Page, path: string, hash = '') {
  await page.goto(`${path}${hash}`);
  await page.locator('#demo').scrollIntoViewIfNeeded();
  const player = page.getByTestId('player');
  await expect(player).toBeVisible();
  await expect(player.locator('[data-node]').first()).toBeVisible();
  return player;
}

declare global {
  interface Window {
    cspViolations?: string[];
  }
}

/**
 * Content Security Policy violations while a page is open: the browser's securitypolicyviolation
 * events, recorded by a script that runs before any of the page's own, and console messages that
 * name the policy. Call before the page is opened; the result reads the violations of the page now
 * open.
 */
export async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const messages: string[] = [];
  page.on('console', (m) => {
    if (/content security policy/i.test(m.text())) messages.push(`console: ${m.text()}`);
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    window.cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => {
      seen.push(
        `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  return async () => [...messages, ...(await page.evaluate(() => window.cspViolations ?? []))];
}

/** The page carries the site's policy: only its own origin, and no 'unsafe-inline' for code or styles. */
export async function expectPolicy(page: Page) {
  const policy =
    (await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content')) ?? '';
  expect(policy, 'a Content Security Policy').toContain("default-src 'self'");
  for (const directive of ['script-src', 'style-src']) {
    const sources = new RegExp(`(?:^|;)\\s*${directive} ([^;]*)`).exec(policy)?.[1] ?? '';
    expect(sources, directive).toContain("'self'");
    expect(sources, directive).not.toContain("'unsafe-inline'");
  }
}

/** Shows one of the player's panels (they are tabs under the picture) and returns it. */
export async function openTab(player: Locator, name: string) {
  const tab = player.getByRole('tab', { name, exact: true });
  await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  return player.getByRole('tabpanel', { name, exact: true });
}

/** Opens the fault menu at a node (a click on the node, as a reader does) and returns it. */
export async function nodeMenu(player: Locator, node: string) {
  await player.locator(`[data-node="${node}"]`).click();
  const menu = player.getByTestId('node-menu');
  await expect(menu).toBeVisible();
  await expect(menu.locator('.player-menu-title')).toHaveText(new RegExp(`^${node}( \\(crashed\\))?$`));
  return menu;
}

/** Does one thing the node's menu offers ("Crash", "Restart", ...), which also closes the menu. */
export async function actOnNode(player: Locator, node: string, label: string | RegExp) {
  const menu = await nodeMenu(player, node);
  await menu.getByRole('button', { name: label }).click();
  await expect(player.getByTestId('node-menu')).toHaveCount(0);
}

/** The event at the cursor, as the transport's readout gives it (-1 at the start). */
export async function cursorOf(page: Page): Promise<number> {
  return Number(await page.getByTestId('player-event').getAttribute('data-cursor'));
}

/**
 * Moves the cursor to event `index` (0-based): along the timeline where the run is computed, and
 * with the step keys beyond it, as a reader would.
 */
export async function goTo(player: Locator, index: number) {
  const timeline = player.getByLabel('Timeline');
  const event = player.getByTestId('player-event');
  if (index <= Number(await timeline.getAttribute('max'))) {
    await timeline.fill(String(index));
  } else {
    await player.getByRole('button', { name: 'Step one event' }).focus();
    for (let at = Number(await event.getAttribute('data-cursor')); at < index;) {
      const far = index - at >= 10;
      await player.page().keyboard.press(far ? 'Shift+ArrowRight' : 'ArrowRight');
      at += far ? 10 : 1;
    }
  }
  await expect(event).toHaveAttribute('data-cursor', String(index));
}
