/**
 * How two-phase commit maps onto the kernel: one coordinator C and participants P1..Pn, each an
 * instance of the same machine with its role in the input; the log is the persistent state.
 */
import { formatDuration } from '../../sim/format';
import { SimulationRun, type RunOptions } from '../../sim/run';
import { checkNodeNames, validateScenario } from '../../sim/scenario';
import type { SimulationSpec } from '../../sim/spec';
import type { NodeId, Scenario, WorldView } from '../../sim/types';
import { createChecker } from './invariants';
import { sampleOf, StateLog } from './statelog';
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

export function nodeIds(params: TwoPhaseCommitParams): NodeId[] {
  return [COORDINATOR, ...participantIds(params.participants)];
}

/** The kernel's view of two-phase commit; the checker writes to `log` when there is one. */
export function createSpec(
  log?: StateLog,
): SimulationSpec<TwoPhaseCommitContext, TwoPhaseCommitViewState, TwoPhaseCommitParams> {
  return {
    nodeIds,
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
    createChecker: () => createChecker(log),
  };
}

/**
 * The kernel's run plus the history machines cannot keep: each process's state over global time
 * and when each participant took its locks (machines see no clock). The checker writes it to a
 * state log as events are first computed; history never changes except by `act`, which discards
 * the future, and the log's with it.
 */
export class TwoPhaseCommitRun extends SimulationRun<
  TwoPhaseCommitContext,
  TwoPhaseCommitViewState,
  TwoPhaseCommitParams
> {
  /** Each process's state over time, on the current timeline. */
  readonly states: StateLog;

  constructor(scenario: Scenario, params: TwoPhaseCommitParams, options?: RunOptions) {
    const log = new StateLog(nodeIds(params));
    super(createSpec(log), scenario, params, { ...options, logs: [log] });
    this.states = log;
    log.start(this.nodes().map(sampleOf));
  }

  override view(): WorldView<TwoPhaseCommitViewState> {
    const world = super.view();
    return {
      ...world,
      nodes: world.nodes.map((n, i) =>
        n.state.locksHeld || n.state.inDoubt
          ? { ...n, state: { ...n.state, locksHeldSince: this.states.heldSince(i, world.cursor) } }
          : n,
      ),
    };
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
  checkNodeNames(scenario, nodeIds(params), { one: 'process', many: 'processes' });
  return new TwoPhaseCommitRun({ ...scenario, params: { ...params } }, params, options);
}

/** "300 ms" for narration and docs. */
export function describeTimeout(ms: number): string {
  return formatDuration(ms * MS);
}
