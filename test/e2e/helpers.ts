/** What every demo's browser tests share: the axe rule set, a watch on errors, opening the player. */
import { expect, type Page } from '@playwright/test';

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
