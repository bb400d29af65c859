/**
 * How two-phase commit maps onto the kernel: one coordinator C and participants P1..Pn, each an
 * instance of the same machine with its role in the input; the log is the persistent state.
 */
import { formatDuration } from '../../sim/format';
import { SimulationRun, type RunOptions } from '../../sim/run';
import { checkNodeNames, validateScenario } from '../../sim/scenario';
import type { SimulationSpec } from '../../sim/spec';
import type { Action, Micros, NodeId, Scenario, WorldView } from '../../sim/types';
import { createChecker } from './invariants';
import {
  FORCED_TIMER,
  loggedDecision,
  protocolStateOf,
  twoPhaseCommitMachine,
  type MachineInput,
} from './machine';
import { label, narrate } from './narrate';
import type {
  NodeConfig,
  PersistentState,
  TwoPhaseCommitContext,
  TwoPhaseCommitParams,
  TwoPhaseCommitViewState,
  Variant,
} from './types';

export const ALGORITHM_ID = 'two-phase-commit';
export const COORDINATOR = 'C';
const MS = 1000;

export const DEFAULT_PARAMS: TwoPhaseCommitParams = {
  participants: 3,
  voteTimeout: 300,
  decisionTimeout: 400,
  latencyMin: 20,
  latencyMax: 60,
  loss: 0,
  duplication: 0,
  cooperativeTermination: false,
  variant: 'correct',
};

const VARIANTS: readonly Variant[] = ['correct', 'unilateral-abort-when-prepared'];

function numberParam(
  raw: Record<string, unknown>,
  key: keyof TwoPhaseCommitParams,
  min: number,
  max: number,
): number {
  const value = raw[key] ?? DEFAULT_PARAMS[key];
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new Error(`${key} must be a number, got ${String(value)}`);
  if (value < min || value > max) throw new Error(`${key} must be between ${min} and ${max}, got ${value}`);
  return value;
}

/** Validate and fill in parameters; every error names the parameter. */
export function parseParams(raw: Record<string, unknown>): TwoPhaseCommitParams {
  const known = new Set(Object.keys(DEFAULT_PARAMS));
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) throw new Error(`Unknown parameter "${key}" (known: ${[...known].join(', ')})`);
  }
  const participants = numberParam(raw, 'participants', 2, 7);
  if (!Number.isInteger(participants))
    throw new Error(`participants must be a whole number, got ${participants}`);
  const latencyMin = numberParam(raw, 'latencyMin', 0, 10_000);
  const latencyMax = numberParam(raw, 'latencyMax', 0, 10_000);
  if (latencyMax < latencyMin)
    throw new Error(`latencyMax (${latencyMax}) must not be below latencyMin (${latencyMin})`);
  const cooperative = raw.cooperativeTermination ?? DEFAULT_PARAMS.cooperativeTermination;
  if (typeof cooperative !== 'boolean') throw new Error('cooperativeTermination must be true or false');
  const variant = raw.variant ?? DEFAULT_PARAMS.variant;
  if (!VARIANTS.includes(variant as Variant)) {
    throw new Error(`variant must be one of ${VARIANTS.join(', ')}, got ${String(variant)}`);
  }
  return {
    participants,
    voteTimeout: numberParam(raw, 'voteTimeout', 1, 60_000),
    decisionTimeout: numberParam(raw, 'decisionTimeout', 1, 60_000),
    latencyMin,
    latencyMax,
    loss: numberParam(raw, 'loss', 0, 1),
    duplication: numberParam(raw, 'duplication', 0, 1),
    cooperativeTermination: cooperative,
    variant: variant as Variant,
  };
}

export function participantIds(count: number): NodeId[] {
  return Array.from({ length: count }, (_, i) => `P${i + 1}`);
}

export function nodeConfig(node: NodeId, params: TwoPhaseCommitParams): NodeConfig {
  return {
    id: node,
    role: node === COORDINATOR ? 'coordinator' : 'participant',
    coordinator: COORDINATOR,
    participants: participantIds(params.participants),
    voteTimeout: Math.round(params.voteTimeout * MS),
    decisionTimeout: Math.round(params.decisionTimeout * MS),
    cooperativeTermination: params.cooperativeTermination,
    variant: params.variant,
  };
}

export function freshInput(node: NodeId, params: TwoPhaseCommitParams): MachineInput {
  return { config: nodeConfig(node, params), log: [], recovered: false };
}

export function restartInput(node: NodeId, params: TwoPhaseCommitParams, persisted: unknown): MachineInput {
  const log = (persisted as PersistentState | undefined)?.log ?? [];
  return { config: nodeConfig(node, params), log: [...log], recovered: true };
}

export function persistentState(context: TwoPhaseCommitContext): PersistentState {
  return { log: [...context.log] };
}

export function viewState(context: TwoPhaseCommitContext, state: string): TwoPhaseCommitViewState {
  return {
    role: context.config.role,
    state,
    log: context.log,
    decision: loggedDecision(context.log),
    prepared: context.prepared,
    acks: context.acks,
    locksHeld: context.locksHeld,
    locksHeldSince: null,
    inDoubt: context.config.role === 'participant' && state === 'prepared',
  };
}

// -------------------------------------------------------------------------------------------------
// The spec and the run

export const twoPhaseCommitSpec: SimulationSpec<
  TwoPhaseCommitContext,
  TwoPhaseCommitViewState,
  TwoPhaseCommitParams
> = {
  nodeIds: (params) => [COORDINATOR, ...participantIds(params.participants)],
  machine: twoPhaseCommitMachine,
  input: (node, _nodes, params) => freshInput(node, params),
  persistent: persistentState,
  restartInput: (node, _nodes, params, persisted) => restartInput(node, params, persisted),
  network: (params) => ({
    latencyMin: Math.round(params.latencyMin * MS),
    latencyMax: Math.round(params.latencyMax * MS),
    loss: params.loss,
    duplication: params.duplication,
  }),
  forcedTimer: FORCED_TIMER,
  clientTarget: () => null,
  viewState: (context) => viewState(context, protocolStateOf(context)),
  label,
  narrate,
  createChecker,
};

interface LockChange {
  /** The trace index after which the change was seen. */
  index: number;
  node: NodeId;
  held: boolean;
  time: Micros;
}

/**
 * The kernel's run plus one thing machines cannot know: when each participant took its locks
 * (machines see no clock). Changes are recorded as new events are computed; history never changes
 * except by `act`, which discards the future.
 */
export class TwoPhaseCommitRun extends SimulationRun<
  TwoPhaseCommitContext,
  TwoPhaseCommitViewState,
  TwoPhaseCommitParams
> {
  private lockChanges: LockChange[] = [];
  private held = new Map<NodeId, boolean>();

  override step(): boolean {
    const computing = this.cursor() === this.length() - 1;
    const moved = super.step();
    if (moved && computing) this.recordLocks();
    return moved;
  }

  override act(action: Action): void {
    const cursor = this.cursor();
    this.lockChanges = this.lockChanges.filter((c) => c.index <= cursor);
    this.held = new Map();
    for (const c of this.lockChanges) this.held.set(c.node, c.held);
    super.act(action);
    this.recordLocks();
  }

  override view(): WorldView<TwoPhaseCommitViewState> {
    const world = super.view();
    const since = new Map<NodeId, Micros>();
    for (const c of this.lockChanges) {
      if (c.index > world.cursor) break;
      if (c.held) since.set(c.node, c.time);
      else since.delete(c.node);
    }
    return {
      ...world,
      nodes: world.nodes.map((n) =>
        n.state.locksHeld || n.state.inDoubt
          ? { ...n, state: { ...n.state, locksHeldSince: since.get(n.id) ?? null } }
          : n,
      ),
    };
  }

  private recordLocks(): void {
    const index = this.cursor();
    for (const node of this.nodes()) {
      const held =
        node.context.locksHeld ||
        (node.context.config.role === 'participant' && protocolStateOf(node.context) === 'prepared');
      if ((this.held.get(node.id) ?? false) === held) continue;
      this.held.set(node.id, held);
      this.lockChanges.push({ index, node: node.id, held, time: this.time() });
    }
  }
}

export function createRun(raw: Scenario, options?: RunOptions): TwoPhaseCommitRun {
  const scenario = validateScenario(raw);
  if (scenario.algorithm !== ALGORITHM_ID) {
    throw new Error(
      `scenario.algorithm: this is the two-phase commit simulator, got ${JSON.stringify(scenario.algorithm)}`,
    );
  }
  const params = parseParams(scenario.params);
  checkNodeNames(scenario, twoPhaseCommitSpec.nodeIds(params), { one: 'process', many: 'processes' });
  return new TwoPhaseCommitRun(twoPhaseCommitSpec, { ...scenario, params: { ...params } }, params, options);
}

/** "300 ms" for narration and docs. */
export function describeTimeout(ms: number): string {
  return formatDuration(ms * MS);
}
