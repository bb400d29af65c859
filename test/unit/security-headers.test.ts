import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fillHeaders,
  inlineContents,
  joinPolicies,
  pagePolicy,
  POLICY_PLACEHOLDER,
} from '../../src/utils/security-headers';

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('the Content Security Policy as a header', () => {
  const theme = '(function () { document.documentElement.dataset.theme = "dark"; })();';
  const page = (extra: string) =>
    `<html><head><meta http-equiv="content-security-policy" content="default-src 'self'; script-src 'self' ${hash(theme)} ${extra}; style-src 'self' ${hash('bundled.css')}"><script>${theme}</script><script type="module" src="/_astro/a.js"></script></head></html>`;

  it('reads the policy and the inline scripts of a page, but not scripts loaded from a file', () => {
    expect(pagePolicy(page(''))).toContain(`script-src 'self' ${hash(theme)}`);
    expect(inlineContents(page(''))).toEqual([theme]);
  });

  it('joins the pages’ policies and keeps only the hashes of inline scripts and styles', () => {
    const policies = [pagePolicy(page('')) ?? '', pagePolicy(page("'wasm-unsafe-eval'")) ?? ''];
    expect(joinPolicies(policies, [theme])).toBe(
      `default-src 'self'; script-src 'self' ${hash(theme)} 'wasm-unsafe-eval'; style-src 'self'`,
    );
  });

  it('fills the template in public/_headers, and puts its paths under the base path', () => {
    const template = readFileSync(join(import.meta.dirname, '..', '..', 'public', '_headers'), 'utf8');
    const rules = (text: string) => text.split('\n').filter((line) => !line.startsWith('#') && line.trim());
    expect(rules(fillHeaders(template, "default-src 'self'", '/atlas/'))).toEqual([
      '/atlas/*',
      "  Content-Security-Policy: default-src 'self'; frame-ancestors 'none'",
      '/atlas/embed/*',
      '  ! Content-Security-Policy',
      "  Content-Security-Policy: default-src 'self'; frame-ancestors *",
    ]);
    // The comments that name the placeholder are left as they are.
    expect(fillHeaders(template, 'x')).toContain(POLICY_PLACEHOLDER);
  });
});
