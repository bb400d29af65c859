/**
 * Two-phase commit's data, named as the TwoPhase specification names it (Gray and Lamport,
 * "Consensus on Transaction Commit"): the transaction manager (TM, here the coordinator C) and the
 * resource managers (RMs, here the participants P1..Pn).
 */
import type { Micros, NodeId } from '../../sim/types';

export type { Variant } from './params';
import type { Variant } from './params';

export type Role = 'coordinator' | 'participant';

/** Parameters of a run, in the units the player shows (milliseconds). */
export type { TwoPhaseCommitParams } from './params';

/** Fixed for the life of a process: who it is and how it is configured. */
export interface NodeConfig {
  id: NodeId;
  role: Role;
  coordinator: NodeId;
  participants: readonly NodeId[];
  voteTimeout: Micros;
  decisionTimeout: Micros;
  cooperativeTermination: boolean;
  variant: Variant;
}

/**
 * A record on stable storage. A participant forces `prepared` before it votes yes; either process
 * forces `commit` or `abort` before it sends anything that reveals the outcome.
 */
export type LogRecord = 'prepared' | 'commit' | 'abort';

export type Decision = 'commit' | 'abort';

/** What survives a crash: the log. */
export interface PersistentState {
  log: readonly LogRecord[];
}

export interface TwoPhaseCommitContext extends PersistentState {
  config: NodeConfig;
  /** True when the process started from its log after a crash. */
  recovered: boolean;
  // Volatile state of the coordinator.
  /** Participants whose Prepared the coordinator has received (the TM's prepared set). */
  prepared: readonly NodeId[];
  /** Participants that acknowledged the decision. */
  acks: readonly NodeId[];
  // Volatile state of a participant.
  /** A prepared participant holds its locks until it learns the decision. */
  locksHeld: boolean;
}

export type LockState = 'none' | 'held' | 'released';

/** The plain data views draw for a process. */
export interface TwoPhaseCommitViewState {
  role: Role;
  /** TM: init | committed | aborted. RM: working | prepared | committed | aborted. */
  state: string;
  log: readonly LogRecord[];
  decision: Decision | null;
  prepared: readonly NodeId[];
  acks: readonly NodeId[];
  locksHeld: boolean;
  /** Global time at which the locks were taken, when they are held (filled in by the run). */
  locksHeldSince: Micros | null;
  /** A prepared participant does not know the outcome and may not decide alone. */
  inDoubt: boolean;
}

// Messages, as the protocol names them.

/** Phase one: the coordinator asks every participant to vote. */
export interface Prepare {
  type: 'Prepare';
}
/** A yes vote: the participant has forced its prepared record and holds its locks. */
export interface Prepared {
  type: 'Prepared';
  rm: NodeId;
}
/** A no vote: the participant has aborted (it may, while working). */
export interface VoteNo {
  type: 'VoteNo';
  rm: NodeId;
}
export interface Commit {
  type: 'Commit';
}
export interface Abort {
  type: 'Abort';
}
export interface Ack {
  type: 'Ack';
  rm: NodeId;
  decision: Decision;
}
/** A prepared participant that heard nothing asks the coordinator, and maybe its peers. */
export interface DecisionRequest {
  type: 'DecisionRequest';
  rm: NodeId;
}
/** A peer's answer in cooperative termination: the decision it knows, or abort because it never voted yes. */
export interface DecisionReply {
  type: 'DecisionReply';
  from: NodeId;
  decision: Decision;
}

export type TwoPhaseCommitMessage =
  Prepare | Prepared | VoteNo | Commit | Abort | Ack | DecisionRequest | DecisionReply;
