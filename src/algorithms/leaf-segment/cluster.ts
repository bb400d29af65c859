/**
 * How a Leaf deployment maps onto the kernel: clients C1..Cn that ask for IDs, Leaf servers
 * L1..Ln and the database DB holding the `leaf_alloc` row. The row survives a crash of the
 * database; a Leaf server keeps nothing (a restart forgets its segments: a gap); clients keep
 * nothing either.
 */
import type { NodeStatus, SimMessage, SimulationSpec } from '../../sim/spec';
import type { NodeId } from '../../sim/types';
import { LeafChecker } from './invariants';
import { leafMachine } from './machine';
import { labelMessage, milestone, narrate } from './narrate';
import type { LeafParams } from './params';
import type { DatabaseContext, Grant, LeafContext, LeafInput, LeafMessage } from './types';

export const DB: NodeId = 'DB';
const MS = 1000;

export function serverIds(params: Pick<LeafParams, 'servers'>): NodeId[] {
  return Array.from({ length: params.servers }, (_, i) => `L${i + 1}`);
}

export function clientIds(params: Pick<LeafParams, 'clients'>): NodeId[] {
  return Array.from({ length: params.clients }, (_, i) => `C${i + 1}`);
}

export function nodeIds(params: LeafParams): NodeId[] {
  return [...clientIds(params), ...serverIds(params), DB];
}

interface RowDisk {
  maxId: number;
  step: number;
  grants: number;
  lastGrant: Grant | null;
  recent: Grant[];
}

function inputFor(node: NodeId, params: LeafParams, persisted: unknown): LeafInput {
  if (node === DB) {
    const disk = persisted as RowDisk | undefined;
    return {
      role: 'db',
      id: node,
      maxId: disk?.maxId ?? params.maxId,
      step: disk?.step ?? params.step,
      grants: disk?.grants ?? 0,
      lastGrant: disk?.lastGrant ?? null,
      recent: disk?.recent ?? [],
    };
  }
  if (/^C\d+$/.test(node)) {
    const index = Number(node.slice(1)) - 1;
    return {
      role: 'client',
      id: node,
      servers: serverIds(params),
      interval: params.interval * MS,
      batch: params.batch,
      // Clients start at different servers, as a load balancer spreads them.
      offset: index % params.servers,
    };
  }
  return {
    role: 'server',
    incarnation: typeof persisted === 'number' ? persisted + 1 : 0,
    config: {
      id: node,
      db: DB,
      variant: params.variant,
      dynamicStep: params.dynamicStep,
      segmentDuration: params.segmentDuration * MS,
      maxStep: params.maxStep,
      waitFor: params.waitFor * MS,
      dbTimeout: params.dbTimeout * MS,
    },
  };
}

export function createLeafSpec(): SimulationSpec<LeafContext, LeafContext, LeafParams> {
  return {
    nodeIds,
    machine: leafMachine,
    input: (node, _nodes, params) => inputFor(node, params, undefined),
    persistent: (ctx) => {
      // A server keeps nothing but which process it was (its connections die with it).
      if (ctx.role === 'server') return ctx.incarnation;
      if (ctx.role !== 'db') return null;
      const d: DatabaseContext = ctx;
      return {
        maxId: d.maxId,
        step: d.step,
        grants: d.grants,
        lastGrant: d.lastGrant,
        recent: d.recent,
      } satisfies RowDisk;
    },
    restartInput: (node, _nodes, params, persisted) => inputFor(node, params, persisted),
    network: (params) => ({
      latencyMin: params.latencyMin * MS,
      latencyMax: params.latencyMax * MS,
      loss: params.loss,
      duplication: 0,
    }),
    // A forced time-out makes a client ask at once.
    forcedTimer: 'ask',
    clientTarget: (nodes: readonly NodeStatus<LeafContext>[]) =>
      nodes.find((n) => n.up && n.context.role === 'client')?.id ?? null,
    viewState: (ctx) => ctx,
    label: (message: SimMessage) => labelMessage(message as LeafMessage),
    narrate,
    milestone,
    createChecker: () => new LeafChecker(),
  };
}
