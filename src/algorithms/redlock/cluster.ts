/**
 * How a Redlock deployment maps onto the kernel: clients C1..Cn, Redis nodes A, B, C..., the
 * protected storage S and, with fencing, the token counter F; what each starts with and what
 * survives a crash. A run keeps a log of who held the lock and what the storage decided
 * (`LockLog`), written by the checker as events are first computed, from which the views read any
 * moment.
 */
import type { NodeStatus, SimMessage, SimulationSpec } from '../../sim/spec';
import type { NodeId } from '../../sim/types';
import type { Keyspace } from './commands';
import { RedlockChecker } from './invariants';
import type { LockLog } from './locklog';
import { driftFor, redlockMachine } from './machine';
import { labelMessage, narrate } from './narrate';
import type {
  ClientConfig,
  RedlockContext,
  RedlockInput,
  RedlockMessage,
  RedlockParams,
  StorageWrite,
} from './types';

export const STORAGE: NodeId = 'S';
export const TOKENS: NodeId = 'F';

export function clientIds(params: RedlockParams): NodeId[] {
  return Array.from({ length: params.clients }, (_, i) => `C${i + 1}`);
}

export function redisIds(params: RedlockParams): NodeId[] {
  return Array.from({ length: params.redisNodes }, (_, i) => String.fromCharCode(65 + i));
}

export function nodeIds(params: RedlockParams): NodeId[] {
  return [...clientIds(params), ...redisIds(params), STORAGE, ...(params.fencing ? [TOKENS] : [])];
}

const MS = 1000;

function clientConfig(id: NodeId, params: RedlockParams): ClientConfig {
  return {
    id,
    redis: redisIds(params),
    storage: STORAGE,
    tokens: params.fencing ? TOKENS : null,
    ttl: params.ttl * MS,
    drift: driftFor(params.ttl * MS),
    nodeTimeout: params.nodeTimeout * MS,
    retryCount: params.retryCount,
    retryDelay: params.retryDelay * MS,
    retryJitter: params.retryJitter * MS,
    acquisition: params.acquisition,
    release: params.release,
    validityCheck: params.validityCheck,
    workTime: params.workTime * MS,
    workload: params.workload,
    thinkTime: params.thinkTime * MS,
  };
}

function inputFor(node: NodeId, params: RedlockParams, persisted: unknown, restarted: boolean): RedlockInput {
  if (node === STORAGE) {
    const disk = persisted as StorageDisk | undefined;
    return {
      role: 'storage',
      id: node,
      fencing: params.fencing,
      highest: disk?.highest ?? null,
      writes: disk?.writes ?? [],
    };
  }
  if (node === TOKENS)
    return { role: 'tokens', id: node, counter: typeof persisted === 'number' ? persisted : 0 };
  if (/^C\d+$/.test(node)) return { role: 'client', config: clientConfig(node, params) };
  return {
    role: 'redis',
    id: node,
    persistence: params.persistence,
    restartDelay: params.delayedRestart ? params.ttl * MS : 0,
    restarted,
    keys: (persisted as Keyspace | undefined) ?? {},
  };
}

interface StorageDisk {
  highest: number | null;
  writes: StorageWrite[];
}

/** The kernel's view of Redlock; the checker writes to `log` when there is one. */
export function createRedlockSpec(
  log?: LockLog,
): SimulationSpec<RedlockContext, RedlockContext, RedlockParams> {
  return {
    nodeIds,
    machine: redlockMachine,
    input: (node, _nodes, params) => inputFor(node, params, undefined, false),
    persistent: (ctx) => {
      switch (ctx.role) {
        case 'redis':
          return ctx.persistence === 'fsync' ? ctx.keys : {};
        case 'tokens':
          return ctx.counter;
        case 'storage':
          return { highest: ctx.highest, writes: ctx.writes } satisfies StorageDisk;
        case 'client':
          return null;
      }
    },
    restartInput: (node, _nodes, params, persisted) => inputFor(node, params, persisted, true),
    network: (params) => ({
      latencyMin: params.latencyMin * MS,
      latencyMax: params.latencyMax * MS,
      loss: params.loss,
      duplication: 0,
    }),
    forcedTimer: 'retry',
    clientTarget: (nodes: readonly NodeStatus<RedlockContext>[]) =>
      nodes.find((n) => n.up && n.context.role === 'client' && n.role === 'idle')?.id ?? null,
    viewState: (ctx) => ctx,
    label: (message: SimMessage) => labelMessage(message as RedlockMessage),
    narrate,
    createChecker: () => new RedlockChecker(log),
  };
}
