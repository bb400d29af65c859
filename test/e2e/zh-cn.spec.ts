/**
 * The Simplified Chinese edition at /zh-cn/: a sample of its pages (site.spec.ts visits every
 * English page; the Chinese ones share their views), the language switch, search in Chinese and
 * the Raft demo narrating in Chinese.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { AXE_TAGS, expectPolicy, openPlayer, watch, watchCsp } from './helpers';

const SAMPLE = [
  '/zh-cn/',
  '/zh-cn/consensus/',
  '/zh-cn/consensus/raft/',
  '/zh-cn/glossary/',
  '/zh-cn/glossary/a-z/',
  '/zh-cn/glossary/quorum/',
  '/zh-cn/glossary/lease/',
  '/zh-cn/projects/',
  '/zh-cn/search/',
];

test.describe('Chinese pages', () => {
  for (const path of SAMPLE) {
    test(`${path} renders in Chinese under the policy and passes axe`, async ({ page }) => {
      const problems = watch(page);
      const csp = await watchCsp(page);
      await page.goto(path);
      await expectPolicy(page);
      await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
      await expect(page.locator('h1')).toHaveCount(1);
      const english = path.replace(/^\/zh-cn/, '');
      await expect(page.locator('link[rel="alternate"][hreflang="en"]')).toHaveAttribute(
        'href',
        new RegExp(`${english.replace(/[/]/g, '\\/')}$`),
      );
      await expect(page.locator('link[rel="alternate"][hreflang="zh-CN"]')).toHaveAttribute(
        'href',
        new RegExp(`${path.replace(/[/]/g, '\\/')}$`),
      );
      // The chrome is Chinese on every page, translated or not.
      await expect(page.getByRole('navigation', { name: '栏目', exact: true })).toBeVisible();
      const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
      expect(
        results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      ).toEqual([]);
      expect(problems).toEqual([]);
      expect(await csp()).toEqual([]);
      // Chinese words in the header and the player must still fit a phone.
      await page.setViewportSize({ width: 375, height: 740 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, 'page wider than a 375 px phone').toBeLessThanOrEqual(0);
    });
  }

  test('a translated entry reads in Chinese, and its links lead to the Chinese pages', async ({ page }) => {
    await page.goto('/zh-cn/glossary/quorum/');
    await expect(page.locator('h1')).toContainText('法定人数');
    await expect(page.locator('[data-untranslated]')).toHaveCount(0);
    // Links of a translation stay English in the file; on the page they lead to the translation
    // (src/utils/locale-links.ts, unit-tested for entries that have none).
    await expect(page.locator('article a', { hasText: 'Raft' }).first()).toHaveAttribute(
      'href',
      '/zh-cn/consensus/raft/',
    );

    await page.goto('/zh-cn/consensus/raft/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.locator('[data-untranslated]')).toHaveCount(0);
    await expect(page.locator('article a[href="/zh-cn/glossary/quorum/"]').first()).toBeAttached();
    await expect(page.locator('article a[href^="/glossary/"]')).toHaveCount(0);
  });
});

test('the language switch keeps the reader on the same entry and the same demo moment', async ({ page }) => {
  await page.goto('/consensus/raft/#scenario=split-vote');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.locator('a[data-language-switch]').click();
  await expect(page).toHaveURL(/\/zh-cn\/consensus\/raft\/#scenario=split-vote$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.evaluate(() => (location.hash = '#s=abc&at=3'));
  await page.locator('a[data-language-switch]').click();
  await expect(page).toHaveURL(/\/consensus\/raft\/#s=abc&at=3$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('search in Chinese finds a Chinese page, and only pages of the reader’s language', async ({ page }) => {
  await page.goto(`/zh-cn/search/?q=${encodeURIComponent('法定人数')}`);
  const results = page.locator('[data-search-results] a');
  await expect(results.first()).toBeVisible({ timeout: 15_000 });
  const hrefs = await results.evaluateAll((links) =>
    links.map((a) => new URL((a as HTMLAnchorElement).href).pathname),
  );
  expect(hrefs).toContain('/zh-cn/glossary/quorum/');
  expect(hrefs.every((h) => h.startsWith('/zh-cn/'))).toBe(true);
  await expect(page.locator('[data-search-status]')).toContainText('搜索结果');

  await page.goto('/search/?q=quorum');
  await expect(page.locator('[data-search-results] a').first()).toBeVisible({ timeout: 15_000 });
  const english = await page
    .locator('[data-search-results] a')
    .evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  expect(english.some((h) => h.startsWith('/zh-cn/'))).toBe(false);
});

test('the Raft demo narrates in Chinese on the Chinese page', async ({ page }) => {
  const problems = watch(page);
  const player = await openPlayer(page, '/zh-cn/consensus/raft/', '#scenario=election');
  await expect(player.getByRole('button', { name: '播放' })).toBeVisible();
  await player.getByRole('button', { name: '前进一个事件' }).click();
  const current = player.locator('li[aria-current="step"]');
  await expect(current).toContainText(/超时，发起任期 1 的选举/);
  await player.getByRole('button', { name: '前进一个事件' }).click();
  await expect(page.getByTestId('player-announcer')).toContainText(/投票给/);
  await expect(player.getByTestId('invariant-badge')).toContainText('条不变式成立');
  await player.getByRole('tab', { name: '不变式' }).click();
  await expect(player.getByTestId('invariants')).toContainText('选举安全性');
  // The scenario reads in Chinese too (its English stays in scenarios.ts).
  await expect(player.getByTestId('player-caption')).toContainText('第一次选举');
  expect(problems).toEqual([]);
});
