/** Data shapes of the Redlock model: parameters, messages and the context of each role. */
import type { Micros, NodeId } from '../../sim/types';
import type { Keyspace, RedisCommand, RedisReply } from './commands';

export type AcquisitionMode = 'parallel' | 'sequential';
export type Persistence = 'off' | 'fsync';
export type ReleaseMode = 'compare-and-delete' | 'del';
/** 'spec': refuse a quorum whose validity is gone; 'node-redlock': accept any quorum, as that client does. */
export type ValidityCheck = 'spec' | 'node-redlock';

export type { RedlockParams } from './params';

/** The lock's key on every node. */
export const LOCK_KEY = 'lock';

// -------------------------------------------------------------------------------------------------
// Messages

export interface CommandMessage {
  type: 'Command';
  from: NodeId;
  cmd: RedisCommand;
}

export interface ReplyMessage {
  type: 'Reply';
  from: NodeId;
  cmd: RedisCommand;
  reply: RedisReply;
}

export interface TokenRequest {
  type: 'TokenRequest';
  from: NodeId;
  /** The lock value the token is for. */
  value: string;
}

export interface TokenGrant {
  type: 'TokenGrant';
  from: NodeId;
  value: string;
  token: number;
}

export interface WriteMessage {
  type: 'Write';
  from: NodeId;
  /** The lock value the writer believed it held. */
  lockValue: string;
  data: string;
  token: number | null;
}

export interface WriteResult {
  type: 'WriteResult';
  from: NodeId;
  lockValue: string;
  accepted: boolean;
  highest: number | null;
}

export type RedlockMessage =
  CommandMessage | ReplyMessage | TokenRequest | TokenGrant | WriteMessage | WriteResult;

// -------------------------------------------------------------------------------------------------
// Contexts, one per role; the machine keeps the one its role needs.

export interface ClientConfig {
  id: NodeId;
  redis: NodeId[];
  storage: NodeId;
  tokens: NodeId | null;
  ttl: Micros;
  /** Clock drift allowance: 0.01 × TTL + 2 ms. */
  drift: Micros;
  nodeTimeout: Micros;
  retryCount: number;
  retryDelay: Micros;
  retryJitter: Micros;
  acquisition: AcquisitionMode;
  release: ReleaseMode;
  validityCheck: ValidityCheck;
  workTime: Micros;
  workload: boolean;
  thinkTime: Micros;
}

export interface ClientContext {
  role: 'client';
  config: ClientConfig;
  /** Counts lock requests, so every value is unique to this client and request. */
  request: number;
  /** The value of the current request, e.g. "C1:3"; null when idle. */
  value: string | null;
  /** Attempts made for the current request (1 for the first). */
  attempt: number;
  /** Sequential mode: nodes not yet asked. */
  queue: NodeId[];
  granted: NodeId[];
  refused: NodeId[];
  /** Name of the timer at which this client stops believing it holds the lock. */
  validityTimer: string | null;
  /** Set when the validity timer fired before the client decided. */
  deadlinePassed: boolean;
  /** Every node answered or timed out: the client is about to decide. */
  roundDone: boolean;
  token: number | null;
  /** Extension in progress: its own deadline timer and the nodes that agreed. */
  extension: { timer: string; granted: NodeId[]; answered: NodeId[] } | null;
  extensions: number;
  /** Whether the client wrote to the storage under the current lock. */
  wrote: boolean;
  outcome: string;
}

export interface RedisNodeContext {
  role: 'redis';
  id: NodeId;
  keys: Keyspace;
  persistence: Persistence;
  /** How long a restarted node waits before serving (0: at once). */
  restartDelay: Micros;
  restarted: boolean;
  /** Commands that changed the keyspace, for views. */
  commands: number;
}

export interface StorageWrite {
  from: NodeId;
  lockValue: string;
  data: string;
  token: number | null;
  accepted: boolean;
}

export interface StorageContext {
  role: 'storage';
  id: NodeId;
  fencing: boolean;
  highest: number | null;
  writes: StorageWrite[];
}

export interface TokenContext {
  role: 'tokens';
  id: NodeId;
  counter: number;
}

export type RedlockContext = ClientContext | RedisNodeContext | StorageContext | TokenContext;

export type RedlockInput =
  | { role: 'client'; config: ClientConfig }
  | {
      role: 'redis';
      id: NodeId;
      persistence: Persistence;
      restartDelay: Micros;
      restarted: boolean;
      keys: Keyspace;
    }
  | { role: 'storage'; id: NodeId; fencing: boolean; highest: number | null; writes: StorageWrite[] }
  | { role: 'tokens'; id: NodeId; counter: number };

/** Client requests a scenario or the reader sends to a client. */
export type ClientOp = { op: 'acquire'; data?: string } | { op: 'extend' } | { op: 'release' };
