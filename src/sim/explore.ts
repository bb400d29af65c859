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
  /**
   * A generator id of the module. Without one, the default explorer: every generator in turn
   * (run i uses generator i mod n), so targeted generators and the swarm share the budget.
   */
  generator?: string;
  /** Parameters every run starts from (a broken variant, say); a generator may vary the others. */
  params?: Record<string, unknown>;
  /** Simulated time per run (default: the module's for the generator). */
  horizon?: Micros;
  fast?: boolean;
  /** A run that computes more events than this is cut short (a storm of messages). */
  maxEvents?: number;
  /** Only violations of these invariants (ids or names) count as findings (default: all). */
  invariants?: readonly string[];
  stopEarly?: boolean;
  /** Called after each run (progress; throw to cancel). */
  onRun?: (done: number, found: number) => void;
  /** Called with each violation as soon as its run ends. */
  onFinding?: (finding: ExploreFinding) => void;
}

export interface ExploreFinding {
  seed: number;
  /** The generator that drew the scenario. */
  generator: string;
  violation: Violation;
  scenario: Scenario;
}

export interface ExploreResult {
  /** The generator asked for, or `all` for the default explorer. */
  generator: string;
  runs: number;
  events: number;
  findings: ExploreFinding[];
}

/** The id of the default explorer: every generator of the module in turn. */
export const ALL_GENERATORS = 'all';

const DEFAULT_MAX_EVENTS = 200_000;

export function generatorOf(module: AlgorithmModule, id?: string): ExploreGenerator {
  const exploration = module.exploration;
  if (!exploration) throw new Error(`${module.title} declares no exploration`);
  const generator =
    id === undefined ? exploration.generators[0] : exploration.generators.find((g) => g.id === id);
  if (!generator) {
    throw new Error(
      `no generator "${id}" for ${module.id} (known: ${[ALL_GENERATORS, ...exploration.generators.map((g) => g.id)].join(', ')})`,
    );
  }
  return generator;
}

/** The generators a request runs, in turn: one, or all of them for the default explorer. */
export function generatorsOf(module: AlgorithmModule, id?: string): ExploreGenerator[] {
  if (id === undefined || id === ALL_GENERATORS) {
    const exploration = module.exploration;
    if (!exploration) throw new Error(`${module.title} declares no exploration`);
    return [...exploration.generators];
  }
  return [generatorOf(module, id)];
}

/**
 * The parameters of a variant: the module's defaults with the variant chosen, or with the
 * settings a configuration variant names (a lock service without fencing tokens, say).
 */
export function variantParams(module: AlgorithmModule, variant: string): Record<string, unknown> {
  const info = module.variants.find((v) => v.id === variant);
  if (!info) {
    throw new Error(
      `no variant "${variant}" for ${module.id} (known: ${module.variants.map((v) => v.id).join(', ')})`,
    );
  }
  const params = info.params
    ? { ...module.defaultParams, ...info.params }
    : { ...module.defaultParams, variant };
  return module.parseParams(params);
}

/** The names of the nodes a run with these parameters has. */
export function nodesOf(module: AlgorithmModule, params: Record<string, unknown>): NodeId[] {
  const run = module.createRun({ version: 1, algorithm: module.id, params, seed: 1, actions: [] });
  return run.view().nodes.map((n) => n.id);
}

/** Matches a violation against invariant ids or names; `undefined` matches every one. */
function wanted(module: AlgorithmModule, invariants: readonly string[] | undefined) {
  if (!invariants) return () => true;
  const names = new Set<string>();
  for (const i of module.invariants) {
    if (invariants.includes(i.id) || invariants.includes(i.name)) names.add(i.name);
  }
  return (v: Violation) => names.has(v.invariant);
}

/**
 * Runs one scenario up to its horizon without a trace (no narration, records or checkpoints: see
 * `keepTrace`), stopping at the first
 * violation that counts (all of them by default); returns it, if any, and the events computed.
 */
export function runToHorizon(
  module: AlgorithmModule,
  scenario: Scenario,
  horizon: Micros,
  maxEvents = DEFAULT_MAX_EVENTS,
  counts: (v: Violation) => boolean = () => true,
): { violation: Violation | null; events: number } {
  const run = module.createRun(scenario, { narrate: false, keepTrace: false, maxEvents });
  let seen = 0;
  while (run.step()) {
    const list = run.violations();
    if (list.length > seen) {
      for (let i = seen; i < list.length; i++) {
        const v = list[i] as Violation;
        if (v.time <= horizon && counts(v)) return { violation: v, events: run.length() };
      }
      seen = list.length;
    }
    if (run.time() > horizon) break;
  }
  return { violation: null, events: run.length() };
}

export function explore(module: AlgorithmModule, request: ExploreRequest): ExploreResult {
  const generators = generatorsOf(module, request.generator);
  const params = module.parseParams(request.params ?? module.defaultParams);
  const nodes = nodesOf(module, params);
  const counts = wanted(module, request.invariants);
  const runs = Math.max(0, Math.floor(request.runs));
  const first = request.firstSeed ?? 1;
  const findings: ExploreFinding[] = [];
  const name =
    request.generator === undefined || request.generator === ALL_GENERATORS
      ? ALL_GENERATORS
      : (generators[0] as ExploreGenerator).id;
  let events = 0;
  for (let i = 0; i < runs; i++) {
    const seed = (first + i) >>> 0;
    const generator = generators[i % generators.length] as ExploreGenerator;
    const horizon = request.horizon ?? module.exploration?.horizon(generator.id) ?? 2_000_000;
    const settings = { algorithm: module.id, params, horizon, fast: request.fast ?? false, nodes };
    const scenario = generator.scenario(seed, settings);
    const result = runToHorizon(module, scenario, horizon, request.maxEvents, counts);
    events += result.events;
    if (result.violation) {
      const finding = { seed, generator: generator.id, violation: result.violation, scenario };
      findings.push(finding);
      request.onFinding?.(finding);
    }
    request.onRun?.(i + 1, findings.length);
    if (result.violation && request.stopEarly) return { generator: name, runs: i + 1, events, findings };
  }
  return { generator: name, runs, events, findings };
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

/** The kinds of fault a swarm run may draw from. */
export type FaultKind =
  | 'crash'
  | 'partition'
  | 'isolate'
  | 'timeout'
  | 'pause'
  | 'loss'
  | 'duplication'
  | 'latency'
  | 'clock-jump'
  | 'clock-rate';

export const FAULT_KINDS: readonly FaultKind[] = [
  'crash',
  'partition',
  'isolate',
  'timeout',
  'pause',
  'loss',
  'duplication',
  'latency',
  'clock-jump',
  'clock-rate',
];

export interface SwarmOptions extends RandomFaultsOptions {
  id?: string;
  title?: string;
  description?: string;
  /** The fault kinds this algorithm admits (default: all but clock changes). */
  kinds?: readonly FaultKind[];
  /** Which node a client request goes to (default: none named, the algorithm picks). */
  clientNode?: (random: Random, nodes: readonly NodeId[]) => NodeId | undefined;
  /** The nodes a crash may hit (default: any). */
  crashable?: (node: NodeId) => boolean;
  /** Client requests per run, at most (default 24). */
  maxRequests?: number;
  /** Whole steps a clock jump may take, in µs, either way (default 50 ms). */
  maxClockJump?: Micros;
  /** Longest pause, in µs (default 300 ms). */
  maxPause?: Micros;
  /** Longest outage, partition or lossy spell, in µs (default 800 ms). */
  maxSpell?: Micros;
  /** Parameters a run may vary besides the faults (latencies, say); called with the run's random. */
  params?: (random: Random, params: Record<string, unknown>) => Record<string, unknown>;
}

/**
 * Swarm testing (Groce et al., 2012): each run draws its own subset of the fault kinds and its own
 * rate for each, so some runs crash nodes a dozen times with nothing else going on and others only
 * partition and pause. A fault that masks another (a crash ends the pause it would have shown) is
 * then absent from many runs, where a single fixed mix would always dilute every fault.
 */
export function swarm(options: SwarmOptions = {}): ExploreGenerator {
  const payload = options.clientPayload ?? ((_r: Random, n: number) => `x=${n}`);
  const kinds = options.kinds ?? FAULT_KINDS.filter((k) => k !== 'clock-jump' && k !== 'clock-rate');
  const maxRequests = options.maxRequests ?? 24;
  const maxJump = options.maxClockJump ?? 50_000;
  const maxPause = options.maxPause ?? 300_000;
  const maxSpell = options.maxSpell ?? 800_000;
  return {
    id: options.id ?? 'swarm',
    title: options.title ?? 'Swarm: each run its own mix of faults',
    description:
      options.description ??
      'Each run draws which kinds of fault happen and how often: crashes, partitions, time-outs, pauses, loss, duplication, latency spikes.',
    scenario(seed, { algorithm, params, horizon, nodes }): Scenario {
      const r = Random.fromSeed(seed ^ 0x5a4a12);
      const base = options.params ? options.params(r, { ...params }) : { ...params };
      const baseLoss = typeof base['loss'] === 'number' ? base['loss'] : 0;
      const baseDup = typeof base['duplication'] === 'number' ? base['duplication'] : 0;
      // Each kind is in the run with probability one half, with a rate of its own.
      let chosen = kinds.filter(() => r.chance(0.5));
      if (chosen.length === 0 && kinds.length > 0) chosen = [r.pick(kinds)];
      const actions: TimedAction[] = [];
      const add = (at: Micros, action: Action) =>
        actions.push({ at: Math.max(0, Math.min(horizon - 1, Math.round(at))), action });
      const spell = () => r.int(1, Math.max(2, maxSpell));
      for (const kind of chosen) {
        const count = r.int(1, 9);
        for (let i = 0; i < count && nodes.length > 0; i++) {
          const at = r.int(0, horizon);
          const node = r.pick(nodes);
          switch (kind) {
            case 'crash':
              if (options.crashable && !options.crashable(node)) break;
              add(at, { type: 'crash', node });
              add(at + r.int(1000, maxSpell), { type: 'restart', node });
              break;
            case 'partition': {
              const side = nodes.filter(() => r.chance(0.5));
              const other = nodes.filter((n) => !side.includes(n));
              add(at, { type: 'partition', groups: [side, other].filter((g) => g.length > 0) });
              add(at + spell(), { type: 'heal' });
              break;
            }
            case 'isolate':
              add(at, { type: 'partition', groups: [[node], nodes.filter((n) => n !== node)] });
              add(at + spell(), { type: 'heal' });
              break;
            case 'timeout':
              add(at, { type: 'timeout', node });
              break;
            case 'pause':
              add(at, { type: 'pause', node, duration: r.int(1000, maxPause) });
              break;
            case 'loss':
              add(at, { type: 'set-loss', rate: r.int(5, 61) / 100 });
              add(at + spell(), { type: 'set-loss', rate: baseLoss });
              break;
            case 'duplication':
              add(at, { type: 'set-duplication', rate: r.int(5, 51) / 100 });
              add(at + spell(), { type: 'set-duplication', rate: baseDup });
              break;
            case 'latency': {
              // A slow spell on one link reorders what crosses it against everything else.
              const to = r.pick(nodes);
              if (to === node) break;
              const max = r.int(2000, 200_000);
              add(at, { type: 'set-link-latency', from: node, to, min: r.int(0, max), max });
              break;
            }
            case 'clock-jump':
              add(at, { type: 'clock-jump', node, by: r.int(-maxJump, maxJump + 1) });
              break;
            case 'clock-rate':
              add(at, { type: 'clock-rate', node, rate: r.pick([0.5, 0.8, 0.9, 1.1, 1.25, 2]) });
              break;
          }
        }
      }
      const requests = r.int(1, maxRequests + 1);
      for (let n = 1; n <= requests; n++) {
        const node = options.clientNode?.(r, nodes);
        add(r.int(0, horizon), {
          type: 'client',
          payload: payload(r, n),
          ...(node !== undefined ? { node } : {}),
        });
      }
      actions.sort((a, b) => a.at - b.at);
      return { version: 1, algorithm, params: base, seed, actions };
    },
  };
}
