/** The lock manager's parameters, declared once: the parser and the player's controls. */
import { defineParams, notBelow, param, type Params } from '../../sim/params';

const ms = { unit: 'ms' } as const;

export const dlmParams = defineParams(
  {
    clients: param.int({ label: 'Clients', min: 1, max: 6, default: 3 }),
    workload: param.boolean({ label: 'Clients keep asking for modes', default: true }),
    backend: param.choice({
      label: 'Backend',
      options: [
        { value: 'etcd', label: 'etcd: leases, transactions, watch' },
        { value: 'redis', label: 'Redis: SET NX PX (EX only)' },
        { value: 'jetstream', label: 'JetStream KV (EX only)' },
      ],
      default: 'etcd',
    }),
    leaseTtl: param.int({ label: 'Lease TTL', min: 2, max: 30, unit: 's', default: 2 }),
    holdTime: param.int({ label: 'Work under a lock', min: 0, max: 10_000, step: 10, ...ms, default: 400 }),
    respondToBlocking: param.boolean({ label: 'Holders let go on a blocking AST', default: true }),
    bastDelay: param.int({
      label: 'Time to let go after a blocking AST',
      min: 0,
      max: 5000,
      ...ms,
      default: 60,
    }),
    deadlockDetection: param.boolean({ label: 'Deadlock detection', default: true }),
    deadlockWait: param.int({ label: 'Deadlock wait', min: 50, max: 10_000, step: 50, ...ms, default: 500 }),
    matrix: param.choice({
      label: 'Compatibility matrix',
      options: [
        { value: 'seed', label: 'As the VMS DLM (and dlock) give it' },
        { value: 'pr-with-cw', label: 'Broken: PR compatible with CW' },
      ],
      default: 'seed',
    }),
    order: param.choice({
      label: 'Queue order',
      options: [
        { value: 'conversions-first', label: 'Conversions before new requests, FIFO' },
        { value: 'jump', label: 'Broken: compatible new requests jump the queues' },
      ],
      default: 'conversions-first',
    }),
    fencing: param.boolean({ label: 'Fence writes with the lock’s revision', default: true }),
    latencyMin: param.int({ label: 'Latency, from', min: 0, max: 1000, ...ms, default: 2 }),
    latencyMax: param.int({ label: 'Latency, to', min: 0, max: 2000, ...ms, default: 6 }),
    loss: param.number({ label: 'Message loss', min: 0, max: 1, step: 0.01, default: 0 }),
  },
  [notBelow('latencyMax', 'latencyMin')],
);

export type DlmParams = Params<typeof dlmParams>;
