// @ts-check
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import astro from 'eslint-plugin-astro';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { readdirSync } from 'node:fs';

/** Folders of one kind under src (one per algorithm, one per demo), read so a new one is covered at once. */
/** @param {string} dir */
const foldersIn = (dir) =>
  readdirSync(new URL(dir, import.meta.url), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
const ALGORITHMS = foldersIn('./src/algorithms/');
const DEMOS = foldersIn('./src/demos/');

/** A relative import that climbs out of the file's folder into one of these folders of src. */
/** @param {...string} folders */
const into = (...folders) => `^(\\.\\./)+(${folders.join('|')})(/|$)`;
const REGISTRY = '^(\\.\\./)+registry$';
const BROWSER = [
  'react',
  'react-dom',
  'react-dom/*',
  'd3',
  'd3-*',
  'astro',
  'astro:*',
  'zustand',
  'zustand/*',
];

/**
 * Which way imports point (docs/architecture.md): each layer may import the layers below it only.
 * A wrong-way import fails `npm run lint` with the reason.
 */
/**
 * @param {string[]} files
 * @param {{ forbidden: string[], packages?: string[], message: string }} rule
 * @returns {import('eslint').Linter.Config}
 */
function layer(files, { forbidden, packages = [], message }) {
  return {
    files,
    ignores: ['**/test/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...forbidden.map((regex) => ({ regex, message })),
            ...(packages.length
              ? [{ group: packages, message: 'The kernel and the algorithms run in Node and workers too.' }]
              : []),
          ],
        },
      ],
    },
  };
}

const layers = [
  layer(['src/sim/**/*.ts'], {
    // The kernel imports nothing of the project outside itself.
    forbidden: ['^\\.\\./'],
    packages: BROWSER,
    message: 'src/sim imports nothing of the project: the kernel sits below everything.',
  }),
  ...ALGORITHMS.map((name) =>
    layer([`src/algorithms/${name}/**/*.ts`], {
      forbidden: [
        into(
          'components',
          'viz',
          'plugin',
          'stores',
          'demos',
          'cli',
          'pages',
          'layouts',
          'content',
          'utils',
          'i18n',
          'views',
        ),
        REGISTRY,
        ...ALGORITHMS.filter((other) => other !== name).map((other) => into(other)),
      ],
      packages: BROWSER,
      message: `An algorithm imports only the kernel (src/sim) and its own folder (src/algorithms/${name}).`,
    }),
  ),
  layer(['src/stores/**/*.ts'], {
    forbidden: [into('components', 'viz', 'plugin', 'demos', 'algorithms', 'cli', 'i18n'), REGISTRY],
    message: 'The stores sit just above the kernel: they import src/sim only.',
  }),
  layer(['src/plugin/**/*.{ts,tsx}'], {
    forbidden: [into('components', 'viz', 'demos', 'algorithms', 'cli', 'i18n'), REGISTRY],
    message: 'The plugin contract sits below the views: it imports the stores and the kernel only.',
  }),
  layer(['src/viz/**/*.{ts,tsx}'], {
    forbidden: [into('components', 'demos', 'algorithms', 'cli', 'i18n'), REGISTRY],
    message: 'Shared views know no algorithm and no player: they import src/plugin, src/stores and src/sim.',
  }),
  layer(['src/components/demo/**/*.{ts,tsx}'], {
    // src/i18n holds every language: the page hands the island its own language's words instead
    // (src/plugin/i18n.ts), so a page loads one language.
    forbidden: [into('demos', 'algorithms', 'cli', 'i18n')],
    message:
      'The player reaches algorithms and demos through src/registry.ts only, and its words through src/plugin/i18n.ts.',
  }),
  ...DEMOS.map((name) =>
    layer([`src/demos/${name}/**/*.{ts,tsx}`], {
      forbidden: [
        into('components', 'cli', 'i18n'),
        REGISTRY,
        ...ALGORITHMS.filter((other) => other !== name).map((other) => into(`algorithms/${other}`)),
        ...DEMOS.filter((other) => other !== name).map((other) => into(other)),
      ],
      message: `A demo imports its own algorithm (src/algorithms/${name}), the plugin contract, the shared views and the kernel.`,
    }),
  ),
];

export default defineConfig(
  { ignores: ['dist/', '.astro/', 'node_modules/', 'test-results/', 'playwright-report/', 'test/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  ...astro.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.tsx'],
    // The plugin's published types lag behind ESLint's; its runtime shape is a plugin.
    plugins: { 'react-hooks': /** @type {import('eslint').ESLint.Plugin} */ (reactHooks) },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // The simulation never reads the wall clock nor draws from Math.random: runs must replay exactly.
    files: ['src/sim/**/*.ts', 'src/algorithms/**/*.ts'],
    ignores: ['**/test/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: "Use the run's seeded PRNG (src/sim/random.ts)." },
        { object: 'Date', property: 'now', message: 'Use virtual time from the kernel.' },
        { object: 'performance', property: 'now', message: 'Use virtual time from the kernel.' },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'window', message: 'Algorithms run in Node and workers too.' },
        { name: 'document', message: 'Algorithms run in Node and workers too.' },
      ],
    },
  },
  ...layers,
);
