/**
 * What a Paxos server does with each event, as pure functions of its context: the proposer's two
 * phases, the acceptor's answers and the learner's counting, named after "Paxos Made Simple". The
 * machine (machine.ts) calls them; they return the new context and the effects for the kernel.
 */
import type { Effect, KernelEvent } from '../../sim/spec';
import type { NodeId } from '../../sim/types';
import {
  NOOP,
  type Accept,
  type AcceptedProposal,
  type Ballot,
  type Forward,
  type Outgoing,
  type PaxosContext,
  type PaxosMessage,
  type Value,
} from './types';

/** The timer that starts phase 1: a proposer's retry, or Multi-Paxos's leader timeout. */
export const PREPARE_TIMER = 'prepare';
/** Single-decree: a proposer's first attempt. */
export const PROPOSE_TIMER = 'propose';
export const HEARTBEAT_TIMER = 'heartbeat';

/** Reasons the machine notes for its narration. */
export type PaxosNote =
  | { type: 'note'; kind: 'preempted'; by: Ballot }
  | { type: 'note'; kind: 'no-leader' }
  | { type: 'note'; kind: 'already-chosen' }
  | { type: 'note'; kind: 'stale'; promised: Ballot };

export type PaxosEvent = PaxosMessage | KernelEvent;

export function majority(ctx: PaxosContext): number {
  return Math.floor(ctx.config.servers.length / 2) + 1;
}

/** The server that issued a proposal number. */
export function issuer(ctx: PaxosContext, ballot: Ballot): NodeId | null {
  return ctx.config.servers[(ballot % 16) - 1] ?? null;
}

/** A client's payload as a value: `"x=1"`, `{ key, value }`, or anything else as text. */
export function valueOf(payload: unknown, request: number): Value {
  if (payload && typeof payload === 'object' && !Array.isArray(payload)) {
    const p = payload as Record<string, unknown>;
    if (p.key !== undefined)
      return { v: `${String(p.key).slice(0, 40)}=${String(p.value ?? '').slice(0, 40)}`, request };
  }
  if (typeof payload === 'string' && payload.trim() !== '')
    return { v: payload.trim().slice(0, 60), request };
  if (payload === null || payload === undefined) return { v: `x=${request}`, request };
  return { v: JSON.stringify(payload).slice(0, 60), request };
}

/** One event's work on a server: the context so far and the effects, in order. */
export class Draft {
  c: PaxosContext;
  readonly effects: Effect[] = [];
  constructor(ctx: PaxosContext) {
    this.c = ctx;
  }
  set(patch: Partial<PaxosContext>): void {
    this.c = { ...this.c, ...patch };
  }
  emit(effect: Effect): void {
    this.effects.push(effect);
  }
  send(to: NodeId, message: Outgoing): void {
    this.effects.push({ type: 'send', to, message: { ...message, from: this.c.config.id } as PaxosMessage });
  }
  others(): NodeId[] {
    return this.c.config.servers.filter((s) => s !== this.c.config.id);
  }
  note(note: PaxosNote): void {
    this.effects.push(note);
  }
}

const multi = (d: Draft) => d.c.config.mode === 'multi';

function resetLeaderTimer(d: Draft): void {
  const { leaderTimeoutMin, leaderTimeoutMax } = d.c.config;
  d.emit({ type: 'set-timer', name: PREPARE_TIMER, min: leaderTimeoutMin, max: leaderTimeoutMax });
}

function retryTimer(d: Draft, attempts: number): void {
  const { retryMin, retryMax } = d.c.config;
  // Randomised exponential back-off: each pre-emption in a row doubles the range.
  const factor = 2 ** Math.min(Math.max(0, attempts - 1), 4);
  d.emit({ type: 'set-timer', name: PREPARE_TIMER, min: retryMin * factor, max: retryMax * factor });
}

function accepted(ctx: PaxosContext, from: number): Record<number, AcceptedProposal> {
  const out: Record<number, AcceptedProposal> = {};
  for (const [slot, proposal] of Object.entries(ctx.accepted))
    if (Number(slot) >= from) out[Number(slot)] = proposal;
  return out;
}

/** Learns that `value` was chosen for `slot`, and applies the log in order as far as it goes. */
function learn(d: Draft, slot: number, value: Value): boolean {
  if (d.c.learned[slot] !== undefined) return false;
  const learned = { ...d.c.learned, [slot]: value };
  let applied = d.c.applied;
  while (learned[applied] !== undefined) applied++;
  d.set({ learned, applied });
  d.emit({ type: 'persist' });
  if (!multi(d) && d.c.phase !== 'acceptor') {
    // A single-decree proposer that knows the outcome stops trying.
    d.set({ phase: 'acceptor', attempts: 0 });
    d.emit({ type: 'cancel-timer', name: PREPARE_TIMER });
  }
  return true;
}

/** Who hears an acceptor's Accepted: every learner (single-decree) or the proposer, the distinguished learner (Multi-Paxos). */
function learnersOf(d: Draft, proposer: NodeId): NodeId[] {
  return multi(d) ? [proposer] : d.c.config.servers.slice();
}

/** A learner counts one more acceptor for a proposal; a majority means the value was chosen. */
function hear(d: Draft, acceptor: NodeId, ballot: Ballot, slot: number, value: Value): void {
  const key = `${slot}:${ballot}`;
  const before = d.c.heard[key] ?? [];
  if (before.includes(acceptor)) return;
  const now = [...before, acceptor];
  d.set({ heard: { ...d.c.heard, [key]: now } });
  if (now.length >= majority(d.c)) learn(d, slot, value);
}

/** The leader counts an acceptance of one of its pending proposals. */
function count(d: Draft, acceptor: NodeId, slot: number): Value | null {
  const value = d.c.pending[slot];
  if (value === undefined) return null;
  const before = d.c.votes[slot] ?? [];
  if (before.includes(acceptor)) return null;
  const now = [...before, acceptor];
  if (now.length < majority(d.c)) {
    d.set({ votes: { ...d.c.votes, [slot]: now } });
    return null;
  }
  const { [slot]: _done, ...pending } = d.c.pending;
  const { [slot]: _counted, ...votes } = d.c.votes;
  d.set({ pending, votes });
  learn(d, slot, value);
  return value;
}

/** The acceptor's side of phase 2 for a proposal this server issued itself, without a message. */
function acceptOwn(d: Draft, entries: readonly { slot: number; value: Value }[]): void {
  const acc = { ...d.c.accepted };
  for (const e of entries) acc[e.slot] = { ballot: d.c.ballot, value: e.value };
  d.set({ accepted: acc });
  d.emit({ type: 'persist' });
}

// -------------------------------------------------------------------------------------------------
// Proposer

/** Phase 1a: a fresh proposal number above any seen, prepare(n) to every acceptor. */
export function startPhase1(d: Draft): void {
  const c = d.c;
  const round = Math.max(Math.floor(c.promised / 16), Math.floor(c.maxBallot / 16)) + 1;
  const ballot = round * 16 + c.config.index;
  const from = multi(d) ? c.applied : 0;
  d.set({
    phase: 'preparing',
    ballot,
    maxBallot: ballot,
    fromSlot: from,
    // This server's own acceptor promises at once.
    promised: ballot,
    promises: [c.config.id],
    reported: accepted(c, from),
    pending: {},
    votes: {},
  });
  d.emit({ type: 'persist' });
  if (c.phase === 'leader') d.emit({ type: 'cancel-timer', name: HEARTBEAT_TIMER });
  for (const to of d.others()) d.send(to, { type: 'Prepare', ballot, firstSlot: from });
  if (multi(d)) resetLeaderTimer(d);
  else retryTimer(d, c.attempts + 1);
  if (d.c.promises.length >= majority(d.c)) startPhase2(d);
}

function higher(a: AcceptedProposal | undefined, b: AcceptedProposal): AcceptedProposal {
  return a && a.ballot >= b.ballot ? a : b;
}

/** Phase 2a, once a majority promised: the value of the highest-numbered accepted proposal, else the proposer's own. */
export function startPhase2(d: Draft): void {
  const c = d.c;
  const ignore = c.config.variant === 'ignore-accepted';
  if (!multi(d)) {
    const own = c.proposal ?? { v: c.config.ownValue ?? c.config.id, request: null };
    const value = ignore ? own : (c.reported[0]?.value ?? own);
    d.set({ phase: 'proposing', pending: { 0: value }, votes: {} });
    const entries = [{ slot: 0, value }];
    acceptOwn(d, entries);
    for (const to of d.others()) d.send(to, { type: 'Accept', ballot: c.ballot, entries });
    // Its own acceptor has accepted too, and tells every other learner so.
    for (const to of d.others())
      d.send(to, { type: 'Accepted', ballot: c.ballot, acceptor: c.config.id, entries });
    hear(d, c.config.id, c.ballot, 0, value);
    return;
  }
  // Multi-Paxos: re-propose every slot a promise reported, and fill the gaps with no-ops.
  const slots = Object.keys(c.reported).map(Number);
  const last = Math.max(c.fromSlot - 1, ...slots);
  const entries: { slot: number; value: Value }[] = [];
  for (let s = c.fromSlot; s <= last; s++) {
    const value = c.learned[s] ?? (ignore ? NOOP : (c.reported[s]?.value ?? NOOP));
    entries.push({ slot: s, value });
  }
  d.set({
    phase: 'leader',
    leader: c.config.id,
    nextSlot: last + 1,
    attempts: 0,
    pending: Object.fromEntries(entries.map((e) => [e.slot, e.value])),
    votes: Object.fromEntries(entries.map((e) => [e.slot, [c.config.id]])),
  });
  d.emit({ type: 'cancel-timer', name: PREPARE_TIMER });
  if (entries.length > 0) acceptOwn(d, entries);
  for (const to of d.others()) {
    if (entries.length > 0) d.send(to, { type: 'Accept', ballot: c.ballot, entries });
    else d.send(to, { type: 'Heartbeat', ballot: c.ballot, applied: d.c.applied });
  }
  d.emit({ type: 'set-timer', name: HEARTBEAT_TIMER, duration: c.config.heartbeatInterval });
  chooseReady(
    d,
    entries.map((e) => e.slot),
  );
}

/** Slots whose own vote alone is a majority (a cluster of one). */
function chooseReady(d: Draft, slots: readonly number[]): void {
  if ((d.c.votes[slots[0] ?? -1]?.length ?? 0) < majority(d.c)) return;
  const chosen: { slot: number; value: Value }[] = [];
  for (const slot of slots) {
    const value = d.c.pending[slot];
    if (value === undefined) continue;
    const { [slot]: _p, ...pending } = d.c.pending;
    const { [slot]: _v, ...votes } = d.c.votes;
    d.set({ pending, votes });
    learn(d, slot, value);
    chosen.push({ slot, value });
  }
  if (chosen.length > 0) for (const to of d.others()) d.send(to, { type: 'Chosen', entries: chosen });
}

/** A higher proposal number exists: a single-decree proposer backs off (or, eager, tries again at once); a leader steps down. */
function preempted(d: Draft, by: Ballot): void {
  const c = d.c;
  if (c.phase === 'acceptor') return;
  d.note({ type: 'note', kind: 'preempted', by });
  if (c.phase === 'leader') d.emit({ type: 'cancel-timer', name: HEARTBEAT_TIMER });
  d.set({
    phase: 'acceptor',
    pending: {},
    votes: {},
    promises: [],
    reported: {},
    maxBallot: Math.max(c.maxBallot, by),
  });
  if (multi(d)) {
    d.set({ leader: issuer(c, by) });
    resetLeaderTimer(d);
    return;
  }
  const attempts = c.attempts + 1;
  d.set({ attempts });
  if (c.config.eager) startPhase1(d);
  else retryTimer(d, attempts);
}

/** A client's request: the leader gives it the next slot; a single-decree server proposes it. */
export function propose(d: Draft, value: Value, forwarded: boolean): void {
  const c = d.c;
  if (!forwarded && !c.inputs.some((v) => v.v === value.v && v.request === value.request))
    d.set({ inputs: [...c.inputs, value] });
  if (!multi(d)) {
    if (c.learned[0] !== undefined) {
      d.note({ type: 'note', kind: 'already-chosen' });
      return;
    }
    if (c.proposal === null) d.set({ proposal: value });
    if (c.phase === 'acceptor') startPhase1(d);
    return;
  }
  if (c.phase !== 'leader') {
    if (c.leader !== null && c.leader !== c.config.id && !forwarded)
      d.send(c.leader, { type: 'Forward', value });
    else d.note({ type: 'note', kind: 'no-leader' });
    return;
  }
  const slot = c.nextSlot;
  const entries = [{ slot, value }];
  d.set({
    nextSlot: slot + 1,
    pending: { ...c.pending, [slot]: value },
    votes: { ...c.votes, [slot]: [c.config.id] },
  });
  acceptOwn(d, entries);
  // Phase 1 is done for every slot: the leader goes straight to phase 2.
  for (const to of d.others()) d.send(to, { type: 'Accept', ballot: c.ballot, entries });
  chooseReady(d, [slot]);
}

export function onForward(d: Draft, m: Forward): void {
  propose(d, m.value, true);
}

export function onTimeout(d: Draft, timer: string): void {
  const c = d.c;
  if (timer === HEARTBEAT_TIMER) {
    if (c.phase !== 'leader') return;
    // Heartbeats, and proposals not yet accepted by a majority sent again to whoever has not accepted them.
    for (const to of d.others()) {
      const entries = Object.entries(c.pending)
        .filter(([slot]) => !(c.votes[Number(slot)] ?? []).includes(to))
        .map(([slot, value]) => ({ slot: Number(slot), value }));
      if (entries.length > 0) d.send(to, { type: 'Accept', ballot: c.ballot, entries });
      else d.send(to, { type: 'Heartbeat', ballot: c.ballot, applied: c.applied });
    }
    d.emit({ type: 'set-timer', name: HEARTBEAT_TIMER, duration: c.config.heartbeatInterval });
    return;
  }
  if (timer !== PREPARE_TIMER && timer !== PROPOSE_TIMER) return;
  if (!multi(d)) {
    if (c.learned[0] !== undefined) return;
    // A forced time-out at a server with nothing to propose makes it propose a value of its own.
    if (c.proposal === null) {
      const own = { v: c.config.ownValue ?? String.fromCharCode(64 + c.config.index), request: null };
      d.set({ proposal: own, inputs: [...c.inputs, own] });
    }
    startPhase1(d);
    return;
  }
  startPhase1(d);
}

// -------------------------------------------------------------------------------------------------
// Acceptor

export function onPrepare(d: Draft, from: NodeId, m: { ballot: Ballot; firstSlot: number }): void {
  const c = d.c;
  if (m.ballot <= c.promised) {
    d.send(from, { type: 'Nack', ballot: m.ballot, promised: c.promised, acceptor: c.config.id });
    return;
  }
  // Phase 1b: promise never to accept a proposal numbered below n, and report the highest accepted.
  d.set({ promised: m.ballot });
  d.emit({ type: 'persist' });
  d.send(from, {
    type: 'Promise',
    ballot: m.ballot,
    acceptor: c.config.id,
    accepted: accepted(c, m.firstSlot),
  });
  if (multi(d)) {
    if (c.phase === 'acceptor') resetLeaderTimer(d);
  }
  if (m.ballot > c.ballot) preempted(d, m.ballot);
}

export function onAccept(d: Draft, from: NodeId, m: Accept): void {
  const c = d.c;
  if (m.ballot < c.promised) {
    d.send(from, { type: 'Nack', ballot: m.ballot, promised: c.promised, acceptor: c.config.id });
    return;
  }
  // Phase 2b: accept, unless a prepare with a higher number was answered.
  const acc = { ...c.accepted };
  for (const e of m.entries) acc[e.slot] = { ballot: m.ballot, value: e.value };
  d.set({ promised: m.ballot, accepted: acc });
  d.emit({ type: 'persist' });
  if (m.ballot > c.ballot) preempted(d, m.ballot);
  if (multi(d)) {
    d.set({ leader: from });
    resetLeaderTimer(d);
  }
  const message = { type: 'Accepted' as const, ballot: m.ballot, acceptor: c.config.id, entries: m.entries };
  for (const learner of learnersOf(d, from)) {
    if (learner === c.config.id) for (const e of m.entries) hear(d, c.config.id, m.ballot, e.slot, e.value);
    else d.send(learner, message);
  }
}

// -------------------------------------------------------------------------------------------------
// Proposer and learner, on the acceptors' answers

export function onPromise(
  d: Draft,
  m: { ballot: Ballot; acceptor: NodeId; accepted: Readonly<Record<number, AcceptedProposal>> },
): void {
  const c = d.c;
  if (c.phase !== 'preparing' || m.ballot !== c.ballot || c.promises.includes(m.acceptor)) return;
  const reported = { ...c.reported };
  for (const [slot, proposal] of Object.entries(m.accepted))
    reported[Number(slot)] = higher(reported[Number(slot)], proposal);
  d.set({ promises: [...c.promises, m.acceptor], reported });
  if (d.c.promises.length >= majority(c)) startPhase2(d);
}

export function onNack(d: Draft, m: { ballot: Ballot; promised: Ballot }): void {
  const c = d.c;
  if (m.promised > c.maxBallot) d.set({ maxBallot: m.promised });
  if (c.phase !== 'acceptor' && m.ballot === c.ballot && m.promised > c.ballot) preempted(d, m.promised);
}

export function onAccepted(
  d: Draft,
  m: { ballot: Ballot; acceptor: NodeId; entries: readonly { slot: number; value: Value }[] },
): void {
  if (!multi(d)) {
    for (const e of m.entries) hear(d, m.acceptor, m.ballot, e.slot, e.value);
    return;
  }
  const c = d.c;
  if (c.phase !== 'leader' || m.ballot !== c.ballot) return;
  const chosen: { slot: number; value: Value }[] = [];
  for (const e of m.entries) {
    const value = count(d, m.acceptor, e.slot);
    if (value) chosen.push({ slot: e.slot, value });
  }
  // The distinguished learner tells the other learners.
  if (chosen.length > 0) for (const to of d.others()) d.send(to, { type: 'Chosen', entries: chosen });
}

export function onChosen(d: Draft, from: NodeId, entries: readonly { slot: number; value: Value }[]): void {
  for (const e of entries) learn(d, e.slot, e.value);
  if (multi(d) && d.c.phase === 'acceptor' && d.c.leader === from) resetLeaderTimer(d);
}

export function onHeartbeat(d: Draft, from: NodeId, m: { ballot: Ballot; applied: number }): void {
  const c = d.c;
  if (m.ballot < c.promised) {
    d.send(from, { type: 'Nack', ballot: m.ballot, promised: c.promised, acceptor: c.config.id });
    return;
  }
  if (m.ballot > c.ballot) preempted(d, m.ballot);
  d.set({ leader: from });
  if (d.c.phase === 'acceptor') resetLeaderTimer(d);
  if (d.c.applied < m.applied) d.send(from, { type: 'CatchUp', firstSlot: d.c.applied, node: c.config.id });
}

export function onCatchUp(d: Draft, m: { firstSlot: number; node: NodeId }): void {
  const entries: { slot: number; value: Value }[] = [];
  for (let s = m.firstSlot; s < d.c.applied && entries.length < 16; s++) {
    const value = d.c.learned[s];
    if (value) entries.push({ slot: s, value });
  }
  if (entries.length > 0) d.send(m.node, { type: 'Chosen', entries });
}
