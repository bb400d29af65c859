/**
 * One Paxos server as a statechart. As the paper suggests for an implementation, every server
 * plays all three roles: its acceptor and learner always answer, and its proposer is in one of
 * the states below. The rules (rules.ts) decide; the machine hands their effects to the kernel.
 *
 * - `acceptor`: not proposing; answers prepare and accept requests, and learns.
 * - `preparing`: phase 1, waiting for a majority of promises for its proposal number.
 * - `proposing`: single-decree phase 2, its accept request out, until it learns the outcome.
 * - `leader`: Multi-Paxos's distinguished proposer, which holds a proposal number a majority
 *   promised for every slot from its first unlearned one, so later slots skip phase 1.
 */
import { assign, setup } from 'xstate';
import { emitEffects } from '../../sim/effects';
import type { Effect } from '../../sim/spec';
import {
  Draft,
  onAccept,
  onAccepted,
  onCatchUp,
  onChosen,
  onForward,
  onHeartbeat,
  onNack,
  onPrepare,
  onPromise,
  onTimeout,
  propose,
  PREPARE_TIMER,
  PROPOSE_TIMER,
  valueOf,
  type PaxosEvent,
} from './rules';
import type { PaxosConfig, PaxosContext, PersistentState, Phase } from './types';

export interface PaxosInput {
  config: PaxosConfig;
  /** Present when restarting: what stable storage kept. */
  persisted?: PersistentState;
}

export function initialContext(input: PaxosInput): PaxosContext {
  const p = input.persisted;
  const learned = p?.learned ?? {};
  let applied = 0;
  while (learned[applied] !== undefined) applied++;
  const own = input.config.ownValue;
  const proposal = own !== null ? { v: own, request: null } : null;
  return {
    config: input.config,
    promised: p?.promised ?? 0,
    accepted: p?.accepted ?? {},
    maxBallot: p?.maxBallot ?? 0,
    learned,
    phase: 'acceptor',
    ballot: 0,
    fromSlot: 0,
    promises: [],
    reported: {},
    proposal,
    inputs: proposal ? [proposal] : [],
    pending: {},
    votes: {},
    heard: {},
    nextSlot: applied,
    leader: null,
    attempts: 0,
    applied,
  };
}

/** Runs a rule and hands its effects to the kernel. */
function rule(fn: (d: Draft, event: PaxosEvent, from: string) => void) {
  return assign<PaxosContext, PaxosEvent, undefined, PaxosEvent, never>(({ context, event }) => {
    const d = new Draft(context);
    fn(d, event, (event as { from?: string }).from ?? '');
    if (d.effects.length > 0) emitEffects(d.effects);
    return d.c;
  });
}

const phaseIs =
  (phase: Phase) =>
  ({ context }: { context: PaxosContext }) =>
    context.phase === phase;

/** Every state goes where the rules left the proposer. */
const FOLLOW = [
  { guard: 'isAcceptor', target: '#paxos.acceptor' },
  { guard: 'isPreparing', target: '#paxos.preparing' },
  { guard: 'isProposing', target: '#paxos.proposing' },
  { guard: 'isLeader', target: '#paxos.leader' },
] as const;

export const paxosMachine = setup({
  types: {
    context: {} as PaxosContext,
    input: {} as PaxosInput,
    events: {} as PaxosEvent,
    emitted: {} as Effect,
  },
  guards: {
    isAcceptor: phaseIs('acceptor'),
    isPreparing: phaseIs('preparing'),
    isProposing: phaseIs('proposing'),
    isLeader: phaseIs('leader'),
  },
  actions: {
    boot: rule((d) => {
      const c = d.c;
      if (c.config.mode === 'multi') {
        d.emit({
          type: 'set-timer',
          name: PREPARE_TIMER,
          min: c.config.leaderTimeoutMin,
          max: c.config.leaderTimeoutMax,
        });
      } else if (c.proposal !== null && c.learned[0] === undefined) {
        if (c.maxBallot === 0)
          d.emit({ type: 'set-timer', name: PROPOSE_TIMER, duration: c.config.proposeAt });
        // Back from a crash without the outcome: try again after a back-off.
        else
          d.emit({ type: 'set-timer', name: PREPARE_TIMER, min: c.config.retryMin, max: c.config.retryMax });
      }
    }),
    Prepare: rule((d, e, from) => e.type === 'Prepare' && onPrepare(d, from, e)),
    Promise: rule((d, e) => e.type === 'Promise' && onPromise(d, e)),
    Nack: rule((d, e) => e.type === 'Nack' && onNack(d, e)),
    Accept: rule((d, e, from) => e.type === 'Accept' && onAccept(d, from, e)),
    Accepted: rule((d, e) => e.type === 'Accepted' && onAccepted(d, e)),
    Chosen: rule((d, e, from) => e.type === 'Chosen' && onChosen(d, from, e.entries)),
    Heartbeat: rule((d, e, from) => e.type === 'Heartbeat' && onHeartbeat(d, from, e)),
    CatchUp: rule((d, e) => e.type === 'CatchUp' && onCatchUp(d, e)),
    Forward: rule((d, e) => e.type === 'Forward' && onForward(d, e)),
    timeout: rule((d, e) => e.type === 'timeout' && onTimeout(d, e.timer)),
    client: rule((d, e) => e.type === 'client' && propose(d, valueOf(e.payload, e.request), false)),
  },
}).createMachine({
  id: 'paxos',
  context: ({ input }) => initialContext(input),
  initial: 'boot',
  on: {
    Prepare: { actions: 'Prepare' },
    Promise: { actions: 'Promise' },
    Nack: { actions: 'Nack' },
    Accept: { actions: 'Accept' },
    Accepted: { actions: 'Accepted' },
    Chosen: { actions: 'Chosen' },
    Heartbeat: { actions: 'Heartbeat' },
    CatchUp: { actions: 'CatchUp' },
    Forward: { actions: 'Forward' },
    timeout: { actions: 'timeout' },
    client: { actions: 'client' },
  },
  states: {
    /** Transient: set the first timer, then wait as an acceptor. */
    boot: { entry: 'boot', always: { target: 'acceptor' } },
    acceptor: { always: FOLLOW.filter((t) => t.target !== '#paxos.acceptor') },
    preparing: { always: FOLLOW.filter((t) => t.target !== '#paxos.preparing') },
    proposing: { always: FOLLOW.filter((t) => t.target !== '#paxos.proposing') },
    leader: { always: FOLLOW.filter((t) => t.target !== '#paxos.leader') },
  },
});
