/**
 * How a Paxos cluster maps onto the kernel: servers S1..Sn, each proposer, acceptor and learner;
 * what survives a crash (the acceptor's promise and accepted proposals, the highest proposal
 * number issued, the learned log) and who takes client requests.
 */
import type { NodeStatus, SimMessage, SimulationSpec } from '../../sim/spec';
import type { NodeId } from '../../sim/types';
import { PaxosChecker } from './invariants';
import type { ChosenLog } from './chosenlog';
import { paxosMachine, type PaxosInput } from './machine';
import { labelMessage, milestone, narrate } from './narrate';
import { PREPARE_TIMER } from './rules';
import type {
  PaxosConfig,
  PaxosContext,
  PaxosMessage,
  PaxosParams,
  PaxosView,
  PersistentState,
} from './types';

const MS = 1000;

export function nodeIds(count: number): NodeId[] {
  return Array.from({ length: count }, (_, i) => `S${i + 1}`);
}

/** The value the i-th proposer of a single-decree run puts forward: A, B, C... */
export function ownValueOf(index: number): string {
  return String.fromCharCode(64 + index);
}

function configFor(node: NodeId, nodes: readonly NodeId[], params: PaxosParams): PaxosConfig {
  const index = nodes.indexOf(node) + 1;
  const proposes = params.mode === 'single' && index <= params.proposers;
  return {
    id: node,
    index,
    servers: nodes,
    mode: params.mode,
    variant: params.variant,
    ownValue: proposes ? ownValueOf(index) : null,
    // The first proposer starts at 1 ms, the next `stagger` later, and so on.
    proposeAt: MS + (index - 1) * params.stagger * MS,
    eager: params.retry === 'eager',
    retryMin: params.retryMin * MS,
    retryMax: params.retryMax * MS,
    leaderTimeoutMin: params.leaderTimeoutMin * MS,
    leaderTimeoutMax: params.leaderTimeoutMax * MS,
    heartbeatInterval: params.heartbeatInterval * MS,
  };
}

export function paxosSpec(log?: ChosenLog): SimulationSpec<PaxosContext, PaxosView, PaxosParams> {
  return {
    nodeIds: (params) => nodeIds(params.nodes),
    machine: paxosMachine,
    input: (node, nodes, params): PaxosInput => ({ config: configFor(node, nodes, params) }),
    persistent: (ctx): PersistentState =>
      ctx.config.variant === 'no-persistence'
        ? // The broken acceptor keeps its promise and its accepted proposals in memory only.
          { promised: 0, accepted: {}, maxBallot: ctx.maxBallot, learned: ctx.learned }
        : { promised: ctx.promised, accepted: ctx.accepted, maxBallot: ctx.maxBallot, learned: ctx.learned },
    restartInput: (node, nodes, params, persisted): PaxosInput => ({
      config: configFor(node, nodes, params),
      persisted: persisted as PersistentState,
    }),
    network: (params) => ({
      latencyMin: params.latencyMin * MS,
      latencyMax: params.latencyMax * MS,
      loss: params.loss,
      duplication: params.duplication,
    }),
    forcedTimer: PREPARE_TIMER,
    clientTarget: (nodes: readonly NodeStatus<PaxosContext>[]) => {
      let best: NodeStatus<PaxosContext> | null = null;
      for (const n of nodes) {
        if (n.up && n.role === 'leader' && (!best || n.context.ballot > best.context.ballot)) best = n;
      }
      return best?.id ?? nodes.find((n) => n.up)?.id ?? null;
    },
    viewState: (ctx) => ctx,
    label: (message: SimMessage) => labelMessage(message as PaxosMessage),
    narrate,
    milestone,
    createChecker: () => new PaxosChecker(log),
  };
}
