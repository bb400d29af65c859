/** Data shapes of the lock manager model: messages and the context of each role. */
import type { Micros, NodeId } from '../../sim/types';
import type { EtcdStore, KeyValue, Txn, TxnResult, WatchEvent } from './etcd';
import type { MatrixChoice, Mode } from './modes';

export type { DlmParams } from './params';
export type Backend = 'etcd' | 'redis' | 'jetstream';
export type QueueOrder = 'conversions-first' | 'jump';

/** The one resource every client locks, and where its locks live in the backend. */
export const RESOURCE = 'R';
export const LOCK_PREFIX = `/dlm/${RESOURCE}/`;
export const DATA_KEY = `/data/${RESOURCE}`;

export function lockKey(client: NodeId, n: number): string {
  return `${LOCK_PREFIX}${client}/${n}`;
}

/** The client and request number a lock key names, or null. */
export function parseLockKey(key: string): { client: NodeId; n: number } | null {
  if (!key.startsWith(LOCK_PREFIX)) return null;
  const [client, n] = key.slice(LOCK_PREFIX.length).split('/');
  if (!client || n === undefined || !/^\d+$/.test(n)) return null;
  return { client, n: Number(n) };
}

// -------------------------------------------------------------------------------------------------
// Messages

/** Client → backend */
export interface LeaseGrant {
  type: 'LeaseGrant';
  from: NodeId;
  ttl: number;
  /** Which backend's words the request is in (for labels: Redis has PX, not leases). */
  dialect: Backend;
}
export interface KeepAlive {
  type: 'KeepAlive';
  from: NodeId;
  lease: number;
  seq: number;
  dialect: Backend;
}
export interface WriteData {
  type: 'WriteData';
  from: NodeId;
  /** The lock key the writer holds its grant under, and the revision it was granted at. */
  key: string;
  token: number;
  mode: Mode;
  /** With fencing, the write is a transaction comparing the lock key's revision with the token. */
  fenced: boolean;
}
/** Backend → client */
export interface LeaseGranted {
  type: 'LeaseGranted';
  from: NodeId;
  lease: number;
  ttl: number;
}
export interface KeepAliveAck {
  type: 'KeepAliveAck';
  from: NodeId;
  lease: number;
  seq: number;
  /** 0: the lease is gone. */
  ttl: number;
}
export interface WriteResult {
  type: 'WriteResult';
  from: NodeId;
  accepted: boolean;
  revision: number;
}
/** Client → manager */
export interface Enqueue {
  type: 'Enqueue';
  from: NodeId;
  mode: Mode;
  lease: number;
  n: number;
}
export interface Convert {
  type: 'Convert';
  from: NodeId;
  mode: Mode;
}
export interface Dequeue {
  type: 'Dequeue';
  from: NodeId;
  /** The request let go of; a late copy must not take a newer lock away. */
  n: number;
}
/** Manager → client: the unlock is done (sent for every copy, so a client can stop resending). */
export interface Released {
  type: 'Released';
  from: NodeId;
  n: number;
}
/** Manager → client */
export interface Granted {
  type: 'Granted';
  from: NodeId;
  mode: Mode;
  token: number;
  key: string;
  conversion: boolean;
}
export interface Denied {
  type: 'Denied';
  from: NodeId;
  mode: Mode;
  reason: 'deadlock' | 'lease' | 'unsupported';
}
/** A blocking AST: the holder's lock stands in the way of `mode`, asked by `by`. */
export interface Blocking {
  type: 'Blocking';
  from: NodeId;
  mode: Mode;
  by: NodeId;
}
/** Manager ↔ backend */
export interface TxnRequest {
  type: 'Txn';
  from: NodeId;
  id: number;
  txn: Txn;
  dialect: Backend;
}
export interface TxnReply {
  type: 'TxnReply';
  from: NodeId;
  id: number;
  result: TxnResult;
}
export interface WatchRequest {
  type: 'Watch';
  from: NodeId;
  prefix: string;
}
export interface WatchEvents {
  type: 'WatchEvents';
  from: NodeId;
  events: WatchEvent[];
}
/** The manager's periodic read of the prefix, which catches deletions whose watch event was lost. */
export interface RangeRequest {
  type: 'Range';
  from: NodeId;
  prefix: string;
}
export interface RangeReply {
  type: 'RangeReply';
  from: NodeId;
  revision: number;
  kvs: KeyValue[];
}

export type DlmMessage =
  | LeaseGrant
  | KeepAlive
  | WriteData
  | LeaseGranted
  | KeepAliveAck
  | WriteResult
  | Enqueue
  | Convert
  | Dequeue
  | Granted
  | Denied
  | Blocking
  | Released
  | TxnRequest
  | TxnReply
  | WatchRequest
  | WatchEvents
  | RangeRequest
  | RangeReply;

// -------------------------------------------------------------------------------------------------
// Contexts

export interface ClientConfig {
  id: NodeId;
  manager: NodeId;
  backend: NodeId;
  backendKind: Backend;
  leaseTtl: number;
  holdTime: Micros;
  respondToBlocking: boolean;
  bastDelay: Micros;
  fencing: boolean;
}

/** What a client was asked to do. `hold`: how long to keep the lock (null: until told). */
export type ClientOp =
  | { op: 'lock'; mode: Mode; hold?: number | null }
  | { op: 'convert'; mode: Mode; hold?: number | null }
  | { op: 'unlock' };

export type ClientPhase = 'idle' | 'leasing' | 'requesting' | 'holding' | 'converting' | 'writing';
export const CLIENT_PHASES: readonly ClientPhase[] = [
  'idle',
  'leasing',
  'requesting',
  'holding',
  'converting',
  'writing',
];

export interface ClientContext {
  role: 'client';
  config: ClientConfig;
  phase: ClientPhase;
  /** Lock requests made so far; the current one's number names its key. */
  n: number;
  lease: number | null;
  leaseTtl: number;
  keepAlives: number;
  /** The timer at which this client stops believing in its lease. */
  deadlineTimer: string | null;
  /** The mode the client believes it holds. */
  mode: Mode | null;
  /** A request or conversion it waits for. */
  requested: Mode | null;
  token: number | null;
  key: string | null;
  /** How long to work under the lock it waits for, in µs (null: until told). */
  hold: Micros | null;
  /** An operation waiting for the lease. */
  pending: ClientOp | null;
  blockedBy: NodeId[];
  /** A request let go of and not yet confirmed: resent until the manager says Released. */
  releasing: number | null;
  /** The latest request the manager confirmed released. */
  released: number;
  writes: number;
  outcome: string;
}

export interface LockEntry {
  client: NodeId;
  n: number;
  lease: number;
  key: string;
  /** The mode granted (null while only waiting). */
  granted: Mode | null;
  /** A mode asked for and not yet granted. */
  requested: Mode | null;
  /** When it joined its queue, for FIFO order and the choice of a deadlock victim. */
  order: number;
  /** The key's create revision once the backend has it. */
  createRev: number | null;
  /** Granted in memory, not yet written to the backend (waiting for the key's registration). */
  unsynced: boolean;
  token: number | null;
}

/** What the matrix decided for one request: the cell lit in the demo. */
export interface Decision {
  seq: number;
  client: NodeId;
  requested: Mode;
  conversion: boolean;
  /** Every other granted lock and whether the matrix lets `requested` join it. */
  against: { client: NodeId; mode: Mode; compatible: boolean }[];
  outcome: 'granted' | 'queued' | 'refused';
  /** Why it waits although the matrix allows it: a queue ahead of it. */
  queuedBehind: NodeId[];
}

export interface GrantRecord {
  client: NodeId;
  mode: Mode;
  source: 'new' | 'waiting' | 'converting' | 'down-conversion';
  /** Requests that were queued ahead of this one (or conversions, which go first) and are still waiting. */
  bypassed: NodeId[];
}

export interface DeadlockRecord {
  cycle: NodeId[];
  victim: NodeId;
}

export interface ManagerConfig {
  id: NodeId;
  backend: NodeId;
  kind: Backend;
  matrix: MatrixChoice;
  order: QueueOrder;
  deadlockDetection: boolean;
  deadlockWait: Micros;
  resync: Micros;
}

export interface ManagerContext {
  role: 'manager';
  config: ManagerConfig;
  seq: number;
  txnId: number;
  locks: Record<NodeId, LockEntry>;
  granted: NodeId[];
  converting: NodeId[];
  waiting: NodeId[];
  /** Transactions sent and not answered: what each was for. */
  pending: Record<
    string,
    {
      kind: 'register' | 'grant' | 'delete';
      client: NodeId;
      n: number;
      mode: Mode | null;
      conversion: boolean;
      /** The transaction itself, resent until answered (a reply can be lost, the backend can be down). */
      txn: Txn;
    }
  >;
  decision: Decision | null;
  grantCount: number;
  /** The grants of the latest step that granted any. */
  lastGrants: GrantRecord[];
  deadlocks: DeadlockRecord[];
  searchArmed: boolean;
  /** Per client, the latest request it let go of: a copy of that request arriving late is ignored. */
  releasedUpTo: Record<NodeId, number>;
}

export interface WriteRecord {
  client: NodeId;
  token: number;
  mode: Mode;
  fenced: boolean;
  accepted: boolean;
  /** The observer's ghost fact: the writer's lock key still existed at its granted revision. */
  keyAlive: boolean;
  revision: number;
}

export interface BackendContext {
  role: 'backend';
  id: NodeId;
  kind: Backend;
  store: EtcdStore;
  watchers: { node: NodeId; prefix: string }[];
  writes: WriteRecord[];
}

export type DlmContext = ClientContext | ManagerContext | BackendContext;

export type DlmInput =
  | { role: 'client'; config: ClientConfig }
  | { role: 'manager'; config: ManagerConfig; restored: ManagerContext | null }
  | {
      role: 'backend';
      id: NodeId;
      kind: Backend;
      store: EtcdStore;
      watchers: { node: NodeId; prefix: string }[];
      writes: WriteRecord[];
      restarted: boolean;
    };
