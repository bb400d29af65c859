import type { ComponentType } from 'react';
import type { AlgorithmModule } from '../../sim/types';
import { hasAlgorithm, loadAlgorithmWithInvariants } from './algorithms';
import { genericPlugin, type DemoPlugin } from './plugin';

/** The demos an article may name in its frontmatter (kept in step with DEMOS in src/content/schema.ts). */
export type DemoId = 'raft' | 'snowflake' | 'leaf-segment' | 'two-phase-commit' | 'redlock';

/** What an algorithm plugs into the player: its module and the views that draw it. */
export interface LoadedDemo {
  id: DemoId;
  module: AlgorithmModule;
  plugin: DemoPlugin;
}

/** Each algorithm's own views, loaded with it; algorithms without any get the generic ones. */
const plugins: Partial<Record<DemoId, () => Promise<DemoPlugin>>> = {
  raft: () => import('../../viz/raft/plugin').then((m) => m.raftPlugin),
  snowflake: () => import('../../viz/snowflake/plugin').then((m) => m.snowflakePlugin),
  redlock: () => import('../../viz/redlock/plugin').then((m) => m.redlockPlugin),
  'two-phase-commit': () => import('../../viz/two-phase-commit/plugin').then((m) => m.twoPhaseCommitPlugin),
};

/**
 * Demos of a pure model rather than a kernel algorithm: a self-contained view, loaded lazily and
 * shown in place of the player.
 */
export const standaloneDemos: Partial<Record<DemoId, () => Promise<ComponentType>>> = {
  'leaf-segment': () => import('./snowflake/LeafSegment').then((m) => m.default),
};

/** Whether the algorithm behind a demo exists in this build. */
export function isDemoAvailable(demo: DemoId): boolean {
  return hasAlgorithm(demo) || standaloneDemos[demo] !== undefined;
}

/** Loads a demo's algorithm and views lazily; null when the algorithm does not exist (yet). */
export async function loadDemo(demo: DemoId): Promise<LoadedDemo | null> {
  const [algorithm, plugin] = await Promise.all([
    loadAlgorithmWithInvariants(demo),
    plugins[demo]?.() ?? Promise.resolve(genericPlugin),
  ]);
  if (!algorithm) return null;
  // Views without their own list of invariants show the names the algorithm exports.
  const invariants =
    plugin.invariants.length > 0
      ? plugin.invariants
      : algorithm.invariants.map((name) => ({ name, description: '' }));
  return { id: demo, module: algorithm.module, plugin: { ...plugin, invariants } };
}
