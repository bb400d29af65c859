/**
 * The backend process: the simulated etcd store behind a network address. It grants leases and
 * ends them on its own clock when no keep-alive came for their TTL, applies transactions, sends
 * watch events for the prefix a watcher asked for, and keeps the protected data, whose writes the
 * observer checks against the writer's lock key.
 */
import type { NodeId } from '../../sim/types';
import { applyTxn, endLease, grantLease, keepAlive, range, type EtcdStore, type WatchEvent } from './etcd';
import type { Out } from './manager';
import { DATA_KEY, type BackendContext, type DlmMessage, type WriteData } from './types';

const SECOND = 1_000_000;

export function leaseTimer(id: number): string {
  return `lease:${id}`;
}

function notify(b: BackendContext, events: readonly WatchEvent[], out: Out): void {
  for (const w of b.watchers) {
    const mine = events.filter((e) => e.key.startsWith(w.prefix));
    if (mine.length > 0) out.send(w.node, { type: 'WatchEvents', from: b.id, events: mine });
  }
}

/** After a restart every lease starts its TTL again, as etcd's lessor does when it comes back. */
export function armLeases(b: BackendContext, out: Out): void {
  for (const lease of Object.values(b.store.leases)) out.timer(leaseTimer(lease.id), lease.ttl * SECOND);
}

export function expireLease(b: BackendContext, timer: string, out: Out): BackendContext {
  const id = Number(timer.slice('lease:'.length));
  const { store, events } = endLease(b.store, id);
  if (store === b.store) return b;
  out.note('lease-expired', { lease: id, keys: events.map((e) => e.key) });
  out.effects.push({ type: 'persist' });
  notify(b, events, out);
  return { ...b, store };
}

function write(b: BackendContext, m: WriteData, out: Out): BackendContext {
  const before = b.store.kv[m.key];
  const keyAlive = before !== undefined && before.modRevision === m.token;
  const { store, result } = applyTxn(b.store, {
    compare: m.fenced ? [{ key: m.key, target: 'mod', result: 'equal', value: m.token }] : [],
    success: [{ type: 'put', key: DATA_KEY, value: `written by ${m.from} under token ${m.token}` }],
    failure: [],
  });
  const accepted = result.ok && result.succeeded;
  const revision = result.ok ? result.revision : store.revision;
  out.send(m.from, { type: 'WriteResult', from: b.id, accepted, revision });
  out.effects.push({ type: 'persist' });
  const record = {
    client: m.from,
    token: m.token,
    mode: m.mode,
    fenced: m.fenced,
    accepted,
    keyAlive,
    revision,
  };
  return { ...b, store, writes: [...b.writes, record] };
}

export function serve(b: BackendContext, m: DlmMessage, out: Out): BackendContext {
  switch (m.type) {
    case 'LeaseGrant': {
      const { store, lease } = grantLease(b.store, m.ttl);
      out.timer(leaseTimer(lease.id), lease.ttl * SECOND);
      out.send(m.from, { type: 'LeaseGranted', from: b.id, lease: lease.id, ttl: lease.ttl });
      out.effects.push({ type: 'persist' });
      return { ...b, store };
    }
    case 'KeepAlive': {
      const ttl = keepAlive(b.store, m.lease);
      if (ttl > 0) out.timer(leaseTimer(m.lease), ttl * SECOND);
      out.send(m.from, { type: 'KeepAliveAck', from: b.id, lease: m.lease, seq: m.seq, ttl });
      return b;
    }
    case 'Txn': {
      const { store, result } = applyTxn(b.store, m.txn);
      out.send(m.from, { type: 'TxnReply', from: b.id, id: m.id, result });
      if (store === b.store) return b;
      out.effects.push({ type: 'persist' });
      if (result.ok) notify(b, result.events, out);
      return { ...b, store };
    }
    case 'Watch': {
      if (b.watchers.some((w) => w.node === m.from && w.prefix === m.prefix)) return b;
      out.effects.push({ type: 'persist' });
      return { ...b, watchers: [...b.watchers, { node: m.from, prefix: m.prefix }] };
    }
    case 'Range':
      out.send(m.from, {
        type: 'RangeReply',
        from: b.id,
        revision: b.store.revision,
        kvs: range(b.store, m.prefix, true),
      });
      return b;
    case 'WriteData':
      return write(b, m, out);
    default:
      return b;
  }
}

export function backendStore(nodes: readonly { context: unknown }[]): EtcdStore | null {
  for (const n of nodes) {
    const ctx = n.context as BackendContext;
    if (ctx.role === 'backend') return ctx.store;
  }
  return null;
}

export type { NodeId };
