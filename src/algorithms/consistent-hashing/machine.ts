/**
 * The processes of a consistent-hashing cluster as one XState machine. Nothing here is sent:
 * membership is what each cache node says of itself, and placement is a pure function of it
 * (place.ts), worked out by the checker after every event. The transient `boot` state reads the
 * role from the input:
 * - a cache node is `inRing` (a member, with a weight) or `spare` (not in the ring); a crash takes
 *   it out of the ring until it restarts, which puts it back where it was (its join time and
 *   weight survive, so jump hash gives it its old bucket);
 * - the clients C hold the traffic the cluster sees: a hot key burst, and the key last looked up.
 */
import { assign, emit, setup } from 'xstate';
import { parseRequest, type Request } from './requests';

type Micros = number;

export interface CacheContext {
  role: 'cache';
  weight: number;
  /** When the node (last) joined: jump hash numbers its buckets in this order. */
  joinedAt: Micros;
  member: boolean;
  /** What the last request asked and whether it changed anything. */
  last: { request: Request; changed: boolean } | null;
}

export interface ClientsContext {
  role: 'clients';
  /** Requests of the current hot key burst (0: none). */
  hot: number;
  lookup: string | null;
  last: { request: Request; changed: boolean } | null;
}

export type NodeContext = CacheContext | ClientsContext;

export type NodeInput =
  | { role: 'cache'; member: boolean; weight: number; joinedAt: Micros }
  | { role: 'clients'; hot: number; lookup: string | null };

type Event =
  { type: 'client'; request: number; payload: unknown; now?: Micros } | { type: 'timeout'; timer: string };

type Emitted = { type: 'persist' } | { type: 'note'; kind: 'refused'; reason: string };

function applyCache(context: CacheContext, request: Request, now: Micros): CacheContext {
  switch (request.op) {
    case 'join':
      if (context.member) return { ...context, last: { request, changed: false } };
      return { ...context, member: true, joinedAt: now, last: { request, changed: true } };
    case 'leave':
      if (!context.member) return { ...context, last: { request, changed: false } };
      return { ...context, member: false, last: { request, changed: true } };
    case 'weight':
      return {
        ...context,
        weight: request.weight,
        last: { request, changed: request.weight !== context.weight },
      };
    default:
      return { ...context, last: { request, changed: false } };
  }
}

function applyClients(context: ClientsContext, request: Request): ClientsContext {
  switch (request.op) {
    case 'hot':
      return { ...context, hot: request.count, last: { request, changed: request.count !== context.hot } };
    case 'lookup':
      return { ...context, lookup: request.key, last: { request, changed: true } };
    default:
      return { ...context, last: { request, changed: false } };
  }
}

export const hashingMachine = setup({
  types: {
    context: {} as NodeContext,
    events: {} as Event,
    emitted: {} as Emitted,
    input: {} as NodeInput,
  },
  actions: {
    apply: assign(({ context, event }) => {
      if (event.type !== 'client') return {};
      const request = parseRequest(event.payload);
      return context.role === 'cache'
        ? applyCache(context, request, event.now ?? 0)
        : applyClients(context, request);
    }),
    persist: emit({ type: 'persist' } as const),
    noteUnchanged: emit(({ context }): Emitted => ({
      type: 'note',
      kind: 'refused',
      reason: context.last?.changed === false ? 'nothing to change' : '',
    })),
  },
  guards: {
    isClients: ({ context }) => context.role === 'clients',
    isMember: ({ context }) => context.role === 'cache' && context.member,
    unchanged: ({ context }) => context.last?.changed === false,
  },
}).createMachine({
  id: 'consistentHashing',
  context: ({ input }) =>
    input.role === 'cache'
      ? { role: 'cache', weight: input.weight, joinedAt: input.joinedAt, member: input.member, last: null }
      : { role: 'clients', hot: input.hot, lookup: input.lookup, last: null },
  initial: 'boot',
  states: {
    boot: {
      always: [
        { guard: 'isClients', target: 'clients' },
        { guard: 'isMember', target: 'inRing' },
        { target: 'spare' },
      ],
    },
    clients: {
      on: { client: { actions: ['apply', 'persist'] } },
    },
    inRing: {
      on: { client: { target: 'settle', actions: ['apply', 'persist'] } },
    },
    spare: {
      on: { client: { target: 'settle', actions: ['apply', 'persist'] } },
    },
    /** Passing through after a request: into the ring or out of it. */
    settle: {
      always: [{ guard: 'unchanged', target: 'boot', actions: 'noteUnchanged' }, { target: 'boot' }],
    },
  },
});
