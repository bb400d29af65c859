/**
 * One Snowflake worker as an XState machine. It decides and the host does: the machine never
 * reads a clock. Each request carries the global time at which it arrives, and the worker keeps a
 * model of its own clock (offset and rate, told to it whenever the clock is stepped or skewed),
 * from which it derives the local reading the generator sees, the way IdWorker calls timeGen().
 * When it must wait it asks the host for a timer on its local clock.
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

/** A local clock: it read `anchorLocal` at global time `anchorGlobal` and runs at `rate`. */
export interface ClockModel {
  anchorGlobal: Micros;
  anchorLocal: Micros;
  rate: number;
}

export const TRUE_CLOCK: ClockModel = { anchorGlobal: 0, anchorLocal: 0, rate: 1 };

export interface WorkerInput extends WorkerConfig {
  /** The instant, in ms since 1970, that local time 0 stands for. */
  startMs: number;
  /** Seeds the worker's draws for random sequence starts (Leaf). */
  seed: number;
  /** The clock after a restart: the hardware clock survives a crash. */
  clock?: ClockModel;
  /** The event counter after a restart, so that observers never see it repeat. */
  batch?: number;
}

/** A request for `count` IDs arriving at global time `at`. */
export interface RequestPayload {
  kind: 'request';
  at: Micros;
  count: number;
  /** Part of the steady load of the `rate` parameter, not of the scenario's own actions. */
  generated?: true;
}

/** The worker's clock as it is from global time `at` on (after a step, a skew or a restart). */
export interface ClockPayload {
  kind: 'clock';
  at: Micros;
  clock: ClockModel;
}

export type WorkerEvent =
  | { type: 'client'; request: number; payload: RequestPayload | ClockPayload }
  | { type: 'timeout'; timer: string };

export interface IssuedId {
  id: string;
  /** Time field of the ID, in layout units since the epoch. */
  time: number;
  sequence: number;
  /** Global time at which it was handed out (for the k-sorted check). */
  at: Micros;
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
  /** Save what survives a crash (the clock and the event counter). */
  | { type: 'persist' };

export interface WorkerContext {
  config: WorkerConfig;
  startMs: number;
  seed: number;
  clock: ClockModel;
  /** Latest local and global times the worker knows of. */
  localNow: Micros;
  globalNow: Micros;
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

/** The local clock reading at global time `at`, computed as the kernel computes it. */
export function localAt(clock: ClockModel, at: Micros): Micros {
  return clock.anchorLocal + Math.round((at - clock.anchorGlobal) * clock.rate);
}

function globalAt(clock: ClockModel, local: Micros): Micros {
  return clock.anchorGlobal + Math.ceil((local - clock.anchorLocal) / clock.rate);
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
      const minted = {
        id: String(result.value),
        time: result.time,
        sequence: result.sequence,
        at: context.globalNow,
      };
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
      const payload = event.payload;
      const at = Number.isFinite(payload.at) ? payload.at : context.globalNow;
      if (payload.kind === 'clock') {
        return { clock: payload.clock, globalNow: at, localNow: localAt(payload.clock, at) };
      }
      const count = Number.isInteger(payload.count) && payload.count > 0 ? payload.count : 1;
      return { queue: context.queue + count, globalNow: at, localNow: localAt(context.clock, at) };
    }),
    wake: assign(({ context }) => {
      // The kernel fires a local-clock timer once the clock reads its deadline (later if it jumped past it).
      const local = Math.max(context.wakeLocal ?? context.localNow, context.localNow);
      return {
        localNow: local,
        globalNow: globalAt(context.clock, local),
        wakeLocal: null,
        wakeReason: null,
      };
    }),
    releaseHeld: assign(({ context }) => {
      const held = context.held;
      if (!held) return {};
      const released = { ...held, at: context.globalNow };
      return {
        held: null,
        queue: context.queue - 1,
        issued: context.issued + 1,
        lastId: held.id,
        batchIds: [...context.batchIds, released],
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
    isRequest: ({ event }) => event.type === 'client' && event.payload.kind === 'request',
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
    const clock = input.clock ?? TRUE_CLOCK;
    return {
      config,
      startMs: input.startMs,
      seed: input.seed,
      clock,
      localNow: clock.anchorLocal,
      globalNow: clock.anchorGlobal,
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
      on: {
        client: [
          { guard: 'isRequest', target: 'generating', actions: ['startBatch', 'receive'] },
          { actions: ['startBatch', 'receive', 'persist'] },
        ],
      },
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
        // Requests queue up behind the wait; a clock step is noted, the timer stands.
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
      on: {
        client: [
          { guard: 'isRequest', target: 'generating', actions: ['startBatch', 'receive'] },
          { actions: ['startBatch', 'receive', 'persist'] },
        ],
      },
    },
  },
});
