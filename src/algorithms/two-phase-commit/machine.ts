/**
 * One process of two-phase commit as an XState machine. The `role` in the input picks, at the top
 * level, the coordinator's state tree (the TM of TwoPhase: init, committed, aborted) or a
 * participant's (an RM: working, prepared, committed, aborted), so the kernel can host every node
 * with one machine.
 *
 * The machine decides; the kernel does. Sends, timers and writes to stable storage leave as
 * emitted effects, in the order they must happen: a process persists its log before it sends the
 * message that reveals what it logged.
 */
import { and, enqueueActions, not, setup } from 'xstate';
import type { Effect, KernelEvent } from '../../sim/spec';
import type { NodeId } from '../../sim/types';
import type { Decision, LogRecord, NodeConfig, TwoPhaseCommitContext, TwoPhaseCommitMessage } from './types';

export interface MachineInput {
  config: NodeConfig;
  /** The log read back from stable storage (empty for a fresh process). */
  log: readonly LogRecord[];
  recovered: boolean;
}

export type MachineEvent = TwoPhaseCommitMessage | KernelEvent;

/** The coordinator's timers: start the protocol, give up on votes, resend the decision. */
export const START_TIMER = 'start';
export const VOTE_TIMER = 'votes';
export const RESEND_TIMER = 'resend';
/** A prepared participant's timer: ask for the decision. */
export const DECISION_TIMER = 'decision';

/** The timer the player's "timeout" action fires: the coordinator's vote timeout or a participant's decision timer. */
export const FORCED_TIMER = 'timeout';

/** How long after boot a fresh coordinator starts phase one (the reader sees the start first). */
export const START_DELAY = 1_000;

/** The outcome a log records, if any. */
export function loggedDecision(log: readonly LogRecord[]): Decision | null {
  if (log.includes('commit')) return 'commit';
  if (log.includes('abort')) return 'abort';
  return null;
}

interface Enqueue {
  emit: (effect: Effect) => void;
  assign: (patch: Partial<TwoPhaseCommitContext>) => void;
}

function send(enqueue: Enqueue, to: NodeId, message: TwoPhaseCommitMessage): void {
  enqueue.emit({ type: 'send', to, message });
}

function sendToAll(enqueue: Enqueue, to: readonly NodeId[], message: TwoPhaseCommitMessage): void {
  for (const node of to) send(enqueue, node, message);
}

function decisionMessage(decision: Decision): TwoPhaseCommitMessage {
  return decision === 'commit' ? { type: 'Commit' } : { type: 'Abort' };
}

function isTimer(event: MachineEvent, name: string): boolean {
  return event.type === 'timeout' && event.timer === name;
}

function isClientAbort(event: MachineEvent): boolean {
  return event.type === 'client' && event.payload === 'abort';
}

export const twoPhaseCommitMachine = setup({
  types: {
    context: {} as TwoPhaseCommitContext,
    events: {} as MachineEvent,
    input: {} as MachineInput,
    emitted: {} as Effect,
  },
  guards: {
    isCoordinator: ({ context }) => context.config.role === 'coordinator',
    loggedCommit: ({ context }) => loggedDecision(context.log) === 'commit',
    loggedAbort: ({ context }) => loggedDecision(context.log) === 'abort',
    loggedPrepared: ({ context }) => context.log.includes('prepared'),
    recovered: ({ context }) => context.recovered,
    isStartTimer: ({ event }) => isTimer(event, START_TIMER),
    isVoteTimer: ({ event }) => isTimer(event, VOTE_TIMER) || isTimer(event, FORCED_TIMER),
    isResendTimer: ({ event }) => isTimer(event, RESEND_TIMER),
    isDecisionTimer: ({ event }) => isTimer(event, DECISION_TIMER) || isTimer(event, FORCED_TIMER),
    isClientAbort: ({ event }) => isClientAbort(event),
    /** This Prepared completes the TM's prepared set. */
    lastVoteMissing: ({ context, event }) => {
      if (event.type !== 'Prepared') return false;
      const prepared = new Set([...context.prepared, event.rm]);
      return context.config.participants.every((p) => prepared.has(p));
    },
    abortsWhenPrepared: ({ context }) => context.config.variant === 'unilateral-abort-when-prepared',
    replyIsCommit: ({ event }) => event.type === 'DecisionReply' && event.decision === 'commit',
  },
  actions: {
    // ----- coordinator -----
    scheduleStart: enqueueActions(({ enqueue }) => {
      enqueue.emit({ type: 'set-timer', name: START_TIMER, duration: START_DELAY });
    }),
    /** Phase one: ask every participant to prepare, and start waiting for their votes. */
    requestVotes: enqueueActions(({ context, enqueue }) => {
      sendToAll(enqueue, context.config.participants, { type: 'Prepare' });
      enqueue.emit({ type: 'set-timer', name: VOTE_TIMER, duration: context.config.voteTimeout });
    }),
    recordVote: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'Prepared' || context.prepared.includes(event.rm)) return;
      enqueue.assign({ prepared: [...context.prepared, event.rm] });
    }),
    /** TMCommit / TMAbort: force the decision to the log, then tell every participant. */
    decideCommit: enqueueActions(({ context, enqueue }) => decide(context, enqueue, 'commit')),
    decideAbort: enqueueActions(({ context, enqueue }) => decide(context, enqueue, 'abort')),
    /** After a restart with a decision on the log: acknowledgements were volatile, so tell everyone again. */
    announceLoggedDecision: enqueueActions(({ context, enqueue }) => {
      const decision = loggedDecision(context.log) ?? 'abort';
      sendToAll(enqueue, context.config.participants, decisionMessage(decision));
      enqueue.emit({ type: 'set-timer', name: RESEND_TIMER, duration: context.config.decisionTimeout });
    }),
    recordAck: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'Ack' || context.acks.includes(event.rm)) return;
      const acks = [...context.acks, event.rm];
      enqueue.assign({ acks });
      if (context.config.participants.every((p) => acks.includes(p))) {
        enqueue.emit({ type: 'cancel-timer', name: RESEND_TIMER });
      }
    }),
    resendDecision: enqueueActions(({ context, enqueue }) => {
      const decision = loggedDecision(context.log);
      if (!decision) return;
      const missing = context.config.participants.filter((p) => !context.acks.includes(p));
      sendToAll(enqueue, missing, decisionMessage(decision));
      if (missing.length > 0) {
        enqueue.emit({ type: 'set-timer', name: RESEND_TIMER, duration: context.config.decisionTimeout });
      }
    }),
    /** Answer a participant that asks (or a late Prepared) with the decision on the log. */
    tellDecision: enqueueActions(({ context, event, enqueue }) => {
      const decision = loggedDecision(context.log);
      if (!decision || (event.type !== 'DecisionRequest' && event.type !== 'Prepared')) return;
      send(enqueue, event.rm, decisionMessage(decision));
    }),

    // ----- participant -----
    /** RMPrepare: force the prepared record, take the locks, then vote yes. */
    voteYes: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ log: [...context.log, 'prepared'], locksHeld: true });
      enqueue.emit({ type: 'persist' });
      send(enqueue, context.config.coordinator, { type: 'Prepared', rm: context.config.id });
      enqueue.emit({ type: 'set-timer', name: DECISION_TIMER, duration: context.config.decisionTimeout });
    }),
    /** A duplicated Prepare: say yes again, nothing else changes. */
    repeatYes: enqueueActions(({ context, enqueue }) => {
      send(enqueue, context.config.coordinator, { type: 'Prepared', rm: context.config.id });
    }),
    voteNo: enqueueActions(({ context, enqueue }) => {
      send(enqueue, context.config.coordinator, { type: 'VoteNo', rm: context.config.id });
    }),
    /** RMChooseToAbort, or a decision learned: force it, release the locks. */
    logAbort: enqueueActions(({ context, enqueue }) => learn(context, enqueue, 'abort')),
    logCommit: enqueueActions(({ context, enqueue }) => learn(context, enqueue, 'commit')),
    ackCommit: enqueueActions(({ context, enqueue }) => {
      send(enqueue, context.config.coordinator, { type: 'Ack', rm: context.config.id, decision: 'commit' });
    }),
    ackAbort: enqueueActions(({ context, enqueue }) => {
      send(enqueue, context.config.coordinator, { type: 'Ack', rm: context.config.id, decision: 'abort' });
    }),
    /** Cooperative termination: a peer that knows the outcome (or never voted yes) answers. */
    replyToPeer: enqueueActions(({ context, event, enqueue }) => {
      const decision = loggedDecision(context.log);
      if (event.type !== 'DecisionRequest' || !decision) return;
      send(enqueue, event.rm, { type: 'DecisionReply', from: context.config.id, decision });
    }),
    /** The termination protocol: ask the coordinator, and the peers when cooperative, then wait again. */
    askForDecision: enqueueActions(({ context, enqueue }) => {
      const request: TwoPhaseCommitMessage = { type: 'DecisionRequest', rm: context.config.id };
      send(enqueue, context.config.coordinator, request);
      if (context.config.cooperativeTermination) {
        sendToAll(
          enqueue,
          context.config.participants.filter((p) => p !== context.config.id),
          request,
        );
      }
      enqueue.emit({ type: 'set-timer', name: DECISION_TIMER, duration: context.config.decisionTimeout });
    }),
    /** Back from a crash with a prepared record: the locks are taken again while the outcome is unknown. */
    retakeLocks: enqueueActions(({ enqueue }) => {
      enqueue.assign({ locksHeld: true });
    }),
  },
}).createMachine({
  id: 'two-phase-commit',
  context: ({ input }) => ({
    config: input.config,
    log: input.log,
    recovered: input.recovered,
    prepared: [],
    acks: [],
    locksHeld: false,
  }),
  initial: 'boot',
  states: {
    /** Transient: read the role and the log, and go where they say. */
    boot: {
      always: [
        {
          guard: and(['isCoordinator', 'loggedCommit']),
          target: 'coordinator.committed',
          actions: 'announceLoggedDecision',
        },
        {
          guard: and(['isCoordinator', 'loggedAbort']),
          target: 'coordinator.aborted',
          actions: 'announceLoggedDecision',
        },
        // Presumed abort: a coordinator that restarts with no decision on its log aborts.
        { guard: and(['isCoordinator', 'recovered']), target: 'coordinator.aborted', actions: 'decideAbort' },
        { guard: 'isCoordinator', target: 'coordinator.init', actions: 'scheduleStart' },
        { guard: 'loggedCommit', target: 'participant.committed' },
        { guard: 'loggedAbort', target: 'participant.aborted' },
        // In doubt after a restart: take the locks again and ask at once.
        {
          guard: 'loggedPrepared',
          target: 'participant.prepared',
          actions: ['retakeLocks', 'askForDecision'],
        },
        // The work of a transaction that never prepared is lost in the crash: the participant aborts.
        { guard: 'recovered', target: 'participant.aborted', actions: 'logAbort' },
        { target: 'participant.working' },
      ],
    },
    coordinator: {
      initial: 'init',
      states: {
        init: {
          on: {
            timeout: [
              { guard: 'isStartTimer', actions: 'requestVotes' },
              // TMAbort: votes did not arrive in time.
              { guard: 'isVoteTimer', target: 'aborted', actions: 'decideAbort' },
            ],
            Prepared: [
              { guard: 'lastVoteMissing', target: 'committed', actions: ['recordVote', 'decideCommit'] },
              { actions: 'recordVote' },
            ],
            VoteNo: { target: 'aborted', actions: 'decideAbort' },
            // TMAbort on request: C may abort at any moment before it decides.
            client: { guard: 'isClientAbort', target: 'aborted', actions: 'decideAbort' },
          },
        },
        committed: {
          on: {
            DecisionRequest: { actions: 'tellDecision' },
            Ack: { actions: 'recordAck' },
            timeout: { guard: 'isResendTimer', actions: 'resendDecision' },
          },
        },
        aborted: {
          on: {
            DecisionRequest: { actions: 'tellDecision' },
            // A late yes vote changes nothing: the voter is reminded of the outcome.
            Prepared: { actions: 'tellDecision' },
            Ack: { actions: 'recordAck' },
            timeout: { guard: 'isResendTimer', actions: 'resendDecision' },
          },
        },
      },
    },
    participant: {
      initial: 'working',
      states: {
        working: {
          on: {
            Prepare: { target: 'prepared', actions: 'voteYes' },
            // RMChooseToAbort: allowed only while working.
            client: { guard: 'isClientAbort', target: 'aborted', actions: 'logAbort' },
            Abort: { target: 'aborted', actions: ['logAbort', 'ackAbort'] },
            // A peer in doubt asks: having not voted, this participant aborts and says so.
            DecisionRequest: { target: 'aborted', actions: ['logAbort', 'replyToPeer'] },
          },
        },
        prepared: {
          on: {
            Prepare: { actions: 'repeatYes' },
            Commit: { target: 'committed', actions: ['logCommit', 'ackCommit'] },
            Abort: { target: 'aborted', actions: ['logAbort', 'ackAbort'] },
            DecisionReply: [
              { guard: 'replyIsCommit', target: 'committed', actions: 'logCommit' },
              { target: 'aborted', actions: 'logAbort' },
            ],
            timeout: [
              // The broken variant: a prepared participant gives up on its own. TwoPhase forbids it.
              {
                guard: and(['isDecisionTimer', 'abortsWhenPrepared']),
                target: 'aborted',
                actions: 'logAbort',
              },
              { guard: and(['isDecisionTimer', not('abortsWhenPrepared')]), actions: 'askForDecision' },
            ],
          },
        },
        committed: {
          on: {
            Commit: { actions: 'ackCommit' },
            DecisionRequest: { actions: 'replyToPeer' },
          },
        },
        aborted: {
          on: {
            Prepare: { actions: 'voteNo' },
            Abort: { actions: 'ackAbort' },
            DecisionRequest: { actions: 'replyToPeer' },
          },
        },
      },
    },
  },
});

function decide(context: TwoPhaseCommitContext, enqueue: Enqueue, decision: Decision): void {
  enqueue.assign({ log: [...context.log, decision] });
  enqueue.emit({ type: 'persist' });
  sendToAll(enqueue, context.config.participants, decisionMessage(decision));
  enqueue.emit({ type: 'cancel-timer', name: VOTE_TIMER });
  enqueue.emit({ type: 'set-timer', name: RESEND_TIMER, duration: context.config.decisionTimeout });
}

function learn(context: TwoPhaseCommitContext, enqueue: Enqueue, decision: Decision): void {
  enqueue.assign({ log: [...context.log, decision], locksHeld: false });
  enqueue.emit({ type: 'persist' });
  enqueue.emit({ type: 'cancel-timer', name: DECISION_TIMER });
}

/** The state of a process in TwoPhase's words: init/committed/aborted for the TM, working/prepared/... for an RM. */
export function protocolState(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const inner = Object.values(value as Record<string, unknown>)[0];
    return typeof inner === 'string' ? inner : 'boot';
  }
  return 'boot';
}

/** The protocol state a context implies (the kernel's view state sees the context only). */
export function protocolStateOf(context: TwoPhaseCommitContext): string {
  const decision = loggedDecision(context.log);
  if (decision) return decision === 'commit' ? 'committed' : 'aborted';
  if (context.config.role === 'coordinator') return 'init';
  return context.log.includes('prepared') ? 'prepared' : 'working';
}
