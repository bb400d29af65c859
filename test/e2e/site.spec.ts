import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { knownRoutes, loadEntries } from '../../src/content/check';
import { expectPolicy, watchCsp } from './helpers';

/** Every page the build produces, derived from the content the same way the site is. */
const { entries } = loadEntries(process.cwd());
const pages = [...knownRoutes(entries)].filter((route) => route.endsWith('/') && route !== '/404/');
const demoPages = new Set(
  entries.filter((e) => e.data['demo'] !== undefined).map((e) => `/${e.collection}/${e.slug}/`),
);

/** Collects console errors and failed requests for the duration of a test. */
function watch(page: Page) {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return problems;
}

test.describe('every built page', () => {
  for (const path of pages) {
    test(`${path} renders cleanly under the policy, passes axe and fits a phone`, async ({ page }) => {
      const problems = watch(page);
      const cspViolations = await watchCsp(page);
      await page.goto(path);
      await expectPolicy(page);
      await expect(page.locator('h1')).toHaveCount(1);
      await expect(page.locator('h1')).not.toBeEmpty();
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      expect(
        results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      ).toEqual([]);
      expect(problems).toEqual([]);
      expect(await cspViolations()).toEqual([]);
      expect(await brokenLinks(page)).toEqual([]);
      await page.setViewportSize({ width: 375, height: 740 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, 'page wider than a 375 px phone').toBeLessThanOrEqual(0);
    });
  }
});

/** Links on the page that lead nowhere: unknown site paths, or anchors with no element. */
async function brokenLinks(page: Page): Promise<string[]> {
  const links = await page.$$eval('a[href]', (anchors) =>
    anchors.map((a) => ({ href: a.getAttribute('href') ?? '', resolved: (a as HTMLAnchorElement).href })),
  );
  const here = new URL(page.url());
  const broken: string[] = [];
  for (const { href, resolved } of links) {
    const url = new URL(resolved);
    if (url.origin !== here.origin) continue;
    const samePage = url.pathname === here.pathname;
    // Every page has its Chinese counterpart at /zh-cn/ (test/e2e/zh-cn.spec.ts visits a sample).
    const english = url.pathname.replace(/^\/zh-cn(?=\/)/, '');
    if (!samePage && !pages.includes(english) && !/\.(xml|svg|png)$/.test(url.pathname)) broken.push(href);
    const id = decodeURIComponent(url.hash.slice(1));
    // Fragments such as #scenario=election are player commands, not anchors.
    if (samePage && id && !id.includes('=') && (await page.locator(`[id="${id}"]`).count()) === 0)
      broken.push(href);
  }
  return broken;
}

test.describe('in the dark theme', () => {
  test.use({ colorScheme: 'dark' });
  // Code blocks, tables and diagrams are where a second palette can lose contrast.
  const rich = entries.filter((e) => /```|<svg|\n\|/.test(e.body)).map((e) => `/${e.collection}/${e.slug}/`);
  const samples = ['/', '/glossary/', '/projects/', ...rich];
  test('pages with code, tables and diagrams pass axe', async ({ page }) => {
    // Axe takes several seconds a page on a busy two-core machine, and some sixty pages qualify.
    test.setTimeout(samples.length * 10_000);
    for (const path of samples) {
      await page.goto(path);
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      expect(
        results.violations.map(
          (v) => `${path} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
        ),
      ).toEqual([]);
    }
  });
});

test('the glossary lists terms in reading order, and by name on its A to Z page', async ({ page }) => {
  const glossary = entries.filter((e) => e.collection === 'glossary' && e.data['draft'] !== true);
  const bySequence = [...glossary]
    .sort((a, b) => Number(a.data['sequence']) - Number(b.data['sequence']))
    .map((e) => String(e.data['term']));
  await page.goto('/glossary/');
  expect(await page.locator('[data-glossary-order="sequence"] dt > a').allTextContents()).toEqual(bySequence);
  await page.getByRole('link', { name: 'Browse the glossary A to Z' }).click();
  await expect(page).toHaveURL(/\/glossary\/a-z\/$/);
  const byName = await page.locator('[data-glossary-order="name"] dt > a').allTextContents();
  expect(byName).toEqual([...bySequence].sort((a, b) => a.localeCompare(b)));
});

test('the 404 page explains and links home', async ({ page }) => {
  const cspViolations = await watchCsp(page);
  const response = await page.goto('/no-such-page/');
  await expectPolicy(page);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await expect(page.getByRole('link', { name: 'Go to the home page' })).toBeVisible();
  expect(await cspViolations()).toEqual([]);
});

test('the navigation is reachable by keyboard', async ({ page }) => {
  await page.goto('/');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  const reached = new Set<string>();
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    reached.add(await page.evaluate(() => document.activeElement?.textContent?.trim() ?? ''));
  }
  for (const name of ['Consensus', 'Locks', 'Glossary', 'Projects', 'Search'])
    expect(reached).toContain(name);
  await page.getByRole('link', { name: 'Skip to content' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main')).toBeFocused();
});

test('search from the header finds a known entry, with Pagefind under the policy', async ({ page }) => {
  const cspViolations = await watchCsp(page);
  await page.goto('/');
  await page.getByRole('searchbox', { name: 'Search the atlas' }).fill('quorum');
  await page.getByRole('searchbox', { name: 'Search the atlas' }).press('Enter');
  await expect(page).toHaveURL(/\/search\/\?q=quorum/);
  const results = page.locator('[data-search-results] li a');
  await expect(results.first()).toBeVisible();
  await expect(results.filter({ hasText: 'Quorum' })).not.toHaveCount(0);
  expect(await cspViolations()).toEqual([]);
});

test('the theme follows the system, and a choice survives a reload without a flash', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  // The button says what it does: in the dark theme, it offers the light one.
  await expect(page.getByRole('button', { name: 'Switch to the light theme' })).toContainText('Light theme');
  await page.getByRole('button', { name: 'Switch to the light theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  // The inline head script must have set the theme before any stylesheet paints the page.
  await page.addInitScript(() => {
    const seen = window as unknown as { firstTheme?: string | undefined };
    new MutationObserver(() => {
      if (document.body && seen.firstTheme === undefined)
        seen.firstTheme = document.documentElement.dataset['theme'];
    }).observe(document, { childList: true, subtree: true });
  });
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await page.evaluate(() => (window as unknown as { firstTheme?: string }).firstTheme)).toBe('light');
  await expect(page.getByRole('button', { name: 'Switch to the dark theme' })).toContainText('Dark theme');
});

test.describe('on a 375 px phone', () => {
  test.use({ viewport: { width: 375, height: 740 } });
  for (const path of [
    '/',
    '/projects/',
    pages.find((p) => /^\/consensus\/[^/]+\/$/.test(p)) ?? '/consensus/',
  ]) {
    test(`${path} fits the width`, async ({ page }) => {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  }
  test('the menu opens and leads to a section', async ({ page }) => {
    await page.goto('/');
    const consensus = page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Consensus' });
    await expect(consensus).toBeHidden();
    await page.getByText('Menu', { exact: true }).click();
    await expect(consensus).toBeVisible();
    await consensus.click();
    await expect(page).toHaveURL(/\/consensus\/$/);
  });
});

test.describe('catalogue pages without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  const catalogue = pages.filter((p) => !demoPages.has(p) && p !== '/search/');
  test('every catalogue page shows its content', async ({ page }) => {
    test.setTimeout(catalogue.length * 3_000);
    for (const path of catalogue) {
      await page.goto(path);
      await expect(page.locator('h1'), path).toBeVisible();
      await expect(page.locator('main'), path).not.toBeEmpty();
    }
  });
  test('the projects table is complete', async ({ page }) => {
    const projects = entries.filter((e) => e.collection === 'projects').length;
    await page.goto('/projects/');
    await expect(page.locator('tbody tr')).toHaveCount(projects);
    await expect(
      page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Glossary' }),
    ).toBeVisible();
  });
});

test('the projects table filters by status and sorts by first release', async ({ page }) => {
  await page.goto('/projects/');
  const rows = page.locator('tbody tr');
  const total = await rows.count();
  await page.getByLabel('Status').selectOption('active');
  const active = await page.locator('tbody tr:not([hidden])').count();
  expect(active).toBeGreaterThan(0);
  expect(active).toBeLessThanOrEqual(total);
  for (const status of await page
    .locator('tbody tr:not([hidden])')
    .evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset['status'])))
    expect(status).toBe('active');
  await page.getByLabel('Status').selectOption('');
  await page.getByRole('button', { name: 'First release' }).click();
  const years = await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset['year'] ?? ''));
  const known = years.filter((y) => y !== '').map(Number);
  expect(known).toEqual([...known].sort((a, b) => a - b));
  await expect(page.getByRole('columnheader', { name: 'First release' })).toHaveAttribute(
    'aria-sort',
    'ascending',
  );
});
