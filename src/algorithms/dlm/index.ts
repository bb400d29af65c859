/** The distributed lock manager, as the player, the command line and the explorer load it. No etcd client is imported from here. */
import { defineAlgorithm } from '../../sim/module';
import { parseOp } from './client';
import { dlmCommands } from './cli';
import { createDlmSpec } from './cluster';
import { conversions, dlmSwarm, pausedWriters } from './explore';
import { HoldLog } from './holdlog';
import { dlmParams, type DlmParams } from './params';
import { scenarios, workloadActions } from './scenarios';
import type { DlmContext } from './types';

export type DlmLogs = {
  /** Who held (and who believed they held) which mode, on the current timeline. */
  holds: HoldLog;
};

const CORRECT = {
  matrix: 'seed',
  order: 'conversions-first',
  fencing: true,
  deadlockDetection: true,
} as const;

export const dlm = defineAlgorithm<DlmContext, DlmContext, DlmParams, DlmLogs>({
  id: 'dlm',
  title: 'Distributed lock manager',
  summary:
    'The VMS lock manager’s six modes, three queues, conversions, blocking ASTs and deadlock search, on an etcd-like backend with leases and fencing.',
  nodeNoun: { one: 'process', many: 'processes' },
  params: dlmParams,
  logs: () => ({ holds: new HoldLog() }),
  spec: (params, logs) => createDlmSpec(params, logs.holds),
  generatedActions: (params) => (params.workload ? workloadActions(params.clients) : []),
  scenarios,
  invariants: [
    {
      id: 'compatible-grants',
      name: 'Compatible grants',
      description:
        'The manager never has two granted locks whose modes the matrix says cannot be held together.',
    },
    {
      id: 'queue-order',
      name: 'Queue order',
      description:
        'No request is granted while a conversion or an earlier request still waits: conversions first, then first come, first served.',
    },
    {
      id: 'unlock-releases',
      name: 'Unlock releases',
      description: 'Once the manager has confirmed an unlock, it holds nothing of that request.',
    },
    {
      id: 'writes-within-lease',
      name: 'Writes within the lease',
      description:
        'The backend accepts no write from a client whose lock key its lease has already taken away.',
    },
    {
      id: 'no-lasting-deadlock',
      name: 'No lasting deadlock',
      description: 'No cycle of requests waiting for each other outlasts a few deadlock waits.',
    },
  ],
  variants: [
    {
      id: 'correct',
      title: 'The VMS rules, fenced writes, deadlock search',
      description:
        'The seed’s matrix, conversions before new requests in FIFO order, writes compared with the lock key’s revision.',
      breaks: [],
      params: CORRECT,
    },
    {
      id: 'pr-with-cw',
      title: 'Broken: PR compatible with CW',
      description: 'One wrong cell: a protected reader and a concurrent writer are granted together.',
      breaks: ['compatible-grants'],
      params: { ...CORRECT, matrix: 'pr-with-cw' },
    },
    {
      id: 'queue-jumping',
      title: 'Broken: new requests jump the queues',
      description:
        'A compatible new request is granted while a conversion waits: the converting holder can starve.',
      breaks: ['queue-order'],
      params: { ...CORRECT, order: 'jump' },
    },
    {
      id: 'no-fencing',
      title: 'Broken: leases without fencing',
      description: 'Writes check nothing: a holder that paused past its lease writes after the next holder.',
      breaks: ['writes-within-lease'],
      params: { ...CORRECT, fencing: false },
    },
    {
      id: 'no-deadlock-detection',
      title: 'Broken: no deadlock search',
      description: 'Two readers converting up wait for each other for ever.',
      breaks: ['no-lasting-deadlock'],
      params: { ...CORRECT, deadlockDetection: false },
    },
  ],
  exploration: {
    generators: [dlmSwarm, conversions, pausedWriters],
    horizon: (generator) => (generator === 'swarm' ? 5_000_000 : 6_000_000),
    sizeParams: ['clients'],
  },
  commands: dlmCommands,
  requestTitle(payload, node) {
    const op = parseOp(payload);
    const who = node ?? 'A client';
    if (!op) return `${who} gets a request it does not understand`;
    if (op.op === 'unlock') return `${who} unlocks`;
    return op.op === 'lock' ? `${who} asks for ${op.mode}` : `${who} converts to ${op.mode}`;
  },
  describeNode(node) {
    const s = node.state;
    switch (s.role) {
      case 'client':
        return `mode=${s.mode ?? '-'} requested=${s.requested ?? '-'} lease=${s.lease ?? '-'} token=${s.token ?? '-'}`;
      case 'manager':
        return `granted=[${s.granted.map((c) => `${c}:${s.locks[c]?.granted ?? ''}`).join(' ')}] converting=[${s.converting.join(' ')}] waiting=[${s.waiting.join(' ')}]`;
      case 'backend':
        return `revision=${s.store.revision} keys=${Object.keys(s.store.kv).length} leases=${Object.keys(s.store.leases).length}`;
    }
  },
  report(run) {
    const m = run.nodes().find((n) => n.context.role === 'manager')?.context;
    if (m?.role !== 'manager' || m.deadlocks.length === 0) return [];
    return m.deadlocks.map((d) => `deadlock: ${d.cycle.join(' → ')}, victim ${d.victim}`);
  },
});

export default dlm;
export type { DlmContext, DlmParams };
export type DlmRun = ReturnType<typeof dlm.createRun>;
