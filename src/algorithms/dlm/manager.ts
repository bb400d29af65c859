/**
 * The lock manager's rules, after the OpenVMS lock management chapter: per resource a granted
 * queue, a conversion queue and a waiting queue. A new request is granted at once only when it is
 * compatible with every granted lock and both queues are empty; a conversion when it is compatible
 * with the other granted locks and no conversion waits before it; a down-conversion always at once.
 * When a lock goes or weakens, the conversion queue is served first, in order, then the waiting
 * queue, in order, each stopping at the first request that still conflicts. A request that has to
 * wait sends a blocking AST to the granted locks in its way (not to locks that are themselves
 * converting). A deadlock search runs once a request has waited for the deadlock wait; it denies
 * one request of a cycle, the youngest.
 *
 * Every grant is written to the backend before the client hears of it: a transaction that compares
 * the lock key's create revision (the key still exists under the client's lease) and puts the new
 * mode. Its revision is the grant's fencing token.
 */
import type { Effect } from '../../sim/spec';
import type { NodeId } from '../../sim/types';
import { without, type Txn } from './etcd';
import { isDownConversion, matrixFor, type Mode } from './modes';
import {
  LOCK_PREFIX,
  lockKey,
  parseLockKey,
  type Convert,
  type Decision,
  type DlmMessage,
  type Enqueue,
  type GrantRecord,
  type LockEntry,
  type ManagerConfig,
  type ManagerContext,
  type RangeReply,
  type TxnReply,
  type WatchEvents,
} from './types';

export class Out {
  readonly effects: Effect[] = [];
  send(to: NodeId, message: DlmMessage): void {
    this.effects.push({ type: 'send', to, message });
  }
  timer(name: string, duration: number): void {
    this.effects.push({ type: 'set-timer', name, duration });
  }
  cancel(name: string): void {
    this.effects.push({ type: 'cancel-timer', name });
  }
  note(kind: string, fields: Record<string, unknown>): void {
    this.effects.push({ type: 'note', kind, ...fields });
  }
}

export const SEARCH_TIMER = 'deadlock-search';
export const RESYNC_TIMER = 'resync';

export function initialManager(config: ManagerConfig): ManagerContext {
  return {
    role: 'manager',
    config,
    seq: 0,
    txnId: 0,
    locks: {},
    granted: [],
    converting: [],
    waiting: [],
    pending: {},
    decision: null,
    grantCount: 0,
    lastGrants: [],
    deadlocks: [],
    searchArmed: false,
    releasedUpTo: {},
  };
}

/** Copies what a step changes, so contexts are never mutated. */
function draft(c: ManagerContext, stepGrants: boolean): ManagerContext {
  const locks: Record<NodeId, LockEntry> = {};
  for (const [k, v] of Object.entries(c.locks)) locks[k] = { ...v };
  return {
    ...c,
    locks,
    granted: [...c.granted],
    converting: [...c.converting],
    waiting: [...c.waiting],
    pending: { ...c.pending },
    deadlocks: [...c.deadlocks],
    lastGrants: stepGrants ? [] : c.lastGrants,
  };
}

function remove(list: NodeId[], x: NodeId): void {
  const i = list.indexOf(x);
  if (i >= 0) list.splice(i, 1);
}

function entry(c: ManagerContext, client: NodeId): LockEntry {
  const e = c.locks[client];
  if (!e) throw new Error(`no lock of ${client}`);
  return e;
}

/** The other granted locks and whether the manager's matrix lets `mode` join each. */
function against(c: ManagerContext, client: NodeId, mode: Mode) {
  const m = matrixFor(c.config.matrix);
  return c.granted
    .filter((x) => x !== client)
    .map((x) => {
      const held = entry(c, x).granted as Mode;
      return { client: x, mode: held, compatible: m[mode][held] };
    });
}

function compatible(c: ManagerContext, client: NodeId, mode: Mode): boolean {
  return against(c, client, mode).every((a) => a.compatible);
}

type Pending = ManagerContext['pending'][string];

function sendTxn(c: ManagerContext, out: Out, id: number, body: Txn): void {
  out.send(c.config.backend, { type: 'Txn', from: c.config.id, id, txn: body, dialect: c.config.kind });
}

function txn(c: ManagerContext, out: Out, body: Txn, p: Omit<Pending, 'txn'>): void {
  c.txnId += 1;
  c.pending[String(c.txnId)] = { ...p, txn: body };
  sendTxn(c, out, c.txnId, body);
}

/**
 * Writes are made safe to repeat: one whose key already holds what it would write fails its compare
 * and reads the key back instead, which the reply handler takes as the write having happened.
 */
function putOnce(key: string, value: string, lease: number, compare: Txn['compare']): Txn {
  return {
    compare,
    success: [{ type: 'put', key, value, lease }],
    failure: [{ type: 'range', key }],
  };
}

function decide(
  c: ManagerContext,
  client: NodeId,
  mode: Mode,
  conversion: boolean,
  outcome: Decision['outcome'],
  queuedBehind: NodeId[] = [],
): void {
  c.seq += 1;
  c.decision = {
    seq: c.seq,
    client,
    requested: mode,
    conversion,
    against: against(c, client, mode),
    outcome,
    queuedBehind,
  };
}

/** Writes a grant to the backend; the client hears of it when the transaction succeeds. */
function commit(c: ManagerContext, e: LockEntry, conversion: boolean, out: Out): void {
  const mode = e.granted as Mode;
  if (e.createRev === null) {
    e.unsynced = true;
    return;
  }
  txn(
    c,
    out,
    putOnce(e.key, `granted ${mode}`, e.lease, [
      { key: e.key, target: 'create', result: 'equal', value: e.createRev },
      { key: e.key, target: 'value', result: 'not-equal', value: `granted ${mode}` },
    ]),
    { kind: 'grant', client: e.client, n: e.n, mode, conversion },
  );
}

function grant(
  c: ManagerContext,
  client: NodeId,
  source: GrantRecord['source'],
  bypassed: NodeId[],
  out: Out,
): void {
  const e = entry(c, client);
  const mode = e.requested as Mode;
  const conversion = e.granted !== null;
  decide(c, client, mode, conversion, 'granted');
  e.granted = mode;
  e.requested = null;
  remove(c.waiting, client);
  remove(c.converting, client);
  if (!c.granted.includes(client)) c.granted.push(client);
  c.grantCount += 1;
  c.lastGrants = [...c.lastGrants, { client, mode, source, bypassed }];
  out.note('grant', { client, mode, source });
  commit(c, e, conversion, out);
}

/** Blocking ASTs to the granted locks in the way of `mode` (locks that are converting get none). */
function blockingAsts(c: ManagerContext, client: NodeId, mode: Mode, out: Out): void {
  for (const a of against(c, client, mode)) {
    if (!a.compatible && !c.converting.includes(a.client))
      out.send(a.client, { type: 'Blocking', from: c.config.id, mode, by: client });
  }
}

function armSearch(c: ManagerContext, out: Out): void {
  if (c.searchArmed || (c.converting.length === 0 && c.waiting.length === 0)) return;
  c.searchArmed = true;
  out.timer(SEARCH_TIMER, c.config.deadlockWait);
}

/** Serves the queues after a lock went or weakened: conversions first, each queue in order. */
export function processQueues(c: ManagerContext, out: Out): void {
  while (c.converting.length > 0) {
    const head = c.converting[0] as NodeId;
    if (!compatible(c, head, entry(c, head).requested as Mode)) break;
    grant(c, head, 'converting', [], out);
  }
  if (c.config.order === 'jump') {
    // Broken: whatever is compatible now goes, whoever waited before it.
    for (const w of [...c.waiting]) {
      const mode = entry(c, w).requested as Mode;
      if (!compatible(c, w, mode)) continue;
      const ahead = c.waiting.slice(0, c.waiting.indexOf(w));
      grant(c, w, 'waiting', [...c.converting, ...ahead], out);
    }
  } else if (c.converting.length === 0) {
    while (c.waiting.length > 0) {
      const head = c.waiting[0] as NodeId;
      if (!compatible(c, head, entry(c, head).requested as Mode)) break;
      grant(c, head, 'waiting', [], out);
    }
  }
  armSearch(c, out);
}

export function enqueue(prev: ManagerContext, m: Enqueue, out: Out): ManagerContext {
  const old = prev.locks[m.from];
  if ((old && old.n >= m.n) || m.n <= (prev.releasedUpTo[m.from] ?? 0)) return prev;
  const c = draft(prev, true);
  if (old) {
    // A client asks for one thing at a time: a newer request overtook the unlock of the older one.
    drop(c, m.from);
    deleteKey(c, old, out);
    c.releasedUpTo = { ...c.releasedUpTo, [m.from]: old.n };
    out.note('release', { client: m.from });
    processQueues(c, out);
  }
  if (c.config.kind !== 'etcd' && m.mode !== 'EX') {
    decide(c, m.from, m.mode, false, 'refused');
    out.send(m.from, { type: 'Denied', from: c.config.id, mode: m.mode, reason: 'unsupported' });
    return c;
  }
  c.seq += 1;
  const e: LockEntry = {
    client: m.from,
    n: m.n,
    lease: m.lease,
    key: lockKey(m.from, m.n),
    granted: null,
    requested: m.mode,
    order: c.seq,
    createRev: null,
    unsynced: false,
    token: null,
  };
  c.locks[m.from] = e;
  const ahead = [...c.converting, ...c.waiting];
  const fits = compatible(c, m.from, m.mode);
  if (fits && (ahead.length === 0 || c.config.order === 'jump')) {
    decide(c, m.from, m.mode, false, 'granted');
    e.granted = m.mode;
    e.requested = null;
    c.granted.push(m.from);
    c.grantCount += 1;
    c.lastGrants = [{ client: m.from, mode: m.mode, source: 'new', bypassed: ahead }];
    out.note('grant', { client: m.from, mode: m.mode, source: 'new' });
    // One transaction creates the key under the client's lease with the granted mode.
    txn(
      c,
      out,
      putOnce(e.key, `granted ${m.mode}`, e.lease, [
        { key: e.key, target: 'create', result: 'equal', value: 0 },
      ]),
      { kind: 'grant', client: m.from, n: m.n, mode: m.mode, conversion: false },
    );
    return c;
  }
  decide(c, m.from, m.mode, false, 'queued', fits ? ahead : []);
  c.waiting.push(m.from);
  txn(
    c,
    out,
    putOnce(e.key, `waiting ${m.mode}`, e.lease, [
      { key: e.key, target: 'create', result: 'equal', value: 0 },
    ]),
    { kind: 'register', client: m.from, n: m.n, mode: null, conversion: false },
  );
  blockingAsts(c, m.from, m.mode, out);
  armSearch(c, out);
  return c;
}

export function convert(prev: ManagerContext, m: Convert, out: Out): ManagerContext {
  const current = prev.locks[m.from];
  if (!current || current.granted === null || current.requested !== null) return prev;
  const c = draft(prev, true);
  const e = entry(c, m.from);
  const from = e.granted as Mode;
  if (c.config.kind !== 'etcd' && m.mode !== 'EX') {
    decide(c, m.from, m.mode, true, 'refused');
    out.send(m.from, { type: 'Denied', from: c.config.id, mode: m.mode, reason: 'unsupported' });
    return c;
  }
  e.requested = m.mode;
  if (isDownConversion(from, m.mode, matrixFor(c.config.matrix))) {
    grant(c, m.from, 'down-conversion', [], out);
    processQueues(c, out);
    return c;
  }
  if (compatible(c, m.from, m.mode) && c.converting.length === 0) {
    grant(c, m.from, 'converting', [], out);
    return c;
  }
  c.seq += 1;
  e.order = c.seq;
  decide(c, m.from, m.mode, true, 'queued', compatible(c, m.from, m.mode) ? [...c.converting] : []);
  c.converting.push(m.from);
  blockingAsts(c, m.from, m.mode, out);
  armSearch(c, out);
  return c;
}

/** Removes a client's lock without asking the backend (its lease already took the key). */
function drop(c: ManagerContext, client: NodeId): void {
  remove(c.granted, client);
  remove(c.converting, client);
  remove(c.waiting, client);
  c.locks = without(c.locks, client);
}

function deleteKey(c: ManagerContext, e: LockEntry, out: Out): void {
  txn(
    c,
    out,
    { compare: [], success: [{ type: 'delete', key: e.key }], failure: [] },
    { kind: 'delete', client: e.client, n: e.n, mode: null, conversion: false },
  );
}

export function dequeue(prev: ManagerContext, client: NodeId, n: number, out: Out): ManagerContext {
  out.send(client, { type: 'Released', from: prev.config.id, n });
  const e = prev.locks[client];
  const known = prev.releasedUpTo[client] ?? 0;
  if (!e || e.n > n) {
    return n > known ? { ...prev, releasedUpTo: { ...prev.releasedUpTo, [client]: n } } : prev;
  }
  const c = draft(prev, true);
  c.releasedUpTo = { ...c.releasedUpTo, [client]: Math.max(known, n) };
  drop(c, client);
  deleteKey(c, e, out);
  out.note('release', { client });
  processQueues(c, out);
  return c;
}

export function onTxnReply(prev: ManagerContext, m: TxnReply, out: Out): ManagerContext {
  const p = prev.pending[String(m.id)];
  if (!p) return prev;
  const c = draft(prev, true);
  c.pending = without(c.pending, String(m.id));
  const e = c.locks[p.client];
  const matches = e !== undefined && e.n === p.n;
  if (p.kind === 'delete') return c;
  const put = p.txn.success[0];
  const wanted = put?.type === 'put' ? put.value : null;
  // A repeated write finds its own value already there: it happened, at the key's revisions.
  const found = m.result.ok && !m.result.succeeded ? m.result.ranges[0]?.[0] : undefined;
  const already = found !== undefined && found.value === wanted && e !== undefined && found.lease === e.lease;
  if (!m.result.ok || (!m.result.succeeded && !already)) {
    if (matches) {
      // The key or the lease is gone: the client's lease ended before the manager heard.
      drop(c, p.client);
      out.send(p.client, { type: 'Denied', from: c.config.id, mode: p.mode ?? 'NL', reason: 'lease' });
      out.note('lease-gone', { client: p.client });
      processQueues(c, out);
    }
    return c;
  }
  if (!matches) {
    // The client let go while the write was on its way: take the key back out.
    deleteKey(c, { key: lockKey(p.client, p.n), client: p.client, n: p.n } as LockEntry, out);
    return c;
  }
  const revision = found && already ? found.modRevision : m.result.revision;
  const created = found && already ? found.createRevision : m.result.revision;
  if (p.kind === 'register') {
    e.createRev = created;
    if (e.unsynced) {
      e.unsynced = false;
      commit(c, e, false, out);
    }
    return c;
  }
  if (e.createRev === null) e.createRev = created;
  e.token = revision;
  out.send(p.client, {
    type: 'Granted',
    from: c.config.id,
    mode: p.mode as Mode,
    token: revision,
    key: e.key,
    conversion: p.conversion,
  });
  return c;
}

function leaseEnded(c: ManagerContext, client: NodeId, out: Out): void {
  drop(c, client);
  out.note('lease-gone', { client });
}

export function onWatch(prev: ManagerContext, m: WatchEvents, out: Out): ManagerContext {
  const gone = m.events
    .filter((ev) => ev.type === 'delete')
    .map((ev) => parseLockKey(ev.key))
    .filter((k) => k !== null && prev.locks[k.client]?.n === k.n) as { client: NodeId; n: number }[];
  if (gone.length === 0) return prev;
  const c = draft(prev, true);
  for (const k of gone) leaseEnded(c, k.client, out);
  processQueues(c, out);
  return c;
}

export function onRange(prev: ManagerContext, m: RangeReply, out: Out): ManagerContext {
  const present = new Set(m.kvs.map((kv) => kv.key));
  const gone = Object.values(prev.locks).filter(
    (e) => e.createRev !== null && e.createRev <= m.revision && !present.has(e.key),
  );
  if (gone.length === 0) return prev;
  const c = draft(prev, true);
  for (const e of gone) leaseEnded(c, e.client, out);
  processQueues(c, out);
  return c;
}

/** Who waits for whom: a conversion for the granted locks in its way and the conversions before it; a new request also for every conversion and the requests before it. */
export function waitsFor(c: ManagerContext): Map<NodeId, NodeId[]> {
  const edges = new Map<NodeId, NodeId[]>();
  c.converting.forEach((x, i) => {
    const mode = c.locks[x]?.requested;
    if (!mode) return;
    const blockers = against(c, x, mode)
      .filter((a) => !a.compatible)
      .map((a) => a.client);
    edges.set(x, [...new Set([...blockers, ...c.converting.slice(0, i)])]);
  });
  c.waiting.forEach((w, i) => {
    const mode = c.locks[w]?.requested;
    if (!mode) return;
    const blockers = against(c, w, mode)
      .filter((a) => !a.compatible)
      .map((a) => a.client);
    edges.set(w, [...new Set([...blockers, ...c.converting, ...c.waiting.slice(0, i)])]);
  });
  return edges;
}

/** The first cycle of the wait-for graph, in the order of the queues; null when there is none. */
export function findCycle(c: ManagerContext): NodeId[] | null {
  const edges = waitsFor(c);
  const done = new Set<NodeId>();
  for (const start of [...c.converting, ...c.waiting]) {
    const path: NodeId[] = [];
    const onPath = new Set<NodeId>();
    const visit = (x: NodeId): NodeId[] | null => {
      if (onPath.has(x)) return path.slice(path.indexOf(x));
      if (done.has(x)) return null;
      onPath.add(x);
      path.push(x);
      for (const y of edges.get(x) ?? []) {
        const found = visit(y);
        if (found) return found;
      }
      path.pop();
      onPath.delete(x);
      done.add(x);
      return null;
    };
    const cycle = visit(start);
    if (cycle) return cycle;
  }
  return null;
}

/** The deadlock search: deny the youngest request of a cycle, then serve the queues again. */
export function search(prev: ManagerContext, out: Out): ManagerContext {
  const c = draft(prev, true);
  c.searchArmed = false;
  const cycle = c.config.deadlockDetection ? findCycle(c) : null;
  if (cycle) {
    const victim = cycle.reduce((a, b) => ((c.locks[b]?.order ?? 0) > (c.locks[a]?.order ?? 0) ? b : a));
    const e = entry(c, victim);
    const mode = e.requested as Mode;
    c.deadlocks.push({ cycle, victim });
    out.note('deadlock', { cycle, victim });
    if (c.converting.includes(victim)) {
      // A conversion denied keeps the lock in the mode it had.
      remove(c.converting, victim);
      e.requested = null;
    } else {
      drop(c, victim);
      deleteKey(c, e, out);
    }
    out.send(victim, { type: 'Denied', from: c.config.id, mode, reason: 'deadlock' });
    processQueues(c, out);
  }
  armSearch(c, out);
  return c;
}

export function startResync(c: ManagerContext, out: Out): ManagerContext {
  out.send(c.config.backend, { type: 'Range', from: c.config.id, prefix: LOCK_PREFIX });
  // Unanswered transactions go again: their replies may be lost, or the backend was down.
  for (const [id, p] of Object.entries(c.pending)) sendTxn(c, out, Number(id), p.txn);
  out.timer(RESYNC_TIMER, c.config.resync);
  return c;
}
