/**
 * How the lock manager maps onto the kernel: clients C1..Cn, the lock manager M and the backend E
 * (etcd, or Redis or JetStream, which the manager uses for EX only). What each starts with, and
 * what survives a crash: the manager and the backend keep their state on disk, a client nothing.
 */
import type { NodeStatus, SimMessage, SimulationSpec } from '../../sim/spec';
import type { NodeId } from '../../sim/types';
import { emptyStore, type EtcdStore } from './etcd';
import type { HoldLog } from './holdlog';
import { DlmChecker } from './invariants';
import { dlmMachine } from './machine';
import { labelMessage, milestone, narrate } from './narrate';
import type {
  ClientConfig,
  DlmContext,
  DlmInput,
  DlmMessage,
  DlmParams,
  ManagerConfig,
  ManagerContext,
  BackendContext,
  Backend,
  QueueOrder,
} from './types';
import type { MatrixChoice } from './modes';

export const MANAGER: NodeId = 'M';
export const BACKEND: NodeId = 'E';
const MS = 1000;

export function clientIds(params: DlmParams): NodeId[] {
  return Array.from({ length: params.clients }, (_, i) => `C${i + 1}`);
}

export function nodeIds(params: DlmParams): NodeId[] {
  return [...clientIds(params), MANAGER, BACKEND];
}

function clientConfig(id: NodeId, p: DlmParams): ClientConfig {
  return {
    id,
    manager: MANAGER,
    backend: BACKEND,
    backendKind: p.backend as Backend,
    leaseTtl: p.leaseTtl,
    holdTime: p.holdTime * MS,
    respondToBlocking: p.respondToBlocking,
    bastDelay: p.bastDelay * MS,
    fencing: p.fencing,
  };
}

function managerConfig(p: DlmParams): ManagerConfig {
  return {
    id: MANAGER,
    backend: BACKEND,
    kind: p.backend as Backend,
    matrix: p.matrix as MatrixChoice,
    order: p.order as QueueOrder,
    deadlockDetection: p.deadlockDetection,
    deadlockWait: p.deadlockWait * MS,
    resync: 1_000_000,
  };
}

interface BackendDisk {
  store: EtcdStore;
  watchers: BackendContext['watchers'];
  writes: BackendContext['writes'];
}

function inputFor(node: NodeId, p: DlmParams, persisted: unknown, restarted: boolean): DlmInput {
  if (node === MANAGER)
    return {
      role: 'manager',
      config: managerConfig(p),
      restored: (persisted as ManagerContext | null) ?? null,
    };
  if (node === BACKEND) {
    const disk = persisted as BackendDisk | undefined;
    return {
      role: 'backend',
      id: node,
      kind: p.backend as Backend,
      store: disk?.store ?? emptyStore(),
      watchers: disk?.watchers ?? [],
      writes: disk?.writes ?? [],
      restarted,
    };
  }
  return { role: 'client', config: clientConfig(node, p) };
}

/** A wait-for cycle may last this long before the observer calls it a lasting deadlock. */
export function deadlockBound(p: DlmParams): number {
  return (3 * p.deadlockWait + 2500) * MS;
}

export function createDlmSpec(
  params: DlmParams,
  log?: HoldLog,
): SimulationSpec<DlmContext, DlmContext, DlmParams> {
  return {
    nodeIds,
    machine: dlmMachine,
    input: (node, _nodes, p) => inputFor(node, p, undefined, false),
    persistent: (ctx) => {
      switch (ctx.role) {
        case 'manager':
          return ctx;
        case 'backend':
          return { store: ctx.store, watchers: ctx.watchers, writes: ctx.writes } satisfies BackendDisk;
        case 'client':
          return null;
      }
    },
    restartInput: (node, _nodes, p, persisted) => inputFor(node, p, persisted, true),
    network: (p) => ({
      latencyMin: p.latencyMin * MS,
      latencyMax: p.latencyMax * MS,
      loss: p.loss,
      duplication: 0,
    }),
    forcedTimer: 'keepalive',
    clientTarget: (nodes: readonly NodeStatus<DlmContext>[]) =>
      nodes.find((n) => n.up && n.context.role === 'client' && n.role === 'idle')?.id ?? null,
    viewState: (ctx) => ctx,
    label: (message: SimMessage) => labelMessage(message as DlmMessage),
    narrate,
    milestone,
    createChecker: () => new DlmChecker(deadlockBound(params), log),
  };
}
