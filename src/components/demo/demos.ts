import type { AlgorithmModule } from '../../sim/types';
import { genericPlugin, type DemoPlugin } from './plugin';

/** The demos an article may name in its frontmatter (kept in step with DEMOS in src/content/schema.ts). */
export type DemoId = 'raft' | 'snowflake' | 'leaf-segment' | 'two-phase-commit' | 'redlock';

/** What an algorithm plugs into the player: its module and the views that draw it. */
export interface LoadedDemo {
  id: DemoId;
  module: AlgorithmModule;
  plugin: DemoPlugin;
}

// Globbed so that a demo whose algorithm has not been written yet costs nothing and breaks no build.
const algorithmIndexes = import.meta.glob<Record<string, unknown>>('../../algorithms/*/index.ts');

/** Each algorithm's own views, loaded with it; algorithms without any get the generic ones. */
const plugins: Partial<Record<DemoId, () => Promise<DemoPlugin>>> = {
  raft: () => import('../../viz/raft/plugin').then((m) => m.raftPlugin),
};

function isAlgorithmModule(value: unknown): value is AlgorithmModule {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<AlgorithmModule>).createRun === 'function' &&
    typeof (value as Partial<AlgorithmModule>).id === 'string'
  );
}

/** Picks the AlgorithmModule out of an index.ts, whichever name it is exported under. */
export function findAlgorithmModule(exports: Record<string, unknown>, id: string): AlgorithmModule | null {
  const candidates = Object.values(exports).filter(isAlgorithmModule);
  return candidates.find((m) => m.id === id) ?? candidates[0] ?? null;
}

/** Whether the algorithm behind a demo exists in this build. */
export function isDemoAvailable(demo: DemoId): boolean {
  return `../../algorithms/${demo}/index.ts` in algorithmIndexes;
}

/** Loads a demo's algorithm and views lazily; null when the algorithm does not exist (yet). */
export async function loadDemo(demo: DemoId): Promise<LoadedDemo | null> {
  const load = algorithmIndexes[`../../algorithms/${demo}/index.ts`];
  if (!load) return null;
  const [exports, plugin] = await Promise.all([load(), plugins[demo]?.() ?? Promise.resolve(genericPlugin)]);
  const module = findAlgorithmModule(exports, demo);
  if (!module) return null;
  return { id: demo, module, plugin };
}
