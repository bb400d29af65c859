/// <reference lib="webworker" />
import type { AlgorithmModule } from '../../sim/types';
import { loadAlgorithm } from './algorithms';
import type { DemoId } from './demos';
import { exploreOne, type ExploreFinding, type ExploreRequest } from './explore';

export type ExploreMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'finding'; finding: ExploreFinding }
  | { type: 'done'; done: number; total: number }
  | { type: 'error'; message: string };

const post = (message: ExploreMessage) => postMessage(message);

type ExploreSeed = (seed: number) => ExploreFinding | null;

/** Raft brings its own exploration (richer fault schedules); other algorithms get the player's generic one. */
async function explorerFor(
  demo: DemoId,
  module: AlgorithmModule,
  request: ExploreRequest,
): Promise<ExploreSeed> {
  if (demo === 'raft') {
    const [{ explore }, { VARIANTS }] = await Promise.all([
      import('../../algorithms/raft/explore'),
      import('../../algorithms/raft/cluster'),
    ]);
    const asked = request.params['variant'];
    const variant = VARIANTS.find((v) => v === asked) ?? 'correct';
    const generator = request.generator ?? 'random';
    return (seed) => explore({ runs: 1, firstSeed: seed, variant, generator }).findings[0] ?? null;
  }
  const nodes = module
    .createRun({ version: 1, algorithm: module.id, params: request.params, seed: 1, actions: [] })
    .view()
    .nodes.map((n) => n.id);
  return (seed) => exploreOne(module, nodes, seed, request);
}

addEventListener('message', (event: MessageEvent<{ demo: DemoId; request: ExploreRequest }>) => {
  void (async () => {
    const { demo, request } = event.data;
    try {
      const module = await loadAlgorithm(demo);
      if (!module) throw new Error('this demo has no algorithm to explore');
      const exploreSeed = await explorerFor(demo, module, request);
      for (let i = 0; i < request.runs; i++) {
        const finding = exploreSeed(request.firstSeed + i);
        if (finding) post({ type: 'finding', finding });
        post({ type: 'progress', done: i + 1, total: request.runs });
      }
      post({ type: 'done', done: request.runs, total: request.runs });
    } catch (error) {
      post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  })();
});
