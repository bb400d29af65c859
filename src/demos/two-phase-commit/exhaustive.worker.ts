/// <reference lib="webworker" />
/**
 * Runs two-phase commit's exhaustive exploration off the main thread, one chunk at a time, posting
 * progress after each chunk and the report at the end. Cancelling terminates the worker.
 */
import {
  Explorer,
  type ExploreOptions,
  type ExploreProgress,
  type ExploreResult,
} from '../../algorithms/two-phase-commit/exhaustive';

export type ExhaustiveMessage =
  | { type: 'progress'; progress: ExploreProgress }
  | { type: 'done'; result: ExploreResult }
  | { type: 'error'; message: string };

/** States expanded between two progress reports: small enough to report several times a second. */
const CHUNK = 1500;

const post = (message: ExhaustiveMessage) => postMessage(message);

addEventListener('message', (event: MessageEvent<ExploreOptions>) => {
  try {
    const explorer = new Explorer(event.data);
    for (;;) {
      const progress = explorer.step(CHUNK);
      post({ type: 'progress', progress });
      if (progress.done) break;
    }
    post({ type: 'done', result: explorer.report() });
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
});
