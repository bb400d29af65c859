/**
 * How Snowflake workers map onto the kernel. Workers W1..Wn share nothing and send no messages;
 * clients ask them for IDs through `client` actions (payload: how many IDs), and faults step or
 * skew their clocks. The kernel hands each worker its local clock reading with every request and
 * timer, so a stepped clock needs nothing from the run: the worker sees it at its next event.
 *
 * The run adds two things to the kernel's: the steady load of the `rate` parameter (generated
 * actions, left out of the shared scenario), and a log of every ID handed out (`IdLog`), written
 * by the checker as events are first computed, from which the views read any moment.
 */
import { formatDuration, listNames } from '../../sim/format';
import type { NarrationInput, NodeStatus, SimMessage, SimulationSpec } from '../../sim/spec';
import type { Micros, NodeId, TimedAction } from '../../sim/types';
import { POLICIES, type Policy, defaultPolicy, workerFromNumber } from './generator';
import type { IdLog } from './idlog';
import { createChecker } from './invariants';
import { type Layout, PRESETS, type PresetName, epochLifetime } from './layout';
import {
  type RequestPayload,
  type WorkerContext,
  type WorkerEmitted,
  type WorkerInput,
  readingAt,
  requestedCount,
  workerMachine,
} from './machine';
import type { SnowflakeParams } from './params';

const MS = 1000;
const MAX_COUNT = 100_000;
const MAX_DATE_MS = 8.64e15;

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

/** The turns of a Snowflake story: a worker starts to wait on its clock, or refuses for the first time. */
export function milestone(input: NarrationInput<WorkerContext>): string | null {
  const { node } = input;
  const was = input.before?.context;
  const now = input.after?.context;
  if (!node || !was || !now) return null;
  if (was.refused === 0 && now.refused > 0) return `${node} refuses to hand out IDs`;
  if (was.wakeReason === null && now.wakeReason !== null) {
    if (now.wakeReason === 'sequence-exhausted') return `${node} uses up a time unit's sequence and waits`;
    if (now.wakeReason === 'clock-behind') return `${node} waits for its clock to pass its last ID`;
    return `${node} hands out IDs from borrowed time`;
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
    milestone,
    createChecker: () => createChecker(params.kWindowMs * MS, idLog),
  };
}

// -------------------------------------------------------------------------------------------------
// Requests and the run

/** How many IDs a request asks for; throws when it is not 1 to MAX_COUNT. */
export function countOf(payload: unknown): number {
  const raw =
    typeof payload === 'number' ? payload : ((payload as { count?: unknown } | null | undefined)?.count ?? 1);
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1 || raw > MAX_COUNT) {
    throw new Error(`A request to a worker asks for 1 to ${MAX_COUNT} IDs, got ${JSON.stringify(raw)}`);
  }
  return raw;
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

/** When the layout's time field runs out, for the epoch scenario. */
export function epochEndMs(preset: PresetName): number {
  return epochLifetime(PRESETS[preset]).endsAtMs;
}
