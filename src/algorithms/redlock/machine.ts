/**
 * The Redlock model as one XState machine whose `role` input picks a branch at the top: a client,
 * a Redis node (passive: it answers commands), the protected storage, or the fencing-token
 * counter. One machine serves every node because the kernel hosts a single machine per run.
 *
 * Machines cannot read a clock: they see their node's local clock only through timers. So a
 * client's validity is a timer of TTL − drift set when it starts an attempt; the lock is valid for
 * as long as that timer has not fired. To decide after the replies, the client sets a zero-length
 * "read-clock" timer: every deadline already due fires first, as a clock read would reveal it.
 */
import { and, enqueueActions, setup } from 'xstate';
import type { Effect, KernelEvent } from '../../sim/spec';
import type { NodeId } from '../../sim/types';
import { LOCK_KEY, type ClientContext, type ClientOp, type RedlockContext, type RedlockInput } from './types';
import type { RedisCommand } from './commands';
import { answerCommand, armExpiries, expireKey, expiryTimer } from './redis-node';
import type {
  CommandMessage,
  RedisNodeContext,
  RedlockMessage,
  ReplyMessage,
  StorageContext,
  TokenContext,
  TokenGrant,
  WriteMessage,
  WriteResult,
} from './types';

export type RedlockEvent = RedlockMessage | KernelEvent;

/** Extensions are bounded, as the algorithm asks. */
export const MAX_EXTENSIONS = 3;

export function quorum(n: number): number {
  return Math.floor(n / 2) + 1;
}

/** The clock drift allowance of the reference clients: 1% of the TTL plus 2 ms. */
export function driftFor(ttl: number): number {
  return Math.round(ttl * 0.01) + 2000;
}

/** What a client knows of a round before any node has answered (contexts are never mutated). */
const NO_ANSWERS = {
  granted: [],
  refused: [],
  deadlinePassed: false,
  roundDone: false,
  token: null,
  extension: null,
  extensions: 0,
  wrote: false,
} as const satisfies Partial<ClientContext>;

export function initialContext(input: RedlockInput): RedlockContext {
  switch (input.role) {
    case 'client':
      return {
        role: 'client',
        config: input.config,
        request: 0,
        value: null,
        attempt: 0,
        queue: [],
        validityTimer: null,
        ...NO_ANSWERS,
        outcome: 'idle',
      };
    case 'redis':
      return {
        role: 'redis',
        id: input.id,
        keys: input.keys,
        persistence: input.persistence,
        restartDelay: input.restartDelay,
        restarted: input.restarted,
        commands: 0,
      };
    case 'storage':
      return {
        role: 'storage',
        id: input.id,
        fencing: input.fencing,
        highest: input.highest,
        writes: input.writes,
      };
    case 'tokens':
      return { role: 'tokens', id: input.id, counter: input.counter };
  }
}

/**
 * A client request: `{ op }` from scenarios, or the player's free text, where "extend" and
 * "release" name those operations and anything else asks for the lock.
 */
export function parseOp(payload: unknown): ClientOp | null {
  if (typeof payload === 'string') {
    const word = payload.trim().toLowerCase();
    return word === 'extend' || word === 'release' ? { op: word } : { op: 'acquire' };
  }
  if (!payload || typeof payload !== 'object') return null;
  const p = payload as Record<string, unknown>;
  if (p.op === 'acquire')
    return typeof p.data === 'string' ? { op: 'acquire', data: p.data } : { op: 'acquire' };
  if (p.op === 'extend' || p.op === 'release') return { op: p.op };
  return null;
}

// -------------------------------------------------------------------------------------------------
// Client rules: plain functions from context to context, collecting effects.

class Out {
  readonly effects: Effect[] = [];
  send(to: NodeId, message: RedlockMessage): void {
    this.effects.push({ type: 'send', to, message });
  }
  timer(name: string, duration: number): void {
    this.effects.push({ type: 'set-timer', name, duration });
  }
  cancel(name: string): void {
    this.effects.push({ type: 'cancel-timer', name });
  }
}

function command(c: ClientContext, cmd: RedisCommand): CommandMessage {
  return { type: 'Command', from: c.config.id, cmd };
}

function setCommand(c: ClientContext, value: string): RedisCommand {
  return { op: 'set', key: LOCK_KEY, value, nx: true, px: c.config.ttl / 1000 };
}

/** Step 1 and 2: start the validity timer, then ask every node (or the first one). */
function startAttempt(c: ClientContext, out: Out): ClientContext {
  out.cancel('next-request');
  const request = c.request + 1;
  const value = `${c.config.id}:${request}`;
  const validityTimer = `validity:${request}`;
  out.timer(validityTimer, c.config.ttl - c.config.drift);
  const cmd = setCommand(c, value);
  let queue: NodeId[] = [];
  if (c.config.acquisition === 'parallel') {
    for (const node of c.config.redis) out.send(node, command(c, cmd));
  } else {
    const [first, ...rest] = c.config.redis;
    if (first !== undefined) out.send(first, command(c, cmd));
    queue = rest;
  }
  out.timer('node-timeout', c.config.nodeTimeout);
  return {
    ...c,
    request,
    value,
    attempt: c.attempt + 1,
    queue,
    validityTimer,
    ...NO_ANSWERS,
    outcome: 'acquiring',
  };
}

function answered(c: ClientContext): number {
  return c.granted.length + c.refused.length;
}

/** Sequential mode: ask the next node, or stop when none is left. Returns true when done. */
function askNext(c: ClientContext, out: Out): { ctx: ClientContext; done: boolean } {
  const [next, ...rest] = c.queue;
  if (next === undefined) return { ctx: c, done: true };
  out.send(next, command(c, setCommand(c, c.value as string)));
  out.timer('node-timeout', c.config.nodeTimeout);
  return { ctx: { ...c, queue: rest }, done: false };
}

function finishRound(c: ClientContext, out: Out): ClientContext {
  out.cancel('node-timeout');
  out.timer('read-clock', 0);
  return { ...c, roundDone: true };
}

/** A reply to the current attempt's SET. */
function countReply(c: ClientContext, m: ReplyMessage, out: Out): ClientContext {
  if (c.roundDone || m.cmd.op !== 'set' || m.cmd.value !== c.value) return c;
  if (c.granted.includes(m.from) || c.refused.includes(m.from)) return c;
  let next: ClientContext =
    m.reply === 'OK' ? { ...c, granted: [...c.granted, m.from] } : { ...c, refused: [...c.refused, m.from] };
  if (c.config.acquisition === 'parallel') {
    if (answered(next) === c.config.redis.length) next = finishRound(next, out);
    return next;
  }
  const step = askNext(next, out);
  return step.done ? finishRound(step.ctx, out) : step.ctx;
}

/** The per-node timeout: whoever has not answered counts as a failure. */
function nodeTimeout(c: ClientContext, out: Out): ClientContext {
  if (c.config.acquisition === 'parallel') {
    const silent = c.config.redis.filter((n) => !c.granted.includes(n) && !c.refused.includes(n));
    return finishRound({ ...c, refused: [...c.refused, ...silent] }, out);
  }
  const asked = c.config.redis.filter((n) => !c.queue.includes(n));
  const current = asked.find((n) => !c.granted.includes(n) && !c.refused.includes(n));
  const next: ClientContext = current === undefined ? c : { ...c, refused: [...c.refused, current] };
  const step = askNext(next, out);
  return step.done ? finishRound(step.ctx, out) : step.ctx;
}

/** Step 3 and 4: a majority, and (per the specification) validity left. */
export function lockAcquired(c: ClientContext): boolean {
  if (c.granted.length < quorum(c.config.redis.length)) return false;
  return c.config.validityCheck === 'node-redlock' || !c.deadlinePassed;
}

/** Step 5 (and the normal release): unlock on every node, including those that said no. */
function releaseEverywhere(c: ClientContext, out: Out, outcome: string): ClientContext {
  if (c.value !== null) {
    const cmd: RedisCommand =
      c.config.release === 'del'
        ? { op: 'del', key: LOCK_KEY }
        : { op: 'cad', key: LOCK_KEY, value: c.value };
    for (const node of c.config.redis) out.send(node, command(c, cmd));
  }
  if (c.validityTimer) out.cancel(c.validityTimer);
  if (c.extension) out.cancel(c.extension.timer);
  out.cancel('work');
  out.cancel('extend-timeout');
  return { ...c, validityTimer: null, extension: null, outcome };
}

function failAttempt(c: ClientContext, out: Out): ClientContext {
  const reason =
    c.granted.length < quorum(c.config.redis.length)
      ? `only ${c.granted.length} of ${c.config.redis.length} granted`
      : 'validity gone';
  const next = releaseEverywhere(c, out, `attempt ${c.attempt} failed: ${reason}`);
  if (mayRetry(next)) {
    const { retryDelay, retryJitter } = c.config;
    out.effects.push({
      type: 'set-timer',
      name: 'retry',
      min: Math.max(0, retryDelay - retryJitter),
      max: Math.max(0, retryDelay + retryJitter),
    });
  } else {
    next.outcome = `gave up after ${c.attempt} attempt${c.attempt === 1 ? '' : 's'}: ${reason}`;
  }
  return next;
}

export function mayRetry(c: ClientContext): boolean {
  return c.config.retryCount < 0 || c.attempt < c.config.retryCount + 1;
}

function startExtension(c: ClientContext, out: Out): ClientContext {
  const timer = `validity:${c.request}.${c.extensions + 1}`;
  out.timer(timer, c.config.ttl - c.config.drift);
  const cmd: RedisCommand = { op: 'cax', key: LOCK_KEY, value: c.value as string, ttl: c.config.ttl / 1000 };
  for (const node of c.config.redis) out.send(node, command(c, cmd));
  out.timer('extend-timeout', c.config.nodeTimeout);
  return { ...c, extensions: c.extensions + 1, extension: { timer, granted: [], answered: [] } };
}

function countExtendReply(c: ClientContext, m: ReplyMessage, out: Out): ClientContext {
  const x = c.extension;
  if (!x || m.cmd.op !== 'cax' || m.cmd.value !== c.value || x.answered.includes(m.from)) return c;
  const extension = {
    ...x,
    answered: [...x.answered, m.from],
    granted: m.reply === 1 ? [...x.granted, m.from] : x.granted,
  };
  if (extension.answered.length === c.config.redis.length) {
    out.cancel('extend-timeout');
    out.timer('read-clock', 0);
  }
  return { ...c, extension };
}

/** The extension counts only with a majority; the old deadline has not passed (still holding). */
function decideExtension(c: ClientContext, out: Out): ClientContext {
  const x = c.extension;
  if (!x) return c;
  if (x.granted.length >= quorum(c.config.redis.length)) {
    if (c.validityTimer) out.cancel(c.validityTimer);
    return { ...c, validityTimer: x.timer, extension: null, outcome: `extended (${c.extensions})` };
  }
  out.cancel(x.timer);
  return { ...c, extension: null, outcome: 'extension failed' };
}

function write(c: ClientContext, data: string, out: Out): ClientContext {
  const m: WriteMessage = {
    type: 'Write',
    from: c.config.id,
    lockValue: c.value as string,
    data,
    token: c.token,
  };
  out.send(c.config.storage, m);
  return { ...c, wrote: true };
}

// -------------------------------------------------------------------------------------------------
// The other roles

function storeWrite(s: StorageContext, m: WriteMessage, out: Out): StorageContext {
  // With fencing, a token below the highest seen is stale, and a write with no token proves no
  // grant at all: refuse both.
  const accepted = !s.fencing || (m.token !== null && (s.highest === null || m.token >= s.highest));
  const highest = accepted && m.token !== null ? Math.max(m.token, s.highest ?? m.token) : s.highest;
  const result: WriteResult = { type: 'WriteResult', from: s.id, lockValue: m.lockValue, accepted, highest };
  out.send(m.from, result);
  const entry = { from: m.from, lockValue: m.lockValue, data: m.data, token: m.token, accepted };
  return { ...s, highest, writes: [...s.writes, entry] };
}

function grantToken(t: TokenContext, from: NodeId, value: string, out: Out): TokenContext {
  const token = t.counter + 1;
  out.effects.push({ type: 'persist' });
  const grant: TokenGrant = { type: 'TokenGrant', from: t.id, value, token };
  out.send(from, grant);
  return { ...t, counter: token };
}

// -------------------------------------------------------------------------------------------------
// The machine

type Rule<C extends RedlockContext, E> = (ctx: C, event: E, out: Out) => C;

/** Wraps a rule as an XState action: the new context becomes one assign, effects become emits. */
function rule<C extends RedlockContext, E extends RedlockEvent = RedlockEvent>(fn: Rule<C, E>) {
  return enqueueActions<
    RedlockContext,
    RedlockEvent,
    undefined,
    RedlockEvent,
    never,
    never,
    never,
    never,
    Effect
  >(({ context, event, enqueue }) => {
    const out = new Out();
    const next = fn(context as C, event as E, out);
    if (next !== context) enqueue.assign(() => next);
    for (const effect of out.effects) enqueue.emit(effect);
  });
}

const client = (ctx: RedlockContext) => ctx as ClientContext;
const isTimer = (event: RedlockEvent, name: string) => event.type === 'timeout' && event.timer === name;
const opOf = (event: RedlockEvent) => (event.type === 'client' ? parseOp(event.payload) : null);

export const redlockMachine = setup({
  types: {
    context: {} as RedlockContext,
    input: {} as RedlockInput,
    events: {} as RedlockEvent,
    emitted: {} as Effect,
  },
  guards: {
    isClient: ({ context }) => context.role === 'client',
    isStorage: ({ context }) => context.role === 'storage',
    isTokens: ({ context }) => context.role === 'tokens',
    recovers: ({ context }) => context.role === 'redis' && context.restarted && context.restartDelay > 0,
    acquireOp: ({ event }) => opOf(event)?.op === 'acquire',
    extendOp: ({ context, event }) =>
      opOf(event)?.op === 'extend' &&
      client(context).extension === null &&
      client(context).extensions < MAX_EXTENSIONS,
    releaseOp: ({ event }) => opOf(event)?.op === 'release',
    nodeTimeout: ({ event }) => isTimer(event, 'node-timeout'),
    readClock: ({ event }) => isTimer(event, 'read-clock'),
    retryTimer: ({ event }) => isTimer(event, 'retry'),
    workTimer: ({ event }) => isTimer(event, 'work'),
    nextRequest: ({ event }) => isTimer(event, 'next-request'),
    extendTimeout: ({ event }) => isTimer(event, 'extend-timeout'),
    validityEnds: ({ context, event }) =>
      event.type === 'timeout' && client(context).validityTimer === event.timer,
    acquired: ({ context }) => lockAcquired(client(context)),
    roundDone: ({ context }) => client(context).roundDone,
    fenced: ({ context }) => client(context).config.tokens !== null,
    mayRetry: ({ context }) => mayRetry(client(context)),
    ourToken: ({ context, event }) => event.type === 'TokenGrant' && event.value === client(context).value,
    ourWriteResult: ({ context, event }) =>
      event.type === 'WriteResult' && event.lockValue === client(context).value,
    wrote: ({ context }) => client(context).wrote,
    expiryTimer: ({ event }) => event.type === 'timeout' && event.timer.startsWith('expire:'),
    recovered: ({ event }) => isTimer(event, 'recovered'),
  },
  actions: {
    startAttempt: rule<ClientContext>((c, _e, out) => startAttempt(c, out)),
    scheduleNextRequest: rule<ClientContext>((c, _e, out) => {
      const think = c.config.thinkTime;
      if (c.config.workload)
        out.effects.push({ type: 'set-timer', name: 'next-request', min: think / 2, max: (think * 3) / 2 });
      return c;
    }),
    countReply: rule<ClientContext, ReplyMessage>((c, m, out) => countReply(c, m, out)),
    countExtendReply: rule<ClientContext, ReplyMessage>((c, m, out) => countExtendReply(c, m, out)),
    nodeTimeout: rule<ClientContext>((c, _e, out) => nodeTimeout(c, out)),
    markDeadline: rule<ClientContext>((c) => ({ ...c, deadlinePassed: true })),
    failAttempt: rule<ClientContext>((c, _e, out) => failAttempt(c, out)),
    requestToken: rule<ClientContext>((c, _e, out) => {
      if (c.config.tokens && c.value)
        out.send(c.config.tokens, { type: 'TokenRequest', from: c.config.id, value: c.value });
      return { ...c, outcome: 'waiting for a fencing token' };
    }),
    takeToken: rule<ClientContext, TokenGrant>((c, m) => ({ ...c, token: m.token })),
    startHolding: rule<ClientContext>((c, _e, out) => {
      out.timer('work', c.config.workTime);
      return { ...c, outcome: 'holding' };
    }),
    writeData: rule<ClientContext>((c, _e, out) => write(c, `written by ${c.value as string}`, out)),
    release: rule<ClientContext>((c, _e, out) => releaseEverywhere(c, out, 'released')),
    releaseExpired: rule<ClientContext>((c, _e, out) => releaseEverywhere(c, out, 'released after expiry')),
    noteExpired: rule<ClientContext>((c) => ({ ...c, validityTimer: null, outcome: 'validity ended' })),
    startExtension: rule<ClientContext>((c, _e, out) => startExtension(c, out)),
    extendTimeout: rule<ClientContext>((c, _e, out) => {
      out.timer('read-clock', 0);
      return c;
    }),
    decideExtension: rule<ClientContext>((c, _e, out) => decideExtension(c, out)),
    answerCommand: rule<RedisNodeContext, CommandMessage>((r, m, out) => {
      const result = answerCommand(r, m);
      out.effects.push(...result.effects);
      return result.ctx;
    }),
    expireKey: rule<RedisNodeContext>((r, e, out) => {
      if (e.type !== 'timeout') return r;
      const next = expireKey(r, e.timer.slice(expiryTimer('').length));
      // Redis logs the expiry as a DEL, so a persistent node does not bring the key back.
      if (next !== r && r.persistence === 'fsync') out.effects.push({ type: 'persist' });
      return next;
    }),
    armExpiries: rule<RedisNodeContext>((r, _e, out) => {
      out.effects.push(...armExpiries(r));
      return r;
    }),
    startRecovery: rule<RedisNodeContext>((r, _e, out) => {
      out.timer('recovered', r.restartDelay);
      return r;
    }),
    storeWrite: rule<StorageContext, WriteMessage>((s, m, out) => storeWrite(s, m, out)),
    grantToken: rule<TokenContext>((t, e, out) =>
      e.type === 'TokenRequest' ? grantToken(t, e.from, e.value, out) : t,
    ),
  },
}).createMachine({
  id: 'redlock',
  context: ({ input }) => initialContext(input),
  initial: 'booting',
  states: {
    booting: {
      always: [
        { guard: 'isClient', target: 'idle' },
        { guard: 'isStorage', target: 'storing' },
        { guard: 'isTokens', target: 'counting' },
        { guard: 'recovers', target: 'recovering' },
        { target: 'serving' },
      ],
    },

    // Client
    idle: {
      entry: 'scheduleNextRequest',
      on: {
        client: { guard: 'acquireOp', target: 'acquiring' },
        timeout: { guard: 'nextRequest', target: 'acquiring' },
      },
    },
    acquiring: {
      entry: 'startAttempt',
      on: {
        Reply: { actions: 'countReply' },
        timeout: [
          { guard: 'nodeTimeout', actions: 'nodeTimeout' },
          { guard: 'validityEnds', actions: 'markDeadline' },
        ],
      },
      always: { guard: 'roundDone', target: 'deciding' },
    },
    /** Waiting for the zero-length read-clock timer: due deadlines fire first. */
    deciding: {
      on: {
        timeout: [
          { guard: 'validityEnds', actions: 'markDeadline' },
          { guard: 'readClock', target: 'decided' },
        ],
      },
    },
    decided: {
      always: [
        { guard: and(['acquired', 'fenced']), target: 'fencing' },
        { guard: 'acquired', target: 'holding' },
        { guard: 'mayRetry', target: 'retrying', actions: 'failAttempt' },
        { target: 'idle', actions: 'failAttempt' },
      ],
    },
    fencing: {
      entry: 'requestToken',
      on: {
        TokenGrant: { guard: 'ourToken', target: 'holding', actions: 'takeToken' },
        timeout: { guard: 'validityEnds', target: 'idle', actions: ['noteExpired', 'releaseExpired'] },
      },
    },
    holding: {
      entry: 'startHolding',
      on: {
        timeout: [
          { guard: 'validityEnds', target: 'expired', actions: 'noteExpired' },
          { guard: 'workTimer', actions: 'writeData' },
          { guard: 'readClock', actions: 'decideExtension' },
          { guard: 'extendTimeout', actions: 'extendTimeout' },
        ],
        WriteResult: { guard: 'ourWriteResult', target: 'idle', actions: 'release' },
        Reply: { actions: 'countExtendReply' },
        client: [
          { guard: 'extendOp', actions: 'startExtension' },
          { guard: 'releaseOp', target: 'idle', actions: 'release' },
        ],
      },
    },
    /** Validity is over: the client knows it no longer holds the lock. */
    expired: {
      always: { guard: 'wrote', target: 'idle', actions: 'releaseExpired' },
      on: {
        timeout: { guard: 'workTimer', target: 'idle', actions: 'releaseExpired' },
        client: { guard: 'releaseOp', target: 'idle', actions: 'releaseExpired' },
      },
    },
    retrying: {
      on: { timeout: { guard: 'retryTimer', target: 'acquiring' } },
    },

    // Redis node
    serving: {
      entry: 'armExpiries',
      on: {
        Command: { actions: 'answerCommand' },
        timeout: { guard: 'expiryTimer', actions: 'expireKey' },
      },
    },
    /** A delayed restart: out of service until every lock it may have granted has expired. */
    recovering: {
      entry: 'startRecovery',
      on: { timeout: { guard: 'recovered', target: 'serving' } },
    },

    // Storage and fencing-token counter
    storing: { on: { Write: { actions: 'storeWrite' } } },
    counting: { on: { TokenRequest: { actions: 'grantToken' } } },
  },
});
