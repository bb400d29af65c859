/**
 * How two-phase commit maps onto the kernel: one coordinator C and participants P1..Pn, each an
 * instance of the same machine with its role in the input; the log is the persistent state.
 */
import type { SimulationSpec } from '../../sim/spec';
import type { NodeId, WorldView } from '../../sim/types';
import { createChecker } from './invariants';
import type { StateLog } from './statelog';
import {
  FORCED_TIMER,
  loggedDecision,
  protocolStateOf,
  twoPhaseCommitMachine,
  type MachineInput,
} from './machine';
import { label, milestone, narrate } from './narrate';
import type {
  NodeConfig,
  PersistentState,
  TwoPhaseCommitContext,
  TwoPhaseCommitParams,
  TwoPhaseCommitViewState,
} from './types';

export const COORDINATOR = 'C';
const MS = 1000;

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
    milestone,
    createChecker: () => createChecker(log),
  };
}

/**
 * The world with the history machines cannot keep: when each participant took the locks it still
 * holds (machines see no clock), read from the state log the checker writes.
 */
export function withLockTimes(
  world: WorldView<TwoPhaseCommitViewState>,
  log: StateLog,
): WorldView<TwoPhaseCommitViewState> {
  return {
    ...world,
    nodes: world.nodes.map((n, i) =>
      n.state.locksHeld || n.state.inDoubt
        ? { ...n, state: { ...n.state, locksHeldSince: log.heldSince(i, world.cursor) } }
        : n,
    ),
  };
}
