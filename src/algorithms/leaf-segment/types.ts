/** Data shapes of the Leaf segment model: messages, and the context of each role. */
import type { Micros, NodeId } from '../../sim/types';
import type { LeafVariant } from './params';

export type { LeafParams, LeafVariant } from './params';

/** The business tag of the one row every server leases from. */
export const BIZ_TAG = 'order';

/** A run of IDs handed out together, `first` to `last` inclusive. */
export type IdRun = readonly [first: number, last: number];

// -------------------------------------------------------------------------------------------------
// Messages

/** A client asks a Leaf server for `count` IDs (`count` calls of get(tag)). */
export interface GetMessage {
  type: 'Get';
  from: NodeId;
  request: number;
  count: number;
}

/** The server's answer: the IDs it handed out, and how many calls failed and why. */
export interface IdsMessage {
  type: 'Ids';
  from: NodeId;
  request: number;
  runs: IdRun[];
  failed: number;
  reason: string | null;
}

/** Leaf's transaction: UPDATE max_id = max_id + step (the row's own, or the adapted one), then SELECT. */
export interface ClaimMessage {
  type: 'Claim';
  from: NodeId;
  load: number;
  /** null: the row's step (`updateMaxIdAndGetLeafAlloc`); a number: Leaf's adapted step. */
  step: number | null;
}

/** The row as the SELECT read it after the UPDATE, in the same transaction. */
export interface ClaimedMessage {
  type: 'Claimed';
  from: NodeId;
  load: number;
  maxId: number;
  step: number;
}

/** Broken variant: a plain SELECT, outside any transaction. */
export interface ReadMessage {
  type: 'Read';
  from: NodeId;
  load: number;
}

export interface RowMessage {
  type: 'Row';
  from: NodeId;
  load: number;
  maxId: number;
  step: number;
}

/** Broken variant: UPDATE max_id = <the value read> + step, a blind write. */
export interface WriteMessage {
  type: 'Write';
  from: NodeId;
  load: number;
  maxId: number;
  step: number;
}

export interface WrittenMessage {
  type: 'Written';
  from: NodeId;
  load: number;
  maxId: number;
  step: number;
}

export type LeafMessage =
  | GetMessage
  | IdsMessage
  | ClaimMessage
  | ClaimedMessage
  | ReadMessage
  | RowMessage
  | WriteMessage
  | WrittenMessage;

// -------------------------------------------------------------------------------------------------
// Contexts

/** A leased range [first, max): Leaf serves values while they stay below max_id. */
export interface Segment {
  first: number;
  /** The row's max_id after the lease: the first value this segment does not own. */
  max: number;
  /** The next value to hand out. */
  next: number;
  /** The step this segment was leased with (Leaf's `segment.getStep()`). */
  step: number;
}

/** A request some of whose calls wait for a load in flight. */
export interface Pending {
  client: NodeId;
  request: number;
  /** Calls still to serve. */
  count: number;
  runs: IdRun[];
}

/** What one served request handed out, for the view. */
export interface Handed {
  client: NodeId;
  request: number;
  runs: IdRun[];
  failed: number;
}

export interface ServerConfig {
  id: NodeId;
  db: NodeId;
  variant: LeafVariant;
  dynamicStep: boolean;
  segmentDuration: Micros;
  maxStep: number;
  waitFor: Micros;
  dbTimeout: Micros;
}

/** Where a load is: waiting for the loader thread, or waiting for the database's answer. */
export type LoadPhase = 'queued' | 'update' | 'read' | 'write';

export interface ServerContext {
  role: 'server';
  config: ServerConfig;
  /** The double buffer (Leaf's `SegmentBuffer`): two slots, one current. */
  segments: [Segment | null, Segment | null];
  current: 0 | 1;
  /** The other slot holds a leased segment not used yet. */
  nextReady: boolean;
  /** The current slot was filled once (Leaf's `initOk`). */
  initOk: boolean;
  /** A load running (Leaf's `threadRunning`), and into which slot it goes. */
  loading: { load: number; phase: LoadPhase; step: number | null; slot: 0 | 1 } | null;
  /** Load numbers start at incarnation × 1,000,000, so a reply meant for the process before a crash is never taken for a new one's (its connection would be gone). */
  loads: number;
  incarnation: number;
  /** Leaf's `buffer.step` and `minStep` (the row's step as last read). */
  step: number;
  minStep: number;
  /** Local clock reading of the last lease that set the step (0: never, as in Leaf). */
  updatedAt: Micros;
  /** Local clock reading when the running load started (Leaf stamps the lease it makes). */
  loadStartedAt: Micros;
  /** How long the last segment lasted when the step was last decided, for narration. */
  lastDuration: Micros | null;
  /** Broken `no-select` variant: the max_id it believes the row has. */
  knownMax: number | null;
  pending: Pending[];
  served: number;
  refused: number;
  lastId: number | null;
  /** Counts events that handed out IDs; `batchRuns` are the IDs of the latest one. */
  batch: number;
  batchRuns: IdRun[];
  recent: Handed[];
  lastError: string | null;
}

export interface Grant {
  server: NodeId;
  first: number;
  /** Exclusive: the row's max_id after the grant. */
  max: number;
}

export interface DatabaseContext {
  role: 'db';
  id: NodeId;
  bizTag: string;
  maxId: number;
  step: number;
  /** Leases granted so far (survives a crash: the row and its history are on disk). */
  grants: number;
  lastGrant: Grant | null;
  recent: Grant[];
}

export interface ClientContext {
  role: 'client';
  id: NodeId;
  servers: NodeId[];
  interval: Micros;
  batch: number;
  request: number;
  got: number;
  failed: number;
  last: { server: NodeId; runs: IdRun[]; failed: number; reason: string | null } | null;
}

export type LeafContext = ServerContext | DatabaseContext | ClientContext;

export type LeafInput =
  | { role: 'server'; config: ServerConfig; incarnation: number }
  | {
      role: 'db';
      id: NodeId;
      maxId: number;
      step: number;
      grants: number;
      lastGrant: Grant | null;
      recent: Grant[];
    }
  | { role: 'client'; id: NodeId; servers: NodeId[]; interval: Micros; batch: number; offset: number };
