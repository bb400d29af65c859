import type { AlgorithmModule } from '../../sim/types';

// Globbed so that a demo whose algorithm has not been written yet costs nothing and breaks no build.
// Kept apart from the views so the exploration worker loads the algorithm alone.
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

/** Whether src/algorithms/<id>/index.ts exists in this build. */
export function hasAlgorithm(id: string): boolean {
  return `../../algorithms/${id}/index.ts` in algorithmIndexes;
}

/** Loads an algorithm lazily; null when it does not exist (yet) or exports no AlgorithmModule. */
export async function loadAlgorithm(id: string): Promise<AlgorithmModule | null> {
  const load = algorithmIndexes[`../../algorithms/${id}/index.ts`];
  if (!load) return null;
  return findAlgorithmModule(await load(), id);
}
