/**
 * A simulated etcd v3 key-value store: a global revision, keys with create/mod revisions and
 * versions, leases whose end deletes their keys in one revision, transactions that compare before
 * they write, and the events a prefix watch reports. Pure data and functions, no clock: the
 * backend process arms a timer per lease. `test/real-etcd.test.ts` sends the same requests to a
 * real etcd and expects the same answers.
 */
export interface KeyValue {
  key: string;
  value: string;
  createRevision: number;
  modRevision: number;
  version: number;
  /** 0: no lease. */
  lease: number;
}

export interface LeaseRecord {
  id: number;
  /** Granted time to live, in seconds as etcd counts it. */
  ttl: number;
}

export interface EtcdStore {
  /** The store's revision; a fresh etcd starts at 1. */
  revision: number;
  kv: Readonly<Record<string, KeyValue>>;
  leases: Readonly<Record<string, LeaseRecord>>;
  nextLease: number;
}

export type CompareTarget = 'create' | 'mod' | 'version' | 'value';
export type CompareResult = 'equal' | 'not-equal' | 'greater' | 'less';

export interface Compare {
  key: string;
  target: CompareTarget;
  result: CompareResult;
  value: number | string;
}

export type TxnOp =
  | { type: 'put'; key: string; value: string; lease?: number }
  | { type: 'delete'; key: string }
  | { type: 'range'; key: string; prefix?: boolean };

export interface Txn {
  compare: readonly Compare[];
  success: readonly TxnOp[];
  failure: readonly TxnOp[];
}

export interface WatchEvent {
  type: 'put' | 'delete';
  key: string;
  /** The revision of the change. */
  modRevision: number;
  value: string;
}

export type TxnResult =
  | { ok: true; succeeded: boolean; revision: number; ranges: KeyValue[][]; events: WatchEvent[] }
  | { ok: false; error: 'lease not found' };

/** The record without `key`: contexts are never mutated, so removing is copying. */
export function without<T>(record: Readonly<Record<string, T>>, ...keys: string[]): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => !keys.includes(k)));
}

export function emptyStore(): EtcdStore {
  return { revision: 1, kv: {}, leases: {}, nextLease: 1 };
}

/** etcd refuses shorter leases: it grants its minimum instead (1.5 election timeouts, rounded up). */
export const MIN_TTL_SECONDS = 2;

function compareOne(store: EtcdStore, c: Compare): boolean {
  const kv = store.kv[c.key];
  let actual: number | string;
  switch (c.target) {
    case 'create':
      actual = kv?.createRevision ?? 0;
      break;
    case 'mod':
      actual = kv?.modRevision ?? 0;
      break;
    case 'version':
      actual = kv?.version ?? 0;
      break;
    case 'value':
      // A value compare on a missing key fails, whatever it asks.
      if (!kv) return false;
      actual = kv.value;
      break;
  }
  switch (c.result) {
    case 'equal':
      return actual === c.value;
    case 'not-equal':
      return actual !== c.value;
    case 'greater':
      return actual > c.value;
    case 'less':
      return actual < c.value;
  }
}

function rangeOf(store: EtcdStore, key: string, prefix: boolean): KeyValue[] {
  if (!prefix) {
    const kv = store.kv[key];
    return kv ? [kv] : [];
  }
  return Object.values(store.kv)
    .filter((kv) => kv.key.startsWith(key))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Applies a transaction: compares, then one branch, all writes at one new revision. */
export function applyTxn(store: EtcdStore, txn: Txn): { store: EtcdStore; result: TxnResult } {
  const succeeded = txn.compare.every((c) => compareOne(store, c));
  const ops = succeeded ? txn.success : txn.failure;
  for (const op of ops) {
    if (op.type === 'put' && op.lease && !store.leases[String(op.lease)])
      return { store, result: { ok: false, error: 'lease not found' } };
  }
  let kv: Record<string, KeyValue> = { ...store.kv };
  const events: WatchEvent[] = [];
  const ranges: KeyValue[][] = [];
  const next = store.revision + 1;
  for (const op of ops) {
    if (op.type === 'range') {
      ranges.push(rangeOf({ ...store, kv }, op.key, op.prefix ?? false));
    } else if (op.type === 'put') {
      const old = kv[op.key];
      kv[op.key] = {
        key: op.key,
        value: op.value,
        createRevision: old?.createRevision ?? next,
        modRevision: next,
        version: (old?.version ?? 0) + 1,
        lease: op.lease ?? 0,
      };
      events.push({ type: 'put', key: op.key, modRevision: next, value: op.value });
    } else if (kv[op.key]) {
      kv = without(kv, op.key);
      events.push({ type: 'delete', key: op.key, modRevision: next, value: '' });
    }
  }
  const revision = events.length > 0 ? next : store.revision;
  return {
    store: events.length > 0 ? { ...store, kv, revision } : store,
    result: { ok: true, succeeded, revision, ranges, events },
  };
}

export function grantLease(store: EtcdStore, ttlSeconds: number): { store: EtcdStore; lease: LeaseRecord } {
  const lease = { id: store.nextLease, ttl: Math.max(MIN_TTL_SECONDS, Math.ceil(ttlSeconds)) };
  return {
    store: { ...store, nextLease: store.nextLease + 1, leases: { ...store.leases, [lease.id]: lease } },
    lease,
  };
}

/** A keep-alive: the lease's TTL again, or 0 when the lease is gone (etcd's answer too). */
export function keepAlive(store: EtcdStore, id: number): number {
  return store.leases[String(id)]?.ttl ?? 0;
}

/** Revoking or expiring a lease deletes its keys in one revision. */
export function endLease(store: EtcdStore, id: number): { store: EtcdStore; events: WatchEvent[] } {
  if (!store.leases[String(id)]) return { store, events: [] };
  const leases = without(store.leases, String(id));
  const attached = Object.values(store.kv)
    .filter((kv) => kv.lease === id)
    .map((kv) => kv.key)
    .sort();
  const kv = without(store.kv, ...attached);
  const revision = attached.length > 0 ? store.revision + 1 : store.revision;
  const events = attached.map((key) => ({ type: 'delete' as const, key, modRevision: revision, value: '' }));
  return { store: { ...store, leases, kv, revision }, events };
}

export function range(store: EtcdStore, key: string, prefix = false): KeyValue[] {
  return rangeOf(store, key, prefix);
}
