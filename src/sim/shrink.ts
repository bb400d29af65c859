/**
 * Shrinking a counterexample: the scenario an exploration run drew is reduced, by running
 * candidates, to one with the fewest actions, then the fewest nodes, then the earliest violation,
 * that still breaks the same invariant. The result is handed out as a share link and a scenario
 * file, both opening the player at the violating event.
 */
import { nodesOf, runToHorizon, type ExploreFinding } from './explore';
import type { AlgorithmModule } from './module';
import { scenarioFromJson } from './scenario';
import { encodeMoment } from './share';
import type { Action, Micros, NodeId, Scenario, TimedAction, Violation } from './types';

export interface ShrinkOptions {
  /**
   * Simulated time a candidate may take to break the invariant (default: the horizon of the
   * generator that drew the finding, else the original moment).
   */
  horizon?: Micros;
  /** Candidate runs, at most (default 400). */
  maxRuns?: number;
  maxEvents?: number;
}

export interface Counterexample {
  scenario: Scenario;
  /** The violation of the shrunk scenario (same invariant as the original). */
  violation: Violation;
  /** The fragment (without '#') that opens the player at the violating event. */
  link: string;
  /** A scenario file that opens the player at the violating event. */
  file: string;
  /** Candidates run while shrinking. */
  runs: number;
  before: Size;
  after: Size;
}

export interface Size {
  actions: number;
  nodes: number;
  time: Micros;
}

/** A scenario file with the moment to open at: the scenario's fields, plus `at` and `t`. */
export function counterexampleFile(scenario: Scenario, violation: Violation): string {
  return `${JSON.stringify({ ...scenario, at: violation.index, t: violation.time }, null, 2)}\n`;
}

export function counterexampleLink(scenario: Scenario, violation: Violation): string {
  return encodeMoment({ scenario, cursor: violation.index, time: violation.time });
}

function namesNodes(action: Action, known: ReadonlySet<NodeId>): Action | null {
  if ('node' in action && action.node !== undefined && !known.has(action.node)) {
    return action.type === 'client' ? { type: 'client', payload: action.payload } : null;
  }
  if (action.type === 'set-link-latency' && (!known.has(action.from) || !known.has(action.to))) return null;
  if (action.type === 'partition') {
    const groups = action.groups.map((g) => g.filter((n) => known.has(n))).filter((g) => g.length > 0);
    return groups.length > 1 ? { type: 'partition', groups } : null;
  }
  return action;
}

function less(a: Size, b: Size): boolean {
  if (a.actions !== b.actions) return a.actions < b.actions;
  if (a.nodes !== b.nodes) return a.nodes < b.nodes;
  return a.time < b.time;
}

export function shrink(
  module: AlgorithmModule,
  finding: Pick<ExploreFinding, 'scenario' | 'violation'> & { generator?: string },
  options: ShrinkOptions = {},
): Counterexample {
  const invariant = finding.violation.invariant;
  // A candidate may break the invariant later than the original, as long as its run's horizon.
  const drawn = finding.generator !== undefined ? module.exploration?.horizon(finding.generator) : undefined;
  const horizon = options.horizon ?? Math.max(finding.violation.time, drawn ?? 0);
  const maxRuns = options.maxRuns ?? 400;
  let runs = 0;
  const counts = (v: Violation) => v.invariant === invariant;
  const nodeCount = (s: Scenario) => nodesOf(module, s.params).length;

  /** The violation this candidate reaches, or null (also for a candidate the module refuses). */
  const attempt = (s: Scenario): Violation | null => {
    if (runs >= maxRuns) return null;
    runs++;
    try {
      return runToHorizon(module, s, horizon, options.maxEvents, counts).violation;
    } catch {
      return null;
    }
  };

  let best = finding.scenario;
  let bestViolation = attempt(best) ?? finding.violation;
  const sizeOf = (s: Scenario, v: Violation): Size => ({
    actions: s.actions.length,
    nodes: nodeCount(s),
    time: v.time,
  });
  const before = sizeOf(best, bestViolation);
  let bestSize = before;
  const offer = (s: Scenario, accept: (size: Size) => boolean = (size) => less(size, bestSize)): boolean => {
    const v = attempt(s);
    if (!v) return false;
    const size = sizeOf(s, v);
    if (!accept(size)) return false;
    best = s;
    bestViolation = v;
    bestSize = size;
    return true;
  };
  const withActions = (actions: TimedAction[]): Scenario => ({ ...best, actions });

  // Actions after the violation cannot have caused it.
  const early = best.actions.filter((a) => a.at <= bestViolation.time);
  if (early.length < best.actions.length) offer(withActions(early));

  // Fewest actions: delta debugging, removing ever smaller chunks.
  let granularity = 2;
  while (best.actions.length > 0 && runs < maxRuns) {
    const actions = best.actions;
    const chunk = Math.max(1, Math.ceil(actions.length / granularity));
    let removed = false;
    for (let start = 0; start < actions.length && runs < maxRuns; start += chunk) {
      const candidate = [...actions.slice(0, start), ...actions.slice(start + chunk)];
      if (offer(withActions(candidate))) {
        removed = true;
        granularity = Math.max(2, granularity - 1);
        break;
      }
    }
    if (!removed) {
      if (chunk === 1) break;
      granularity = Math.min(actions.length, granularity * 2);
    }
  }

  // Fewest nodes: lower each size parameter, smallest first, dropping what names a missing node.
  for (const param of module.exploration?.sizeParams ?? []) {
    const current = best.params[param];
    if (typeof current !== 'number') continue;
    for (let value = 1; value < current && runs < maxRuns; value++) {
      let params: Record<string, unknown>;
      let known: Set<NodeId>;
      try {
        params = module.parseParams({ ...best.params, [param]: value });
        known = new Set(nodesOf(module, params));
      } catch {
        continue;
      }
      const actions = best.actions.flatMap((a) => {
        const action = namesNodes(a.action, known);
        return action ? [{ at: a.at, action }] : [];
      });
      if (offer({ ...best, params, actions })) break;
    }
  }

  // Earliest moment: move each action towards the one before it while the violation comes sooner.
  for (let i = 0; i < best.actions.length && runs < maxRuns; i++) {
    for (let tries = 0; tries < 4 && runs < maxRuns; tries++) {
      const actions = best.actions;
      const action = actions[i] as TimedAction;
      const floor = i > 0 ? (actions[i - 1] as TimedAction).at : 0;
      if (action.at <= floor) break;
      const at = tries === 0 ? floor : Math.floor((floor + action.at) / 2);
      const moved = actions.map((a, j) => (j === i ? { at, action: a.action } : a));
      if (!offer(withActions(moved))) {
        if (tries > 0) break;
      }
    }
  }

  const scenario = best;
  return {
    scenario,
    violation: bestViolation,
    link: counterexampleLink(scenario, bestViolation),
    file: counterexampleFile(scenario, bestViolation),
    runs,
    before,
    after: bestSize,
  };
}

/**
 * Reads a scenario file, and the moment it opens at when it has one (`at`, the event index, and
 * `t`, the time: what `counterexampleFile` writes). Throws the scenario check's message.
 */
export function readScenarioFile(text: string): {
  scenario: Scenario;
  cursor: number | null;
  time: number | null;
} {
  // The scenario check reads the text first, so a damaged file gets its message.
  const plain = scenarioFromJson(stripMoment(text));
  const raw = JSON.parse(text) as { at?: unknown; t?: unknown };
  const whole = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);
  const cursor = whole(raw.at);
  return { scenario: plain, cursor, time: cursor === null ? null : whole(raw.t) };
}

/** The file without its moment, or the text unchanged when it is not a JSON object. */
function stripMoment(text: string): string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return text;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return text;
  const { at: _at, t: _t, ...rest } = raw as Record<string, unknown>;
  return JSON.stringify(rest);
}
