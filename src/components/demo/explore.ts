import type {
  Action,
  AlgorithmModule,
  Micros,
  NodeId,
  Scenario,
  TimedAction,
  Violation,
} from '../../sim/types';

/** Fault schedules an algorithm's own exploration module offers (Raft: random, or Figure 8 replayed with jitter). */
export type ExploreGenerator = 'random' | 'figure-8' | 'membership';

/** Demos whose algorithm ships its own exploration module, and the schedules it offers. */
export const DEDICATED_EXPLORERS: Readonly<Record<string, { value: ExploreGenerator; label: string }[]>> = {
  raft: [
    { value: 'random', label: 'Random faults and client requests' },
    { value: 'figure-8', label: 'Figure 8, replayed with jittered timings' },
    { value: 'membership', label: 'Random faults with servers added and removed' },
  ],
};

export interface ExploreRequest {
  runs: number;
  /** For algorithms with their own exploration module: which fault schedule to draw. */
  generator?: ExploreGenerator;
  /** The algorithm's parameters for every run (e.g. a deliberately broken variant). */
  params: Record<string, unknown>;
  firstSeed: number;
  /** How much virtual time each run covers. */
  horizon: Micros;
  /** A run that computes more events than this is cut short (a storm of messages). */
  maxEvents: number;
}

export interface ExploreFinding {
  seed: number;
  scenario: Scenario;
  violation: Violation;
}

/** A small seeded generator (mulberry32) for choosing faults; the simulation keeps its own. */
export function faultRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A scenario with the given seed and a handful of crashes, restarts, partitions and time-outs. */
export function randomFaultScenario(
  module: AlgorithmModule,
  params: Record<string, unknown>,
  nodes: readonly NodeId[],
  seed: number,
  horizon: Micros,
): Scenario {
  const random = faultRandom(seed ^ 0x9e3779b9);
  const baseLoss = typeof params['loss'] === 'number' ? params['loss'] : 0;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const at = () => Math.floor(random() * horizon);
  const actions: TimedAction[] = [];
  const count = 4 + Math.floor(random() * 13);
  for (let i = 0; i < count && nodes.length > 0; i++) {
    const node = pick(nodes);
    const start = at();
    const kind = pick(['crash', 'crash', 'partition', 'timeout', 'timeout', 'pause', 'loss'] as const);
    let action: Action;
    if (kind === 'crash') {
      action = { type: 'crash', node };
      // Short outages, so leaders come and go many times in one run.
      const back = Math.min(horizon - 1, start + 50_000 + Math.floor(random() * 600_000));
      actions.push({ at: back, action: { type: 'restart', node } });
    } else if (kind === 'partition') {
      const side = nodes.filter(() => random() < 0.5);
      const other = nodes.filter((n) => !side.includes(n));
      action = { type: 'partition', groups: [side, other].filter((g) => g.length > 0) };
      actions.push({
        at: Math.min(horizon - 1, start + Math.floor(random() * 800_000)),
        action: { type: 'heal' },
      });
    } else if (kind === 'loss') {
      // A lossy spell leaves entries on some servers only: the raw material of Figure 8.
      action = { type: 'set-loss', rate: Math.round(random() * 50) / 100 };
      actions.push({
        at: Math.min(horizon - 1, start + Math.floor(random() * 800_000)),
        action: { type: 'set-loss', rate: baseLoss },
      });
    } else if (kind === 'pause') {
      action = { type: 'pause', node, duration: 1000 + Math.floor(random() * 300_000) };
    } else {
      action = { type: 'timeout', node };
    }
    actions.push({ at: start, action });
  }
  // Client requests give the log something to replicate, so commit rules are exercised too.
  const requests = 5 + Math.floor(random() * 20);
  for (let i = 1; i <= requests; i++)
    actions.push({ at: at(), action: { type: 'client', payload: `x=${i}` } });
  actions.sort((a, b) => a.at - b.at);
  return {
    version: 1,
    algorithm: module.id,
    params: { ...params },
    seed,
    actions,
  };
}

/** Runs one random scenario to its horizon and reports the first violation, if any. */
export function exploreOne(
  module: AlgorithmModule,
  nodes: readonly NodeId[],
  seed: number,
  request: Pick<ExploreRequest, 'horizon' | 'maxEvents' | 'params'>,
): ExploreFinding | null {
  const scenario = randomFaultScenario(module, request.params, nodes, seed, request.horizon);
  const run = module.createRun(scenario);
  for (let i = 0; i < request.maxEvents && run.time() <= request.horizon; i++) {
    if (!run.step()) break;
    const violation = run.firstViolation();
    if (violation) return { seed, scenario: run.scenario(), violation };
  }
  return null;
}
