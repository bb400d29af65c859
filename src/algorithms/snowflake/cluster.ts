/**
 * How Snowflake workers map onto the kernel. Workers W1..Wn share nothing and send no messages;
 * clients ask them for IDs through `client` actions (payload: how many IDs), and faults step or
 * skew their clocks.
 *
 * The kernel does not tell a machine what its clock reads, so the run passes the time along:
 * every request is stamped with the global time it arrives at, and every clock change on a
 * worker is followed at once by a notice to that worker, from which it keeps its own copy of the
 * clock (the same arithmetic as the kernel's). Shared scenarios stay clean: stamps and notices
 * are added when a run is built and removed from `scenario()`.
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
import { isActionEntry } from '../../sim/world';
import {
  POLICIES,
  POLICY_NAMES,
  type Policy,
  type PolicyName,
  defaultPolicy,
  workerFromNumber,
} from './generator';
import { createChecker } from './invariants';
import { type Layout, PRESETS, PRESET_NAMES, type PresetName, epochLifetime } from './layout';
import {
  type ClockModel,
  type ClockPayload,
  type RequestPayload,
  TRUE_CLOCK,
  type WorkerContext,
  type WorkerEmitted,
  type WorkerInput,
  localAt,
  readingAt,
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

interface Persisted {
  clock: ClockModel;
  batch: number;
}

/** What a worker shows the views. */
export interface WorkerView {
  worker: Record<string, number>;
  /** The worker's clock as the generator reads it: ISO time and units since the epoch. */
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

function viewState(context: WorkerContext): WorkerView {
  const ms = context.startMs + Math.floor(context.localNow / MS);
  return {
    worker: { ...context.config.worker },
    clockIso: Math.abs(ms) <= MAX_DATE_MS ? new Date(ms).toISOString() : 'out of range',
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
    const payload = input.action.payload as RequestPayload | ClockPayload;
    if (payload.kind === 'clock') return `${node} reads its clock again: it now says ${clockText}`;
    const queued = after.queue > 0 && ids.length === 0 && refusals.length === 0 && !timer;
    const asked = `${node} is asked for ${plural(payload.count, 'ID')} at ${clockText} on its clock`;
    if (queued) return `${asked}; it is waiting, so ${plural(after.queue, 'request')} now queue`;
    return parts.length > 0 ? `${asked}: it ${listNames(parts)}` : asked;
  }
  return null;
}

export function createSpec(
  params: SnowflakeParams,
): SimulationSpec<WorkerContext, WorkerView, SnowflakeParams> {
  return {
    nodeIds,
    machine: workerMachine,
    input: workerInput,
    persistent: (context): Persisted => ({ clock: context.clock, batch: context.batch }),
    restartInput: (node, nodes, p, persisted) => {
      const saved = persisted as Persisted | undefined;
      return {
        ...workerInput(node, nodes, p),
        ...(saved ? { clock: saved.clock, batch: saved.batch } : {}),
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
    createChecker: () => createChecker(params.kWindowMs * MS),
  };
}

// -------------------------------------------------------------------------------------------------
// Passing the time along

function countOf(payload: unknown): number {
  const raw =
    typeof payload === 'number' ? payload : ((payload as { count?: unknown } | null | undefined)?.count ?? 1);
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1 || raw > MAX_COUNT) {
    throw new Error(`A request to a worker asks for 1 to ${MAX_COUNT} IDs, got ${JSON.stringify(raw)}`);
  }
  return raw;
}

function isNotice(action: Action): boolean {
  return action.type === 'client' && (action.payload as { kind?: unknown } | null)?.kind === 'clock';
}

function isGenerated(action: Action): boolean {
  return action.type === 'client' && (action.payload as { generated?: unknown } | null)?.generated === true;
}

/** The client action a worker receives: the request stamped with its arrival time. */
function stamped(action: Action & { type: 'client' }, at: Micros): Action {
  const payload: RequestPayload = { kind: 'request', at, count: countOf(action.payload) };
  return { ...action, payload: isGenerated(action) ? { ...payload, generated: true } : payload };
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

/** The node whose clock an action changes or whose process it restarts, if any. */
function clockNode(action: Action): NodeId | null {
  if (action.type === 'clock-jump' || action.type === 'clock-rate' || action.type === 'restart')
    return action.node;
  return null;
}

/** A worker's clock after an action, with the kernel's arithmetic. */
function applyClock(clock: ClockModel, action: Action, at: Micros): ClockModel {
  if (action.type === 'clock-jump')
    return { anchorGlobal: at, anchorLocal: localAt(clock, at) + action.by, rate: clock.rate };
  if (action.type === 'clock-rate')
    return { anchorGlobal: at, anchorLocal: localAt(clock, at), rate: action.rate };
  return clock;
}

function notice(node: NodeId, at: Micros, clock: ClockModel): Action {
  const payload: ClockPayload = { kind: 'clock', at, clock };
  return { type: 'client', node, payload };
}

/**
 * Scenario actions as the kernel runs them: requests stamped with their time, and each clock
 * change or restart of a worker followed by a notice of its clock. A notice sent while the worker
 * is down is lost, which is why restarts get one too.
 */
function prepare(actions: readonly TimedAction[]): TimedAction[] {
  const sorted = actions
    .map((a, i) => ({ a, i }))
    .sort((x, y) => x.a.at - y.a.at || x.i - y.i)
    .map(({ a }) => a);
  const clocks = new Map<NodeId, ClockModel>();
  const out: TimedAction[] = [];
  for (const { at, action } of sorted) {
    if (isNotice(action)) continue;
    if (action.type === 'client') {
      out.push({ at, action: stamped(action, at) });
      continue;
    }
    out.push({ at, action });
    const node = clockNode(action);
    if (node !== null) {
      const clock = applyClock(clocks.get(node) ?? TRUE_CLOCK, action, at);
      clocks.set(node, clock);
      out.push({ at, action: notice(node, at, clock) });
    }
  }
  return out;
}

/** A worker's clock at the end of a list of kernel actions. */
function clockAfter(actions: readonly TimedAction[], node: NodeId): ClockModel {
  let clock = TRUE_CLOCK;
  for (const { at, action } of actions) {
    if (clockNode(action) === node) clock = applyClock(clock, action, at);
  }
  return clock;
}

/** The reader's view of a kernel action: notices dropped, requests back to `{ count }`. */
function clean(actions: readonly TimedAction[]): TimedAction[] {
  const out: TimedAction[] = [];
  for (const { at, action } of actions) {
    // Notices are the run's own bookkeeping; the generated load comes back from the parameters.
    if (isNotice(action) || isGenerated(action)) continue;
    out.push(
      action.type === 'client'
        ? { at, action: { ...action, payload: { count: countOf(action.payload) } } }
        : { at, action },
    );
  }
  return out;
}

export type SnowflakeKernelRun = SimulationRun<WorkerContext, WorkerView, SnowflakeParams>;

/** A run of Snowflake workers: the kernel's run, with time passed along to the workers. */
export class SnowflakeRun implements Run<WorkerView> {
  readonly inner: SnowflakeKernelRun;

  constructor(base: Scenario, params: SnowflakeParams, options: RunOptions = {}) {
    const actions = prepare([...base.actions, ...steadyLoad(params)]);
    const scenario: Scenario = { ...base, params: { ...params }, actions };
    this.inner = new SimulationRun(createSpec(params), scenario, params, options);
  }

  scenario(): Scenario {
    const scenario = this.inner.scenario();
    return { ...scenario, actions: clean(scenario.actions) };
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
    // The kernel places an action just after the cursor's event (see SimulationRun.act).
    const current: TraceEntry | undefined = this.inner.entries(this.cursor(), this.cursor() + 1)[0];
    const at = !current ? 0 : isActionEntry(current) ? current.time : current.time + 1;
    if (action.type === 'client') {
      this.inner.act(stamped(action, at));
      return;
    }
    const node = clockNode(action);
    this.inner.act(action);
    if (node !== null) {
      // The action list now holds the new action, and nothing after it runs before it.
      const before = this.inner.scenario().actions.filter((a) => a.at <= at);
      this.inner.act(notice(node, at, clockAfter(before, node)));
    }
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
