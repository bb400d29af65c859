/**
 * Runs the content check inside Astro: a build stops with the list of problems, the dev server
 * prints them as warnings and keeps serving, so an author always sees where the content is wrong.
 * A build checks while its configuration is set up, before Astro syncs the collections: an entry
 * Astro cannot load would otherwise fail the build with Astro's message, or one naming no file.
 */
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { checkContent, formatProblem } from '../content/check';

export default function contentCheck(): AstroIntegration {
  let root = process.cwd();
  return {
    name: 'distributed-atlas:content-check',
    hooks: {
      'astro:config:setup': ({ config, command, logger }) => {
        root = fileURLToPath(config.root);
        if (command !== 'build') return;
        const { problems, warnings } = checkContent(root);
        // A stale translation still builds: the reader gets it, and the author the list.
        for (const warning of warnings) logger.warn(formatProblem(warning));
        if (problems.length === 0) return;
        const error = new Error(
          `Content check failed:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`,
        );
        // The problems name their files and lines; a stack into this integration would only bury them.
        error.stack = error.message;
        throw error;
      },
      'astro:server:setup': ({ logger }) => {
        const { problems, warnings } = checkContent(root);
        for (const problem of [...problems, ...warnings]) logger.warn(formatProblem(problem));
      },
    },
  };
}
