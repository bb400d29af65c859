/**
 * The Content Security Policy as an HTTP header. Astro writes the policy into each page's
 * `<meta http-equiv="content-security-policy">`, with the hashes of that page's inline scripts and
 * styles. A host that sends headers can send it too, and only a header can carry frame-ancestors.
 * The header is one policy for every path, so it joins the pages' policies: it allows what any page
 * allows, and each page's own <meta> policy, which the browser enforces as well, narrows it again.
 * Astro also lists the hashes of its bundled files, which 'self' allows anyway; the header keeps
 * only the hashes of inline scripts and styles, so that it stays short enough for every host.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const POLICY_PLACEHOLDER = '@CONTENT_SECURITY_POLICY@';

/** Cloudflare Pages reads at most 2,000 characters of a line of _headers. */
export const MAX_HEADERS_LINE = 2_000;

const META = /<meta http-equiv="content-security-policy" content="([^"]*)"/i;
const INLINE = /<(script|style)(\s[^>]*)?>([\s\S]*?)<\/\1>/gi;
const HASH = /^'(sha256|sha384|sha512)-(.+)'$/;

/** The policy in a page's <meta>, or undefined if it has none. */
export function pagePolicy(html: string): string | undefined {
  return META.exec(html)?.[1]?.replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&');
}

/** The contents of a page's inline scripts and styles, as the browser hashes them. */
export function inlineContents(html: string): string[] {
  return [...html.matchAll(INLINE)]
    .filter((match) => !/\ssrc=/i.test(match[2] ?? ''))
    .map((match) => match[3] ?? '');
}

/**
 * The policies joined: directives in their first order, each with its sources in their first order,
 * without repeats; a hash stays only if it is the hash of one of `inline`.
 */
export function joinPolicies(policies: string[], inline: string[]): string {
  const digests = new Map<string, Set<string>>();
  const isInline = (algorithm: string, digest: string) => {
    let known = digests.get(algorithm);
    if (!known) {
      known = new Set(inline.map((text) => createHash(algorithm).update(text).digest('base64')));
      digests.set(algorithm, known);
    }
    return known.has(digest);
  };
  const directives = new Map<string, Set<string>>();
  for (const policy of policies) {
    for (const directive of policy.split(';')) {
      const [name, ...sources] = directive.trim().split(/\s+/);
      if (!name) continue;
      const kept = directives.get(name) ?? new Set<string>();
      for (const source of sources) {
        const hash = HASH.exec(source);
        if (!hash || isInline(hash[1] ?? '', hash[2] ?? '')) kept.add(source);
      }
      directives.set(name, kept);
    }
  }
  return [...directives].map(([name, sources]) => [name, ...sources].join(' ')).join('; ');
}

/** The _headers template with the policy in place, and its paths under the site's base path. */
export function fillHeaders(template: string, policy: string, base = '/'): string {
  const prefix = base.replace(/\/+$/, '');
  return template
    .split('\n')
    .map((line) => {
      if (line.startsWith('/')) return `${prefix}${line}`;
      return line.startsWith('#') ? line : line.replaceAll(POLICY_PLACEHOLDER, policy);
    })
    .join('\n');
}

/** Every built page: its path in the build, its policy and its inline scripts and styles. */
export function builtPages(dist: string): { page: string; policy: string | undefined; inline: string[] }[] {
  return readdirSync(dist, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith('.html'))
    .map((d) => join(d.parentPath, d.name))
    .sort()
    .map((path) => {
      const html = readFileSync(path, 'utf8');
      return { page: path.slice(dist.length), policy: pagePolicy(html), inline: inlineContents(html) };
    });
}
