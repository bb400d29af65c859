/**
 * One Snowflake worker as an XState machine. It decides and the host does: the machine never
 * reads a clock. Every event carries the worker's clock reading (whole time units since the
 * layout's epoch), and the machine emits what should happen: an ID for a request, a refusal, or
 * a request to be woken when the clock reaches a reading.
 *
 * States, as the article names them:
 * - ready: idle, the last request got its ID;
 * - generating: calling the pure generator for the request at the head of the queue;
 * - waitingForClock: the sequence of the current time unit is used up (or the clock stepped
 *   back a little, or a borrowed ID waits for real time), so it sleeps until a clock reading;
 * - refusing: the last request was refused (clock behind, no numbers left); the next request
 *   tries again.
 */
import { assign, emit, setup } from 'xstate';
import {
  type Generator,
  type GeneratorState,
  INITIAL_STATE,
  type Policy,
  type StepResult,
  type WorkerFields,
  createGenerator,
  nextId,
} from './generator';
import type { Layout } from './layout';

export interface WorkerConfig {
  layout: Layout;
  worker: WorkerFields;
  policy: Policy;
}

export interface WorkerInput extends WorkerConfig {
  /** Generator state to resume from (e.g. after a restart); a fresh worker starts empty. */
  state?: GeneratorState;
}

/** An ID minted with borrowed time, handed out once the clock reaches `releaseAt`. */
interface HeldId {
  request: number;
  id: string;
  time: number;
  sequence: number;
  releaseAt: number;
}

export interface WorkerContext {
  config: WorkerConfig;
  state: GeneratorState;
  /** Requests not answered yet, oldest first. */
  queue: number[];
  /** The latest clock reading the host reported. */
  now: number;
  /** A uniform draw in [0, 1) from the host's seeded source, for random sequence starts. */
  random: number;
  /** What the generator answered last. */
  last: StepResult | null;
  held: HeldId | null;
  /** The clock reading the worker waits for, while waiting. */
  wakeAt: number | null;
  issued: number;
  refused: number;
  lastId: string | null;
}

export type WorkerEvent =
  /** A client asks for one ID. */
  | { type: 'request'; request: number; now: number; random?: number }
  /** The wake-up the worker asked for: the host reports the clock reading. */
  | { type: 'clock'; now: number; random?: number };

export type WorkerEmitted =
  | { type: 'id'; request: number; id: string; time: number; sequence: number; borrowed: number }
  | { type: 'refused'; request: number; code: string; message: string }
  /** Wake me (send `clock`) when my clock reads `at`. */
  | {
      type: 'set-timer';
      name: 'clock';
      at: number;
      reason: 'sequence-exhausted' | 'clock-behind' | 'borrowed-time';
    };

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

export const workerMachine = setup({
  types: {
    context: {} as WorkerContext,
    events: {} as WorkerEvent,
    emitted: {} as WorkerEmitted,
    input: {} as WorkerInput,
  },
  actions: {
    enqueue: assign(({ context, event }) =>
      event.type === 'request'
        ? { queue: [...context.queue, event.request], now: event.now, random: event.random ?? 0 }
        : {},
    ),
    readClock: assign(({ event }) =>
      event.type === 'clock' ? { now: event.now, random: event.random ?? 0 } : {},
    ),
    step: assign(({ context }) => ({
      last: nextId(generatorOf(context.config), context.state, context.now, context.random),
    })),
    handOut: assign(({ context }) => {
      const last = context.last;
      if (last?.kind !== 'id') return {};
      return {
        state: last.state,
        queue: context.queue.slice(1),
        issued: context.issued + 1,
        lastId: String(last.value),
        wakeAt: null,
      };
    }),
    emitId: emit(({ context }): WorkerEmitted => {
      const last = context.last as Extract<StepResult, { kind: 'id' }>;
      return {
        type: 'id',
        request: context.queue[0] ?? -1,
        id: String(last.value),
        time: last.time,
        sequence: last.sequence,
        borrowed: last.state.borrowed,
      };
    }),
    hold: assign(({ context }) => {
      const last = context.last as Extract<StepResult, { kind: 'id' }>;
      return {
        state: last.state,
        held: {
          request: context.queue[0] ?? -1,
          id: String(last.value),
          time: last.time,
          sequence: last.sequence,
          releaseAt: last.releaseAt,
        },
        wakeAt: last.releaseAt,
      };
    }),
    emitHeldTimer: emit(({ context }): WorkerEmitted => ({
      type: 'set-timer',
      name: 'clock',
      at: context.held?.releaseAt ?? context.now,
      reason: 'borrowed-time',
    })),
    releaseHeld: assign(({ context }) => ({
      queue: context.queue.slice(1),
      held: null,
      wakeAt: null,
      issued: context.issued + 1,
      lastId: context.held?.id ?? context.lastId,
    })),
    emitHeld: emit(({ context }): WorkerEmitted => {
      const held = context.held as HeldId;
      return {
        type: 'id',
        request: held.request,
        id: held.id,
        time: held.time,
        sequence: held.sequence,
        borrowed: Math.max(0, held.time - context.now),
      };
    }),
    sleep: assign(({ context }) => {
      const last = context.last as Extract<StepResult, { kind: 'wait' }>;
      return { state: last.state, wakeAt: last.until };
    }),
    emitTimer: emit(({ context }): WorkerEmitted => {
      const last = context.last as Extract<StepResult, { kind: 'wait' }>;
      return { type: 'set-timer', name: 'clock', at: last.until, reason: last.reason };
    }),
    refuse: assign(({ context }) => {
      const last = context.last as Extract<StepResult, { kind: 'error' }>;
      return { state: last.state, queue: context.queue.slice(1), refused: context.refused + 1, wakeAt: null };
    }),
    emitRefusal: emit(({ context }): WorkerEmitted => {
      const last = context.last as Extract<StepResult, { kind: 'error' }>;
      return { type: 'refused', request: context.queue[0] ?? -1, code: last.code, message: last.message };
    }),
  },
  guards: {
    gotId: ({ context }) => context.last?.kind === 'id' && context.last.releaseAt <= context.now,
    gotHeldId: ({ context }) => context.last?.kind === 'id' && context.last.releaseAt > context.now,
    mustWait: ({ context }) => context.last?.kind === 'wait',
    refused: ({ context }) => context.last?.kind === 'error',
    moreQueued: ({ context }) => context.queue.length > 0,
    // Guards run before the transition's actions, so the new reading comes from the event.
    heldIsDue: ({ context, event }) =>
      context.held !== null && event.type === 'clock' && event.now >= context.held.releaseAt,
    holding: ({ context }) => context.held !== null,
  },
}).createMachine({
  id: 'snowflakeWorker',
  context: ({ input }) => {
    const config = { layout: input.layout, worker: input.worker, policy: input.policy };
    // Check layout, worker id and policy when the worker starts, not at its first request.
    generatorOf(config);
    return {
      config,
      state: input.state ?? INITIAL_STATE,
      queue: [],
      now: 0,
      random: 0,
      last: null,
      held: null,
      wakeAt: null,
      issued: 0,
      refused: 0,
      lastId: null,
    };
  },
  initial: 'ready',
  states: {
    ready: {
      on: { request: { target: 'generating', actions: 'enqueue' } },
    },
    generating: {
      entry: 'step',
      always: [
        { guard: 'gotId', target: 'handedOut', actions: ['emitId', 'handOut'] },
        { guard: 'gotHeldId', target: 'waitingForClock', actions: ['hold', 'emitHeldTimer'] },
        { guard: 'mustWait', target: 'waitingForClock', actions: ['sleep', 'emitTimer'] },
        { guard: 'refused', target: 'refusing', actions: ['emitRefusal', 'refuse'] },
      ],
    },
    /** Passing through: serve the next queued request at the same clock reading, if any. */
    handedOut: {
      always: [{ guard: 'moreQueued', target: 'generating' }, { target: 'ready' }],
    },
    waitingForClock: {
      on: {
        request: { actions: 'enqueue' },
        clock: [
          { guard: 'heldIsDue', target: 'handedOut', actions: ['readClock', 'emitHeld', 'releaseHeld'] },
          { guard: 'holding', actions: ['readClock', 'emitHeldTimer'] },
          { target: 'generating', actions: 'readClock' },
        ],
      },
    },
    refusing: {
      always: [{ guard: 'moreQueued', target: 'generating' }],
      on: { request: { target: 'generating', actions: 'enqueue' } },
    },
  },
});

/** The events a worker emitted, out of the actions XState's pure `transition()` returns. */
export function emittedEvents(actions: readonly { type: string; params?: unknown }[]): WorkerEmitted[] {
  return actions
    .filter((action) => action.type === 'xstate.emit')
    .map((action) => (action.params as { event: WorkerEmitted }).event);
}
