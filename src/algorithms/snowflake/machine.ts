/**
 * One Snowflake worker as an XState machine. It decides and the host does: the machine never
 * reads a clock of its own. The kernel hands it its local clock reading (`now`) with every request
 * and every timer, and that reading is what the generator sees, the way IdWorker calls timeGen():
 * a clock stepped back is noticed at the next request, as on a real server. When it must wait it
 * asks the host for a timer on its local clock, which the kernel moves if the clock is stepped or
 * skewed meanwhile.
 *
 * States, as the article names them:
 * - ready: idle, the last request got its ID;
 * - generating: serving the queued requests at the current reading (passed through at once);
 * - waitingForClock: the sequence of the current time unit is used up, the clock stepped back a
 *   little (Leaf), or an ID minted in borrowed time waits for real time (Sonyflake);
 * - refusing: the last request was refused (clock behind, sequence used up, epoch over); the
 *   next request tries again.
 */
import { assign, emit, enqueueActions, setup } from 'xstate';
import {
  type Generator,
  type GeneratorErrorCode,
  type GeneratorState,
  INITIAL_STATE,
  type Policy,
  type WorkerFields,
  createGenerator,
  nextId,
} from './generator';
import type { Layout } from './layout';

/** Microseconds, as the simulation kernel counts time. */
type Micros = number;

export interface WorkerConfig {
  layout: Layout;
  worker: WorkerFields;
  policy: Policy;
}

export interface WorkerInput extends WorkerConfig {
  /** The instant, in ms since 1970, that local time 0 stands for. */
  startMs: number;
  /** Seeds the worker's draws for random sequence starts (Leaf). */
  seed: number;
  /** After a restart: the last clock reading before the crash, shown until the next event. */
  localNow?: Micros;
  /** The event counter after a restart, so that observers never see it repeat. */
  batch?: number;
}

/** A request for `count` IDs: the payload of a client action (a bare number is read as the count). */
export type RequestPayload =
  | number
  | {
      count: number;
      /** Part of the steady load of the `rate` parameter, not of the scenario's own actions. */
      generated?: true;
    };

/** `now` is the worker's local clock reading as the kernel hands the event over. */
export type WorkerEvent =
  | { type: 'client'; request: number; payload: RequestPayload; now?: Micros }
  | { type: 'timeout'; timer: string; now?: Micros };

export interface IssuedId {
  id: string;
  /** Time field of the ID, in layout units since the epoch. */
  time: number;
  sequence: number;
}

export interface Refusal {
  code: GeneratorErrorCode;
  message: string;
}

export type WakeReason = 'sequence-exhausted' | 'clock-behind' | 'borrowed-time';

export type WorkerEmitted =
  | ({ type: 'id' } & IssuedId)
  | ({ type: 'refused' } & Refusal)
  /** A timer on the local clock, as the kernel takes it. */
  | { type: 'set-timer'; name: 'clock'; duration: Micros }
  /** Save what survives a crash (the event counter and the last clock reading). */
  | { type: 'persist' };

export interface WorkerContext {
  config: WorkerConfig;
  startMs: number;
  seed: number;
  /** The local clock reading of the latest event. */
  localNow: Micros;
  state: GeneratorState;
  /** Requests waiting for an ID. */
  queue: number;
  /** Random draws made so far. */
  draws: number;
  /** While waiting: the local reading to wake at, and why. */
  wakeLocal: Micros | null;
  wakeReason: WakeReason | null;
  /** An ID minted in borrowed time, handed out when the clock reaches its time. */
  held: IssuedId | null;
  issued: number;
  refused: number;
  /** What the last event produced; `batch` counts events that produced anything. */
  batch: number;
  batchIds: IssuedId[];
  batchRefusals: Refusal[];
  lastRefusal: Refusal | null;
  lastId: string | null;
}

const generators = new WeakMap<WorkerConfig, Generator>();

/** The checked generator of a config, built once per config object. */
export function generatorOf(config: WorkerConfig): Generator {
  let generator = generators.get(config);
  if (!generator) {
    generator = createGenerator(config.layout, config.worker, config.policy);
    generators.set(config, generator);
  }
  return generator;
}

/** IDs a request asks for; the run checks counts first, so anything else counts as one. */
export function requestedCount(payload: RequestPayload): number {
  const count = typeof payload === 'number' ? payload : (payload as { count?: unknown } | null)?.count;
  return typeof count === 'number' && Number.isInteger(count) && count > 0 ? count : 1;
}

/** The clock reading an event brings, or `otherwise` for a host that sends none. */
function readingOf(event: WorkerEvent, otherwise: Micros): Micros {
  return event.now !== undefined && Number.isFinite(event.now) ? event.now : otherwise;
}

/** The generator's clock reading: whole layout units since the epoch. */
export function readingAt(context: Pick<WorkerContext, 'config' | 'startMs'>, local: Micros): number {
  const { layout } = context.config;
  // Subtract the two instants first: in microseconds they would not stay exact past 2255.
  return Math.floor(((context.startMs - layout.epochMs) * 1000 + local) / (layout.unitMs * 1000));
}

/** The local time at which a reading begins. */
function localOfReading(context: Pick<WorkerContext, 'config' | 'startMs'>, reading: number): Micros {
  const { layout } = context.config;
  return (layout.epochMs - context.startMs + reading * layout.unitMs) * 1000;
}

/** A uniform draw in [0, 1) from (seed, n): the worker's own reproducible source. */
export function draw(seed: number, n: number): number {
  let z = (seed ^ Math.imul(n + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
}

type Stop = 'served' | 'wait' | 'hold' | 'refused';

/** Serve queued requests at the current reading until the queue is empty or the worker must stop. */
function serve(context: WorkerContext): Partial<WorkerContext> & { stop: Stop } {
  const generator = generatorOf(context.config);
  const reading = readingAt(context, context.localNow);
  let { state, queue, draws, issued, refused, lastRefusal, lastId } = context;
  const ids: IssuedId[] = [...context.batchIds];
  const refusals: Refusal[] = [...context.batchRefusals];
  let stop: Stop = 'served';
  let wakeLocal: Micros | null = null;
  let wakeReason: WakeReason | null = null;
  let held: IssuedId | null = null;
  while (queue > 0) {
    const result = nextId(generator, state, reading, draw(context.seed, draws));
    state = result.state;
    if (result.kind === 'id') {
      draws++;
      const minted = { id: String(result.value), time: result.time, sequence: result.sequence };
      if (result.releaseAt > reading) {
        held = minted;
        wakeLocal = localOfReading(context, result.releaseAt);
        wakeReason = 'borrowed-time';
        stop = 'hold';
        break;
      }
      ids.push(minted);
      issued++;
      lastId = minted.id;
      queue--;
      stop = 'served';
    } else if (result.kind === 'wait') {
      wakeLocal = localOfReading(context, result.until);
      wakeReason = result.reason;
      stop = 'wait';
      break;
    } else {
      lastRefusal = { code: result.code, message: result.message };
      refusals.push(lastRefusal);
      refused++;
      queue--;
      stop = 'refused';
    }
  }
  return {
    stop,
    state,
    queue,
    draws,
    issued,
    refused,
    lastRefusal,
    lastId,
    held,
    wakeLocal,
    wakeReason,
    batchIds: ids,
    batchRefusals: refusals,
  };
}

export const workerMachine = setup({
  types: {
    context: {} as WorkerContext & { stop: Stop },
    events: {} as WorkerEvent,
    emitted: {} as WorkerEmitted,
    input: {} as WorkerInput,
  },
  actions: {
    startBatch: assign(({ context }) => ({ batch: context.batch + 1, batchIds: [], batchRefusals: [] })),
    receive: assign(({ context, event }) => {
      if (event.type !== 'client') return {};
      return {
        queue: context.queue + requestedCount(event.payload),
        localNow: readingOf(event, context.localNow),
      };
    }),
    // The kernel fires a local-clock timer once the clock reads its deadline, moving it when the
    // clock is stepped or skewed, so the reading here is at or past the one waited for.
    wake: assign(({ context, event }) => ({
      localNow: readingOf(event, Math.max(context.wakeLocal ?? context.localNow, context.localNow)),
      wakeLocal: null,
      wakeReason: null,
    })),
    releaseHeld: assign(({ context }) => {
      const held = context.held;
      if (!held) return {};
      return {
        held: null,
        queue: context.queue - 1,
        issued: context.issued + 1,
        lastId: held.id,
        batchIds: [...context.batchIds, held],
      };
    }),
    serve: assign(({ context }) => serve(context)),
    rearmForHeld: assign(({ context }) => ({
      wakeLocal: context.held ? localOfReading(context, context.held.time) : null,
      wakeReason: 'borrowed-time' as const,
    })),
    emitBatch: enqueueActions(({ context, enqueue }) => {
      for (const issued of context.batchIds) enqueue.emit({ type: 'id', ...issued });
      for (const refusal of context.batchRefusals) enqueue.emit({ type: 'refused', ...refusal });
    }),
    persist: emit({ type: 'persist' } as const),
    emitTimer: emit(({ context }): WorkerEmitted => ({
      type: 'set-timer',
      name: 'clock',
      duration: Math.max(0, (context.wakeLocal ?? context.localNow) - context.localNow),
    })),
  },
  guards: {
    mustWait: ({ context }) => context.stop === 'wait' || context.stop === 'hold',
    refusedLast: ({ context }) => context.stop === 'refused',
    isClockTimer: ({ event }) => event.type === 'timeout' && event.timer === 'clock',
    holding: ({ context }) => context.held !== null,
    heldIsDue: ({ context }) =>
      context.held !== null && readingAt(context, context.localNow) >= context.held.time,
  },
}).createMachine({
  id: 'snowflakeWorker',
  context: ({ input }) => {
    const config = { layout: input.layout, worker: input.worker, policy: input.policy };
    // Check layout, worker id and policy when the worker starts, not at its first request.
    generatorOf(config);
    return {
      config,
      startMs: input.startMs,
      seed: input.seed,
      localNow: input.localNow ?? 0,
      state: INITIAL_STATE,
      queue: 0,
      draws: 0,
      wakeLocal: null,
      wakeReason: null,
      held: null,
      issued: 0,
      refused: 0,
      batch: input.batch ?? 0,
      batchIds: [],
      batchRefusals: [],
      lastRefusal: null,
      lastId: null,
      stop: 'served' as Stop,
    };
  },
  initial: 'ready',
  states: {
    ready: {
      on: { client: { target: 'generating', actions: ['startBatch', 'receive'] } },
    },
    generating: {
      entry: 'serve',
      always: [
        { guard: 'mustWait', target: 'waitingForClock', actions: ['emitBatch', 'emitTimer', 'persist'] },
        { guard: 'refusedLast', target: 'refusing', actions: ['emitBatch', 'persist'] },
        { target: 'ready', actions: ['emitBatch', 'persist'] },
      ],
    },
    waitingForClock: {
      on: {
        // Requests queue up behind the wait; the timer stands (the kernel moves it with the clock).
        client: { actions: ['startBatch', 'receive', 'persist'] },
        timeout: [
          {
            guard: 'isClockTimer',
            target: 'releasing',
            actions: ['startBatch', 'wake'],
          },
        ],
      },
    },
    /** Passing through after a wake-up: hand out a held ID that is due, then serve the queue. */
    releasing: {
      always: [
        { guard: 'heldIsDue', target: 'generating', actions: 'releaseHeld' },
        { guard: 'holding', target: 'waitingForClock', actions: ['rearmForHeld', 'emitTimer'] },
        { target: 'generating' },
      ],
    },
    refusing: {
      on: { client: { target: 'generating', actions: ['startBatch', 'receive'] } },
    },
  },
});
