/// <reference lib="webworker" />
/**
 * Exploration off the page's main thread: the kernel's explorer (src/sim/explore.ts) runs the
 * algorithm's own generators here exactly as on the command line, one run at a time, posting
 * progress after each so the page can draw a bar and stop the worker at any moment. The first
 * few counterexamples are shrunk here too, so "Open in the player" loads the smallest scenario.
 */
import { loadAlgorithm } from '../../registry';
import { explore, type ExploreFinding } from '../../sim/explore';
import { shrink, type Counterexample } from '../../sim/shrink';
import { installFastPath } from '../../sim/fast-path';

// The worker computes thousands of runs: it takes the kernel's fast path.
installFastPath();

export interface ExploreJob {
  algorithm: string;
  /** A generator id, or `all` for every generator in turn. */
  generator: string;
  runs: number;
  firstSeed: number;
  params: Record<string, unknown>;
}

export type ExploreMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'finding'; finding: ExploreFinding }
  | { type: 'shrunk'; seed: number; counterexample: Counterexample }
  | { type: 'done'; done: number; total: number; events: number }
  | { type: 'error'; message: string };

/** Findings shrunk per job: shrinking costs up to a few hundred runs each. */
export const SHRUNK_PER_JOB = 3;

const post = (message: ExploreMessage) => postMessage(message);

addEventListener('message', (event: MessageEvent<ExploreJob>) => {
  void (async () => {
    const job = event.data;
    try {
      const module = await loadAlgorithm(job.algorithm);
      let shrunk = 0;
      const result = explore(module, {
        runs: job.runs,
        firstSeed: job.firstSeed,
        generator: job.generator,
        params: job.params,
        maxEvents: 50_000,
        onRun: (done) => post({ type: 'progress', done, total: job.runs }),
        onFinding: (finding) => {
          post({ type: 'finding', finding });
          if (shrunk++ < SHRUNK_PER_JOB) {
            post({
              type: 'shrunk',
              seed: finding.seed,
              counterexample: shrink(module, finding, { maxEvents: 50_000 }),
            });
          }
        },
      });
      post({ type: 'done', done: result.runs, total: job.runs, events: result.events });
    } catch (error) {
      post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  })();
});
