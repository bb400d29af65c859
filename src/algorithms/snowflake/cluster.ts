/**
 * How Snowflake workers map onto the kernel. Workers W1..Wn share nothing and send no messages;
 * clients ask them for IDs through `client` actions (payload: how many IDs), and faults step or
 * skew their clocks. The kernel hands each worker its local clock reading with every request and
 * timer, so a stepped clock needs nothing from the run: the worker sees it at its next event.
 *
 * The run adds two things to the kernel's: the steady load of the `rate` parameter, added when the
 * run is built and left out of `scenario()`, and a log of every ID handed out (`IdLog`), written
 * by the checker as events are first computed, from which the views read any moment.
 */
import { formatDuration, listNames } from '../../sim/format';
import { SimulationRun, type RunOptions } from '../../sim/run';
import { validateScenario } from '../../sim/scenario';
import type { NarrationInput, NodeStatus, SimMessage, SimulationSpec } from '../../sim/spec';
import type {
  Action,
  Micros,
  NodeId,
  ParamSpec,
  Run,
  Scenario,
  TimedAction,
  TraceEntry,
  Violation,
  WorldView,
} from '../../sim/types';
import {
  POLICIES,
  POLICY_NAMES,
  type Policy,
  type PolicyName,
  defaultPolicy,
  workerFromNumber,
} from './generator';
import { IdLog } from './idlog';
import { createChecker } from './invariants';
import { type Layout, PRESETS, PRESET_NAMES, type PresetName, epochLifetime } from './layout';
import {
  type RequestPayload,
  type WorkerContext,
  type WorkerEmitted,
  type WorkerInput,
  readingAt,
  requestedCount,
  workerMachine,
} from './machine';

export const SNOWFLAKE_ID = 'snowflake';
const MS = 1000;
const MAX_COUNT = 100_000;
export const MAX_WORKERS = 32;
/** The steady load of the `rate` parameter lasts this long from local time 0. */
export const MAX_LOAD_MS = 1000;

export interface SnowflakeParams {
  preset: PresetName;
  /** 'reference': the preset's own behaviour; otherwise a named policy. */
  policy: 'reference' | PolicyName;
  workers: number;
  /** W2 is given W1's worker id, as a deployment mistake would. */
  sameWorkerId: boolean;
  /** The instant local time 0 stands for, in ms since 1970. */
  startMs: number;
  /** k of the k-sorted check, in ms. */
  kWindowMs: number;
  /** IDs each worker is asked for every millisecond, on top of the scenario's own requests. */
  rate: number;
  /** How long that steady load lasts, in ms. */
  loadMs: number;
}

export const defaultParams: SnowflakeParams = {
  preset: 'twitter',
  policy: 'reference',
  workers: 3,
  sameWorkerId: false,
  startMs: Date.parse('2024-01-01T00:00:00Z'),
  kWindowMs: 5,
  rate: 0,
  loadMs: 40,
};

export const paramSpecs: ParamSpec[] = [
  {
    key: 'preset',
    label: 'Layout',
    kind: 'choice',
    options: PRESET_NAMES.map((name) => ({ value: name, label: PRESETS[name].title })),
  },
  {
    key: 'policy',
    label: 'Overflow and clock policy',
    kind: 'choice',
    options: [
      { value: 'reference', label: "The layout's own" },
      ...POLICY_NAMES.map((name) => ({ value: name, label: name })),
    ],
  },
  { key: 'workers', label: 'Workers', kind: 'int', min: 1, max: MAX_WORKERS },
  { key: 'rate', label: 'Request rate per worker', kind: 'int', min: 0, max: 10_000, unit: 'IDs/ms' },
  { key: 'loadMs', label: 'Load lasts', kind: 'int', min: 1, max: MAX_LOAD_MS, unit: 'ms' },
  { key: 'sameWorkerId', label: 'W2 reuses W1’s worker id', kind: 'boolean' },
  { key: 'kWindowMs', label: 'k-sorted window', kind: 'int', min: 0, max: 10_000, unit: 'ms' },
];

const MAX_DATE_MS = 8.64e15;

/** Validate and fill in parameters; every error names the parameter. */
export function parseParams(raw: Record<string, unknown>): SnowflakeParams {
  const known = new Set(Object.keys(defaultParams));
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) throw new Error(`Unknown parameter "${key}" (known: ${[...known].join(', ')})`);
  }
  const preset = raw['preset'] ?? defaultParams.preset;
  if (typeof preset !== 'string' || !PRESET_NAMES.includes(preset as PresetName)) {
    throw new Error(`preset must be one of ${PRESET_NAMES.join(', ')}, got ${String(preset)}`);
  }
  const policy = raw['policy'] ?? defaultParams.policy;
  if (
    typeof policy !== 'string' ||
    (policy !== 'reference' && !POLICY_NAMES.includes(policy as PolicyName))
  ) {
    throw new Error(`policy must be "reference" or one of ${POLICY_NAMES.join(', ')}, got ${String(policy)}`);
  }
  const workers = raw['workers'] ?? defaultParams.workers;
  if (typeof workers !== 'number' || !Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS) {
    throw new Error(`workers must be a whole number from 1 to ${MAX_WORKERS}, got ${String(workers)}`);
  }
  const sameWorkerId = raw['sameWorkerId'] ?? defaultParams.sameWorkerId;
  if (typeof sameWorkerId !== 'boolean') throw new Error('sameWorkerId must be true or false');
  if (sameWorkerId && workers < 2) throw new Error('sameWorkerId needs at least 2 workers');
  const startMs = raw['startMs'] ?? defaultParams.startMs;
  if (typeof startMs !== 'number' || !Number.isInteger(startMs) || Math.abs(startMs) > MAX_DATE_MS) {
    throw new Error(`startMs must be an instant in whole ms since 1970, got ${String(startMs)}`);
  }
  const kWindowMs = raw['kWindowMs'] ?? defaultParams.kWindowMs;
  if (typeof kWindowMs !== 'number' || !Number.isInteger(kWindowMs) || kWindowMs < 0 || kWindowMs > 10_000) {
    throw new Error(`kWindowMs must be a whole number of ms from 0 to 10000, got ${String(kWindowMs)}`);
  }
  const rate = raw['rate'] ?? defaultParams.rate;
  if (typeof rate !== 'number' || !Number.isInteger(rate) || rate < 0 || rate > 10_000) {
    throw new Error(`rate must be a whole number of IDs per ms from 0 to 10000, got ${String(rate)}`);
  }
  const loadMs = raw['loadMs'] ?? defaultParams.loadMs;
  if (typeof loadMs !== 'number' || !Number.isInteger(loadMs) || loadMs < 1 || loadMs > MAX_LOAD_MS) {
    throw new Error(`loadMs must be a whole number of ms from 1 to ${MAX_LOAD_MS}, got ${String(loadMs)}`);
  }
  const parsed: SnowflakeParams = {
    preset: preset as PresetName,
    policy: policy as SnowflakeParams['policy'],
    workers,
    sameWorkerId,
    startMs,
    kWindowMs,
    rate,
    loadMs,
  };
  // Fail now, with the reason, if the layout cannot number this many workers.
  workerIds(parsed);
  return parsed;
}

export function layoutOf(params: SnowflakeParams): Layout {
  return PRESETS[params.preset];
}

export function policyOf(params: SnowflakeParams): Policy {
  return params.policy === 'reference' ? defaultPolicy(layoutOf(params)) : POLICIES[params.policy];
}

export function nodeIds(params: SnowflakeParams): NodeId[] {
  return Array.from({ length: params.workers }, (_, i) => `W${i + 1}`);
}

/** Worker i gets worker number i - 1 spread over the layout's worker fields (W2 reuses W1's if asked). */
export function workerIds(params: SnowflakeParams): Record<string, number>[] {
  const layout = layoutOf(params);
  return nodeIds(params).map((_, i) => workerFromNumber(layout, params.sameWorkerId && i === 1 ? 0 : i));
}

function workerInput(node: NodeId, nodes: readonly NodeId[], params: SnowflakeParams): WorkerInput {
  const index = nodes.indexOf(node);
  return {
    layout: layoutOf(params),
    worker: workerIds(params)[index] ?? {},
    policy: policyOf(params),
    startMs: params.startMs,
    seed: index + 1,
  };
}

/** What survives a crash. The clock is the kernel's and survives on its own. */
interface Persisted {
  batch: number;
  localNow: Micros;
}

/** What a worker shows the views. */
export interface WorkerView {
  worker: Record<string, number>;
  /** The clock as the generator read it at the latest event: ISO time and units since the epoch. */
  clockIso: string;
  reading: number;
  lastTime: number;
  sequence: number;
  /** Units the last ID's time ran ahead of the clock (Sonyflake). */
  borrowed: number;
  queue: number;
  issued: number;
  refused: number;
  lastId: string | null;
  lastRefusal: string | null;
  /** Local clock reading (µs) the worker waits for, if waiting. */
  wakeLocal: Micros | null;
}

/** A local clock reading (µs since local time 0, which stands for `startMs`) as an ISO time. */
export function clockIsoAt(startMs: number, local: Micros): string {
  const ms = startMs + Math.floor(local / MS);
  return Math.abs(ms) <= MAX_DATE_MS ? new Date(ms).toISOString() : 'out of range';
}

function viewState(context: WorkerContext): WorkerView {
  return {
    worker: { ...context.config.worker },
    clockIso: clockIsoAt(context.startMs, context.localNow),
    reading: readingAt(context, context.localNow),
    lastTime: context.state.lastTime,
    sequence: context.state.sequence,
    borrowed: context.state.borrowed,
    queue: context.queue,
    issued: context.issued,
    refused: context.refused,
    lastId: context.lastId,
    lastRefusal: context.lastRefusal?.message ?? null,
    wakeLocal: context.wakeLocal,
  };
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

function describeIds(ids: readonly string[]): string {
  if (ids.length === 1) return `hands out ${ids[0]}`;
  return `hands out ${plural(ids.length, 'ID')}, ${ids[0]} to ${ids[ids.length - 1]}`;
}

/** Plain words for what a worker did with one event. */
export function narrate(input: NarrationInput<WorkerContext>): string | null {
  const node = input.node;
  const after = input.after?.context;
  if (!node || !after) return null;
  const effects = input.effects as unknown as WorkerEmitted[];
  const ids = effects.flatMap((e) => (e.type === 'id' ? [e.id] : []));
  const refusals = effects.flatMap((e) => (e.type === 'refused' ? [e.message] : []));
  const timer = effects.find((e) => e.type === 'set-timer');
  const clockText = viewState(after).clockIso;
  const parts: string[] = [];
  if (ids.length > 0) parts.push(describeIds(ids));
  if (refusals.length > 0) {
    const distinct = [...new Set(refusals)];
    parts.push(`refuses ${plural(refusals.length, 'request')} (${distinct.slice(0, 2).join(' ')})`);
  }
  if (timer && timer.type === 'set-timer') {
    const why =
      after.wakeReason === 'sequence-exhausted'
        ? 'the sequence of this time unit is used up'
        : after.wakeReason === 'clock-behind'
          ? 'its clock is a little behind the last ID'
          : 'the next ID uses borrowed time';
    parts.push(`waits ${formatDuration(timer.duration)} on its clock, because ${why}`);
  }
  if (input.kind === 'action' && input.action?.type === 'timeout') {
    return `${node} has no timeout to force: only its clock decides when it may go on`;
  }
  if (input.kind === 'timer') {
    return `${node}'s clock reaches ${clockText}: it ${parts.length > 0 ? listNames(parts) : 'has nothing to do'}`;
  }
  if (input.kind === 'action' && input.action?.type === 'client') {
    const count = requestedCount(input.action.payload as RequestPayload);
    const queued = after.queue > 0 && ids.length === 0 && refusals.length === 0 && !timer;
    const asked = `${node} is asked for ${plural(count, 'ID')} at ${clockText} on its clock`;
    if (queued) return `${asked}; it is waiting, so ${plural(after.queue, 'request')} now queue`;
    return parts.length > 0 ? `${asked}: it ${listNames(parts)}` : asked;
  }
  return null;
}

export function createSpec(
  params: SnowflakeParams,
  idLog?: IdLog,
): SimulationSpec<WorkerContext, WorkerView, SnowflakeParams> {
  return {
    nodeIds,
    machine: workerMachine,
    input: workerInput,
    persistent: (context): Persisted => ({ batch: context.batch, localNow: context.localNow }),
    restartInput: (node, nodes, p, persisted) => {
      const saved = persisted as Persisted | undefined;
      return {
        ...workerInput(node, nodes, p),
        ...(saved ? { batch: saved.batch, localNow: saved.localNow } : {}),
      };
    },
    network: () => ({ latencyMin: 0, latencyMax: 0, loss: 0, duplication: 0 }),
    // A worker's only timer stands for its clock reaching a reading; firing it early would make
    // the worker believe a time its clock does not show. The "timeout" fault reaches no timer.
    forcedTimer: 'none',
    clientTarget: (nodes: readonly NodeStatus<WorkerContext>[]) => nodes.find((n) => n.up)?.id ?? null,
    viewState,
    label: (message: SimMessage) => message.type,
    narrate,
    createChecker: () => createChecker(params.kWindowMs * MS, idLog),
  };
}

// -------------------------------------------------------------------------------------------------
// Requests and the run

function countOf(payload: unknown): number {
  const raw =
    typeof payload === 'number' ? payload : ((payload as { count?: unknown } | null | undefined)?.count ?? 1);
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1 || raw > MAX_COUNT) {
    throw new Error(`A request to a worker asks for 1 to ${MAX_COUNT} IDs, got ${JSON.stringify(raw)}`);
  }
  return raw;
}

function isGenerated(action: Action): boolean {
  return action.type === 'client' && (action.payload as { generated?: unknown } | null)?.generated === true;
}

/**
 * The steady load of the `rate` parameter: every worker is asked for `rate` IDs each millisecond
 * for `loadMs` ms, a few µs apart so the workers' requests interleave in a fixed order.
 */
export function steadyLoad(params: SnowflakeParams): TimedAction[] {
  if (params.rate === 0) return [];
  const actions: TimedAction[] = [];
  for (let ms = 0; ms < params.loadMs; ms++) {
    for (const [i, node] of nodeIds(params).entries()) {
      const payload = { count: params.rate, generated: true };
      actions.push({ at: ms * MS + 10 * (i + 1), action: { type: 'client', node, payload } });
    }
  }
  return actions;
}

export type SnowflakeKernelRun = SimulationRun<WorkerContext, WorkerView, SnowflakeParams>;

/** A run of Snowflake workers: the kernel's run, with the steady load and a log of every ID. */
export class SnowflakeRun implements Run<WorkerView> {
  readonly inner: SnowflakeKernelRun;
  readonly params: SnowflakeParams;
  readonly layout: Layout;
  /** Every ID handed out on the current timeline, by event. */
  readonly ids: IdLog;

  constructor(base: Scenario, params: SnowflakeParams, options: RunOptions = {}) {
    this.params = params;
    this.layout = layoutOf(params);
    this.ids = new IdLog(nodeIds(params));
    const actions = [...base.actions, ...steadyLoad(params)];
    const scenario: Scenario = { ...base, params: { ...params }, actions };
    this.inner = new SimulationRun(createSpec(params, this.ids), scenario, params, {
      ...options,
      logs: [this.ids],
    });
  }

  scenario(): Scenario {
    const scenario = this.inner.scenario();
    // The generated load comes back from the parameters.
    return { ...scenario, actions: scenario.actions.filter((a) => !isGenerated(a.action)) };
  }

  length(): number {
    return this.inner.length();
  }

  cursor(): number {
    return this.inner.cursor();
  }

  time(): Micros {
    return this.inner.time();
  }

  step(): boolean {
    return this.inner.step();
  }

  back(): void {
    this.inner.back();
  }

  seek(index: number): void {
    this.inner.seek(index);
  }

  seekTime(t: Micros): void {
    this.inner.seekTime(t);
  }

  act(action: Action): void {
    if (action.type === 'client') countOf(action.payload);
    this.inner.act(action);
  }

  view(): WorldView<WorkerView> {
    return this.inner.view();
  }

  entries(from: number, to: number): TraceEntry[] {
    return this.inner.entries(from, to);
  }

  firstViolation(): Violation | null {
    return this.inner.firstViolation();
  }

  violations(): readonly Violation[] {
    return this.inner.violations();
  }

  nodes(): readonly NodeStatus<WorkerContext>[] {
    return this.inner.nodes();
  }

  /** Compute (or replay) until time `t` or the end; returns the cursor. */
  runUntil(t: Micros): number {
    return this.inner.runUntil(t);
  }
}

export function createSnowflakeRun(raw: Scenario, options?: RunOptions): SnowflakeRun {
  const scenario = validateScenario(raw);
  if (scenario.algorithm !== SNOWFLAKE_ID) {
    throw new Error(`This scenario is for "${scenario.algorithm}", not "${SNOWFLAKE_ID}"`);
  }
  const params = parseParams(scenario.params);
  const nodes = nodeIds(params);
  for (const { action } of scenario.actions) {
    if ('node' in action && action.node !== undefined && !nodes.includes(action.node)) {
      throw new Error(`The scenario names worker "${action.node}", but the workers are ${listNames(nodes)}`);
    }
    if (action.type === 'client') countOf(action.payload);
  }
  return new SnowflakeRun(scenario, params, options);
}

/** When the layout's time field runs out, for the epoch scenario. */
export function epochEndMs(preset: PresetName): number {
  return epochLifetime(PRESETS[preset]).endsAtMs;
}
