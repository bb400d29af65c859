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

/** The names of the invariants an algorithm checks, from its `INVARIANTS` export (a list of names). */
export function findInvariantNames(exports: Record<string, unknown>): string[] {
  const names = exports['INVARIANTS'];
  return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : [];
}

/** Loads an algorithm lazily; null when it does not exist (yet) or exports no AlgorithmModule. */
export async function loadAlgorithm(id: string): Promise<AlgorithmModule | null> {
  return (await loadAlgorithmWithInvariants(id))?.module ?? null;
}

export async function loadAlgorithmWithInvariants(
  id: string,
): Promise<{ module: AlgorithmModule; invariants: string[] } | null> {
  const load = algorithmIndexes[`../../algorithms/${id}/index.ts`];
  if (!load) return null;
  const exports = await load();
  const module = findAlgorithmModule(exports, id);
  return module ? { module, invariants: findInvariantNames(exports) } : null;
}
