/**
 * Meituan Leaf's segment mode as one XState machine whose `role` input picks a branch: a client
 * that asks for IDs, a Leaf server (`SegmentIDGenImpl` with its double buffer) or the database that
 * holds the `leaf_alloc` row. The rules follow leaf-core:
 *
 * - get(tag) on a server whose buffer was never filled loads the current segment first, while the
 *   callers wait (the `initOk` lock);
 * - before each ID, if the other slot is not ready, no load is running and the current segment's
 *   idle count is under 0.9 × its step (more than 10% used), the loader thread starts: here a
 *   zero-length `load` timer, which also tells the machine its local clock for the adaptive step;
 * - the load runs UPDATE max_id = max_id + step, then SELECT, in one transaction; the segment is
 *   [max_id − step, max_id);
 * - when the current segment runs out the server switches to the other slot if it is ready, else
 *   the caller waits a little (about 10 ms in Leaf) for a load in flight and then fails.
 *
 * Machines read no clock; timers carry the local reading (`now`).
 */
import { enqueueActions, setup } from 'xstate';
import type { Effect, KernelEvent } from '../../sim/spec';
import type { Micros, NodeId } from '../../sim/types';
import type {
  ClaimedMessage,
  ClientContext,
  DatabaseContext,
  GetMessage,
  Grant,
  IdRun,
  IdsMessage,
  LeafContext,
  LeafInput,
  LeafMessage,
  Pending,
  RowMessage,
  Segment,
  ServerContext,
  WriteMessage,
  WrittenMessage,
} from './types';
import { BIZ_TAG } from './types';

export type LeafEvent = LeafMessage | KernelEvent;

/** Leaf loads the next segment once the current one's idle count is under 0.9 × its step. */
export const LOAD_BELOW = 0.9;
/** How many handed-out requests and grants the views keep. */
const RECENT = 8;

/** Why a machine did what it did, for narration (kernel `note` effects). */
export type LeafNote =
  | { type: 'note'; kind: 'served'; client: NodeId; request: number; runs: IdRun[]; left: number }
  | { type: 'note'; kind: 'load-due'; used: number; step: number }
  | { type: 'note'; kind: 'init-load' }
  | { type: 'note'; kind: 'switched'; first: number; max: number }
  | { type: 'note'; kind: 'waiting'; client: NodeId; left: number }
  | { type: 'note'; kind: 'refused'; client: NodeId; failed: number; reason: string }
  | {
      type: 'note';
      kind: 'load-start';
      step: number | null;
      how: 'row' | 'doubled' | 'kept' | 'halved' | 'capped' | 'floor';
      lasted: Micros | null;
      statement: 'claim' | 'read';
    }
  | { type: 'note'; kind: 'leased'; first: number; max: number; init: boolean; believed: boolean }
  | { type: 'note'; kind: 'load-failed'; init: boolean }
  | { type: 'note'; kind: 'stale'; load: number }
  | { type: 'note'; kind: 'granted'; grant: Grant; before: number; blind: boolean };

class Out {
  readonly effects: Effect[] = [];
  send(to: NodeId, message: LeafMessage): void {
    this.effects.push({ type: 'send', to, message });
  }
  timer(name: string, duration: Micros): void {
    this.effects.push({ type: 'set-timer', name, duration });
  }
  cancel(name: string): void {
    this.effects.push({ type: 'cancel-timer', name });
  }
  note(note: LeafNote): void {
    this.effects.push(note);
  }
}

export function remaining(segment: Segment | null): number {
  return segment ? segment.max - segment.next : 0;
}

const other = (c: ServerContext): 0 | 1 => (c.current === 0 ? 1 : 0);

export function initialContext(input: LeafInput): LeafContext {
  switch (input.role) {
    case 'server':
      return {
        role: 'server',
        config: input.config,
        segments: [null, null],
        current: 0,
        nextReady: false,
        initOk: false,
        loading: null,
        loads: input.incarnation * 1_000_000,
        incarnation: input.incarnation,
        step: 0,
        minStep: 0,
        updatedAt: 0,
        loadStartedAt: 0,
        lastDuration: null,
        knownMax: null,
        pending: [],
        served: 0,
        refused: 0,
        lastId: null,
        batch: 0,
        batchRuns: [],
        recent: [],
        lastError: null,
      };
    case 'db':
      return {
        role: 'db',
        id: input.id,
        bizTag: BIZ_TAG,
        maxId: input.maxId,
        step: input.step,
        grants: input.grants,
        lastGrant: input.lastGrant,
        recent: input.recent,
      };
    case 'client':
      return {
        role: 'client',
        id: input.id,
        servers: input.servers,
        interval: input.interval,
        batch: input.batch,
        request: input.offset,
        got: 0,
        failed: 0,
        last: null,
      };
  }
}

// -------------------------------------------------------------------------------------------------
// Server rules

/** Leaf's check at the top of every get(): start the loader thread when it is due. */
function startLoadIfDue(c: ServerContext, out: Out): ServerContext {
  if (!c.initOk || c.nextReady || c.loading) return c;
  const segment = c.segments[c.current];
  if (!segment || remaining(segment) >= LOAD_BELOW * segment.step) return c;
  out.timer('load', 0);
  out.note({ type: 'note', kind: 'load-due', used: segment.next - segment.first, step: segment.step });
  return {
    ...c,
    loads: c.loads + 1,
    loading: { load: c.loads + 1, phase: 'queued', step: null, slot: other(c) },
  };
}

/** One ID from the current slot, switching to the other when it is ready; null when both are spent. */
function takeOne(c: ServerContext, out: Out): { ctx: ServerContext; id: number | null } {
  let ctx = c;
  for (;;) {
    const segment = ctx.segments[ctx.current];
    if (segment && segment.next < segment.max) {
      const segments: ServerContext['segments'] = [...ctx.segments];
      segments[ctx.current] = { ...segment, next: segment.next + 1 };
      return { ctx: { ...ctx, segments }, id: segment.next };
    }
    if (!ctx.nextReady) return { ctx, id: null };
    const next = ctx.segments[other(ctx)] as Segment;
    out.note({ type: 'note', kind: 'switched', first: next.first, max: next.max });
    ctx = { ...ctx, current: other(ctx), nextReady: false };
  }
}

function addId(runs: IdRun[], id: number): void {
  const last = runs[runs.length - 1];
  if (last && last[1] === id - 1) runs[runs.length - 1] = [last[0], id];
  else runs.push([id, id]);
}

/** `count` calls of get(tag); returns the IDs handed out and how many calls are left. */
function serveCalls(
  c: ServerContext,
  count: number,
  out: Out,
): { ctx: ServerContext; runs: IdRun[]; left: number } {
  let ctx = c;
  const runs: IdRun[] = [];
  let left = count;
  while (left > 0) {
    ctx = startLoadIfDue(ctx, out);
    const taken = takeOne(ctx, out);
    ctx = taken.ctx;
    if (taken.id === null) break;
    addId(runs, taken.id);
    left--;
  }
  return { ctx, runs, left };
}

const countOf = (runs: readonly IdRun[]) => runs.reduce((n, [a, b]) => n + b - a + 1, 0);

/** Records the IDs this event handed out, which the checker reads as one batch. */
function handedOut(c: ServerContext, runs: IdRun[]): ServerContext {
  if (runs.length === 0) return c;
  const last = runs[runs.length - 1] as IdRun;
  return { ...c, batch: c.batch + 1, batchRuns: runs, served: c.served + countOf(runs), lastId: last[1] };
}

function reply(c: ServerContext, out: Out, p: Pending, failed: number, reason: string | null): ServerContext {
  const message: IdsMessage = {
    type: 'Ids',
    from: c.config.id,
    request: p.request,
    runs: p.runs,
    failed,
    reason,
  };
  out.send(p.client, message);
  const handed = { client: p.client, request: p.request, runs: p.runs, failed };
  return { ...c, refused: c.refused + failed, recent: [...c.recent, handed].slice(-RECENT) };
}

/** Serves waiting requests in order, as far as the buffer goes. */
function servePending(c: ServerContext, out: Out): ServerContext {
  let ctx: ServerContext = { ...c, pending: [] };
  const fresh: IdRun[] = [];
  const still: Pending[] = [];
  for (const p of c.pending) {
    if (still.length > 0) {
      still.push(p);
      continue;
    }
    const served = serveCalls(ctx, p.count, out);
    ctx = served.ctx;
    for (const run of served.runs) for (let id = run[0]; id <= run[1]; id++) addId(fresh, id);
    const runs = [...p.runs];
    for (const run of served.runs) for (let id = run[0]; id <= run[1]; id++) addId(runs, id);
    const now: Pending = { ...p, count: served.left, runs };
    if (served.runs.length > 0)
      out.note({
        type: 'note',
        kind: 'served',
        client: p.client,
        request: p.request,
        runs: served.runs,
        left: served.left,
      });
    if (served.left === 0) ctx = reply(ctx, out, now, 0, null);
    else still.push(now);
  }
  return handedOut({ ...ctx, pending: still }, fresh);
}

function onGet(c: ServerContext, m: GetMessage, out: Out): ServerContext {
  const request: Pending = { client: m.from, request: m.request, count: m.count, runs: [] };
  if (!c.initOk) {
    // The first call fills the current slot under a lock; every caller waits for it.
    let ctx: ServerContext = { ...c, pending: [...c.pending, request] };
    if (!ctx.loading) {
      out.timer('load', 0);
      out.note({ type: 'note', kind: 'init-load' });
      ctx = {
        ...ctx,
        loads: ctx.loads + 1,
        loading: { load: ctx.loads + 1, phase: 'queued', step: null, slot: ctx.current },
      };
    }
    out.note({ type: 'note', kind: 'waiting', client: m.from, left: m.count });
    return ctx;
  }
  if (c.pending.length > 0) {
    // Callers before this one are waiting; this one waits behind them.
    out.note({ type: 'note', kind: 'waiting', client: m.from, left: m.count });
    return { ...c, pending: [...c.pending, request] };
  }
  const served = serveCalls(c, m.count, out);
  const now: Pending = { ...request, count: served.left, runs: served.runs };
  let ctx = handedOut(served.ctx, served.runs);
  if (served.runs.length > 0)
    out.note({
      type: 'note',
      kind: 'served',
      client: m.from,
      request: m.request,
      runs: served.runs,
      left: served.left,
    });
  if (served.left === 0) return reply(ctx, out, now, 0, null);
  if (ctx.loading && ctx.config.waitFor > 0) {
    out.timer('wait', ctx.config.waitFor);
    out.note({ type: 'note', kind: 'waiting', client: m.from, left: served.left });
    return { ...ctx, pending: [now] };
  }
  const reason = 'both segments are empty and no segment is on its way';
  out.note({ type: 'note', kind: 'refused', client: m.from, failed: served.left, reason });
  ctx = reply(ctx, out, now, served.left, reason);
  return ctx;
}

/** Leaf's adaptive step, decided when a load starts from how long ago the step was last set. */
function nextStep(
  c: ServerContext,
  now: Micros,
): { step: number | null; how: LeafNote & { kind: 'load-start' } } {
  const base = {
    type: 'note',
    kind: 'load-start',
    statement: c.config.variant === 'read-then-write' ? 'read' : 'claim',
  } as const;
  // The first two leases take the row's step (Leaf's initOk and updateTimestamp == 0 branches).
  if (!c.initOk || c.updatedAt === 0 || !c.config.dynamicStep)
    return { step: null, how: { ...base, step: null, how: 'row', lasted: null } };
  const lasted = now - c.updatedAt;
  const { segmentDuration: d, maxStep } = c.config;
  if (lasted < d) {
    const doubled = c.step * 2;
    return doubled > maxStep
      ? { step: c.step, how: { ...base, step: c.step, how: 'capped', lasted } }
      : { step: doubled, how: { ...base, step: doubled, how: 'doubled', lasted } };
  }
  if (lasted < 2 * d) return { step: c.step, how: { ...base, step: c.step, how: 'kept', lasted } };
  const half = Math.floor(c.step / 2);
  return half >= c.minStep
    ? { step: half, how: { ...base, step: half, how: 'halved', lasted } }
    : { step: c.step, how: { ...base, step: c.step, how: 'floor', lasted } };
}

function onLoadTimer(c: ServerContext, now: Micros, out: Out): ServerContext {
  const loading = c.loading;
  if (!loading || loading.phase !== 'queued') return c;
  const { step, how } = nextStep(c, now);
  out.note(how);
  out.timer('db', c.config.dbTimeout);
  const load = loading.load;
  if (c.config.variant === 'read-then-write') {
    out.send(c.config.db, { type: 'Read', from: c.config.id, load });
    return {
      ...c,
      loading: { ...loading, phase: 'read', step },
      lastDuration: how.lasted,
      loadStartedAt: now,
    };
  }
  out.send(c.config.db, { type: 'Claim', from: c.config.id, load, step });
  return {
    ...c,
    loading: { ...loading, phase: 'update', step },
    lastDuration: how.lasted,
    loadStartedAt: now,
  };
}

/** Broken variant: a blind write of the value it read plus the step. */
function onRow(c: ServerContext, m: RowMessage, out: Out): ServerContext {
  const loading = c.loading;
  if (!loading || loading.phase !== 'read' || m.load !== loading.load) return c;
  const step = loading.step ?? m.step;
  const write: WriteMessage = { type: 'Write', from: c.config.id, load: m.load, maxId: m.maxId + step, step };
  out.send(c.config.db, write);
  return { ...c, loading: { ...loading, phase: 'write' } };
}

function onLeased(c: ServerContext, m: ClaimedMessage | WrittenMessage, out: Out): ServerContext {
  const loading = c.loading;
  const phase = m.type === 'Claimed' ? 'update' : 'write';
  if (!loading || loading.phase !== phase || m.load !== loading.load) {
    out.note({ type: 'note', kind: 'stale', load: m.load });
    return c;
  }
  out.cancel('db');
  const step = loading.step ?? m.step;
  // Leaf reads max_id back (the SELECT) and owns [max_id − step, max_id). The broken variant
  // believes the row still held what it saw at its previous lease.
  const believed = c.config.variant === 'no-select' && c.knownMax !== null;
  const max = believed ? (c.knownMax as number) + step : m.maxId;
  const segment: Segment = { first: max - step, max, next: max - step, step };
  const segments: ServerContext['segments'] = [...c.segments];
  segments[loading.slot] = segment;
  const wasInit = c.initOk;
  out.note({ type: 'note', kind: 'leased', first: segment.first, max, init: !wasInit, believed });
  const ctx: ServerContext = {
    ...c,
    segments,
    initOk: true,
    nextReady: wasInit ? true : c.nextReady,
    loading: null,
    step,
    minStep: m.step,
    updatedAt: wasInit ? c.loadStartedAt : c.updatedAt,
    knownMax: max,
    lastError: null,
  };
  const served = servePending(ctx, out);
  if (served.pending.length > 0 && served.loading) out.timer('wait', c.config.waitFor);
  else if (served.pending.length === 0) out.cancel('wait');
  return served;
}

function refuseAll(c: ServerContext, out: Out, reason: string): ServerContext {
  let ctx: ServerContext = { ...c, pending: [] };
  for (const p of c.pending) {
    out.note({ type: 'note', kind: 'refused', client: p.client, failed: p.count, reason });
    ctx = reply(ctx, out, p, p.count, reason);
  }
  return ctx;
}

function onDbTimeout(c: ServerContext, out: Out): ServerContext {
  if (!c.loading || c.loading.phase === 'queued') return c;
  const init = !c.initOk;
  out.note({ type: 'note', kind: 'load-failed', init });
  let ctx: ServerContext = {
    ...c,
    loading: null,
    lastError: `the database did not answer within ${c.config.dbTimeout / 1000} ms`,
  };
  // The first load failing fails every caller waiting on it (Leaf's init throws).
  if (init) ctx = refuseAll(ctx, out, 'the first segment could not be loaded: the database did not answer');
  return ctx;
}

function onWait(c: ServerContext, out: Out): ServerContext {
  if (!c.initOk || c.pending.length === 0) return c;
  return refuseAll(c, out, 'both segments are empty: the next one did not arrive in time');
}

// -------------------------------------------------------------------------------------------------
// Database and client rules

function grant(
  d: DatabaseContext,
  server: NodeId,
  first: number,
  max: number,
  out: Out,
  blind: boolean,
): DatabaseContext {
  const g: Grant = { server, first, max };
  out.note({ type: 'note', kind: 'granted', grant: g, before: d.maxId, blind });
  out.effects.push({ type: 'persist' });
  return { ...d, maxId: max, grants: d.grants + 1, lastGrant: g, recent: [...d.recent, g].slice(-RECENT) };
}

function onDbMessage(d: DatabaseContext, m: LeafMessage, out: Out): DatabaseContext {
  switch (m.type) {
    case 'Claim': {
      const step = m.step ?? d.step;
      const next = grant(d, m.from, d.maxId, d.maxId + step, out, false);
      out.send(m.from, { type: 'Claimed', from: d.id, load: m.load, maxId: next.maxId, step: d.step });
      return next;
    }
    case 'Read':
      out.send(m.from, { type: 'Row', from: d.id, load: m.load, maxId: d.maxId, step: d.step });
      return d;
    case 'Write': {
      const next = grant(d, m.from, m.maxId - m.step, m.maxId, out, true);
      out.send(m.from, { type: 'Written', from: d.id, load: m.load, maxId: next.maxId, step: d.step });
      return next;
    }
    default:
      return d;
  }
}

function ask(c: ClientContext, count: number, out: Out, server?: NodeId): ClientContext {
  const to = server ?? (c.servers[c.request % c.servers.length] as NodeId);
  out.send(to, { type: 'Get', from: c.id, request: c.request + 1, count });
  return { ...c, request: c.request + 1 };
}

function armAsk(c: ClientContext, out: Out): void {
  out.effects.push({ type: 'set-timer', name: 'ask', min: c.interval / 2, max: (c.interval * 3) / 2 });
}

/** A client request: `{ count, server? }`, a bare number, or the player's free text (a number). */
export function parseRequest(payload: unknown): { count: number; server?: NodeId } | null {
  if (typeof payload === 'number')
    return Number.isInteger(payload) && payload > 0 ? { count: payload } : null;
  if (typeof payload === 'string') {
    const n = Number(payload.trim() || '1');
    return Number.isInteger(n) && n > 0 && n <= 100_000 ? { count: n } : null;
  }
  if (!payload || typeof payload !== 'object') return null;
  const p = payload as Record<string, unknown>;
  const count = p['count'] ?? 1;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 100_000) return null;
  return typeof p['server'] === 'string' ? { count, server: p['server'] } : { count };
}

// -------------------------------------------------------------------------------------------------
// The machine

type Rule<C extends LeafContext, E> = (ctx: C, event: E, out: Out) => C;

/** Wraps a rule as an XState action: the new context becomes one assign, effects become emits. */
function rule<C extends LeafContext, E extends LeafEvent = LeafEvent>(fn: Rule<C, E>) {
  return enqueueActions<LeafContext, LeafEvent, undefined, LeafEvent, never, never, never, never, Effect>(
    ({ context, event, enqueue }) => {
      const out = new Out();
      const next = fn(context as C, event as E, out);
      if (next !== context) enqueue.assign(() => next);
      for (const effect of out.effects) enqueue.emit(effect);
    },
  );
}

const server = (ctx: LeafContext) => ctx as ServerContext;

/** The current segment is spent and the other slot is not ready: callers wait or fail. */
export function isDry(c: ServerContext): boolean {
  return c.initOk && !c.nextReady && remaining(c.segments[c.current]) === 0;
}
const isTimer = (event: LeafEvent, name: string) => event.type === 'timeout' && event.timer === name;

/** Every server state answers the same events; the states only say how its buffer stands. */
const serverEvents = {
  Get: { actions: 'onGet' },
  Row: { actions: 'onRow' },
  Claimed: { actions: 'onLeased' },
  Written: { actions: 'onLeased' },
  timeout: [
    { guard: 'loadTimer', actions: 'onLoadTimer' },
    { guard: 'dbTimer', actions: 'onDbTimeout' },
    { guard: 'waitTimer', actions: 'onWait' },
  ],
} as const;

export const leafMachine = setup({
  types: {
    context: {} as LeafContext,
    input: {} as LeafInput,
    events: {} as LeafEvent,
    emitted: {} as Effect,
  },
  guards: {
    isClient: ({ context }) => context.role === 'client',
    isDb: ({ context }) => context.role === 'db',
    uninitialised: ({ context }) => !server(context).initOk,
    dry: ({ context }) => isDry(server(context)),
    healthy: ({ context }) => server(context).initOk && !isDry(server(context)),
    loadTimer: ({ event }) => isTimer(event, 'load'),
    dbTimer: ({ event }) => isTimer(event, 'db'),
    waitTimer: ({ event }) => isTimer(event, 'wait'),
    askTimer: ({ event }) => isTimer(event, 'ask'),
  },
  actions: {
    onGet: rule<ServerContext, GetMessage>((c, m, out) => onGet(c, m, out)),
    onRow: rule<ServerContext, RowMessage>((c, m, out) => onRow(c, m, out)),
    onLeased: rule<ServerContext, ClaimedMessage | WrittenMessage>((c, m, out) => onLeased(c, m, out)),
    onLoadTimer: rule<ServerContext>((c, e, out) =>
      e.type === 'timeout' ? onLoadTimer(c, e.now ?? 0, out) : c,
    ),
    onDbTimeout: rule<ServerContext>((c, _e, out) => onDbTimeout(c, out)),
    onWait: rule<ServerContext>((c, _e, out) => onWait(c, out)),
    onDbMessage: rule<DatabaseContext, LeafMessage>((d, m, out) => onDbMessage(d, m, out)),
    persist: rule<ServerContext>((c, _e, out) => {
      out.effects.push({ type: 'persist' });
      return c;
    }),
    armAsk: rule<ClientContext>((c, _e, out) => {
      armAsk(c, out);
      return c;
    }),
    ask: rule<ClientContext>((c, _e, out) => {
      armAsk(c, out);
      return ask(c, c.batch, out);
    }),
    askNow: rule<ClientContext>((c, e, out) => {
      const request = e.type === 'client' ? parseRequest(e.payload) : null;
      if (!request) return c;
      const to = request.server && c.servers.includes(request.server) ? request.server : undefined;
      return ask(c, request.count, out, to);
    }),
    receive: rule<ClientContext, IdsMessage>((c, m) => ({
      ...c,
      got: c.got + countOf(m.runs),
      failed: c.failed + m.failed,
      last: { server: m.from, runs: m.runs, failed: m.failed, reason: m.reason },
    })),
  },
}).createMachine({
  id: 'leaf-segment',
  context: ({ input }) => initialContext(input),
  initial: 'booting',
  states: {
    booting: {
      always: [
        { guard: 'isClient', target: 'asking' },
        { guard: 'isDb', target: 'database' },
        { guard: 'uninitialised', target: 'fresh' },
        { guard: 'dry', target: 'dry' },
        { target: 'serving' },
      ],
    },
    // Client
    asking: {
      entry: 'armAsk',
      on: {
        timeout: { guard: 'askTimer', actions: 'ask' },
        client: { actions: 'askNow' },
        Ids: { actions: 'receive' },
      },
    },
    // Database
    database: {
      on: {
        Claim: { actions: 'onDbMessage' },
        Read: { actions: 'onDbMessage' },
        Write: { actions: 'onDbMessage' },
      },
    },
    // Leaf server: never loaded, serving, or its current segment spent with the next not ready
    fresh: {
      // Record which process this is, so the next one after a crash is told apart.
      entry: 'persist',
      on: serverEvents,
      always: [
        { guard: 'dry', target: 'dry' },
        { guard: 'healthy', target: 'serving' },
      ],
    },
    serving: { on: serverEvents, always: { guard: 'dry', target: 'dry' } },
    dry: { on: serverEvents, always: { guard: 'healthy', target: 'serving' } },
  },
});
