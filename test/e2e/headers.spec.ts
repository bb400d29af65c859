/**
 * The headers a host sends from dist/_headers, applied to every response the way Cloudflare Pages
 * documents it (every matching rule in file order, "! Name" detaching a header set by an earlier
 * one): with them, the pages still run, and frame-ancestors lets any site frame /embed/ and no
 * site frame anything else. astro preview sends none, so the test adds them as responses arrive.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openTab, watchCsp } from './helpers';

interface Rule {
  pattern: RegExp;
  set: [string, string][];
  unset: string[];
}

function readRules(): Rule[] {
  const rules: Rule[] = [];
  for (const line of readFileSync(join(process.cwd(), 'dist', '_headers'), 'utf8').split('\n')) {
    const text = line.trim();
    if (text === '' || text.startsWith('#')) continue;
    if (text.startsWith('/')) {
      const pattern = text.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace('*', '.*');
      rules.push({ pattern: new RegExp(`^${pattern}$`), set: [], unset: [] });
    } else if (text.startsWith('!')) rules.at(-1)?.unset.push(text.slice(1).trim().toLowerCase());
    else {
      const colon = text.indexOf(':');
      rules.at(-1)?.set.push([text.slice(0, colon).trim().toLowerCase(), text.slice(colon + 1).trim()]);
    }
  }
  return rules;
}

const rules = readRules();

function headersFor(path: string): Record<string, string> {
  const headers = new Map<string, string>();
  for (const rule of rules.filter((r) => r.pattern.test(path))) {
    for (const name of rule.unset) headers.delete(name);
    for (const [name, value] of rule.set) {
      const earlier = headers.get(name);
      headers.set(name, earlier ? `${earlier}, ${value}` : value);
    }
  }
  return Object.fromEntries(headers);
}

/** Adds the _headers headers to every response of the site, as a host would send them. */
async function serveWithHeaders(page: Page, baseURL: string) {
  await page.route(`${baseURL}/**`, async (route) => {
    const headers = headersFor(new URL(route.request().url()).pathname);
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), ...headers } });
  });
}

test('_headers sends one policy a path, framing allowed for /embed/ only', () => {
  const page = headersFor('/consensus/raft/')['content-security-policy'] ?? '';
  const embed = headersFor('/embed/raft/')['content-security-policy'] ?? '';
  expect(page).toMatch(/frame-ancestors 'none'$/);
  expect(embed).toMatch(/frame-ancestors \*$/);
  expect(page.replace(/frame-ancestors .*$/, '')).toBe(embed.replace(/frame-ancestors .*$/, ''));
  expect(page).not.toContain(', ');
});

test('with the headers, search and a demo exploring in its worker report no violation', async ({
  page,
  baseURL,
}) => {
  await serveWithHeaders(page, baseURL ?? '');
  const cspViolations = await watchCsp(page);
  await page.goto('/search/?q=raft');
  await expect(page.locator('[data-search-results] li a').first()).toBeVisible();
  expect(await cspViolations()).toEqual([]);
  await page.goto('/consensus/raft/');
  const player = page.getByTestId('player');
  await player.scrollIntoViewIfNeeded();
  await openTab(player, 'Explore');
  await player.getByLabel('Runs').fill('2');
  await player.getByRole('button', { name: 'Explore', exact: true }).click();
  await expect(player.getByText('2 of 2 runs checked')).toBeVisible({ timeout: 20_000 });
  expect(await cspViolations()).toEqual([]);
});

test('another site may frame an /embed/ page but no other page', async ({ page, baseURL }) => {
  const site = baseURL ?? '';
  await serveWithHeaders(page, site);
  const embedder = 'https://embedder.example';
  await page.route(`${embedder}/**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><iframe name="embed" src="${site}/embed/raft/"></iframe><iframe name="page" src="${site}/consensus/raft/"></iframe>`,
    }),
  );
  const refused: string[] = [];
  page.on('console', (m) => {
    if (m.text().includes('frame-ancestors')) refused.push(m.text());
  });
  await page.goto(`${embedder}/`);
  // The framed demo runs: its player steps, under the same policy as every page.
  const embedded = page.frameLocator('iframe[name="embed"]').getByTestId('player');
  await expect(embedded).toHaveAttribute('data-demo', 'raft');
  await embedded.getByRole('button', { name: 'Step one event' }).click();
  await expect(embedded.getByTestId('player-event')).toHaveAttribute('data-cursor', '0');
  // Chromium names only the refused frame's origin: one refusal, the article's.
  await expect.poll(() => refused).toEqual([expect.stringContaining("frame-ancestors 'none'")]);
  // The browser shows its own error page in the frame instead.
  expect(page.frame({ name: 'page' })?.url()).toMatch(/^chrome-error:/);
  await expect(page.frameLocator('iframe[name="page"]').locator('h1')).not.toHaveText('Raft');
});
