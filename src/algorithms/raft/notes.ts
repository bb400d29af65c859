/**
 * What a Raft server notes about each decision it makes, for narration. The rules in rules.ts
 * leave these beside the messages and timers they emit; narrate.ts turns them into words and
 * never works a decision out again.
 */
import type { NodeId } from '../../sim/types';
import type { MembershipRefusal } from './membership';
import type { MembershipRequest } from './requests';

export type VoteRefusal = 'stale-term' | 'voted-for-another' | 'log-behind';
export type PreVoteRefusal = 'leader' | 'not-later-term' | 'leader-contact' | 'log-behind';

export type RaftNote =
  /** A message carried a later term: the server adopted it (and stepped down if it led or ran). */
  | { readonly type: 'note'; readonly kind: 'later-term'; readonly term: number }
  /** RequestVote receiver: the vote, or why not. */
  | { readonly type: 'note'; readonly kind: 'vote'; readonly refused: VoteRefusal | null }
  /** A candidate counted a vote of its term: votes of its configuration so far, and how many it needs. */
  | {
      readonly type: 'note';
      readonly kind: 'votes';
      readonly counted: number;
      readonly members: number;
      readonly needed: number;
    }
  /** A candidate set an answer aside: from another term, or a refusal. */
  | { readonly type: 'note'; readonly kind: 'vote-ignored'; readonly why: 'stale-term' | 'refused' }
  /** PreVote receiver (dissertation 9.6). */
  | { readonly type: 'note'; readonly kind: 'pre-vote'; readonly refused: PreVoteRefusal | null }
  | { readonly type: 'note'; readonly kind: 'pre-votes'; readonly counted: number; readonly members: number }
  | { readonly type: 'note'; readonly kind: 'pre-vote-ignored'; readonly why: 'older-round' | 'refused' }
  /** AppendEntries receiver: refused (and why), or accepted with the first index it changed, if any. */
  | { readonly type: 'note'; readonly kind: 'append'; readonly outcome: 'stale-term' }
  | { readonly type: 'note'; readonly kind: 'append'; readonly outcome: 'missing' }
  | { readonly type: 'note'; readonly kind: 'append'; readonly outcome: 'mismatch' }
  | {
      readonly type: 'note';
      readonly kind: 'append';
      readonly outcome: 'accepted';
      readonly changedFrom: number | null;
      readonly truncated: boolean;
    }
  /**
   * Leader: an entry of an earlier term has just reached a majority, but a leader marks only
   * entries of its own term committed by counting (section 5.4.2).
   */
  | {
      readonly type: 'note';
      readonly kind: 'uncountable-majority';
      readonly index: number;
      readonly term: number;
    }
  /** Leader: a refusal moved nextIndex back, or was an answer to an older probe. */
  | { readonly type: 'note'; readonly kind: 'backoff'; readonly nextIndex: number }
  | { readonly type: 'note'; readonly kind: 'stale-refusal' }
  /** Leader: the server being added holds the log as it was when asked: the change goes ahead. */
  | { readonly type: 'note'; readonly kind: 'caught-up'; readonly server: NodeId }
  /** Leader: a request arrived while handing leadership over, and is refused. */
  | { readonly type: 'note'; readonly kind: 'refused-while-transferring' }
  /** Leader: a configuration change, made, started (the new server catching up first), or refused. */
  | {
      readonly type: 'note';
      readonly kind: 'membership';
      readonly request: MembershipRequest;
      readonly outcome: 'appended' | 'catching-up' | 'refused';
      readonly refusal: MembershipRefusal | null;
    }
  /** Leader: a leadership transfer refused because its target is not another member. */
  | { readonly type: 'note'; readonly kind: 'transfer-refused'; readonly target: string }
  /** commitIndex moved; an entry was applied to the state machine. */
  | { readonly type: 'note'; readonly kind: 'commit'; readonly index: number }
  | { readonly type: 'note'; readonly kind: 'apply'; readonly index: number; readonly command: string };

type Kind = RaftNote['kind'];
export type NoteOf<K extends Kind> = Extract<RaftNote, { kind: K }>;

/** The notes of one event, by kind (the first of each). */
export function findNote<K extends Kind>(
  effects: readonly { readonly type: string }[],
  kind: K,
): NoteOf<K> | undefined {
  for (const e of effects) if (e.type === 'note' && (e as RaftNote).kind === kind) return e as NoteOf<K>;
  return undefined;
}

// Notes that carry nothing but their kind are made once: most events of a run note one of these.
export const HEARTBEAT_OR_HELD: NoteOf<'append'> = Object.freeze({
  type: 'note',
  kind: 'append',
  outcome: 'accepted',
  changedFrom: null,
  truncated: false,
});
export const VOTE_GRANTED: NoteOf<'vote'> = Object.freeze({ type: 'note', kind: 'vote', refused: null });
export const PRE_VOTE_GRANTED: NoteOf<'pre-vote'> = Object.freeze({
  type: 'note',
  kind: 'pre-vote',
  refused: null,
});
export const STALE_REFUSAL: NoteOf<'stale-refusal'> = Object.freeze({ type: 'note', kind: 'stale-refusal' });
export const REFUSED_WHILE_TRANSFERRING: NoteOf<'refused-while-transferring'> = Object.freeze({
  type: 'note',
  kind: 'refused-while-transferring',
});
