// @ts-check
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import astro from 'eslint-plugin-astro';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

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
      'no-restricted-imports': [
        'error',
        { patterns: ['react', 'react-dom', 'd3', 'd3-*', 'astro', 'astro:*', 'zustand'] },
      ],
    },
  },
);
