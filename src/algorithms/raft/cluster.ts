/**
 * How a Raft cluster maps onto the kernel: which nodes exist, what each starts with, what
 * survives a crash and who takes client requests.
 */
import type { NodeStatus, SimMessage, SimulationSpec } from '../../sim/spec';
import type { NodeId } from '../../sim/types';
import { RaftChecker } from './invariants';
import { raftMachine, type RaftInput } from './machine';
import { labelMessage, milestone, narrate } from './narrate';
import type { PersistentState, RaftConfig, RaftContext, RaftMessage, RaftParams, RaftView } from './types';

export function nodeIds(count: number): NodeId[] {
  return Array.from({ length: count }, (_, i) => `S${i + 1}`);
}

const MS = 1000;

function configFor(node: NodeId, nodes: readonly NodeId[], params: RaftParams): RaftConfig {
  return {
    id: node,
    peers: nodes.filter((n) => n !== node),
    clusterSize: nodes.length,
    // The last `outside` servers start outside the configuration, waiting to be added.
    initialMembers: nodes.slice(0, nodes.length - params.outside),
    electionTimeoutMin: params.electionTimeoutMin * MS,
    electionTimeoutMax: params.electionTimeoutMax * MS,
    heartbeatInterval: params.heartbeatInterval * MS,
    batchSize: params.batchSize,
    variant: params.variant,
    preVote: params.preVote,
  };
}

const plainViews = new WeakMap<RaftContext, RaftView>();

/**
 * A server's context as views see it. While its configuration is every server of the run and no
 * change is under way, the membership fields are left out, so that a run without membership
 * changes draws, exports and hashes exactly as it did before they existed (old share links show
 * the same digest). Contexts never change, so each plain view is made once.
 */
export function raftView(ctx: RaftContext): RaftView {
  const { config } = ctx;
  const plain =
    ctx.membersIndex === 0 && ctx.joining === null && config.initialMembers.length === config.clusterSize;
  if (!plain) return ctx;
  let view = plainViews.get(ctx);
  if (!view) {
    const { members: _m, membersIndex: _i, isMember: _s, joining: _j, ...rest } = ctx;
    const { initialMembers: _initial, ...plainConfig } = config;
    view = { ...rest, config: plainConfig };
    plainViews.set(ctx, view);
  }
  return view;
}

export const raftSpec: SimulationSpec<RaftContext, RaftView, RaftParams> = {
  nodeIds: (params) => nodeIds(params.nodes),
  machine: raftMachine,
  input: (node, nodes, params): RaftInput => ({ config: configFor(node, nodes, params) }),
  persistent: (ctx): PersistentState => ({
    currentTerm: ctx.currentTerm,
    votedFor: ctx.votedFor,
    log: ctx.log,
  }),
  restartInput: (node, nodes, params, persisted): RaftInput => ({
    config: configFor(node, nodes, params),
    persisted: persisted as PersistentState,
  }),
  network: (params) => ({
    latencyMin: params.latencyMin * MS,
    latencyMax: params.latencyMax * MS,
    loss: params.loss,
    duplication: params.duplication,
  }),
  forcedTimer: 'election',
  clientTarget: (nodes: readonly NodeStatus<RaftContext>[]) => {
    let best: NodeStatus<RaftContext> | null = null;
    for (const n of nodes) {
      if (n.up && n.role === 'leader' && (!best || n.context.currentTerm > best.context.currentTerm))
        best = n;
    }
    return best?.id ?? nodes.find((n) => n.up)?.id ?? null;
  },
  viewState: raftView,
  label: (message: SimMessage) => labelMessage(message as RaftMessage),
  narrate,
  milestone,
  createChecker: () => new RaftChecker(),
};
