// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import react from '@astrojs/react';
import sitemap from '@astrojs/sitemap';
import pagefind from 'astro-pagefind';
import contentCheck from './src/integrations/content-check.ts';
import securityHeaders from './src/integrations/security-headers.ts';
import { inlineScriptHashes } from './src/scripts/inline/hashes.ts';

// Where the site is published. GitHub Pages sets both through the deploy workflow.
const site = process.env.SITE_URL ?? 'http://127.0.0.1:4321';
const base = process.env.BASE_PATH ?? '/';

export default defineConfig({
  site,
  base,
  trailingSlash: 'always',
  // Astro's cache (the content store among it) defaults to node_modules/.astro; worktrees that
  // share one node_modules would then overwrite each other's collections mid-build.
  cacheDir: './.astro/cache',
  // English at /, Simplified Chinese at /zh-cn/ (src/pages/zh-cn renders the same views, src/views).
  i18n: {
    locales: ['en', 'zh-cn'],
    defaultLocale: 'en',
    routing: { prefixDefaultLocale: false },
  },
  integrations: [
    contentCheck(),
    mdx(),
    react(),
    sitemap({ i18n: { defaultLocale: 'en', locales: { en: 'en', 'zh-cn': 'zh-CN' } } }),
    pagefind(),
    securityHeaders(),
  ],
  server: { host: '127.0.0.1', port: 4321 },
  // Astro hashes every inline script and style it emits into each page's <meta> policy; no
  // 'unsafe-inline', for scripts or styles (no markup carries a style attribute). The is:inline
  // scripts of src/scripts/inline are hashed here, the search page adds 'wasm-unsafe-eval' for
  // Pagefind, and src/integrations/security-headers.ts writes the same policy into dist/_headers,
  // with the frame-ancestors a <meta> cannot carry.
  security: {
    csp: {
      directives: [
        "default-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
      ],
      scriptDirective: { resources: ["'self'"], hashes: inlineScriptHashes() },
    },
  },
  devToolbar: { enabled: false },
  // Prism marks tokens with classes only, which src/styles/global.css colours; Shiki would colour
  // them with style attributes, which the Content Security Policy blocks.
  markdown: { syntaxHighlight: 'prism' },
  // Module workers can split chunks, so the exploration worker loads only the algorithm it runs.
  vite: {
    worker: { format: 'es' },
    build: {
      rollupOptions: {
        // Astro marks MDX modules with a "use astro:head-inject" directive that the bundler
        // reports once per entry; it is Astro's own and harmless, and it buried real warnings.
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('astro:head-inject'))
            return;
          warn(warning);
        },
      },
    },
  },
});
