/** Raft's data, named as Figure 2 of the paper names it. */
import type { Micros, NodeId } from '../../sim/types';

export type { RaftParams, Variant } from './params';
import type { Variant } from './params';

export interface Command {
  key: string;
  value: string;
  /** The client request it came from (unique in a run). */
  request: number;
}

export interface LogEntry {
  term: number;
  command: Command;
  /**
   * Present on configuration entries only: the servers of the new configuration. Their command
   * reads `config=S1,S2,S3` for the views, and the state machine skips them.
   */
  config?: readonly NodeId[];
}

/** Fixed for the life of a node: who it is and how it is configured. */
export interface RaftConfig {
  id: NodeId;
  /** Every other server slot of the run, member or not. */
  peers: readonly NodeId[];
  clusterSize: number;
  /** The configuration every server starts from, before any configuration entry. */
  initialMembers: readonly NodeId[];
  electionTimeoutMin: Micros;
  electionTimeoutMax: Micros;
  heartbeatInterval: Micros;
  batchSize: number;
  variant: Variant;
  preVote: boolean;
}

/** Persistent state on all servers: updated on stable storage before responding to RPCs. */
export interface PersistentState {
  currentTerm: number;
  votedFor: NodeId | null;
  /** log[0] holds index 1. */
  log: readonly LogEntry[];
}

export interface RaftContext extends PersistentState {
  config: RaftConfig;
  // Volatile state on all servers.
  commitIndex: number;
  lastApplied: number;
  /** The replicated key-value state machine. */
  kv: Readonly<Record<string, string>>;
  /** The leader this node last heard from in currentTerm (for redirecting clients). */
  leaderId: NodeId | null;
  // Volatile state on candidates.
  votesGranted: readonly NodeId[];
  // PreVote only: pre-votes gathered, and whether a leader was heard within the minimum election timeout.
  preVotesGranted: readonly NodeId[];
  leaderContact: boolean;
  /** Leadership transfer in progress (dissertation, section 3.10): the server handing over to. */
  transferTo: NodeId | null;
  /**
   * The configuration this server uses: the latest in its log, committed or not (dissertation,
   * section 4.1), or the initial one. Cached, and recomputed only when the log changes.
   */
  members: readonly NodeId[];
  /** Index of the entry that holds `members` (0: the initial configuration). */
  membersIndex: number;
  /** Whether this server is in `members`: only members start elections and count towards majorities. */
  isMember: boolean;
  /**
   * Volatile state on a leader adding a server (dissertation, section 4.2.1): the server being
   * caught up before it joins, the log index it must reach, and the client request that asked.
   */
  joining: { server: NodeId; until: number; request: number } | null;
  // Volatile state on leaders (reinitialised after election).
  nextIndex: Readonly<Record<NodeId, number>>;
  matchIndex: Readonly<Record<NodeId, number>>;
}

type MembershipFields = 'members' | 'membersIndex' | 'isMember' | 'joining';

/**
 * What the views get for a server: its context, whose membership fields are left out while they
 * say nothing new (every server of the run is a member and no change has been made or started).
 * Views read a missing `members` as "every server".
 */
export type RaftView = Omit<RaftContext, MembershipFields | 'config'> &
  Partial<Pick<RaftContext, MembershipFields>> & {
    config: Omit<RaftConfig, 'initialMembers'> & Partial<Pick<RaftConfig, 'initialMembers'>>;
  };

export interface RequestVote {
  type: 'RequestVote';
  term: number;
  candidateId: NodeId;
  lastLogIndex: number;
  lastLogTerm: number;
}

export interface RequestVoteResponse {
  type: 'RequestVoteResponse';
  term: number;
  voteGranted: boolean;
  from: NodeId;
}

export interface AppendEntries {
  type: 'AppendEntries';
  term: number;
  leaderId: NodeId;
  prevLogIndex: number;
  prevLogTerm: number;
  entries: readonly LogEntry[];
  leaderCommit: number;
}

export interface AppendEntriesResponse {
  type: 'AppendEntriesResponse';
  term: number;
  success: boolean;
  from: NodeId;
  /** The request this answers: lets the leader ignore stale answers. */
  prevLogIndex: number;
  /** On success: the index of the last entry now known to match the leader's log. */
  matchIndex: number;
  /** On failure, hints for a fast back-off (section 5.3): first index of the conflicting term. */
  conflictIndex: number;
  conflictTerm: number | null;
}

/** A client request a follower sent on to the leader it knows. */
export interface ClientRequest {
  type: 'ClientRequest';
  from: NodeId;
  command: Command;
  hops: number;
}

/** PreVote: "would you vote for me in `term`?" Nobody changes term or vote for it. */
export interface PreVote {
  type: 'PreVote';
  /** The term the sender would stand for: its currentTerm + 1. */
  term: number;
  candidateId: NodeId;
  lastLogIndex: number;
  lastLogTerm: number;
}

export interface PreVoteResponse {
  type: 'PreVoteResponse';
  /** The responder's currentTerm. */
  term: number;
  /** The term asked about, so answers from an older round are ignored. */
  proposedTerm: number;
  voteGranted: boolean;
  from: NodeId;
}

/** Leadership transfer: the leader tells an up-to-date follower to start an election now. */
export interface TimeoutNow {
  type: 'TimeoutNow';
  term: number;
  from: NodeId;
}

export type RaftMessage =
  | TimeoutNow
  | RequestVote
  | RequestVoteResponse
  | AppendEntries
  | AppendEntriesResponse
  | ClientRequest
  | PreVote
  | PreVoteResponse;
