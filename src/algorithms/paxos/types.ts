/** Paxos's data, named as "Paxos Made Simple" names it: proposals, promises, acceptances. */
import type { Micros, NodeId } from '../../sim/types';
import type { Mode, Variant } from './params';

export type { Mode, PaxosParams, Variant } from './params';

/**
 * A proposal number: (round, server) compared lexicographically, packed as round * 16 + server
 * index (1..9), so that no two proposers ever issue the same number. 0 means none.
 */
export type Ballot = number;

/** A value a proposer puts forward: a single-decree value ("A"), a client's command, or a no-op. */
export interface Value {
  v: string;
  /** The client request it came from, if any (unique in a run). */
  request: number | null;
}

export const NOOP: Value = { v: 'no-op', request: null };

/** A proposal an acceptor accepted for one slot. */
export interface AcceptedProposal {
  ballot: Ballot;
  value: Value;
}

/** Fixed for the life of a server. */
export interface PaxosConfig {
  id: NodeId;
  /** 1-based position among the servers: the low part of its proposal numbers. */
  index: number;
  servers: readonly NodeId[];
  mode: Mode;
  variant: Variant;
  /** Single-decree: the value this server proposes at the start, if it is one of the proposers. */
  ownValue: string | null;
  /** Single-decree: when it starts proposing (local clock). */
  proposeAt: Micros;
  eager: boolean;
  retryMin: Micros;
  retryMax: Micros;
  leaderTimeoutMin: Micros;
  leaderTimeoutMax: Micros;
  heartbeatInterval: Micros;
}

/** What an acceptor keeps on stable storage (and a proposer, the highest number it issued). */
export interface PersistentState {
  /** The highest prepare request it answered: it accepts no proposal numbered below it. */
  promised: Ballot;
  /** Per slot, the highest-numbered proposal it accepted. */
  accepted: Readonly<Record<number, AcceptedProposal>>;
  /**
   * The highest proposal number this server issued or heard of as a proposer: its next one is
   * higher, even after a crash, so it never issues one number with two values.
   */
  maxBallot: Ballot;
  /** What this server learned was chosen, per slot (its log). */
  learned: Readonly<Record<number, Value>>;
}

export type Phase = 'acceptor' | 'preparing' | 'proposing' | 'leader';

export interface PaxosContext extends PersistentState {
  config: PaxosConfig;
  phase: Phase;
  /** The proposal number of the current attempt, while preparing, proposing or leading. */
  ballot: Ballot;
  /** The first slot phase 1 covers (Multi-Paxos: everything from the first slot not yet learned). */
  fromSlot: number;
  /** Servers that promised `ballot`. */
  promises: readonly NodeId[];
  /** The highest-numbered accepted proposal per slot among the promises. */
  reported: Readonly<Record<number, AcceptedProposal>>;
  /** The value this proposer wants chosen (single-decree), and values handed to it. */
  proposal: Value | null;
  /** Every value this server was handed to propose: its own, clients' commands. */
  inputs: readonly Value[];
  /** Proposals of `ballot` sent in phase 2 and not yet learned, per slot. */
  pending: Readonly<Record<number, Value>>;
  /** Per slot, the acceptors that accepted `ballot`'s proposal (a distinguished learner counts). */
  votes: Readonly<Record<number, readonly NodeId[]>>;
  /** A learner's count of Accepted messages: per "slot:ballot", the acceptors heard. */
  heard: Readonly<Record<string, readonly NodeId[]>>;
  /** Multi-Paxos: the next free slot of the leader. */
  nextSlot: number;
  /** The leader this server follows (the sender of the highest ballot it accepted or heard). */
  leader: NodeId | null;
  /** Consecutive pre-emptions of this proposer (its back-off doubles with each). */
  attempts: number;
  /** Slots 0..applied-1 are learned and applied in order. */
  applied: number;
}

/** The plain data views draw for a server. */
export type PaxosView = PaxosContext;

// Messages, as the paper names them.
export interface Prepare {
  type: 'Prepare';
  from: NodeId;
  ballot: Ballot;
  /** Multi-Paxos: phase 1 for every slot from this one on. */
  firstSlot: number;
}
export interface PromiseReply {
  type: 'Promise';
  from: NodeId;
  ballot: Ballot;
  acceptor: NodeId;
  /** The acceptor's accepted proposals for slots at or after the prepare's `firstSlot`. */
  accepted: Readonly<Record<number, AcceptedProposal>>;
}
/** The optimisation the paper suggests: tell a proposer its number is too low. */
export interface Nack {
  type: 'Nack';
  from: NodeId;
  ballot: Ballot;
  promised: Ballot;
  acceptor: NodeId;
}
export interface Accept {
  type: 'Accept';
  from: NodeId;
  ballot: Ballot;
  entries: readonly { slot: number; value: Value }[];
}
export interface Accepted {
  type: 'Accepted';
  from: NodeId;
  ballot: Ballot;
  acceptor: NodeId;
  entries: readonly { slot: number; value: Value }[];
}
/** Multi-Paxos: the distinguished learner tells the others what was chosen. */
export interface Chosen {
  type: 'Chosen';
  from: NodeId;
  entries: readonly { slot: number; value: Value }[];
}
/** Multi-Paxos: the leader is alive; `applied` is how much of the log it has learned. */
export interface Heartbeat {
  type: 'Heartbeat';
  from: NodeId;
  ballot: Ballot;
  applied: number;
}
/** A follower behind the leader's log asks for what it missed. */
export interface CatchUp {
  type: 'CatchUp';
  from: NodeId;
  firstSlot: number;
  node: NodeId;
}
/** A client request a server sent on to the leader it follows. */
export interface Forward {
  type: 'Forward';
  from: NodeId;
  value: Value;
}

export type PaxosMessage =
  Prepare | PromiseReply | Nack | Accept | Accepted | Chosen | Heartbeat | CatchUp | Forward;

/** A message as a rule writes it: the sender is stamped on it. */
export type Outgoing = PaxosMessage extends infer M
  ? M extends PaxosMessage
    ? Omit<M, 'from'>
    : never
  : never;

export function roundOf(ballot: Ballot): number {
  return Math.floor(ballot / 16);
}

export function serverOf(ballot: Ballot): number {
  return ballot % 16;
}

/** A proposal number as the views print it: "n=2.S1" (round 2, issued by S1). */
export function ballotText(ballot: Ballot): string {
  if (ballot === 0) return '—';
  return `${roundOf(ballot)}.S${serverOf(ballot)}`;
}

export function sameValue(a: Value, b: Value): boolean {
  return a.v === b.v && a.request === b.request;
}

export function valueText(value: Value): string {
  return value.v;
}
