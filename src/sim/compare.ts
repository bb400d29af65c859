/**
 * Two algorithms on one fault schedule: the same seed, latencies, crashes, partitions and client
 * requests, on servers of the same names. A module says what it can stand beside (`comparison` in
 * module.ts); this file names no algorithm. The schedule is the truth: a reader's fault is added
 * to it at an exact moment and both runs are rebuilt, so both see it at the same virtual time.
 */
import type { AlgorithmModule, AlgorithmRun } from './module';
import { decodeScenario, encodeScenario } from './scenario';
import type { Action, Micros, NodeId, ParamSpec, Scenario, TimedAction } from './types';

/** The algorithm id a shared schedule carries: it belongs to neither side. */
export const SCHEDULE_ID = 'compare';
/** How far both runs are computed when the schedule says nothing else. */
export const COMPARE_HORIZON: Micros = 2_000_000;

/** Whether two modules may stand side by side: either declares the other. */
export function comparable(a: AlgorithmModule, b: AlgorithmModule): boolean {
  return Boolean(a.comparison?.with.includes(b.id) || b.comparison?.with.includes(a.id));
}

/** The first pair of modules that declare each other, in the order given. */
export function defaultPair(modules: readonly AlgorithmModule[]): [string, string] | null {
  for (const a of modules) {
    for (const id of a.comparison?.with ?? []) {
      if (modules.some((m) => m.id === id)) return [a.id, id];
    }
  }
  for (const a of modules) {
    const id = a.comparison?.with[0];
    if (id && modules.some((m) => m.id === id)) return [a.id, id];
  }
  return null;
}

const sameKind = (x: ParamSpec, y: ParamSpec) =>
  x.kind === y.kind && (x.kind !== 'choice' || JSON.stringify(x) === JSON.stringify(y));

/** Parameters both modules have under the same name and kind (servers, latencies, loss): the shared ones. */
export function sharedParamKeys(a: AlgorithmModule, b: AlgorithmModule): string[] {
  return a.params.filter((p) => b.params.some((q) => q.key === p.key && sameKind(p, q))).map((p) => p.key);
}

/** A module's scenario for the schedule: its comparable configuration with the shared parameters laid over. */
export function sideScenario(
  module: AlgorithmModule,
  schedule: Scenario,
  shared: readonly string[],
): Scenario {
  const params: Record<string, unknown> = { ...module.defaultParams, ...(module.comparison?.params ?? {}) };
  for (const key of shared) if (key in schedule.params) params[key] = schedule.params[key];
  return {
    version: 1,
    algorithm: module.id,
    params: module.parseParams(params),
    seed: schedule.seed,
    actions: schedule.actions,
  };
}

/**
 * The schedule a comparison opens with: the first server times out at once (so it is likely to
 * lead in both), a steady trickle of client requests, a crash of that server and its restart,
 * and a partition that leaves a minority on one side.
 */
export function defaultSchedule(
  nodes: readonly NodeId[],
  params: Record<string, unknown>,
  seed = 1,
): Scenario {
  const ms = (t: number) => Math.round(t * 1000);
  const first = nodes[0] as NodeId;
  const actions: TimedAction[] = [{ at: ms(5), action: { type: 'timeout', node: first } }];
  for (let i = 0; i < 10; i++)
    actions.push({ at: ms(100 + i * 150), action: { type: 'client', payload: `x=${i + 1}` } });
  actions.push({ at: ms(520), action: { type: 'crash', node: first } });
  actions.push({ at: ms(1000), action: { type: 'restart', node: first } });
  if (nodes.length >= 3) {
    const minority = nodes.slice(0, Math.floor((nodes.length - 1) / 2));
    const rest = nodes.filter((n) => !minority.includes(n));
    actions.push({ at: ms(1200), action: { type: 'partition', groups: [rest, minority] } });
    actions.push({ at: ms(1500), action: { type: 'heal' } });
  }
  actions.sort((x, y) => x.at - y.at);
  return { version: 1, algorithm: SCHEDULE_ID, params: { ...params }, seed, actions };
}

/** A reader's fault at an exact moment, added to the schedule in time order. */
export function withAction(schedule: Scenario, at: Micros, action: Action): Scenario {
  const actions = [...schedule.actions, { at: Math.max(0, Math.round(at)), action }];
  actions.sort((x, y) => x.at - y.at);
  return { ...schedule, actions };
}

/** What happened to one client request in one run. */
export interface RequestOutcome {
  request: number;
  /** When it reached the cluster (the client action's time). */
  at: Micros;
  /** When some server first knew it committed, or null if none did within the horizon. */
  committedAt: Micros | null;
}

/** Per event of a run: messages sent so far, and each request's outcome. */
export interface RunMeasures {
  /** messages[i]: messages sent by events 0..i. */
  messages: number[];
  times: Micros[];
  requests: RequestOutcome[];
}

/**
 * Computes a run to the horizon, event by event, counting messages and noting when each client
 * request first shows as committed (the module's `comparison.committed`). Leaves the cursor at -1.
 */
export function measure(module: AlgorithmModule, run: AlgorithmRun, horizon: Micros): RunMeasures {
  const messages: number[] = [];
  const times: Micros[] = [];
  const requests: RequestOutcome[] = [];
  const committed = new Set<number>();
  let sent = 0;
  run.seek(-1);
  while (run.step()) {
    const i = run.cursor();
    const [entry] = run.entries(i, i + 1);
    if (!entry || entry.time > horizon) {
      run.back();
      break;
    }
    sent += entry.sent.length;
    messages.push(sent);
    times.push(entry.time);
    if (entry.action?.type === 'client')
      requests.push({ request: requests.length, at: entry.time, committedAt: null });
    for (const r of module.comparison?.committed(run.view()) ?? []) {
      if (committed.has(r)) continue;
      committed.add(r);
      const outcome = requests[r];
      if (outcome && outcome.committedAt === null) outcome.committedAt = entry.time;
    }
  }
  run.seek(-1);
  return { messages, times, requests };
}

/** The index of the last event at or before `t`, -1 if none (times are in order). */
export function eventAt(times: readonly Micros[], t: Micros): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] as Micros) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The next moment after `t` at which either run has an event, or null at the end of both. */
export function nextMoment(sides: readonly RunMeasures[], t: Micros): Micros | null {
  let next: Micros | null = null;
  for (const side of sides) {
    const time = side.times[eventAt(side.times, t) + 1];
    if (time !== undefined && (next === null || time < next)) next = time;
  }
  return next;
}

/** The latest moment before `t` at which either run has an event, or -1 (the start). */
export function previousMoment(sides: readonly RunMeasures[], t: Micros): Micros {
  let previous = -1;
  for (const side of sides) {
    let i = eventAt(side.times, t);
    while (i >= 0 && (side.times[i] as Micros) >= t) i--;
    const time = i >= 0 ? (side.times[i] as Micros) : -1;
    if (time > previous) previous = time;
  }
  return previous;
}

/** The link of a comparison: both ids, the shared schedule, and the moment. */
export function encodeComparison(a: string, b: string, schedule: Scenario, time: Micros): string {
  return `a=${a}&b=${b}&${encodeScenario(schedule)}&t=${Math.max(0, Math.round(time))}`;
}

export type ComparisonLink =
  | { kind: 'none' }
  | { kind: 'link'; a: string; b: string; schedule: Scenario | null; time: Micros }
  | { kind: 'invalid'; reason: string };

const ID = /^[a-z0-9][a-z0-9-]{0,60}$/;

/** Reads a comparison's fragment; never throws. */
export function decodeComparison(hash: string): ComparisonLink {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  if (fragment === '') return { kind: 'none' };
  const params = new URLSearchParams(fragment);
  const a = params.get('a') ?? '';
  const b = params.get('b') ?? '';
  if (!ID.test(a) || !ID.test(b))
    return { kind: 'invalid', reason: 'The link does not name two algorithms to compare.' };
  let schedule: Scenario | null = null;
  if (params.has('s')) {
    try {
      schedule = decodeScenario(fragment).scenario;
    } catch (error) {
      return { kind: 'invalid', reason: `The link’s schedule cannot be read: ${(error as Error).message}` };
    }
  }
  const t = params.get('t');
  const time = t !== null && /^\d{1,10}$/.test(t) ? Number(t) : 0;
  return { kind: 'link', a, b, schedule, time };
}
