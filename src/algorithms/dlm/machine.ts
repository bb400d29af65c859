/**
 * The lock manager model as one XState machine whose `role` input picks a branch at boot: a
 * client (its phases as states), the lock manager, or the backend. Each branch's rules are plain
 * functions from context to context (client.ts, manager.ts, backend.ts); the machine wraps them
 * as one assign and the effects they collected.
 */
import { enqueueActions, setup } from 'xstate';
import type { Effect } from '../../sim/spec';
import { armLeases, expireLease, serve } from './backend';
import { clientStep, initialClient, type DlmEvent } from './client';
import {
  convert,
  dequeue,
  enqueue,
  initialManager,
  onRange,
  onTxnReply,
  onWatch,
  Out,
  RESYNC_TIMER,
  search,
  SEARCH_TIMER,
  startResync,
} from './manager';
import {
  CLIENT_PHASES,
  LOCK_PREFIX,
  type BackendContext,
  type ClientContext,
  type ClientPhase,
  type DlmContext,
  type DlmInput,
  type ManagerContext,
} from './types';

export function initialContext(input: DlmInput): DlmContext {
  switch (input.role) {
    case 'client':
      return initialClient(input.config);
    case 'manager':
      return input.restored ? { ...input.restored, searchArmed: false } : initialManager(input.config);
    case 'backend':
      return {
        role: 'backend',
        id: input.id,
        kind: input.kind,
        store: input.store,
        watchers: input.watchers,
        writes: input.writes,
      };
  }
}

function managerStep(m: ManagerContext, e: DlmEvent, out: Out): ManagerContext {
  switch (e.type) {
    case 'Enqueue':
      return enqueue(m, e, out);
    case 'Convert':
      return convert(m, e, out);
    case 'Dequeue':
      return dequeue(m, e.from, e.n, out);
    case 'TxnReply':
      return onTxnReply(m, e, out);
    case 'WatchEvents':
      return onWatch(m, e, out);
    case 'RangeReply':
      return onRange(m, e, out);
    case 'timeout':
      if (e.timer === SEARCH_TIMER) return search(m, out);
      if (e.timer === RESYNC_TIMER) return startResync(m, out);
      return m;
    default:
      return m;
  }
}

function backendStep(b: BackendContext, e: DlmEvent, out: Out): BackendContext {
  if (e.type === 'timeout') return e.timer.startsWith('lease:') ? expireLease(b, e.timer, out) : b;
  if (e.type === 'client') return b;
  return serve(b, e, out);
}

function step(ctx: DlmContext, e: DlmEvent, out: Out): DlmContext {
  switch (ctx.role) {
    case 'client':
      return clientStep(ctx, e, out);
    case 'manager':
      return managerStep(ctx, e, out);
    case 'backend':
      return backendStep(ctx, e, out);
  }
}

type Rule = (ctx: DlmContext, event: DlmEvent, out: Out) => DlmContext;

function rule(fn: Rule) {
  return enqueueActions<DlmContext, DlmEvent, undefined, DlmEvent, never, never, never, never, Effect>(
    ({ context, event, enqueue }) => {
      const out = new Out();
      const next = fn(context, event, out);
      if (next !== context) enqueue.assign(() => next);
      for (const effect of out.effects) enqueue.emit(effect);
      // The manager and the backend keep their state on disk.
      if (next !== context && next.role !== 'client') enqueue.emit({ type: 'persist' });
    },
  );
}

const phaseStates = Object.fromEntries(
  CLIENT_PHASES.map((phase) => [
    phase,
    {
      on: { '*': { actions: 'step' } },
      always: CLIENT_PHASES.filter((p) => p !== phase).map((p) => ({
        guard: { type: 'phaseIs' as const, params: { phase: p } },
        target: p,
      })),
    },
  ]),
);

export const dlmMachine = setup({
  types: {
    context: {} as DlmContext,
    input: {} as DlmInput,
    events: {} as DlmEvent,
    emitted: {} as Effect,
  },
  guards: {
    isClient: ({ context }) => context.role === 'client',
    isManager: ({ context }) => context.role === 'manager',
    phaseIs: ({ context }, params: { phase: ClientPhase }) =>
      (context as ClientContext).phase === params.phase,
  },
  actions: {
    step: rule(step),
    bootManager: rule((ctx, _e, out) => {
      const m = ctx as ManagerContext;
      out.send(m.config.backend, { type: 'Watch', from: m.config.id, prefix: LOCK_PREFIX });
      out.timer(RESYNC_TIMER, m.config.resync);
      // A restarted manager searches its queues again.
      if (m.converting.length + m.waiting.length > 0) {
        out.timer(SEARCH_TIMER, m.config.deadlockWait);
        return { ...m, searchArmed: true };
      }
      return m;
    }),
    bootBackend: rule((ctx, _e, out) => {
      armLeases(ctx as BackendContext, out);
      return ctx;
    }),
  },
}).createMachine({
  id: 'dlm',
  context: ({ input }) => initialContext(input),
  initial: 'booting',
  states: {
    booting: {
      always: [
        { guard: 'isClient', target: 'idle' },
        { guard: 'isManager', target: 'managing' },
        { target: 'serving' },
      ],
    },
    ...phaseStates,
    managing: { entry: 'bootManager', on: { '*': { actions: 'step' } } },
    serving: { entry: 'bootBackend', on: { '*': { actions: 'step' } } },
  },
});
