/**
 * How a Raft cluster maps onto the kernel: which nodes exist, what each starts with, what
 * survives a crash, who takes client requests, and the parameters a reader may change.
 */
import { SimulationRun, type RunOptions } from '../../sim/run';
import { checkNodeNames, validateScenario } from '../../sim/scenario';
import type { NodeStatus, SimMessage, SimulationSpec } from '../../sim/spec';
import type { NodeId, ParamSpec, Scenario } from '../../sim/types';
import { RaftChecker } from './invariants';
import { raftMachine, type RaftInput } from './machine';
import { labelMessage, narrate } from './narrate';
import type {
  PersistentState,
  RaftConfig,
  RaftContext,
  RaftMessage,
  RaftParams,
  RaftView,
  Variant,
} from './types';

export const RAFT_ID = 'raft';

export const defaultParams: RaftParams = {
  nodes: 5,
  electionTimeoutMin: 150,
  electionTimeoutMax: 300,
  heartbeatInterval: 50,
  latencyMin: 10,
  latencyMax: 15,
  loss: 0,
  duplication: 0,
  variant: 'correct',
  batchSize: 16,
  preVote: false,
  outside: 0,
};

export const VARIANTS: readonly Variant[] = [
  'correct',
  'no-current-term-check',
  'two-changes-at-once',
  'change-before-term-commit',
];

export const paramSpecs: ParamSpec[] = [
  { key: 'nodes', label: 'Servers', kind: 'int', min: 3, max: 9 },
  {
    key: 'electionTimeoutMin',
    label: 'Election timeout, from',
    kind: 'int',
    min: 10,
    max: 5000,
    step: 10,
    unit: 'ms',
  },
  {
    key: 'electionTimeoutMax',
    label: 'Election timeout, to',
    kind: 'int',
    min: 20,
    max: 10000,
    step: 10,
    unit: 'ms',
  },
  {
    key: 'heartbeatInterval',
    label: 'Heartbeat interval',
    kind: 'int',
    min: 5,
    max: 2000,
    step: 5,
    unit: 'ms',
  },
  { key: 'latencyMin', label: 'Latency, from', kind: 'int', min: 0, max: 1000, unit: 'ms' },
  { key: 'latencyMax', label: 'Latency, to', kind: 'int', min: 0, max: 2000, unit: 'ms' },
  { key: 'loss', label: 'Message loss', kind: 'number', min: 0, max: 1, step: 0.01 },
  { key: 'duplication', label: 'Message duplication', kind: 'number', min: 0, max: 1, step: 0.01 },
  {
    key: 'variant',
    label: 'Commit rule and configuration changes',
    kind: 'choice',
    options: [
      { value: 'correct', label: 'As in the paper and the dissertation' },
      { value: 'no-current-term-check', label: 'Broken: count replicas of any term' },
      {
        value: 'two-changes-at-once',
        label: 'Broken: a second configuration change before the first commits',
      },
      {
        value: 'change-before-term-commit',
        label: 'Broken: change the configuration before committing an entry of the leader’s term',
      },
    ],
  },
  { key: 'batchSize', label: 'Entries per AppendEntries', kind: 'int', min: 1, max: 1000 },
  { key: 'preVote', label: 'PreVote (ask before starting an election)', kind: 'boolean' },
  { key: 'outside', label: 'Servers outside the first configuration', kind: 'int', min: 0, max: 8 },
];

function number(
  raw: Record<string, unknown>,
  key: keyof RaftParams,
  min: number,
  max: number,
  whole: boolean,
): number {
  const value = raw[key] ?? defaultParams[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`params.${key}: must be a number, got ${JSON.stringify(value) ?? String(value)}`);
  }
  if (whole && !Number.isInteger(value))
    throw new Error(`params.${key}: must be a whole number, got ${value}`);
  if (value < min || value > max)
    throw new Error(`params.${key}: must be between ${min} and ${max}, got ${value}`);
  return value;
}

function flag(raw: Record<string, unknown>, key: 'preVote'): boolean {
  const value = raw[key] ?? defaultParams[key];
  if (typeof value !== 'boolean')
    throw new Error(`params.${key}: must be true or false, got ${JSON.stringify(value)}`);
  return value;
}

/** Validates and completes parameters; unknown keys are refused so typos do not pass silently. */
export function parseParams(raw: Record<string, unknown>): RaftParams {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new Error('params: must be an object');
  for (const key of Object.keys(raw)) {
    if (!(key in defaultParams)) {
      throw new Error(
        `params.${key}: not a Raft parameter (known: ${Object.keys(defaultParams).join(', ')})`,
      );
    }
  }
  const variant = raw.variant ?? defaultParams.variant;
  if (typeof variant !== 'string' || !VARIANTS.includes(variant as Variant)) {
    throw new Error(`params.variant: must be one of ${VARIANTS.join(', ')}, got ${JSON.stringify(variant)}`);
  }
  const params: RaftParams = {
    // A single server is allowed (it elects itself at once); the player offers 3 to 9.
    nodes: number(raw, 'nodes', 1, 9, true),
    electionTimeoutMin: number(raw, 'electionTimeoutMin', 1, 60_000, true),
    electionTimeoutMax: number(raw, 'electionTimeoutMax', 1, 60_000, true),
    heartbeatInterval: number(raw, 'heartbeatInterval', 1, 60_000, true),
    latencyMin: number(raw, 'latencyMin', 0, 10_000, true),
    latencyMax: number(raw, 'latencyMax', 0, 10_000, true),
    loss: number(raw, 'loss', 0, 1, false),
    duplication: number(raw, 'duplication', 0, 1, false),
    variant: variant as Variant,
    batchSize: number(raw, 'batchSize', 1, 1000, true),
    preVote: flag(raw, 'preVote'),
    outside: number(raw, 'outside', 0, 8, true),
  };
  if (params.outside >= params.nodes) {
    throw new Error(
      `params.outside: must leave at least one server in the configuration (below ${params.nodes}), got ${params.outside}`,
    );
  }
  if (params.electionTimeoutMax <= params.electionTimeoutMin) {
    throw new Error(
      `params.electionTimeoutMax: must be above electionTimeoutMin (${params.electionTimeoutMin}), got ${params.electionTimeoutMax}`,
    );
  }
  if (params.latencyMax < params.latencyMin) {
    throw new Error(
      `params.latencyMax: must not be below latencyMin (${params.latencyMin}), got ${params.latencyMax}`,
    );
  }
  return params;
}

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
  createChecker: () => new RaftChecker(),
};

export type RaftRun = SimulationRun<RaftContext, RaftView, RaftParams>;

export function createRaftRun(raw: Scenario, options?: RunOptions): RaftRun {
  const scenario = validateScenario(raw);
  if (scenario.algorithm !== RAFT_ID) {
    throw new Error(
      `scenario.algorithm: this is the Raft simulator, got ${JSON.stringify(scenario.algorithm)}`,
    );
  }
  const params = parseParams(scenario.params);
  checkNodeNames(scenario, nodeIds(params.nodes), { one: 'server', many: 'servers' });
  return new SimulationRun(raftSpec, { ...scenario, params: { ...params } }, params, options);
}
