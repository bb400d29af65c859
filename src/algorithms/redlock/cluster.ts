/**
 * How a Redlock deployment maps onto the kernel: clients C1..Cn, Redis nodes A, B, C..., the
 * protected storage S and, with fencing, the token counter F; what each starts with, what
 * survives a crash, and the parameters a reader may change. A run keeps a log of who held the lock
 * and what the storage decided (`LockLog`), written by the checker as events are first computed,
 * from which the views read any moment.
 */
import { SimulationRun, type RunOptions } from '../../sim/run';
import { checkNodeNames, validateScenario } from '../../sim/scenario';
import type { NodeStatus, SimMessage, SimulationSpec } from '../../sim/spec';
import type { NodeId, ParamSpec, Scenario } from '../../sim/types';
import type { Keyspace } from './commands';
import { RedlockChecker } from './invariants';
import { LockLog } from './locklog';
import { driftFor, redlockMachine } from './machine';
import { labelMessage, narrate } from './narrate';
import type {
  AcquisitionMode,
  ClientConfig,
  Persistence,
  RedlockContext,
  RedlockInput,
  RedlockMessage,
  RedlockParams,
  ReleaseMode,
  StorageWrite,
  ValidityCheck,
} from './types';

export const REDLOCK_ID = 'redlock';
export const STORAGE: NodeId = 'S';
export const TOKENS: NodeId = 'F';

/** Defaults follow node-redlock for retries; the TTL is short so a run fits on one screen. */
export const defaultParams: RedlockParams = {
  clients: 2,
  redisNodes: 5,
  ttl: 1000,
  nodeTimeout: 50,
  retryCount: 10,
  retryDelay: 200,
  retryJitter: 100,
  acquisition: 'parallel',
  persistence: 'off',
  delayedRestart: false,
  fencing: false,
  release: 'compare-and-delete',
  validityCheck: 'spec',
  workTime: 300,
  workload: true,
  thinkTime: 500,
  latencyMin: 1,
  latencyMax: 5,
  loss: 0,
};

export const paramSpecs: ParamSpec[] = [
  { key: 'clients', label: 'Clients', kind: 'int', min: 1, max: 5 },
  { key: 'redisNodes', label: 'Redis nodes', kind: 'int', min: 1, max: 9 },
  { key: 'ttl', label: 'Lock TTL', kind: 'int', min: 50, max: 60_000, step: 50, unit: 'ms' },
  { key: 'nodeTimeout', label: 'Per-node timeout', kind: 'int', min: 1, max: 5000, unit: 'ms' },
  { key: 'retryCount', label: 'Retries (-1: forever)', kind: 'int', min: -1, max: 100 },
  { key: 'retryDelay', label: 'Retry delay', kind: 'int', min: 0, max: 10_000, step: 10, unit: 'ms' },
  { key: 'retryJitter', label: 'Retry jitter (±)', kind: 'int', min: 0, max: 10_000, step: 10, unit: 'ms' },
  {
    key: 'acquisition',
    label: 'Acquisition',
    kind: 'choice',
    options: [
      { value: 'parallel', label: 'All nodes in parallel' },
      { value: 'sequential', label: 'One node at a time' },
    ],
  },
  {
    key: 'persistence',
    label: 'Redis persistence',
    kind: 'choice',
    options: [
      { value: 'off', label: 'Off: a restart loses every key' },
      { value: 'fsync', label: 'fsync on every write' },
    ],
  },
  { key: 'delayedRestart', label: 'Delay restarts by the TTL', kind: 'boolean' },
  { key: 'fencing', label: 'Fencing tokens', kind: 'boolean' },
  {
    key: 'release',
    label: 'Release',
    kind: 'choice',
    options: [
      { value: 'compare-and-delete', label: 'Compare-and-delete script' },
      { value: 'del', label: 'Plain DEL' },
    ],
  },
  {
    key: 'validityCheck',
    label: 'Validity check',
    kind: 'choice',
    options: [
      { value: 'spec', label: 'Refuse when validity is gone (the algorithm)' },
      { value: 'node-redlock', label: 'Any majority will do (node-redlock)' },
    ],
  },
  { key: 'workTime', label: 'Work under the lock', kind: 'int', min: 0, max: 60_000, step: 10, unit: 'ms' },
  { key: 'workload', label: 'Clients come back for the lock', kind: 'boolean' },
  {
    key: 'thinkTime',
    label: 'Time between requests',
    kind: 'int',
    min: 0,
    max: 60_000,
    step: 10,
    unit: 'ms',
  },
  { key: 'latencyMin', label: 'Latency, from', kind: 'int', min: 0, max: 1000, unit: 'ms' },
  { key: 'latencyMax', label: 'Latency, to', kind: 'int', min: 0, max: 2000, unit: 'ms' },
  { key: 'loss', label: 'Message loss', kind: 'number', min: 0, max: 1, step: 0.01 },
];

const CHOICES: Record<string, readonly string[]> = {
  acquisition: ['parallel', 'sequential'] satisfies AcquisitionMode[],
  persistence: ['off', 'fsync'] satisfies Persistence[],
  release: ['compare-and-delete', 'del'] satisfies ReleaseMode[],
  validityCheck: ['spec', 'node-redlock'] satisfies ValidityCheck[],
};

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** Validates and completes parameters; unknown keys are refused so typos do not pass silently. */
export function parseParams(raw: Record<string, unknown>): RedlockParams {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new Error('params: must be an object');
  for (const key of Object.keys(raw)) {
    if (!(key in defaultParams)) {
      throw new Error(
        `params.${key}: not a Redlock parameter (known: ${Object.keys(defaultParams).join(', ')})`,
      );
    }
  }
  const out: Record<string, unknown> = {};
  for (const spec of paramSpecs) {
    const value = raw[spec.key] ?? defaultParams[spec.key as keyof RedlockParams];
    if (spec.kind === 'int' || spec.kind === 'number') {
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw new Error(`params.${spec.key}: must be a number, got ${show(value)}`);
      if (spec.kind === 'int' && !Number.isInteger(value))
        throw new Error(`params.${spec.key}: must be a whole number, got ${value}`);
      if (value < spec.min || value > spec.max)
        throw new Error(`params.${spec.key}: must be between ${spec.min} and ${spec.max}, got ${value}`);
    } else if (spec.kind === 'boolean') {
      if (typeof value !== 'boolean')
        throw new Error(`params.${spec.key}: must be true or false, got ${show(value)}`);
    } else {
      const allowed = CHOICES[spec.key] ?? [];
      if (typeof value !== 'string' || !allowed.includes(value))
        throw new Error(`params.${spec.key}: must be one of ${allowed.join(', ')}, got ${show(value)}`);
    }
    out[spec.key] = value;
  }
  const params = out as unknown as RedlockParams;
  if (params.latencyMax < params.latencyMin)
    throw new Error(
      `params.latencyMax: must not be below latencyMin (${params.latencyMin}), got ${params.latencyMax}`,
    );
  if (params.retryJitter > params.retryDelay)
    throw new Error(
      `params.retryJitter: must not exceed retryDelay (${params.retryDelay}), got ${params.retryJitter}`,
    );
  return params;
}

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

/** The kernel's run of Redlock, with the log of holders and writes its checker keeps. */
export class RedlockRun extends SimulationRun<RedlockContext, RedlockContext, RedlockParams> {
  /** Who held the lock and what the storage decided, on the current timeline. */
  readonly locks: LockLog;

  constructor(scenario: Scenario, params: RedlockParams, options?: RunOptions) {
    const log = new LockLog();
    super(createRedlockSpec(log), scenario, params, { ...options, logs: [log] });
    this.locks = log;
  }
}

export function createRedlockRun(raw: Scenario, options?: RunOptions): RedlockRun {
  const scenario = validateScenario(raw);
  if (scenario.algorithm !== REDLOCK_ID)
    throw new Error(`scenario.algorithm: this is the Redlock simulator, got ${show(scenario.algorithm)}`);
  const params = parseParams(scenario.params);
  checkNodeNames(scenario, nodeIds(params), { one: 'node', many: 'nodes' });
  return new RedlockRun({ ...scenario, params: { ...params } }, params, options);
}
