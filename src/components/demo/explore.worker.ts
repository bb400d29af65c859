/// <reference lib="webworker" />
import { loadAlgorithm } from './algorithms';
import type { DemoId } from './demos';
import { exploreOne, type ExploreFinding, type ExploreRequest } from './explore';

export type ExploreMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'finding'; finding: ExploreFinding }
  | { type: 'done'; done: number; total: number }
  | { type: 'error'; message: string };

const post = (message: ExploreMessage) => postMessage(message);

addEventListener('message', (event: MessageEvent<{ demo: DemoId; request: ExploreRequest }>) => {
  void (async () => {
    const { demo, request } = event.data;
    try {
      const module = await loadAlgorithm(demo);
      if (!module) throw new Error('this demo has no algorithm to explore');
      const nodes = module
        .createRun({ version: 1, algorithm: module.id, params: request.params, seed: 1, actions: [] })
        .view()
        .nodes.map((n) => n.id);
      for (let i = 0; i < request.runs; i++) {
        const finding = exploreOne(module, nodes, request.firstSeed + i, request);
        if (finding) post({ type: 'finding', finding });
        post({ type: 'progress', done: i + 1, total: request.runs });
      }
      post({ type: 'done', done: request.runs, total: request.runs });
    } catch (error) {
      post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  })();
});
