/**
 * The rules of Figure 2 (and of PreVote, leadership transfer and membership changes from the
 * dissertation), as plain functions on a context being changed by one event. A rule decides; the
 * effects it emits (messages, timers, writes to stable storage) are carried out by the kernel, and
 * the notes it leaves say why, for narration. machine.ts says which rule runs in which role.
 */
import type { Effect } from '../../sim/spec';
import type { NodeId } from '../../sim/types';
import { isUpToDate, lastLogIndex, lastLogTerm, latestConfiguration, termAt } from './log';
import { changedMembers, refuseMembershipChange } from './membership';
import {
  HEARTBEAT_OR_HELD,
  PRE_VOTE_GRANTED,
  STALE_REFUSAL,
  VOTE_GRANTED,
  type PreVoteRefusal,
  type RaftNote,
  type VoteRefusal,
} from './notes';
import { countIn, majority, replicas } from './quorum';
import type { MembershipRequest } from './requests';
import type {
  AppendEntries,
  AppendEntriesResponse,
  ClientRequest,
  Command,
  LogEntry,
  PreVote,
  PreVoteResponse,
  RaftContext,
  RaftMessage,
  RequestVote,
  RequestVoteResponse,
  TimeoutNow,
} from './types';

/** A context being changed by one event, and the effects and notes the change asks for. */
export class Draft {
  readonly effects: Effect[] = [];
  /** The fields this event changed, for XState's assign (which copies the context once). */
  readonly patch: Partial<RaftContext> = {};
  private copied = false;
  constructor(public ctx: RaftContext) {}

  /** Copy on first write: the snapshot's context is never mutated. */
  set(patch: Partial<RaftContext>): void {
    if (!this.copied) {
      this.ctx = { ...this.ctx };
      this.copied = true;
    }
    Object.assign(this.ctx, patch);
    Object.assign(this.patch, patch);
  }

  emit(effect: Effect): void {
    this.effects.push(effect);
  }

  note(note: RaftNote): void {
    this.effects.push(note);
  }

  send(to: NodeId, message: RaftMessage): void {
    this.effects.push({ type: 'send', to, message });
  }
}

// -------------------------------------------------------------------------------------------------
// Rules for all servers

/** If RPC request or response contains term T > currentTerm: set currentTerm = T (and convert to follower). */
export function adoptTerm(d: Draft, term: number): void {
  if (term > d.ctx.currentTerm) {
    d.set({ currentTerm: term, votedFor: null, leaderId: null });
    d.emit({ type: 'persist' });
    d.note({ type: 'note', kind: 'later-term', term });
  }
}

export function resetElectionTimer(d: Draft): void {
  const { electionTimeoutMin: min, electionTimeoutMax: max } = d.ctx.config;
  d.emit({ type: 'set-timer', name: 'election', min, max });
}

/** If commitIndex > lastApplied: increment lastApplied, apply log[lastApplied] to the state machine. */
function applyCommitted(d: Draft): void {
  let lastApplied = d.ctx.lastApplied;
  const { commitIndex, log } = d.ctx;
  if (lastApplied >= commitIndex) return;
  const kv: Record<string, string> = { ...d.ctx.kv };
  while (lastApplied < commitIndex) {
    lastApplied++;
    const entry = log[lastApplied - 1] as LogEntry;
    // A configuration entry changes who is in the cluster, not the key-value state.
    if (!entry.config) kv[entry.command.key] = entry.command.value;
    d.note({
      type: 'note',
      kind: 'apply',
      index: lastApplied,
      command: `${entry.command.key}=${entry.command.value}`,
    });
  }
  d.set({ lastApplied, kv });
}

function setCommitIndex(d: Draft, index: number): void {
  if (index <= d.ctx.commitIndex) return;
  d.set({ commitIndex: index });
  d.note({ type: 'note', kind: 'commit', index });
  applyCommitted(d);
}

/**
 * After the log changed from index `from` on: a configuration entry among the new entries becomes
 * the configuration in use; one removed by a truncation gives way to the latest one before it.
 * Only the changed entries are read, unless the truncation reached the configuration entry itself.
 */
function refreshMembers(d: Draft, from: number): void {
  const { log, membersIndex, config } = d.ctx;
  let latest: { members: readonly NodeId[]; index: number };
  if (from <= membersIndex) {
    latest = latestConfiguration(log, log.length, config.initialMembers);
  } else {
    let i = log.length;
    while (i >= from && !(log[i - 1] as LogEntry).config) i--;
    if (i < from) return;
    latest = { members: (log[i - 1] as LogEntry).config as readonly NodeId[], index: i };
  }
  if (latest.index === membersIndex && latest.members === d.ctx.members) return;
  d.set({
    members: latest.members,
    membersIndex: latest.index,
    isMember: latest.members.includes(config.id),
  });
}

/** RequestVote receiver (the term was adopted first). */
export function answerRequestVote(d: Draft, m: RequestVote): void {
  const ctx = d.ctx;
  let refused: VoteRefusal | null = null;
  // 1. Reply false if term < currentTerm.
  if (m.term < ctx.currentTerm) refused = 'stale-term';
  // 2. If votedFor is null or candidateId, and the candidate's log is at least as up-to-date as
  //    the receiver's log, grant the vote.
  else if (ctx.votedFor !== null && ctx.votedFor !== m.candidateId) refused = 'voted-for-another';
  else if (!isUpToDate(m, ctx)) refused = 'log-behind';
  if (refused === null) {
    if (ctx.votedFor !== m.candidateId) {
      d.set({ votedFor: m.candidateId });
      d.emit({ type: 'persist' });
    }
    resetElectionTimer(d);
  }
  d.send(m.candidateId, {
    type: 'RequestVoteResponse',
    term: d.ctx.currentTerm,
    voteGranted: refused === null,
    from: ctx.config.id,
  });
  d.note(refused === null ? VOTE_GRANTED : { type: 'note', kind: 'vote', refused });
}

/** The answer to an AppendEntries (a plain function: this runs for most events of a run). */
function replyToLeader(
  d: Draft,
  m: AppendEntries,
  success: boolean,
  matchIndex: number,
  conflictIndex: number,
  conflictTerm: number | null,
): void {
  d.send(m.leaderId, {
    type: 'AppendEntriesResponse',
    term: d.ctx.currentTerm,
    from: d.ctx.config.id,
    prevLogIndex: m.prevLogIndex,
    success,
    matchIndex,
    conflictIndex,
    conflictTerm,
  });
}

/** AppendEntries receiver, as a follower (the term was adopted first). */
export function answerAppendEntries(d: Draft, m: AppendEntries): void {
  // 1. Reply false if term < currentTerm.
  if (m.term < d.ctx.currentTerm) {
    replyToLeader(d, m, false, 0, 0, null);
    d.note({ type: 'note', kind: 'append', outcome: 'stale-term' });
    return;
  }
  if (d.ctx.leaderId !== m.leaderId) d.set({ leaderId: m.leaderId });
  resetElectionTimer(d);
  if (d.ctx.config.preVote) {
    // Heard from a valid leader: refuse pre-votes until the minimum election timeout passes again.
    if (!d.ctx.leaderContact) d.set({ leaderContact: true });
    d.emit({ type: 'set-timer', name: 'leader-contact', duration: d.ctx.config.electionTimeoutMin });
  }
  const log = d.ctx.log;
  // 2. Reply false if log doesn't contain an entry at prevLogIndex whose term matches prevLogTerm.
  if (m.prevLogIndex > log.length) {
    replyToLeader(d, m, false, 0, log.length + 1, null);
    d.note({ type: 'note', kind: 'append', outcome: 'missing' });
    return;
  }
  const termThere = termAt(log, m.prevLogIndex);
  if (termThere !== m.prevLogTerm) {
    let first = m.prevLogIndex;
    while (first > 1 && termAt(log, first - 1) === termThere) first--;
    replyToLeader(d, m, false, 0, first, termThere);
    d.note({ type: 'note', kind: 'append', outcome: 'mismatch' });
    return;
  }
  // 3. If an existing entry conflicts with a new one (same index, different terms), delete it and
  //    all that follow. 4. Append any new entries not already in the log. Matching entries stay:
  //    a stale or duplicate AppendEntries never truncates.
  let note: RaftNote = HEARTBEAT_OR_HELD;
  for (let i = 0; i < m.entries.length; i++) {
    const index = m.prevLogIndex + 1 + i;
    const entry = m.entries[i] as LogEntry;
    if (index <= log.length && (log[index - 1] as LogEntry).term === entry.term) continue;
    const truncated = index <= log.length;
    const kept = truncated ? log.slice(0, index - 1) : log;
    d.set({ log: kept.concat(m.entries.slice(i)) });
    d.emit({ type: 'persist' });
    refreshMembers(d, index);
    note = { type: 'note', kind: 'append', outcome: 'accepted', changedFrom: index, truncated };
    break;
  }
  const lastNew = m.prevLogIndex + m.entries.length;
  // 5. If leaderCommit > commitIndex, set commitIndex = min(leaderCommit, index of last new entry).
  if (m.leaderCommit > d.ctx.commitIndex) setCommitIndex(d, Math.min(m.leaderCommit, lastNew));
  replyToLeader(d, m, true, lastNew, 0, null);
  d.note(note);
}

// -------------------------------------------------------------------------------------------------
// Candidates

/** On conversion to candidate, start election: increment currentTerm, vote for self, reset the timer, ask everyone. */
export function startElection(d: Draft): void {
  const ctx = d.ctx;
  d.set({
    currentTerm: ctx.currentTerm + 1,
    votedFor: ctx.config.id,
    votesGranted: [ctx.config.id],
    leaderId: null,
  });
  d.emit({ type: 'persist' });
  resetElectionTimer(d);
  const request: RequestVote = {
    type: 'RequestVote',
    term: d.ctx.currentTerm,
    candidateId: ctx.config.id,
    lastLogIndex: lastLogIndex(ctx),
    lastLogTerm: lastLogTerm(ctx),
  };
  for (const peer of ctx.members) if (peer !== ctx.config.id) d.send(peer, request);
}

export function countVote(d: Draft, m: RequestVoteResponse): void {
  if (m.term !== d.ctx.currentTerm) return d.note({ type: 'note', kind: 'vote-ignored', why: 'stale-term' });
  if (!m.voteGranted) return d.note({ type: 'note', kind: 'vote-ignored', why: 'refused' });
  if (!d.ctx.votesGranted.includes(m.from)) d.set({ votesGranted: [...d.ctx.votesGranted, m.from] });
  const size = d.ctx.members.length;
  d.note({
    type: 'note',
    kind: 'votes',
    counted: countIn(d.ctx.votesGranted, d.ctx.members),
    members: size,
    needed: majority(size),
  });
}

// -------------------------------------------------------------------------------------------------
// PreVote (dissertation, section 9.6): a node that times out first asks whether it could win. A
// server agrees only if it has not heard from a leader within the minimum election timeout and the
// asker's log is up to date; nobody changes term or vote for a pre-vote. A node cut off from the
// cluster thus never raises its term, and cannot disrupt a working leader when it returns.

export function startPreVote(d: Draft): void {
  const ctx = d.ctx;
  d.set({ preVotesGranted: [ctx.config.id], leaderId: null });
  resetElectionTimer(d);
  const request: PreVote = {
    type: 'PreVote',
    term: ctx.currentTerm + 1,
    candidateId: ctx.config.id,
    lastLogIndex: lastLogIndex(ctx),
    lastLogTerm: lastLogTerm(ctx),
  };
  for (const peer of ctx.members) if (peer !== ctx.config.id) d.send(peer, request);
}

/** Why a server in `role` refuses this pre-vote, or null when it grants it. */
export function preVoteRefusal(ctx: RaftContext, role: string, m: PreVote): PreVoteRefusal | null {
  if (role === 'leader') return 'leader';
  if (m.term <= ctx.currentTerm) return 'not-later-term';
  if (ctx.leaderContact) return 'leader-contact';
  if (!isUpToDate(m, ctx)) return 'log-behind';
  return null;
}

export function answerPreVote(d: Draft, m: PreVote, role: string): void {
  const refused = preVoteRefusal(d.ctx, role, m);
  d.send(m.candidateId, {
    type: 'PreVoteResponse',
    term: d.ctx.currentTerm,
    proposedTerm: m.term,
    voteGranted: refused === null,
    from: d.ctx.config.id,
  });
  d.note(refused === null ? PRE_VOTE_GRANTED : { type: 'note', kind: 'pre-vote', refused });
}

export function countPreVote(d: Draft, m: PreVoteResponse): void {
  const ctx = d.ctx;
  if (m.proposedTerm !== ctx.currentTerm + 1)
    return d.note({ type: 'note', kind: 'pre-vote-ignored', why: 'older-round' });
  if (!m.voteGranted) return d.note({ type: 'note', kind: 'pre-vote-ignored', why: 'refused' });
  if (!ctx.preVotesGranted.includes(m.from)) d.set({ preVotesGranted: [...ctx.preVotesGranted, m.from] });
  d.note({
    type: 'note',
    kind: 'pre-votes',
    counted: countIn(d.ctx.preVotesGranted, d.ctx.members),
    members: d.ctx.members.length,
  });
}

// -------------------------------------------------------------------------------------------------
// Leaders

export function appendEntriesFor(ctx: RaftContext, peer: NodeId): AppendEntries {
  const next = ctx.nextIndex[peer] ?? ctx.log.length + 1;
  const prevLogIndex = next - 1;
  return {
    type: 'AppendEntries',
    term: ctx.currentTerm,
    leaderId: ctx.config.id,
    prevLogIndex,
    prevLogTerm: termAt(ctx.log, prevLogIndex),
    entries: ctx.log.slice(prevLogIndex, prevLogIndex + ctx.config.batchSize),
    leaderCommit: ctx.commitIndex,
  };
}

/**
 * Heartbeats and replication: one AppendEntries per other server of the leader's configuration,
 * from its nextIndex, and to a server being caught up before it joins.
 */
export function broadcastAppendEntries(d: Draft): void {
  const { members, config, joining } = d.ctx;
  for (const peer of members) if (peer !== config.id) d.send(peer, appendEntriesFor(d.ctx, peer));
  if (joining !== null) d.send(joining.server, appendEntriesFor(d.ctx, joining.server));
}

export function becomeLeader(d: Draft): void {
  const ctx = d.ctx;
  const nextIndex: Record<NodeId, number> = {};
  const matchIndex: Record<NodeId, number> = {};
  for (const peer of ctx.config.peers) {
    nextIndex[peer] = ctx.log.length + 1;
    matchIndex[peer] = 0;
  }
  d.set({ nextIndex, matchIndex, leaderId: ctx.config.id, votesGranted: [] });
  d.emit({ type: 'cancel-timer', name: 'election' });
  broadcastAppendEntries(d);
  d.emit({ type: 'set-timer', name: 'heartbeat', duration: ctx.config.heartbeatInterval });
  // A single-node cluster commits on its own.
  advanceCommitIndex(d);
}

/** How many servers of the leader's configuration hold its log up to `index`, by these matchIndex values. */
function replicasOf(ctx: RaftContext, matchIndex: RaftContext['matchIndex'], index: number): number {
  return replicas(ctx.config.id, ctx.isMember, ctx.members, matchIndex, index);
}

/**
 * If there exists an N > commitIndex such that a majority of matchIndex[i] >= N and
 * log[N].term == currentTerm: set commitIndex = N (section 5.4.2). The majority is one of the
 * leader's configuration; a leader being removed does not count itself (dissertation, 4.2.2).
 * The broken commit rule skips the term check and so commits entries of earlier terms by counting
 * replicas.
 */
function advanceCommitIndex(d: Draft): void {
  const ctx = d.ctx;
  const needed = majority(ctx.members.length);
  for (let n = ctx.log.length; n > ctx.commitIndex; n--) {
    const term = (ctx.log[n - 1] as LogEntry).term;
    if (ctx.config.variant !== 'no-current-term-check' && term !== ctx.currentTerm) {
      if (term < ctx.currentTerm) break; // earlier entries are older still
      continue;
    }
    if (replicasOf(ctx, ctx.matchIndex, n) >= needed) {
      setCommitIndex(d, n);
      return;
    }
  }
}

/**
 * Notes an entry of an earlier term that a follower's answer has just put on a majority without
 * committing it: a leader may not count replicas of an earlier term (section 5.4.2, Figure 8).
 */
function noteUncountableMajority(
  d: Draft,
  index: number,
  before: RaftContext['matchIndex'],
  commitBefore: number,
): void {
  const ctx = d.ctx;
  if (ctx.commitIndex !== commitBefore || index <= ctx.commitIndex) return;
  const term = termAt(ctx.log, index);
  if (term <= 0 || term >= ctx.currentTerm) return;
  const needed = majority(ctx.members.length);
  if (replicasOf(ctx, ctx.matchIndex, index) >= needed && replicasOf(ctx, before, index) < needed) {
    d.note({ type: 'note', kind: 'uncountable-majority', index, term });
  }
}

export function answerAppendEntriesResponse(d: Draft, m: AppendEntriesResponse): void {
  const ctx = d.ctx;
  if (m.term !== ctx.currentTerm) return; // a stale answer from an earlier term
  const peer = m.from;
  const match = ctx.matchIndex[peer] ?? 0;
  const next = ctx.nextIndex[peer] ?? ctx.log.length + 1;
  if (m.success) {
    if (m.matchIndex > match || m.matchIndex + 1 > next) {
      d.set({
        matchIndex: { ...ctx.matchIndex, [peer]: Math.max(match, m.matchIndex) },
        nextIndex: { ...ctx.nextIndex, [peer]: Math.max(next, m.matchIndex + 1) },
      });
      advanceCommitIndex(d);
      if (m.matchIndex > match) noteUncountableMajority(d, m.matchIndex, ctx.matchIndex, ctx.commitIndex);
      if (d.ctx.joining !== null && continueCatchUp(d, peer, true)) return;
      if (d.ctx.transferTo === peer && (d.ctx.matchIndex[peer] ?? 0) >= d.ctx.log.length) {
        sendTimeoutNowIfReady(d);
        return;
      }
    }
    // A full batch means the follower is further behind than one message carries: send the next
    // batch now instead of at the next heartbeat. A shorter one carried the whole log as it was,
    // and later entries travel with their own broadcast; answering every reply would start a
    // chain of messages per heartbeat that never ends while clients keep writing.
    const fullBatch = m.matchIndex - m.prevLogIndex >= d.ctx.config.batchSize;
    if (
      fullBatch &&
      (d.ctx.nextIndex[peer] ?? 0) <= d.ctx.log.length &&
      m.matchIndex === (d.ctx.matchIndex[peer] ?? 0)
    ) {
      d.send(peer, appendEntriesFor(d.ctx, peer));
    }
    return;
  }
  // Only the answer to the latest probe moves nextIndex back: older ones are stale.
  if (m.prevLogIndex !== next - 1) return d.note(STALE_REFUSAL);
  let backTo = m.conflictIndex;
  if (m.conflictTerm !== null) {
    let last = 0;
    for (let i = ctx.log.length; i >= 1; i--) {
      if ((ctx.log[i - 1] as LogEntry).term === m.conflictTerm) {
        last = i;
        break;
      }
    }
    if (last > 0) backTo = last + 1;
  }
  backTo = Math.max(match + 1, Math.min(backTo, next - 1));
  d.set({ nextIndex: { ...ctx.nextIndex, [peer]: backTo } });
  d.send(peer, appendEntriesFor(d.ctx, peer));
  d.note({ type: 'note', kind: 'backoff', nextIndex: backTo });
}

/** Leader: append the command to the local log, then replicate it. */
export function acceptCommand(d: Draft, command: Command): void {
  d.set({ log: [...d.ctx.log, { term: d.ctx.currentTerm, command }] });
  d.emit({ type: 'persist' });
  broadcastAppendEntries(d);
  advanceCommitIndex(d);
}

/** Not the leader: point the client at the leader this node knows, if any. */
export function redirect(d: Draft, command: Command, hops: number): void {
  const leader = d.ctx.leaderId;
  if (leader !== null && leader !== d.ctx.config.id && hops < 3) {
    const forward: ClientRequest = { type: 'ClientRequest', from: d.ctx.config.id, command, hops: hops + 1 };
    d.send(leader, forward);
  }
}

// -------------------------------------------------------------------------------------------------
// Leadership transfer (dissertation, section 3.10): an operator asks the leader to hand over to
// another server. The leader stops taking client requests, brings the target's log up to date,
// then sends it TimeoutNow; the target starts an election at once and, with the most up-to-date
// log and a head start, wins it. If nothing happens within an election timeout, the leader gives up.

function sendTimeoutNowIfReady(d: Draft): void {
  const target = d.ctx.transferTo;
  if (target === null) return;
  if ((d.ctx.matchIndex[target] ?? 0) >= d.ctx.log.length) {
    const message: TimeoutNow = { type: 'TimeoutNow', term: d.ctx.currentTerm, from: d.ctx.config.id };
    d.send(target, message);
  } else {
    d.send(target, appendEntriesFor(d.ctx, target));
  }
}

export function startTransfer(d: Draft, target: string): void {
  if (target === d.ctx.config.id || !d.ctx.members.includes(target)) {
    return d.note({ type: 'note', kind: 'transfer-refused', target });
  }
  d.set({ transferTo: target });
  d.emit({ type: 'set-timer', name: 'transfer', duration: d.ctx.config.electionTimeoutMax });
  sendTimeoutNowIfReady(d);
}

// -------------------------------------------------------------------------------------------------
// Membership changes (membership.ts has the rules on when a change may be made).

/** Leader: append a configuration entry, use it at once, and replicate it. */
function appendConfiguration(d: Draft, members: readonly NodeId[], request: number): void {
  const entry: LogEntry = {
    term: d.ctx.currentTerm,
    command: { key: 'config', value: members.join(','), request },
    config: members,
  };
  d.set({ log: [...d.ctx.log, entry] });
  d.emit({ type: 'persist' });
  refreshMembers(d, d.ctx.log.length);
  broadcastAppendEntries(d);
  advanceCommitIndex(d);
}

export function changeMembership(d: Draft, request: MembershipRequest, requestId: number): void {
  const ctx = d.ctx;
  const refusal = refuseMembershipChange(ctx, request);
  if (refusal !== null) {
    return d.note({ type: 'note', kind: 'membership', request, outcome: 'refused', refusal });
  }
  const members = changedMembers(ctx.members, request);
  const { server } = request;
  // A new server first catches up without a vote, so that the new configuration does not wait for
  // it to copy the whole log (section 4.2.1). The broken variant that allows two changes at once
  // skips the wait as well: it only protects availability.
  const caughtUp = (ctx.matchIndex[server] ?? 0) >= ctx.log.length;
  if (request.change === 'remove' || caughtUp || ctx.config.variant === 'two-changes-at-once') {
    appendConfiguration(d, members, requestId);
    return d.note({ type: 'note', kind: 'membership', request, outcome: 'appended', refusal: null });
  }
  d.set({ joining: { server, until: ctx.log.length, request: requestId } });
  d.emit({ type: 'set-timer', name: 'catch-up', duration: ctx.config.electionTimeoutMax });
  d.send(server, appendEntriesFor(d.ctx, server));
  d.note({ type: 'note', kind: 'membership', request, outcome: 'catching-up', refusal: null });
}

/** The server being added answered: once it holds the log as it was when asked, it joins. */
function continueCatchUp(d: Draft, server: NodeId, progressed: boolean): boolean {
  const joining = d.ctx.joining;
  if (joining === null || joining.server !== server) return false;
  if ((d.ctx.matchIndex[server] ?? 0) >= joining.until) {
    d.set({ joining: null });
    d.emit({ type: 'cancel-timer', name: 'catch-up' });
    appendConfiguration(d, changedMembers(d.ctx.members, { change: 'add', server }), joining.request);
    d.note({ type: 'note', kind: 'caught-up', server });
    return true;
  }
  // Give up only when the new server makes no progress for an election timeout.
  if (progressed) d.emit({ type: 'set-timer', name: 'catch-up', duration: d.ctx.config.electionTimeoutMax });
  return false;
}
