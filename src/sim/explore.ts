/**
 * Exploration: many seeds, each a scenario drawn by one of the algorithm's generators, each run
 * checked against the invariants after every event. Pure and synchronous, so the command line,
 * the tests and the page's Web Worker run the same code; every violation comes with the scenario
 * that reproduces it.
 */
import type { AlgorithmModule, ExploreGenerator } from './module';
import { Random } from './random';
import type { Action, Micros, NodeId, Scenario, TimedAction, Violation } from './types';

export interface ExploreRequest {
  runs: number;
  /** Runs use seeds firstSeed, firstSeed + 1, … */
  firstSeed?: number;
  /** A generator id of the module (default: its first). */
  generator?: string;
  /** Parameters every run starts from (a broken variant, say); a generator may vary the others. */
  params?: Record<string, unknown>;
  /** Simulated time per run (default: the module's for the generator). */
  horizon?: Micros;
  fast?: boolean;
  /** A run that computes more events than this is cut short (a storm of messages). */
  maxEvents?: number;
  stopEarly?: boolean;
  /** Called after each run (progress; throw to cancel). */
  onRun?: (done: number, found: number) => void;
  /** Called with each violation as soon as its run ends. */
  onFinding?: (finding: ExploreFinding) => void;
}

export interface ExploreFinding {
  seed: number;
  violation: Violation;
  scenario: Scenario;
}

export interface ExploreResult {
  generator: string;
  runs: number;
  events: number;
  findings: ExploreFinding[];
}

const DEFAULT_MAX_EVENTS = 200_000;

export function generatorOf(module: AlgorithmModule, id?: string): ExploreGenerator {
  const exploration = module.exploration;
  if (!exploration) throw new Error(`${module.title} declares no exploration`);
  const generator =
    id === undefined ? exploration.generators[0] : exploration.generators.find((g) => g.id === id);
  if (!generator) {
    throw new Error(
      `no generator "${id}" for ${module.id} (known: ${exploration.generators.map((g) => g.id).join(', ')})`,
    );
  }
  return generator;
}

/** The names of the nodes a run with these parameters has. */
export function nodesOf(module: AlgorithmModule, params: Record<string, unknown>): NodeId[] {
  const run = module.createRun({ version: 1, algorithm: module.id, params, seed: 1, actions: [] });
  return run.view().nodes.map((n) => n.id);
}

/** Runs one scenario to its horizon without narration or checkpoints; the first violation, if any. */
export function runToHorizon(
  module: AlgorithmModule,
  scenario: Scenario,
  horizon: Micros,
  maxEvents = DEFAULT_MAX_EVENTS,
): { violation: Violation | null; events: number } {
  const run = module.createRun(scenario, { narrate: false, checkpointEvery: 1_000_000, maxEvents });
  run.seekTime(horizon);
  return { violation: run.firstViolation(), events: run.length() };
}

export function explore(module: AlgorithmModule, request: ExploreRequest): ExploreResult {
  const generator = generatorOf(module, request.generator);
  const params = module.parseParams(request.params ?? module.defaultParams);
  const horizon = request.horizon ?? module.exploration?.horizon(generator.id) ?? 2_000_000;
  const settings = {
    algorithm: module.id,
    params,
    horizon,
    fast: request.fast ?? false,
    nodes: nodesOf(module, params),
  };
  const runs = Math.max(0, Math.floor(request.runs));
  const first = request.firstSeed ?? 1;
  const findings: ExploreFinding[] = [];
  let events = 0;
  for (let i = 0; i < runs; i++) {
    const seed = (first + i) >>> 0;
    const scenario = generator.scenario(seed, settings);
    const result = runToHorizon(module, scenario, horizon, request.maxEvents);
    events += result.events;
    if (result.violation) {
      const finding = { seed, violation: result.violation, scenario };
      findings.push(finding);
      request.onFinding?.(finding);
    }
    request.onRun?.(i + 1, findings.length);
    if (result.violation && request.stopEarly)
      return { generator: generator.id, runs: i + 1, events, findings };
  }
  return { generator: generator.id, runs, events, findings };
}

export interface RandomFaultsOptions {
  /** What a client asks for, request by request (default: `x=<n>`). */
  clientPayload?: (random: Random, n: number) => unknown;
}

/**
 * A generator any algorithm can offer: a handful of crashes with restarts, partitions with heals,
 * forced time-outs, pauses and lossy spells at random moments, and client requests in between.
 */
export function randomFaults(options: RandomFaultsOptions = {}): ExploreGenerator {
  const payload = options.clientPayload ?? ((_r: Random, n: number) => `x=${n}`);
  return {
    id: 'random',
    title: 'Random faults and client requests',
    description:
      'Crashes and restarts, partitions and heals, time-outs, pauses and lossy spells at random moments.',
    scenario(seed, { algorithm, params, horizon, nodes }): Scenario {
      const r = Random.fromSeed(seed ^ 0x9e3779b9);
      const baseLoss = typeof params['loss'] === 'number' ? params['loss'] : 0;
      const at = () => r.int(0, horizon);
      const later = (start: Micros, max: Micros) => Math.min(horizon - 1, start + r.int(0, max));
      const actions: TimedAction[] = [];
      const count = r.int(4, 17);
      for (let i = 0; i < count && nodes.length > 0; i++) {
        const node = r.pick(nodes);
        const start = at();
        const kind = r.pick(['crash', 'crash', 'partition', 'timeout', 'timeout', 'pause', 'loss'] as const);
        let action: Action;
        if (kind === 'crash') {
          action = { type: 'crash', node };
          // Short outages, so whoever leads comes and goes many times in one run.
          actions.push({ at: later(start + 50_000, 600_000), action: { type: 'restart', node } });
        } else if (kind === 'partition') {
          const side = nodes.filter(() => r.chance(0.5));
          const other = nodes.filter((n) => !side.includes(n));
          action = { type: 'partition', groups: [side, other].filter((g) => g.length > 0) };
          actions.push({ at: later(start, 800_000), action: { type: 'heal' } });
        } else if (kind === 'loss') {
          action = { type: 'set-loss', rate: r.int(0, 51) / 100 };
          actions.push({ at: later(start, 800_000), action: { type: 'set-loss', rate: baseLoss } });
        } else if (kind === 'pause') {
          action = { type: 'pause', node, duration: 1000 + r.int(0, 300_000) };
        } else {
          action = { type: 'timeout', node };
        }
        actions.push({ at: start, action });
      }
      const requests = r.int(5, 25);
      for (let n = 1; n <= requests; n++)
        actions.push({ at: at(), action: { type: 'client', payload: payload(r, n) } });
      actions.sort((a, b) => a.at - b.at);
      return { version: 1, algorithm, params: { ...params }, seed, actions };
    },
  };
}
