/** Redlock's parameters, declared once. Defaults follow node-redlock for retries; the TTL is short so a run fits on one screen. */
import { defineParams, notBelow, param, type Params } from '../../sim/params';

const ms = { unit: 'ms' } as const;

export const redlockParams = defineParams(
  {
    clients: param.int({ label: 'Clients', min: 1, max: 5, default: 2 }),
    redisNodes: param.int({ label: 'Redis nodes', min: 1, max: 9, default: 5 }),
    ttl: param.int({ label: 'Lock TTL', min: 50, max: 60_000, step: 50, ...ms, default: 1000 }),
    nodeTimeout: param.int({ label: 'Per-node timeout', min: 1, max: 5000, ...ms, default: 50 }),
    retryCount: param.int({ label: 'Retries (-1: forever)', min: -1, max: 100, default: 10 }),
    retryDelay: param.int({ label: 'Retry delay', min: 0, max: 10_000, step: 10, ...ms, default: 200 }),
    retryJitter: param.int({ label: 'Retry jitter (±)', min: 0, max: 10_000, step: 10, ...ms, default: 100 }),
    acquisition: param.choice({
      label: 'Acquisition',
      options: [
        { value: 'parallel', label: 'All nodes in parallel' },
        { value: 'sequential', label: 'One node at a time' },
      ],
      default: 'parallel',
    }),
    persistence: param.choice({
      label: 'Redis persistence',
      options: [
        { value: 'off', label: 'Off: a restart loses every key' },
        { value: 'fsync', label: 'fsync on every write' },
      ],
      default: 'off',
    }),
    delayedRestart: param.boolean({ label: 'Delay restarts by the TTL', default: false }),
    fencing: param.boolean({ label: 'Fencing tokens', default: false }),
    release: param.choice({
      label: 'Release',
      options: [
        { value: 'compare-and-delete', label: 'Compare-and-delete script' },
        { value: 'del', label: 'Plain DEL' },
      ],
      default: 'compare-and-delete',
    }),
    validityCheck: param.choice({
      label: 'Validity check',
      options: [
        { value: 'spec', label: 'Refuse when validity is gone (the algorithm)' },
        { value: 'node-redlock', label: 'Any majority will do (node-redlock)' },
      ],
      default: 'spec',
    }),
    workTime: param.int({ label: 'Work under the lock', min: 0, max: 60_000, step: 10, ...ms, default: 300 }),
    workload: param.boolean({ label: 'Clients come back for the lock', default: true }),
    thinkTime: param.int({
      label: 'Time between requests',
      min: 0,
      max: 60_000,
      step: 10,
      ...ms,
      default: 500,
    }),
    latencyMin: param.int({ label: 'Latency, from', min: 0, max: 1000, ...ms, default: 1 }),
    latencyMax: param.int({ label: 'Latency, to', min: 0, max: 2000, ...ms, default: 5 }),
    loss: param.number({ label: 'Message loss', min: 0, max: 1, step: 0.01, default: 0 }),
  },
  [
    notBelow('latencyMax', 'latencyMin'),
    {
      field: 'retryJitter',
      problem: (p) =>
        p.retryJitter > p.retryDelay
          ? `must not exceed retryDelay (${p.retryDelay}), got ${p.retryJitter}`
          : null,
    },
  ],
);

export type RedlockParams = Params<typeof redlockParams>;
