/**
 * Completes the built _headers file (from public/_headers) with the Content Security Policy Astro
 * wrote into the pages, so a host that reads it sends the same policy as a header, where
 * frame-ancestors takes effect. A page without the policy stops the build.
 */
import type { AstroIntegration } from 'astro';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  builtPages,
  fillHeaders,
  joinPolicies,
  MAX_HEADERS_LINE,
  POLICY_PLACEHOLDER,
} from '../utils/security-headers';

export default function securityHeaders(): AstroIntegration {
  let base = '/';
  return {
    name: 'distributed-atlas:security-headers',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base;
      },
      'astro:build:done': ({ dir, logger }) => {
        const dist = fileURLToPath(dir);
        const file = `${dist}_headers`;
        if (!existsSync(file)) return;
        const pages = builtPages(dist);
        const missing = pages.filter((p) => p.policy === undefined).map((p) => p.page);
        if (missing.length > 0) {
          throw new Error(`These pages have no Content Security Policy: ${missing.join(', ')}`);
        }
        const template = readFileSync(file, 'utf8');
        if (!template.includes(POLICY_PLACEHOLDER)) {
          throw new Error(`public/_headers does not contain ${POLICY_PLACEHOLDER}, where the policy goes`);
        }
        const policy = joinPolicies(
          pages.map((p) => p.policy ?? ''),
          pages.flatMap((p) => p.inline),
        );
        const headers = fillHeaders(template, policy, base);
        writeFileSync(file, headers);
        const longest = Math.max(...headers.split('\n').map((line) => line.length));
        if (longest > MAX_HEADERS_LINE) {
          logger.warn(
            `_headers has a line of ${longest} characters; Cloudflare Pages reads at most ${MAX_HEADERS_LINE}`,
          );
        }
        logger.info(`_headers: the Content Security Policy of ${pages.length} pages`);
      },
    },
  };
}
