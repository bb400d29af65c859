/**
 * A client of the lock manager. It takes a lease from the backend and keeps it alive every third
 * of its TTL; each keep-alive starts a deadline of one TTL on the client's own clock, and the
 * latest acknowledged one is the moment it stops believing in its locks (measured from when the
 * keep-alive left, so it ends no later than the backend's lease). It asks the manager for a mode,
 * converts, works under the lock for a while (writing to the protected data in a write mode, with
 * the grant's revision as fencing token) and lets go; on a blocking AST it lets go early.
 */
import { isMode, writes, type Mode } from './modes';
import type { Out } from './manager';
import type { ClientConfig, ClientContext, ClientOp, DlmMessage } from './types';
import type { KernelEvent } from '../../sim/spec';

const SECOND = 1_000_000;
export const KEEPALIVE_TIMER = 'keepalive';
export const WORK_TIMER = 'work';

export type DlmEvent = DlmMessage | KernelEvent;

export function initialClient(config: ClientConfig): ClientContext {
  return {
    role: 'client',
    config,
    phase: 'idle',
    n: 0,
    lease: null,
    leaseTtl: 0,
    keepAlives: 0,
    deadlineTimer: null,
    mode: null,
    requested: null,
    token: null,
    key: null,
    hold: null,
    pending: null,
    blockedBy: [],
    releasing: null,
    released: 0,
    writes: 0,
    outcome: 'idle',
  };
}

/**
 * A client request: `{ op, mode, hold }` from scenarios, or the player's free text: "PR" or
 * "lock PR" asks for a mode, "convert EX" converts, "unlock" lets go.
 */
export function parseOp(payload: unknown): ClientOp | null {
  if (typeof payload === 'string') {
    const words = payload.trim().toUpperCase().split(/\s+/);
    if (words[0] === 'UNLOCK' || words[0] === 'RELEASE') return { op: 'unlock' };
    const mode = words.find(isMode);
    if (!mode) return null;
    return words[0] === 'CONVERT' ? { op: 'convert', mode } : { op: 'lock', mode };
  }
  if (!payload || typeof payload !== 'object') return null;
  const p = payload as Record<string, unknown>;
  if (p.op === 'unlock') return { op: 'unlock' };
  if ((p.op === 'lock' || p.op === 'convert') && isMode(p.mode)) {
    const hold = p.hold === null ? null : typeof p.hold === 'number' ? p.hold : undefined;
    return hold === undefined ? { op: p.op, mode: p.mode } : { op: p.op, mode: p.mode, hold };
  }
  return null;
}

function holdOf(c: ClientContext, op: ClientOp): number | null {
  if (op.op === 'unlock') return null;
  if (op.hold === null) return null;
  return op.hold === undefined ? c.config.holdTime : op.hold * 1000;
}

function request(c: ClientContext, op: ClientOp & { op: 'lock' }, out: Out): ClientContext {
  const n = c.n + 1;
  out.send(c.config.manager, {
    type: 'Enqueue',
    from: c.config.id,
    mode: op.mode,
    lease: c.lease as number,
    n,
  });
  return {
    ...c,
    n,
    phase: 'requesting',
    requested: op.mode,
    hold: holdOf(c, op),
    outcome: `asks for ${op.mode}`,
  };
}

export const WRITE_TIMER = 'write-retry';

/** A write, resent until the backend answers (it may be down, or the answer lost). */
function sendWrite(c: ClientContext, out: Out): void {
  out.send(c.config.backend, {
    type: 'WriteData',
    from: c.config.id,
    key: c.key as string,
    token: c.token as number,
    mode: c.mode as Mode,
    fenced: c.config.fencing,
  });
  out.timer(WRITE_TIMER, UNLOCK_RETRY);
}

export const UNLOCK_TIMER = 'unlock-retry';
const UNLOCK_RETRY = 250_000;

function letGo(c: ClientContext, out: Out, outcome: string): ClientContext {
  let releasing = c.releasing;
  if (c.mode !== null || c.requested !== null) {
    out.send(c.config.manager, { type: 'Dequeue', from: c.config.id, n: c.n });
    out.timer(UNLOCK_TIMER, UNLOCK_RETRY);
    releasing = c.n;
  }
  out.cancel(WORK_TIMER);
  out.cancel(WRITE_TIMER);
  return {
    ...c,
    phase: 'idle',
    mode: null,
    requested: null,
    token: null,
    key: null,
    hold: null,
    blockedBy: [],
    releasing,
    outcome,
  };
}

/** The lease is over as far as this client knows: it holds nothing any more. */
function leaseLost(c: ClientContext, out: Out, why: string): ClientContext {
  out.cancel(WORK_TIMER);
  out.cancel(WRITE_TIMER);
  out.cancel(KEEPALIVE_TIMER);
  // Every deadline a keep-alive started goes with the lease.
  for (let k = 0; k <= c.keepAlives; k++) out.cancel(`deadline:${k}`);
  out.note('lease-lost', { client: c.config.id, mode: c.mode });
  return {
    ...c,
    phase: 'idle',
    lease: null,
    deadlineTimer: null,
    mode: null,
    requested: null,
    token: null,
    key: null,
    hold: null,
    pending: null,
    blockedBy: [],
    outcome: why,
  };
}

function onOp(c: ClientContext, op: ClientOp, out: Out): ClientContext {
  switch (c.phase) {
    case 'idle':
      if (op.op !== 'lock') return c;
      if (c.lease === null) {
        out.send(c.config.backend, {
          type: 'LeaseGrant',
          from: c.config.id,
          ttl: c.config.leaseTtl,
          dialect: c.config.backendKind,
        });
        return { ...c, phase: 'leasing', pending: op, outcome: 'asks the backend for a lease' };
      }
      return request(c, op, out);
    case 'leasing':
      return op.op === 'unlock' ? { ...c, phase: 'idle', pending: null, outcome: 'changed its mind' } : c;
    case 'requesting':
    case 'converting':
    case 'writing':
      return op.op === 'unlock' ? letGo(c, out, 'lets go') : c;
    case 'holding':
      if (op.op === 'unlock') return letGo(c, out, 'lets go');
      if (op.op === 'convert' && op.mode !== c.mode) {
        out.cancel(WORK_TIMER);
        out.send(c.config.manager, { type: 'Convert', from: c.config.id, mode: op.mode });
        return {
          ...c,
          phase: 'converting',
          requested: op.mode,
          hold: holdOf(c, op),
          outcome: `converts ${c.mode ?? ''} to ${op.mode}`,
        };
      }
      return c;
  }
}

function keepAliveNow(c: ClientContext, out: Out): ClientContext {
  const seq = c.keepAlives + 1;
  out.send(c.config.backend, {
    type: 'KeepAlive',
    from: c.config.id,
    lease: c.lease as number,
    seq,
    dialect: c.config.backendKind,
  });
  out.timer(`deadline:${seq}`, c.leaseTtl * SECOND);
  out.timer(KEEPALIVE_TIMER, Math.round((c.leaseTtl * SECOND) / 3));
  return { ...c, keepAlives: seq };
}

function startWork(c: ClientContext, out: Out): void {
  if (c.hold !== null) out.timer(WORK_TIMER, c.hold);
}

export function clientStep(c: ClientContext, e: DlmEvent, out: Out): ClientContext {
  switch (e.type) {
    case 'client': {
      const op = parseOp(e.payload);
      return op ? onOp(c, op, out) : c;
    }
    case 'timeout': {
      if (e.timer === KEEPALIVE_TIMER) return c.lease === null ? c : keepAliveNow(c, out);
      if (e.timer === WRITE_TIMER) {
        if (c.phase === 'writing') sendWrite(c, out);
        return c;
      }
      if (e.timer === UNLOCK_TIMER) {
        if (c.releasing === null) return c;
        out.send(c.config.manager, { type: 'Dequeue', from: c.config.id, n: c.releasing });
        out.timer(UNLOCK_TIMER, UNLOCK_RETRY);
        return c;
      }
      if (e.timer.startsWith('deadline:')) {
        if (e.timer !== c.deadlineTimer) return c;
        return leaseLost(c, out, 'its lease ran out on its own clock: it holds nothing now');
      }
      if (e.timer === WORK_TIMER) {
        if (c.phase !== 'holding' || c.mode === null) return c;
        if (writes(c.mode) && c.token !== null && c.key !== null) {
          sendWrite(c, out);
          return { ...c, phase: 'writing', outcome: `writes under ${c.mode}, token ${c.token}` };
        }
        return letGo(c, out, `read under ${c.mode} and let go`);
      }
      return c;
    }
    case 'LeaseGranted': {
      if (c.phase !== 'leasing') return c;
      out.timer(KEEPALIVE_TIMER, Math.round((e.ttl * SECOND) / 3));
      const deadlineTimer = 'deadline:0';
      out.timer(deadlineTimer, e.ttl * SECOND);
      const leased: ClientContext = {
        ...c,
        lease: e.lease,
        leaseTtl: e.ttl,
        keepAlives: 0,
        deadlineTimer,
        pending: null,
      };
      const op = c.pending;
      if (op?.op === 'lock') return request(leased, op, out);
      return { ...leased, phase: 'idle' };
    }
    case 'KeepAliveAck': {
      if (e.lease !== c.lease) return c;
      if (e.ttl === 0)
        return leaseLost(c, out, 'the backend no longer knows its lease: it holds nothing now');
      const next = `deadline:${e.seq}`;
      const current = c.deadlineTimer ? Number(c.deadlineTimer.slice('deadline:'.length)) : -1;
      if (e.seq <= current) return c;
      if (c.deadlineTimer) out.cancel(c.deadlineTimer);
      return { ...c, deadlineTimer: next };
    }
    case 'Granted': {
      // A grant answers either a new request or a conversion; only the words differ.
      if ((c.phase === 'requesting' || c.phase === 'converting') && c.requested === e.mode) {
        const next: ClientContext = {
          ...c,
          phase: 'holding',
          mode: e.mode,
          requested: null,
          token: e.token,
          key: e.key,
          blockedBy: [],
          outcome: c.phase === 'requesting' ? `holds ${e.mode}` : `converted to ${e.mode}`,
        };
        startWork(next, out);
        return next;
      }
      return c;
    }
    case 'Denied': {
      if (c.phase === 'requesting')
        return {
          ...c,
          phase: 'idle',
          requested: null,
          hold: null,
          outcome: `denied ${e.mode} (${e.reason})`,
        };
      if (c.phase === 'converting') {
        if (e.reason === 'deadlock')
          return letGo(
            { ...c, requested: null },
            out,
            `chosen as the deadlock victim: lets go of ${c.mode ?? ''}`,
          );
        if (e.reason === 'unsupported') {
          const back: ClientContext = {
            ...c,
            phase: 'holding',
            requested: null,
            outcome: `denied ${e.mode}: the backend has EX only`,
          };
          startWork(back, out);
          return back;
        }
        return {
          ...c,
          phase: 'idle',
          mode: null,
          requested: null,
          token: null,
          key: null,
          outcome: 'its lock is gone',
        };
      }
      if (c.phase === 'holding' && e.reason === 'lease')
        return { ...c, phase: 'idle', mode: null, token: null, key: null, outcome: 'its lock is gone' };
      return c;
    }
    case 'Blocking': {
      if (c.phase !== 'holding' || c.blockedBy.includes(e.by)) return c;
      const next = { ...c, blockedBy: [...c.blockedBy, e.by] };
      if (c.config.respondToBlocking) out.timer(WORK_TIMER, c.config.bastDelay);
      return next;
    }
    case 'Released': {
      if (c.releasing !== e.n) return c;
      out.cancel(UNLOCK_TIMER);
      return { ...c, releasing: null, released: Math.max(c.released, e.n) };
    }
    case 'WriteResult': {
      if (c.phase !== 'writing') return c;
      out.cancel(WRITE_TIMER);
      const counted = { ...c, writes: c.writes + 1 };
      return letGo(
        counted,
        out,
        e.accepted ? 'wrote and let go' : 'its write was refused (stale token): lets go',
      );
    }
    default:
      return c;
  }
}

export type { Mode, DlmMessage };
