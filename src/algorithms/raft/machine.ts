/**
 * One Raft server, following Figure 2 of the paper. The machine only decides: sending a message,
 * setting a timer or writing to stable storage leave it as emitted effects that the kernel
 * carries out. Rules are plain functions on a draft (`Draft`), named after the paper, and the
 * XState machine says which rule runs in which role.
 */
import { assign, setup } from 'xstate';
import { emitEffects } from '../../sim/effects';
import type { Effect, KernelEvent } from '../../sim/spec';
import type { NodeId } from '../../sim/types';
import type {
  AppendEntries,
  AppendEntriesResponse,
  ClientRequest,
  Command,
  LogEntry,
  PersistentState,
  PreVote,
  PreVoteResponse,
  TimeoutNow,
  RaftConfig,
  RaftContext,
  RaftMessage,
  RequestVote,
  RequestVoteResponse,
} from './types';

export type RaftEvent = RaftMessage | KernelEvent;

export interface RaftInput {
  config: RaftConfig;
  /** Present when restarting: what stable storage kept. */
  persisted?: PersistentState;
}

export function initialContext(input: RaftInput): RaftContext {
  const p = input.persisted;
  const log = p?.log ?? [];
  const latest = latestConfiguration(log, log.length, input.config.initialMembers);
  return {
    config: input.config,
    currentTerm: p?.currentTerm ?? 0,
    votedFor: p?.votedFor ?? null,
    log,
    commitIndex: 0,
    lastApplied: 0,
    kv: {},
    leaderId: null,
    votesGranted: [],
    preVotesGranted: [],
    leaderContact: false,
    transferTo: null,
    members: latest.members,
    membersIndex: latest.index,
    isMember: latest.members.includes(input.config.id),
    joining: null,
    nextIndex: {},
    matchIndex: {},
  };
}

/** The latest configuration among entries 1..upTo, or the initial one when there is none. */
export function latestConfiguration(
  log: readonly LogEntry[],
  upTo: number,
  initial: readonly NodeId[],
): { members: readonly NodeId[]; index: number } {
  for (let i = upTo; i >= 1; i--) {
    const members = (log[i - 1] as LogEntry).config;
    if (members) return { members, index: i };
  }
  return { members: initial, index: 0 };
}

export function lastLogIndex(ctx: PersistentState): number {
  return ctx.log.length;
}

export function lastLogTerm(ctx: PersistentState): number {
  return ctx.log[ctx.log.length - 1]?.term ?? 0;
}

export function termAt(log: readonly LogEntry[], index: number): number {
  return index === 0 ? 0 : (log[index - 1]?.term ?? -1);
}

/** Section 5.4.1: compare the terms of the last entries, then the lengths. */
export function isUpToDate(
  candidate: { lastLogTerm: number; lastLogIndex: number },
  ctx: PersistentState,
): boolean {
  const myTerm = lastLogTerm(ctx);
  return (
    candidate.lastLogTerm > myTerm ||
    (candidate.lastLogTerm === myTerm && candidate.lastLogIndex >= lastLogIndex(ctx))
  );
}

/** Turns a client payload into a key-value command. */
export function toCommand(payload: unknown, request: number): Command {
  if (payload && typeof payload === 'object' && !Array.isArray(payload)) {
    const p = payload as Record<string, unknown>;
    if (p.key !== undefined)
      return { key: String(p.key).slice(0, 40), value: String(p.value ?? '').slice(0, 80), request };
  }
  if (typeof payload === 'string' && payload.includes('=')) {
    const [key = '', ...rest] = payload.split('=');
    return { key: key.slice(0, 40), value: rest.join('=').slice(0, 80), request };
  }
  if (payload === null || payload === undefined) return { key: 'x', value: String(request), request };
  return { key: 'x', value: JSON.stringify(payload).slice(0, 80), request };
}

export interface MembershipRequest {
  change: 'add' | 'remove';
  server: NodeId;
}

/**
 * A client payload `{ "addServer": "S4" }` or `{ "removeServer": "S2" }`, or the text `add S4` /
 * `remove S2` typed into the player's command box, asks for a configuration change.
 */
export function membershipRequest(payload: unknown): MembershipRequest | null {
  if (payload && typeof payload === 'object' && !Array.isArray(payload)) {
    const p = payload as Record<string, unknown>;
    if (typeof p.addServer === 'string') return { change: 'add', server: p.addServer };
    if (typeof p.removeServer === 'string') return { change: 'remove', server: p.removeServer };
    return null;
  }
  if (typeof payload === 'string') {
    const match = /^\s*(add|remove)\s+(\S+)\s*$/i.exec(payload);
    if (match)
      return { change: (match[1] as string).toLowerCase() as 'add' | 'remove', server: match[2] as string };
  }
  return null;
}

/** Majorities are counted over the configuration the server uses, not over every server slot. */
export function isQuorum(voters: readonly NodeId[], members: readonly NodeId[]): boolean {
  let count = 0;
  for (const v of voters) if (members.includes(v)) count++;
  return hasMajority(count, members.length);
}

/** A context being changed by one event, and the effects the change asks for. */
class Draft {
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

  send(to: NodeId, message: RaftMessage): void {
    this.effects.push({ type: 'send', to, message });
  }
}

// -------------------------------------------------------------------------------------------------
// Rules for all servers

/** If RPC request or response contains term T > currentTerm: set currentTerm = T (and convert to follower). */
function adoptTerm(d: Draft, term: number): void {
  if (term > d.ctx.currentTerm) {
    d.set({ currentTerm: term, votedFor: null, leaderId: null });
    d.emit({ type: 'persist' });
  }
}

function resetElectionTimer(d: Draft): void {
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
    d.emit({ type: 'apply', index: lastApplied, command: `${entry.command.key}=${entry.command.value}` });
  }
  d.set({ lastApplied, kv });
}

function setCommitIndex(d: Draft, index: number): void {
  if (index <= d.ctx.commitIndex) return;
  d.set({ commitIndex: index });
  d.emit({ type: 'commit', index });
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

/** RequestVote receiver. */
function answerRequestVote(d: Draft, m: RequestVote): void {
  adoptTerm(d, m.term);
  const ctx = d.ctx;
  let voteGranted = false;
  if (m.term >= ctx.currentTerm) {
    const free = ctx.votedFor === null || ctx.votedFor === m.candidateId;
    if (free && isUpToDate(m, ctx)) {
      voteGranted = true;
      if (ctx.votedFor !== m.candidateId) {
        d.set({ votedFor: m.candidateId });
        d.emit({ type: 'persist' });
      }
      resetElectionTimer(d);
    }
  }
  d.send(m.candidateId, {
    type: 'RequestVoteResponse',
    term: d.ctx.currentTerm,
    voteGranted,
    from: ctx.config.id,
  });
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

/** AppendEntries receiver, as a follower. */
function answerAppendEntries(d: Draft, m: AppendEntries): void {
  adoptTerm(d, m.term);
  // 1. Reply false if term < currentTerm.
  if (m.term < d.ctx.currentTerm) {
    replyToLeader(d, m, false, 0, 0, null);
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
    return;
  }
  const termThere = termAt(log, m.prevLogIndex);
  if (termThere !== m.prevLogTerm) {
    let first = m.prevLogIndex;
    while (first > 1 && termAt(log, first - 1) === termThere) first--;
    replyToLeader(d, m, false, 0, first, termThere);
    return;
  }
  // 3. If an existing entry conflicts with a new one (same index, different terms), delete it and
  //    all that follow. 4. Append any new entries not already in the log. Matching entries stay:
  //    a stale or duplicate AppendEntries never truncates.
  for (let i = 0; i < m.entries.length; i++) {
    const index = m.prevLogIndex + 1 + i;
    const entry = m.entries[i] as LogEntry;
    if (index <= log.length && (log[index - 1] as LogEntry).term === entry.term) continue;
    const kept = index <= log.length ? log.slice(0, index - 1) : log;
    d.set({ log: kept.concat(m.entries.slice(i)) });
    d.emit({ type: 'persist' });
    refreshMembers(d, index);
    break;
  }
  const lastNew = m.prevLogIndex + m.entries.length;
  // 5. If leaderCommit > commitIndex, set commitIndex = min(leaderCommit, index of last new entry).
  if (m.leaderCommit > d.ctx.commitIndex) setCommitIndex(d, Math.min(m.leaderCommit, lastNew));
  replyToLeader(d, m, true, lastNew, 0, null);
}

// -------------------------------------------------------------------------------------------------
// Candidates

/** On conversion to candidate, start election: increment currentTerm, vote for self, reset the timer, ask everyone. */
function startElection(d: Draft): void {
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

function countVote(d: Draft, m: RequestVoteResponse): void {
  if (m.term !== d.ctx.currentTerm || !m.voteGranted || d.ctx.votesGranted.includes(m.from)) return;
  d.set({ votesGranted: [...d.ctx.votesGranted, m.from] });
}

export function hasMajority(count: number, clusterSize: number): boolean {
  return count * 2 > clusterSize;
}

// -------------------------------------------------------------------------------------------------
// PreVote (dissertation, section 9.6): a node that times out first asks whether it could win. A
// server agrees only if it has not heard from a leader within the minimum election timeout and the
// asker's log is up to date; nobody changes term or vote for a pre-vote. A node cut off from the
// cluster thus never raises its term, and cannot disrupt a working leader when it returns.

function startPreVote(d: Draft): void {
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

export function grantsPreVote(ctx: RaftContext, role: string, m: PreVote): boolean {
  return role !== 'leader' && m.term > ctx.currentTerm && !ctx.leaderContact && isUpToDate(m, ctx);
}

function answerPreVote(d: Draft, m: PreVote, role: string): void {
  d.send(m.candidateId, {
    type: 'PreVoteResponse',
    term: d.ctx.currentTerm,
    proposedTerm: m.term,
    voteGranted: grantsPreVote(d.ctx, role, m),
    from: d.ctx.config.id,
  });
}

function countPreVote(d: Draft, m: PreVoteResponse): void {
  adoptTerm(d, m.term);
  const ctx = d.ctx;
  if (m.proposedTerm !== ctx.currentTerm + 1 || !m.voteGranted || ctx.preVotesGranted.includes(m.from))
    return;
  d.set({ preVotesGranted: [...ctx.preVotesGranted, m.from] });
}

// -------------------------------------------------------------------------------------------------
// Leaders

function appendEntriesFor(ctx: RaftContext, peer: NodeId): AppendEntries {
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
function broadcastAppendEntries(d: Draft): void {
  const { members, config, joining } = d.ctx;
  for (const peer of members) if (peer !== config.id) d.send(peer, appendEntriesFor(d.ctx, peer));
  if (joining !== null) d.send(joining.server, appendEntriesFor(d.ctx, joining.server));
}

function becomeLeader(d: Draft): void {
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

/**
 * If there exists an N > commitIndex such that a majority of matchIndex[i] >= N and
 * log[N].term == currentTerm: set commitIndex = N (section 5.4.2). The majority is one of the
 * leader's configuration; a leader being removed does not count itself (dissertation, 4.2.2).
 * The broken commit rule skips the term check and so commits entries of earlier terms by counting
 * replicas.
 */
function advanceCommitIndex(d: Draft): void {
  const ctx = d.ctx;
  const { members, config } = ctx;
  for (let n = ctx.log.length; n > ctx.commitIndex; n--) {
    const term = (ctx.log[n - 1] as LogEntry).term;
    if (config.variant !== 'no-current-term-check' && term !== ctx.currentTerm) {
      if (term < ctx.currentTerm) break; // earlier entries are older still
      continue;
    }
    let count = ctx.isMember ? 1 : 0;
    for (const peer of members) if (peer !== config.id && (ctx.matchIndex[peer] ?? 0) >= n) count++;
    if (hasMajority(count, members.length)) {
      setCommitIndex(d, n);
      return;
    }
  }
}

function answerAppendEntriesResponse(d: Draft, m: AppendEntriesResponse): void {
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
  if (m.prevLogIndex !== next - 1) return;
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
}

/** Leader: append the command to the local log, then replicate it. */
function acceptCommand(d: Draft, command: Command): void {
  d.set({ log: [...d.ctx.log, { term: d.ctx.currentTerm, command }] });
  d.emit({ type: 'persist' });
  broadcastAppendEntries(d);
  advanceCommitIndex(d);
}

/** Not the leader: point the client at the leader this node knows, if any. */
function redirect(d: Draft, command: Command, hops: number): void {
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

/** A client payload `{ "transferTo": "S3" }` asks for a leadership transfer. */
export function transferTarget(payload: unknown): string | null {
  if (payload && typeof payload === 'object' && !Array.isArray(payload)) {
    const target = (payload as Record<string, unknown>).transferTo;
    if (typeof target === 'string') return target;
  }
  return null;
}

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

function startTransfer(d: Draft, target: string): void {
  if (target === d.ctx.config.id || !d.ctx.members.includes(target)) return;
  d.set({ transferTo: target });
  d.emit({ type: 'set-timer', name: 'transfer', duration: d.ctx.config.electionTimeoutMax });
  sendTimeoutNowIfReady(d);
}

// -------------------------------------------------------------------------------------------------
// Membership changes, one server at a time (dissertation, chapter 4). A configuration is a log
// entry, and every server uses the latest one in its log as soon as it holds it, committed or not.
// Two configurations that differ by one server share a server in any two of their majorities, so
// they cannot elect two leaders in one term, provided that only one change is in progress at a
// time and that a leader changes nothing before it has committed an entry of its own term (the
// fix published in 2015: otherwise an uncommitted change of an earlier leader and a change of the
// current one can still diverge).

export type MembershipRefusal =
  | 'unknown-server'
  | 'already-member'
  | 'not-member'
  | 'last-member'
  | 'catching-up'
  | 'uncommitted-change'
  | 'no-commit-this-term';

/** Why a leader must refuse this change now, or null when it may make it. */
export function refuseMembershipChange(
  ctx: RaftContext,
  request: MembershipRequest,
): MembershipRefusal | null {
  const { server } = request;
  if (server !== ctx.config.id && !ctx.config.peers.includes(server)) return 'unknown-server';
  const member = ctx.members.includes(server);
  if (request.change === 'add' && member) return 'already-member';
  if (request.change === 'remove' && !member) return 'not-member';
  if (request.change === 'remove' && ctx.members.length === 1) return 'last-member';
  const variant = ctx.config.variant;
  if (variant !== 'two-changes-at-once') {
    if (ctx.joining !== null) return 'catching-up';
    if (ctx.membersIndex > ctx.commitIndex) return 'uncommitted-change';
  }
  if (variant !== 'change-before-term-commit' && termAt(ctx.log, ctx.commitIndex) !== ctx.currentTerm) {
    return 'no-commit-this-term';
  }
  return null;
}

const bySlot = (a: NodeId, b: NodeId) => a.localeCompare(b, 'en', { numeric: true });

/** The configuration a request asks for, servers in slot order. */
export function changedMembers(members: readonly NodeId[], request: MembershipRequest): NodeId[] {
  return request.change === 'add'
    ? [...members, request.server].sort(bySlot)
    : members.filter((m) => m !== request.server);
}

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

function changeMembership(d: Draft, request: MembershipRequest, requestId: number): void {
  const ctx = d.ctx;
  if (refuseMembershipChange(ctx, request) !== null) return;
  const members = changedMembers(ctx.members, request);
  const { server } = request;
  // A new server first catches up without a vote, so that the new configuration does not wait for
  // it to copy the whole log (section 4.2.1). The broken variant that allows two changes at once
  // skips the wait as well: it only protects availability.
  const caughtUp = (ctx.matchIndex[server] ?? 0) >= ctx.log.length;
  if (request.change === 'remove' || caughtUp || ctx.config.variant === 'two-changes-at-once') {
    appendConfiguration(d, members, requestId);
    return;
  }
  d.set({ joining: { server, until: ctx.log.length, request: requestId } });
  d.emit({ type: 'set-timer', name: 'catch-up', duration: ctx.config.electionTimeoutMax });
  d.send(server, appendEntriesFor(d.ctx, server));
}

/** The server being added answered: once it holds the log as it was when asked, it joins. */
function continueCatchUp(d: Draft, server: NodeId, progressed: boolean): boolean {
  const joining = d.ctx.joining;
  if (joining === null || joining.server !== server) return false;
  if ((d.ctx.matchIndex[server] ?? 0) >= joining.until) {
    d.set({ joining: null });
    d.emit({ type: 'cancel-timer', name: 'catch-up' });
    appendConfiguration(d, changedMembers(d.ctx.members, { change: 'add', server }), joining.request);
    return true;
  }
  // Give up only when the new server makes no progress for an election timeout.
  if (progressed) d.emit({ type: 'set-timer', name: 'catch-up', duration: d.ctx.config.electionTimeoutMax });
  return false;
}

// -------------------------------------------------------------------------------------------------
// The machine

type Rule<E> = (d: Draft, event: E) => void;

/**
 * Wraps a rule as an XState action: the context update is one assign, and the effects go to the
 * kernel through `emitEffects` (see src/sim/effects.ts: this runs for nearly every event of a
 * run, and enqueuing emits cost a fifth of the simulation's time).
 */
function rule<E extends RaftEvent>(fn: Rule<E>) {
  return assign<RaftContext, RaftEvent, undefined, RaftEvent, never>(({ context, event }) => {
    const d = new Draft(context);
    fn(d, event as E);
    if (d.effects.length > 0) emitEffects(d.effects);
    return d.patch;
  });
}

const termOf = (event: RaftEvent): number => ('term' in event ? event.term : -1);

export const raftMachine = setup({
  types: {
    context: {} as RaftContext,
    input: {} as RaftInput,
    events: {} as RaftEvent,
    emitted: {} as Effect,
  },
  guards: {
    higherTerm: ({ context, event }) => termOf(event) > context.currentTerm,
    staleTerm: ({ context, event }) => termOf(event) < context.currentTerm,
    /** AppendEntries from a leader of our term or later: a candidate steps down. */
    currentLeader: ({ context, event }) => termOf(event) >= context.currentTerm,
    // A server outside its own configuration starts no elections: it waits to be contacted.
    electionTimer: ({ context, event }) =>
      context.isMember && event.type === 'timeout' && event.timer === 'election',
    electionTimerPreVote: ({ context, event }) =>
      context.config.preVote && context.isMember && event.type === 'timeout' && event.timer === 'election',
    contactTimer: ({ event }) => event.type === 'timeout' && event.timer === 'leader-contact',
    transferRequest: ({ event }) => event.type === 'client' && transferTarget(event.payload) !== null,
    transferring: ({ context }) => context.transferTo !== null,
    transferTimer: ({ event }) => event.type === 'timeout' && event.timer === 'transfer',
    currentTermTimeoutNow: ({ context, event }) =>
      context.isMember && event.type === 'TimeoutNow' && event.term === context.currentTerm,
    wonPreVote: ({ context }) => isQuorum(context.preVotesGranted, context.members),
    heartbeatTimer: ({ event }) => event.type === 'timeout' && event.timer === 'heartbeat',
    wonElection: ({ context }) => isQuorum(context.votesGranted, context.members),
    membershipRequest: ({ event }) => event.type === 'client' && membershipRequest(event.payload) !== null,
    catchUpTimer: ({ event }) => event.type === 'timeout' && event.timer === 'catch-up',
    /** A leader outside its configuration leads only until that configuration is committed (4.2.2). */
    removedAndCommitted: ({ context }) => !context.isMember && context.commitIndex >= context.membersIndex,
  },
  actions: {
    resetElectionTimer: rule(resetElectionTimer),
    leaveLeadership: rule((d) => {
      d.emit({ type: 'cancel-timer', name: 'heartbeat' });
      d.emit({ type: 'cancel-timer', name: 'transfer' });
      if (d.ctx.joining !== null) d.emit({ type: 'cancel-timer', name: 'catch-up' });
    }),
    clearLeaderState: rule((d) => {
      const c = d.ctx;
      const dirty = Object.keys(c.nextIndex).length > 0 || c.votesGranted.length > 0;
      if (dirty || c.preVotesGranted.length > 0 || c.transferTo !== null || c.joining !== null) {
        d.set({
          nextIndex: {},
          matchIndex: {},
          votesGranted: [],
          preVotesGranted: [],
          transferTo: null,
          joining: null,
        });
      }
    }),
    changeMembership: rule((d, e: KernelEvent & { type: 'client' }) => {
      const request = membershipRequest(e.payload);
      if (request) changeMembership(d, request, e.request);
    }),
    abandonCatchUp: rule((d) => {
      if (d.ctx.joining !== null) d.set({ joining: null });
    }),
    startPreVote: rule(startPreVote),
    countPreVote: rule((d, e: PreVoteResponse) => countPreVote(d, e)),
    answerPreVote: rule((d, e: PreVote) => answerPreVote(d, e, 'follower')),
    refusePreVote: rule((d, e: PreVote) => answerPreVote(d, e, 'leader')),
    startTransfer: rule((d, e: KernelEvent & { type: 'client' }) =>
      startTransfer(d, transferTarget(e.payload) ?? ''),
    ),
    abortTransfer: rule((d) => {
      if (d.ctx.transferTo !== null) d.set({ transferTo: null });
    }),
    loseLeaderContact: rule((d) => {
      if (d.ctx.leaderContact) d.set({ leaderContact: false });
    }),
    adoptTerm: rule((d, e: RaftMessage) => adoptTerm(d, e.type === 'ClientRequest' ? 0 : e.term)),
    answerRequestVote: rule((d, e: RequestVote) => answerRequestVote(d, e)),
    answerAppendEntries: rule((d, e: AppendEntries) => answerAppendEntries(d, e)),
    startElection: rule(startElection),
    countVote: rule((d, e: RequestVoteResponse) => countVote(d, e)),
    becomeLeader: rule(becomeLeader),
    heartbeat: rule((d) => {
      broadcastAppendEntries(d);
      d.emit({ type: 'set-timer', name: 'heartbeat', duration: d.ctx.config.heartbeatInterval });
    }),
    answerAppendEntriesResponse: rule((d, e: AppendEntriesResponse) => answerAppendEntriesResponse(d, e)),
    acceptClient: rule((d, e: KernelEvent & { type: 'client' }) =>
      acceptCommand(d, toCommand(e.payload, e.request)),
    ),
    acceptForwarded: rule((d, e: ClientRequest) => acceptCommand(d, e.command)),
    redirectClient: rule((d, e: KernelEvent & { type: 'client' }) =>
      redirect(d, toCommand(e.payload, e.request), 0),
    ),
    redirectForwarded: rule((d, e: ClientRequest) => redirect(d, e.command, e.hops)),
  },
}).createMachine({
  id: 'raft',
  context: ({ input }) => initialContext(input),
  initial: 'follower',
  states: {
    follower: {
      entry: ['clearLeaderState', 'resetElectionTimer'],
      on: {
        RequestVote: { actions: 'answerRequestVote' },
        RequestVoteResponse: { actions: 'adoptTerm' },
        AppendEntries: { actions: 'answerAppendEntries' },
        AppendEntriesResponse: { actions: 'adoptTerm' },
        PreVote: { actions: 'answerPreVote' },
        PreVoteResponse: { actions: 'adoptTerm' },
        timeout: [
          { guard: 'electionTimerPreVote', target: 'precandidate' },
          { guard: 'electionTimer', target: 'candidate' },
          { guard: 'contactTimer', actions: 'loseLeaderContact' },
        ],
        // Only a leader can hand over leadership or change the configuration: elsewhere such a request is refused.
        client: [{ guard: 'transferRequest' }, { guard: 'membershipRequest' }, { actions: 'redirectClient' }],
        ClientRequest: { actions: 'redirectForwarded' },
        TimeoutNow: { guard: 'currentTermTimeoutNow', target: 'candidate', reenter: true },
      },
    },
    /** PreVote only: still a follower in its term, asking whether an election could be won. */
    precandidate: {
      entry: 'startPreVote',
      always: { guard: 'wonPreVote', target: 'candidate' },
      on: {
        RequestVote: [
          { guard: 'higherTerm', target: 'follower', actions: 'answerRequestVote' },
          { actions: 'answerRequestVote' },
        ],
        RequestVoteResponse: { guard: 'higherTerm', target: 'follower', actions: 'adoptTerm' },
        AppendEntries: [
          { guard: 'currentLeader', target: 'follower', actions: 'answerAppendEntries' },
          { actions: 'answerAppendEntries' },
        ],
        AppendEntriesResponse: { guard: 'higherTerm', target: 'follower', actions: 'adoptTerm' },
        PreVote: { actions: 'answerPreVote' },
        PreVoteResponse: [
          { guard: 'higherTerm', target: 'follower', actions: 'adoptTerm' },
          { actions: 'countPreVote' },
        ],
        timeout: [
          { guard: 'electionTimer', target: 'precandidate', reenter: true },
          { guard: 'contactTimer', actions: 'loseLeaderContact' },
        ],
        // Only a leader can hand over leadership or change the configuration: elsewhere such a request is refused.
        client: [{ guard: 'transferRequest' }, { guard: 'membershipRequest' }, { actions: 'redirectClient' }],
        ClientRequest: { actions: 'redirectForwarded' },
        TimeoutNow: { guard: 'currentTermTimeoutNow', target: 'candidate', reenter: true },
      },
    },
    candidate: {
      entry: 'startElection',
      always: { guard: 'wonElection', target: 'leader' },
      on: {
        RequestVote: [
          { guard: 'higherTerm', target: 'follower', actions: 'answerRequestVote' },
          { actions: 'answerRequestVote' },
        ],
        RequestVoteResponse: [
          { guard: 'higherTerm', target: 'follower', actions: 'adoptTerm' },
          { actions: 'countVote' },
        ],
        AppendEntries: [
          { guard: 'currentLeader', target: 'follower', actions: 'answerAppendEntries' },
          { actions: 'answerAppendEntries' },
        ],
        AppendEntriesResponse: { guard: 'higherTerm', target: 'follower', actions: 'adoptTerm' },
        PreVote: { actions: 'answerPreVote' },
        PreVoteResponse: { guard: 'higherTerm', target: 'follower', actions: 'adoptTerm' },
        timeout: [
          { guard: 'electionTimerPreVote', target: 'precandidate' },
          { guard: 'electionTimer', target: 'candidate', reenter: true },
          { guard: 'contactTimer', actions: 'loseLeaderContact' },
        ],
        // Only a leader can hand over leadership or change the configuration: elsewhere such a request is refused.
        client: [{ guard: 'transferRequest' }, { guard: 'membershipRequest' }, { actions: 'redirectClient' }],
        ClientRequest: { actions: 'redirectForwarded' },
        TimeoutNow: { guard: 'currentTermTimeoutNow', target: 'candidate', reenter: true },
      },
    },
    leader: {
      entry: 'becomeLeader',
      exit: 'leaveLeadership',
      always: { guard: 'removedAndCommitted', target: 'follower' },
      on: {
        RequestVote: [
          { guard: 'higherTerm', target: 'follower', actions: 'answerRequestVote' },
          { actions: 'answerRequestVote' },
        ],
        RequestVoteResponse: { guard: 'higherTerm', target: 'follower', actions: 'adoptTerm' },
        AppendEntries: [
          { guard: 'higherTerm', target: 'follower', actions: 'answerAppendEntries' },
          // Only a stale leader can send these (a second leader of this term would break Election Safety).
          { guard: 'staleTerm', actions: 'answerAppendEntries' },
        ],
        AppendEntriesResponse: [
          { guard: 'higherTerm', target: 'follower', actions: 'adoptTerm' },
          { actions: 'answerAppendEntriesResponse' },
        ],
        PreVote: { actions: 'refusePreVote' },
        PreVoteResponse: { guard: 'higherTerm', target: 'follower', actions: 'adoptTerm' },
        timeout: [
          { guard: 'heartbeatTimer', actions: 'heartbeat' },
          { guard: 'transferTimer', actions: 'abortTransfer' },
          { guard: 'catchUpTimer', actions: 'abandonCatchUp' },
          { guard: 'contactTimer', actions: 'loseLeaderContact' },
        ],
        client: [
          { guard: 'transferRequest', actions: 'startTransfer' },
          // While handing over, the leader takes no new requests.
          { guard: 'transferring' },
          { guard: 'membershipRequest', actions: 'changeMembership' },
          { actions: 'acceptClient' },
        ],
        ClientRequest: [{ guard: 'transferring' }, { actions: 'acceptForwarded' }],
      },
    },
  },
});
