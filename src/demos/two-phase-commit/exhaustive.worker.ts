/// <reference lib="webworker" />
/**
 * Runs two-phase commit's exhaustive exploration off the main thread, one chunk at a time, posting
 * progress after each chunk and the report at the end, with each counterexample made into a
 * shrunk player scenario. Cancelling terminates the worker.
 */
import {
  Explorer,
  type ExploreOptions,
  type ExploreProgress,
  type ExploreResult,
} from '../../algorithms/two-phase-commit/exhaustive';
import { counterexampleOf } from '../../algorithms/two-phase-commit/replay';
import type { Counterexample } from '../../sim/shrink';

export type ExhaustiveMessage =
  | { type: 'progress'; progress: ExploreProgress }
  /** `scenarios[i]` opens violation i in the player (null when no timed run reproduces it). */
  | { type: 'done'; result: ExploreResult; scenarios: (Counterexample | null)[] }
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
    const result = explorer.report();
    const o = result.options;
    const scenarios = result.violations.map((v) =>
      counterexampleOf(v, {
        participants: o.participants,
        variant: o.variant,
        cooperativeTermination: o.cooperativeTermination,
      }),
    );
    post({ type: 'done', result, scenarios });
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
});
