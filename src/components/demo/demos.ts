import type { ComponentType } from 'react';
import type { AlgorithmModule, WorldView } from '../../sim/types';

/** The demos an article may name in its frontmatter (kept in step with DEMOS in src/content/schema.ts). */
export type DemoId = 'raft' | 'snowflake' | 'leaf-segment' | 'two-phase-commit' | 'redlock';

/** Props every algorithm view receives: plain data at the cursor, and callbacks that go through the player. */
export interface DemoViewProps {
  world: WorldView;
  reducedMotion: boolean;
}

/** What an algorithm plugs into the player: its module and the views that draw it. */
export interface LoadedDemo {
  module: AlgorithmModule;
  views: ComponentType<DemoViewProps>[];
}

// Globbed so that a demo whose algorithm has not been written yet costs nothing and breaks no build.
const algorithmIndexes = import.meta.glob<Record<string, unknown>>('../../algorithms/*/index.ts');

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

/** Loads a demo's algorithm lazily; null when it does not exist (yet). */
export async function loadDemo(demo: DemoId): Promise<LoadedDemo | null> {
  const load = algorithmIndexes[`../../algorithms/${demo}/index.ts`];
  if (!load) return null;
  const module = findAlgorithmModule(await load(), demo);
  if (!module) return null;
  return { module, views: [] };
}
