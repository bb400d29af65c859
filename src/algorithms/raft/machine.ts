/**
 * One Raft server as a statechart of the paper's roles (Figure 4): follower, candidate and leader,
 * with PreVote's precandidate between the first two. The machine only decides: the rules it runs
 * (rules.ts, named after Figure 2) emit the messages, timers and writes the kernel carries out.
 *
 * What every role does alike is said once, on the machine itself: a role handles only what it does
 * differently, and anything else falls through to the shared handlers, which answer as a follower
 * would. Figure 2's rule for all servers comes first in every other role: a message from a later
 * term makes the server a follower of that term (`STEP_DOWN`), and is then handled as a follower
 * would handle it.
 */
import { assign, setup } from 'xstate';
import { emitEffects } from '../../sim/effects';
import type { Effect, KernelEvent } from '../../sim/spec';
import { latestConfiguration } from './log';
import { REFUSED_WHILE_TRANSFERRING } from './notes';
import { isQuorum } from './quorum';
import { membershipRequest, toCommand, transferTarget } from './requests';
import {
  acceptCommand,
  adoptTerm,
  answerAppendEntries,
  answerAppendEntriesResponse,
  answerPreVote,
  answerRequestVote,
  becomeLeader,
  broadcastAppendEntries,
  changeMembership,
  countPreVote,
  countVote,
  Draft,
  redirect,
  resetElectionTimer,
  startElection,
  startPreVote,
  startTransfer,
} from './rules';
import type {
  AppendEntries,
  AppendEntriesResponse,
  ClientRequest,
  PersistentState,
  PreVote,
  PreVoteResponse,
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
type ClientEvent = KernelEvent & { type: 'client' };

/** Figure 2, rules for all servers: a later term makes a candidate or a leader a follower first. */
const STEP_DOWN = {
  RequestVote: { guard: 'laterTerm', target: 'follower', actions: ['adoptTerm', 'answerRequestVote'] },
  RequestVoteResponse: { guard: 'laterTerm', target: 'follower', actions: 'adoptTerm' },
  AppendEntries: { guard: 'laterTerm', target: 'follower', actions: ['adoptTerm', 'answerAppendEntries'] },
  AppendEntriesResponse: { guard: 'laterTerm', target: 'follower', actions: 'adoptTerm' },
  PreVoteResponse: { guard: 'laterTerm', target: 'follower', actions: 'adoptTerm' },
} as const;

export const raftMachine = setup({
  types: {
    context: {} as RaftContext,
    input: {} as RaftInput,
    events: {} as RaftEvent,
    emitted: {} as Effect,
  },
  guards: {
    laterTerm: ({ context, event }) => termOf(event) > context.currentTerm,
    earlierTerm: ({ context, event }) => termOf(event) < context.currentTerm,
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
    adoptTerm: rule((d, e: RaftMessage) => adoptTerm(d, termOf(e))),
    resetElectionTimer: rule(resetElectionTimer),
    answerRequestVote: rule((d, e: RequestVote) => answerRequestVote(d, e)),
    answerAppendEntries: rule((d, e: AppendEntries) => answerAppendEntries(d, e)),
    answerPreVote: rule((d, e: PreVote) => answerPreVote(d, e, 'follower')),
    refusePreVote: rule((d, e: PreVote) => answerPreVote(d, e, 'leader')),
    loseLeaderContact: rule((d) => {
      if (d.ctx.leaderContact) d.set({ leaderContact: false });
    }),
    redirectClient: rule((d, e: ClientEvent) => redirect(d, toCommand(e.payload, e.request), 0)),
    redirectForwarded: rule((d, e: ClientRequest) => redirect(d, e.command, e.hops)),
    // Followers
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
    // Precandidates and candidates
    startPreVote: rule(startPreVote),
    countPreVote: rule((d, e: PreVoteResponse) => countPreVote(d, e)),
    startElection: rule(startElection),
    countVote: rule((d, e: RequestVoteResponse) => countVote(d, e)),
    // Leaders
    becomeLeader: rule(becomeLeader),
    leaveLeadership: rule((d) => {
      d.emit({ type: 'cancel-timer', name: 'heartbeat' });
      d.emit({ type: 'cancel-timer', name: 'transfer' });
      if (d.ctx.joining !== null) d.emit({ type: 'cancel-timer', name: 'catch-up' });
    }),
    heartbeat: rule((d) => {
      broadcastAppendEntries(d);
      d.emit({ type: 'set-timer', name: 'heartbeat', duration: d.ctx.config.heartbeatInterval });
    }),
    answerAppendEntriesResponse: rule((d, e: AppendEntriesResponse) => answerAppendEntriesResponse(d, e)),
    acceptClient: rule((d, e: ClientEvent) => acceptCommand(d, toCommand(e.payload, e.request))),
    acceptForwarded: rule((d, e: ClientRequest) => acceptCommand(d, e.command)),
    refuseWhileTransferring: rule((d) => d.note(REFUSED_WHILE_TRANSFERRING)),
    startTransfer: rule((d, e: ClientEvent) => startTransfer(d, transferTarget(e.payload) ?? '')),
    abortTransfer: rule((d) => {
      if (d.ctx.transferTo !== null) d.set({ transferTo: null });
    }),
    changeMembership: rule((d, e: ClientEvent) => {
      const request = membershipRequest(e.payload);
      if (request) changeMembership(d, request, e.request);
    }),
    abandonCatchUp: rule((d) => {
      if (d.ctx.joining !== null) d.set({ joining: null });
    }),
  },
}).createMachine({
  id: 'raft',
  context: ({ input }) => initialContext(input),
  initial: 'follower',
  // Every role, unless it says otherwise: answer as a follower would.
  on: {
    RequestVote: { actions: ['adoptTerm', 'answerRequestVote'] },
    RequestVoteResponse: { actions: 'adoptTerm' },
    AppendEntries: { actions: ['adoptTerm', 'answerAppendEntries'] },
    AppendEntriesResponse: { actions: 'adoptTerm' },
    PreVote: { actions: 'answerPreVote' },
    PreVoteResponse: { actions: 'adoptTerm' },
    timeout: { guard: 'contactTimer', actions: 'loseLeaderContact' },
    // Only a leader hands over leadership or changes the configuration: elsewhere such a request is refused.
    client: [{ guard: 'transferRequest' }, { guard: 'membershipRequest' }, { actions: 'redirectClient' }],
    ClientRequest: { actions: 'redirectForwarded' },
    // Leadership transfer: the leader's TimeoutNow starts an election at once.
    TimeoutNow: { guard: 'currentTermTimeoutNow', target: '.candidate' },
  },
  states: {
    follower: {
      entry: ['clearLeaderState', 'resetElectionTimer'],
      on: {
        timeout: [
          { guard: 'electionTimerPreVote', target: 'precandidate' },
          { guard: 'electionTimer', target: 'candidate' },
        ],
      },
    },
    /** PreVote only: still a follower in its term, asking whether an election could be won. */
    precandidate: {
      entry: 'startPreVote',
      always: { guard: 'wonPreVote', target: 'candidate' },
      on: {
        RequestVote: STEP_DOWN.RequestVote,
        RequestVoteResponse: STEP_DOWN.RequestVoteResponse,
        AppendEntries: { ...STEP_DOWN.AppendEntries, guard: 'currentLeader' },
        AppendEntriesResponse: STEP_DOWN.AppendEntriesResponse,
        PreVoteResponse: [STEP_DOWN.PreVoteResponse, { actions: 'countPreVote' }],
        timeout: { guard: 'electionTimer', target: 'precandidate', reenter: true },
      },
    },
    candidate: {
      entry: 'startElection',
      always: { guard: 'wonElection', target: 'leader' },
      on: {
        RequestVote: STEP_DOWN.RequestVote,
        RequestVoteResponse: [STEP_DOWN.RequestVoteResponse, { actions: 'countVote' }],
        AppendEntries: { ...STEP_DOWN.AppendEntries, guard: 'currentLeader' },
        AppendEntriesResponse: STEP_DOWN.AppendEntriesResponse,
        PreVoteResponse: STEP_DOWN.PreVoteResponse,
        timeout: [
          { guard: 'electionTimerPreVote', target: 'precandidate' },
          { guard: 'electionTimer', target: 'candidate', reenter: true },
        ],
      },
    },
    leader: {
      entry: 'becomeLeader',
      exit: 'leaveLeadership',
      always: { guard: 'removedAndCommitted', target: 'follower' },
      on: {
        RequestVote: STEP_DOWN.RequestVote,
        RequestVoteResponse: STEP_DOWN.RequestVoteResponse,
        AppendEntries: [
          STEP_DOWN.AppendEntries,
          // Only a stale leader sends these; one of this very term would break Election Safety.
          { guard: 'earlierTerm', actions: 'answerAppendEntries' },
          {},
        ],
        AppendEntriesResponse: [STEP_DOWN.AppendEntriesResponse, { actions: 'answerAppendEntriesResponse' }],
        PreVote: { actions: 'refusePreVote' },
        PreVoteResponse: STEP_DOWN.PreVoteResponse,
        timeout: [
          { guard: 'heartbeatTimer', actions: 'heartbeat' },
          { guard: 'transferTimer', actions: 'abortTransfer' },
          { guard: 'catchUpTimer', actions: 'abandonCatchUp' },
        ],
        client: [
          { guard: 'transferRequest', actions: 'startTransfer' },
          // While handing over, the leader takes no new requests.
          { guard: 'transferring', actions: 'refuseWhileTransferring' },
          { guard: 'membershipRequest', actions: 'changeMembership' },
          { actions: 'acceptClient' },
        ],
        ClientRequest: [
          { guard: 'transferring', actions: 'refuseWhileTransferring' },
          { actions: 'acceptForwarded' },
        ],
        // A leader is already leading: it has no election to start.
        TimeoutNow: {},
      },
    },
  },
});
