/// <reference lib="webworker" />
/** Rebalances a million keys off the main thread and reports the time it took there. */
import {
  rebalance,
  type RebalanceReport,
  type RebalanceRequest,
} from '../../algorithms/consistent-hashing/rebalance';

export type ScaleMessage =
  { type: 'done'; report: RebalanceReport; ms: number } | { type: 'error'; message: string };

addEventListener('message', (event: MessageEvent<RebalanceRequest>) => {
  try {
    const started = performance.now();
    const report = rebalance(event.data);
    const ms = performance.now() - started;
    postMessage({ type: 'done', report, ms } satisfies ScaleMessage);
  } catch (error) {
    postMessage({ type: 'error', message: (error as Error).message } satisfies ScaleMessage);
  }
});
