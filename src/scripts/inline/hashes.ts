/**
 * Scripts that must run before the page is parsed further (the theme, before the first paint) or
 * that are too small to be worth a request live here as plain files, and the components inline
 * them byte for byte with `<script is:inline set:html={...} />`. Astro hashes the scripts and
 * styles it processes for its Content Security Policy, but not an is:inline script, so the config
 * passes these hashes: a script of this folder that the policy does not know would not run.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

const folder = new URL('./', import.meta.url);

export function inlineScriptHashes(): `sha256-${string}`[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.js'))
    .sort()
    .map((name): `sha256-${string}` => {
      const digest = createHash('sha256')
        .update(readFileSync(new URL(name, folder)))
        .digest('base64');
      return `sha256-${digest}`;
    });
}
