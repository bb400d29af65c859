import type {
  Action,
  AlgorithmModule,
  Micros,
  NodeId,
  Scenario,
  TimedAction,
  Violation,
} from '../../sim/types';

export interface ExploreRequest {
  runs: number;
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
  nodes: readonly NodeId[],
  seed: number,
  horizon: Micros,
): Scenario {
  const random = faultRandom(seed ^ 0x9e3779b9);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const at = () => Math.floor(random() * horizon);
  const actions: TimedAction[] = [];
  const count = 2 + Math.floor(random() * 5);
  for (let i = 0; i < count && nodes.length > 0; i++) {
    const node = pick(nodes);
    const start = at();
    const kind = pick(['crash', 'partition', 'timeout', 'pause'] as const);
    let action: Action;
    if (kind === 'crash') {
      action = { type: 'crash', node };
      const back = start + Math.floor(random() * (horizon - start));
      actions.push({ at: back, action: { type: 'restart', node } });
    } else if (kind === 'partition') {
      const side = nodes.filter(() => random() < 0.5);
      const other = nodes.filter((n) => !side.includes(n));
      action = { type: 'partition', groups: [side, other].filter((g) => g.length > 0) };
      actions.push({ at: start + Math.floor(random() * (horizon - start)), action: { type: 'heal' } });
    } else if (kind === 'pause') {
      action = { type: 'pause', node, duration: 1000 + Math.floor(random() * 300_000) };
    } else {
      action = { type: 'timeout', node };
    }
    actions.push({ at: start, action });
  }
  actions.sort((a, b) => a.at - b.at);
  return {
    version: 1,
    algorithm: module.id,
    params: { ...module.defaultParams },
    seed,
    actions,
  };
}

/** Runs one random scenario to its horizon and reports the first violation, if any. */
export function exploreOne(
  module: AlgorithmModule,
  nodes: readonly NodeId[],
  seed: number,
  request: Pick<ExploreRequest, 'horizon' | 'maxEvents'>,
): ExploreFinding | null {
  const scenario = randomFaultScenario(module, nodes, seed, request.horizon);
  const run = module.createRun(scenario);
  for (let i = 0; i < request.maxEvents && run.time() <= request.horizon; i++) {
    if (!run.step()) break;
    const violation = run.firstViolation();
    if (violation) return { seed, scenario: run.scenario(), violation };
  }
  return null;
}
