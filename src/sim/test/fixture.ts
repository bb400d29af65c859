/**
 * A tiny algorithm for testing the kernel on its own: nodes that send pings on request, answer
 * pings, record what they handled, and set timers or persist when asked.
 */
import { enqueueActions, setup } from 'xstate';
import { SimulationRun, type RunOptions } from '../run';
import type { Effect, InvariantChecker, KernelEvent, SimMessage, SimulationSpec } from '../spec';
import type { Scenario, TimedAction } from '../types';

export interface EchoContext {
  id: string;
  /** Survives crashes when persisted. */
  saved: number;
  /** Lost on crash. */
  counter: number;
  /** What the node handled, in order: "ping:S1:3", "timer:t", ... */
  handled: readonly string[];
}

export type EchoMessage =
  { type: 'Ping'; from: string; n: number } | { type: 'Pong'; from: string; n: number };

/** Client payloads understood by the echo node. */
export type EchoCommand =
  | { ping: string; n?: number }
  | { timer: string; duration: number }
  | { cancel: string }
  | { count: true; persist?: boolean };

type EchoEvent = EchoMessage | KernelEvent;

const echo = (m: EchoMessage): SimMessage => m;

export const echoMachine = setup({
  types: {
    context: {} as EchoContext,
    input: {} as { id: string; saved?: number },
    events: {} as EchoEvent,
    emitted: {} as Effect,
  },
}).createMachine({
  id: 'echo',
  context: ({ input }) => ({ id: input.id, saved: input.saved ?? 0, counter: 0, handled: [] }),
  initial: 'running',
  states: {
    running: {
      on: {
        Ping: {
          actions: enqueueActions(({ context, event, enqueue }) => {
            enqueue.assign({ handled: [...context.handled, `ping:${event.from}:${event.n}`] });
            enqueue.emit({
              type: 'send',
              to: event.from,
              message: echo({ type: 'Pong', from: context.id, n: event.n }),
            });
          }),
        },
        Pong: {
          actions: enqueueActions(({ context, event, enqueue }) => {
            enqueue.assign({ handled: [...context.handled, `pong:${event.from}:${event.n}`] });
          }),
        },
        timeout: {
          actions: enqueueActions(({ context, event, enqueue }) => {
            enqueue.assign({ handled: [...context.handled, `timer:${event.timer}`] });
          }),
        },
        client: {
          actions: enqueueActions(({ context, event, enqueue }) => {
            const c = event.payload as EchoCommand;
            if ('ping' in c) {
              enqueue.emit({
                type: 'send',
                to: c.ping,
                message: echo({ type: 'Ping', from: context.id, n: c.n ?? 0 }),
              });
            } else if ('timer' in c) {
              enqueue.emit({ type: 'set-timer', name: c.timer, duration: c.duration });
            } else if ('cancel' in c) {
              enqueue.emit({ type: 'cancel-timer', name: c.cancel });
            } else {
              enqueue.assign({ counter: context.counter + 1, saved: context.saved + 1 });
              if (c.persist) enqueue.emit({ type: 'persist' });
            }
          }),
        },
      },
    },
  },
});

export interface EchoParams {
  nodes: number;
  latencyMin: number;
  latencyMax: number;
  loss: number;
  duplication: number;
}

const noChecks: InvariantChecker<EchoContext> = {
  names: [],
  check: () => [],
  save: () => null,
  load: () => undefined,
};

export const echoSpec: SimulationSpec<EchoContext, EchoContext, EchoParams> = {
  nodeIds: (p) => Array.from({ length: p.nodes }, (_, i) => `N${i + 1}`),
  machine: echoMachine,
  input: (id) => ({ id }),
  persistent: (ctx) => ctx.saved,
  restartInput: (id, _nodes, _params, persisted) => ({ id, saved: persisted as number }),
  network: (p) => ({
    latencyMin: p.latencyMin,
    latencyMax: p.latencyMax,
    loss: p.loss,
    duplication: p.duplication,
  }),
  forcedTimer: 'forced',
  clientTarget: (nodes) => nodes.find((n) => n.up)?.id ?? null,
  viewState: (ctx) => ctx,
  label: (m) => m.type,
  narrate: () => null,
  createChecker: () => noChecks,
};

export const defaultEchoParams: EchoParams = {
  nodes: 3,
  latencyMin: 1000,
  latencyMax: 2000,
  loss: 0,
  duplication: 0,
};

export function echoRun(
  actions: TimedAction[],
  params: Partial<EchoParams> = {},
  seed = 1,
  options?: RunOptions,
) {
  const full = { ...defaultEchoParams, ...params };
  const scenario: Scenario = { version: 1, algorithm: 'echo', params: { ...full }, seed, actions };
  return new SimulationRun(echoSpec, scenario, full, options);
}

export function ping(at: number, from: string, to: string, n = 0): TimedAction {
  return { at, action: { type: 'client', node: from, payload: { ping: to, n } } };
}

/** Step to the end (or a time) and return the run. */
export function finish<R extends { seekTime(t: number): void }>(run: R, until = 10_000_000): R {
  run.seekTime(until);
  return run;
}
