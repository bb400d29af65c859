/**
 * Runs the content check inside Astro: a build stops with the list of problems, the dev server
 * prints them as warnings and keeps serving, so an author always sees where the content is wrong.
 */
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { checkContent, formatProblem } from '../content/check';

export default function contentCheck(): AstroIntegration {
  let root = process.cwd();
  return {
    name: 'distributed-atlas:content-check',
    hooks: {
      'astro:config:setup': ({ config }) => {
        root = fileURLToPath(config.root);
      },
      'astro:server:setup': ({ logger }) => {
        for (const problem of checkContent(root).problems) logger.warn(formatProblem(problem));
      },
      'astro:build:start': () => {
        const { problems } = checkContent(root);
        if (problems.length > 0) {
          throw new Error(
            `Content check failed:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`,
          );
        }
      },
    },
  };
}
