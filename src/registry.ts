/**
 * Every algorithm of the site, one line each: its module (src/algorithms/<id>) and its demo's
 * browser side (src/demos/<id>), both loaded lazily, so a page downloads only the demo it shows.
 * The content schema's demo ids, the player, the explorer's worker and the command line all read
 * this list; adding an algorithm is adding its two folders and a line here.
 */
import type { AlgorithmModule } from './sim/module';
import type { DemoEntry } from './plugin/plugin';

interface RegistryEntry {
  /** The algorithm's module; absent for a demo that draws a pure model of its own. */
  algorithm?: () => Promise<{ default: AlgorithmModule }>;
  demo: () => Promise<{ default: DemoEntry }>;
}

export const registry = {
  raft: { algorithm: () => import('./algorithms/raft'), demo: () => import('./demos/raft') },
  redlock: { algorithm: () => import('./algorithms/redlock'), demo: () => import('./demos/redlock') },
  snowflake: { algorithm: () => import('./algorithms/snowflake'), demo: () => import('./demos/snowflake') },
  'two-phase-commit': {
    algorithm: () => import('./algorithms/two-phase-commit'),
    demo: () => import('./demos/two-phase-commit'),
  },
  'consistent-hashing': {
    algorithm: () => import('./algorithms/consistent-hashing'),
    demo: () => import('./demos/consistent-hashing'),
  },
  paxos: { algorithm: () => import('./algorithms/paxos'), demo: () => import('./demos/paxos') },
  'leaf-segment': {
    algorithm: () => import('./algorithms/leaf-segment'),
    demo: () => import('./demos/leaf-segment'),
  },
  dlm: { algorithm: () => import('./algorithms/dlm'), demo: () => import('./demos/dlm') },
} satisfies Record<string, RegistryEntry>;

export type DemoId = keyof typeof registry;

/** Every demo id, in the order above. */
export const DEMO_IDS = Object.keys(registry) as [DemoId, ...DemoId[]];

export function isDemoId(id: string): id is DemoId {
  return Object.hasOwn(registry, id);
}

/** The ids of the demos that run an algorithm module on the kernel. */
export const ALGORITHM_IDS = DEMO_IDS.filter((id) => 'algorithm' in registry[id]);

/** Loads an algorithm's module; throws naming the known ones when there is none by that id. */
export async function loadAlgorithm(id: string): Promise<AlgorithmModule> {
  const entry: RegistryEntry | undefined = isDemoId(id) ? registry[id] : undefined;
  if (!entry?.algorithm) throw new Error(`Unknown algorithm "${id}" (known: ${ALGORITHM_IDS.join(', ')})`);
  return (await entry.algorithm()).default;
}

/** Every algorithm module, in registry order (the command line, the tests). */
export async function loadAlgorithms(): Promise<AlgorithmModule[]> {
  return Promise.all(ALGORITHM_IDS.map(loadAlgorithm));
}

export async function loadDemo(id: DemoId): Promise<DemoEntry> {
  return (await registry[id].demo()).default;
}
