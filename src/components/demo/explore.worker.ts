/// <reference lib="webworker" />
/**
 * Exploration off the page's main thread: the kernel's explorer (src/sim/explore.ts) runs the
 * algorithm's own generators here exactly as on the command line, one run at a time, posting
 * progress after each so the page can draw a bar and stop the worker at any moment.
 */
import { loadAlgorithm } from '../../registry';
import { explore, type ExploreFinding } from '../../sim/explore';

export interface ExploreJob {
  algorithm: string;
  generator: string;
  runs: number;
  firstSeed: number;
  params: Record<string, unknown>;
}

export type ExploreMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'finding'; finding: ExploreFinding }
  | { type: 'done'; done: number; total: number; events: number }
  | { type: 'error'; message: string };

const post = (message: ExploreMessage) => postMessage(message);

addEventListener('message', (event: MessageEvent<ExploreJob>) => {
  void (async () => {
    const job = event.data;
    try {
      const module = await loadAlgorithm(job.algorithm);
      const result = explore(module, {
        runs: job.runs,
        firstSeed: job.firstSeed,
        generator: job.generator,
        params: job.params,
        maxEvents: 50_000,
        onRun: (done) => post({ type: 'progress', done, total: job.runs }),
        onFinding: (finding) => post({ type: 'finding', finding }),
      });
      post({ type: 'done', done: result.runs, total: job.runs, events: result.events });
    } catch (error) {
      post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  })();
});
