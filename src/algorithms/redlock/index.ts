/** Redlock, as the player, the command line and the explorer load it. No Redis client is imported from here. */
import { swarm } from '../../sim/explore';
import { defineAlgorithm, type ExploreGenerator } from '../../sim/module';
import { Random } from '../../sim/random';
import type { TimedAction } from '../../sim/types';
import { createRedlockSpec } from './cluster';
import { parseOp } from './machine';
import { MUTUAL_EXCLUSION, NO_STALE_WRITE } from './invariants';
import { LockLog } from './locklog';
import { redlockParams } from './params';
import { REDLOCK_MESSAGES } from './messages';
import { scenarios } from './scenarios';
import type { RedlockContext, RedlockParams } from './types';

/**
 * Kleppmann's schedule: a client stops (a garbage-collection pause, a swapped-out page) for longer
 * than its lock's time to live, at a random moment, while the others keep asking for the lock.
 */
const clientPauses: ExploreGenerator<RedlockParams> = {
  id: 'client-pauses',
  title: 'Clients pausing past their lock’s expiry',
  description: 'Now and then a client stops for one to three times the lock’s TTL, then carries on.',
  scenario(seed, { algorithm, params, horizon }) {
    const r = Random.fromSeed(seed ^ 0x6c0c);
    const clients = Array.from({ length: params.clients }, (_, i) => `C${i + 1}`);
    const ttl = params.ttl * 1000;
    const actions: TimedAction[] = [];
    for (let i = r.int(1, 4); i > 0; i--) {
      actions.push({
        // Early enough that the client wakes and writes before the run ends.
        at: r.int(0, Math.max(1, horizon - 3 * ttl)),
        action: { type: 'pause', node: r.pick(clients), duration: r.int(ttl, 2 * ttl) },
      });
    }
    actions.sort((a, b) => a.at - b.at);
    return { version: 1, algorithm, params: { ...params }, seed, actions };
  },
};

export type RedlockLogs = {
  /** Who held the lock and what the storage decided, on the current timeline. */
  locks: LockLog;
};

export const redlock = defineAlgorithm<RedlockContext, RedlockContext, RedlockParams, RedlockLogs>({
  id: 'redlock',
  title: 'Redlock',
  summary:
    'The Redis distributed lock across independent nodes, with clock drift, pauses, node restarts and fencing tokens.',
  nodeNoun: { one: 'node', many: 'nodes' },
  params: redlockParams,
  logs: () => ({ locks: new LockLog() }),
  spec: (_params, logs) => createRedlockSpec(logs.locks),
  scenarios,
  invariants: [
    {
      id: 'mutual-exclusion',
      name: MUTUAL_EXCLUSION,
      description: 'At no moment of global time do two clients both believe they hold the lock.',
    },
    {
      id: 'no-stale-write',
      name: NO_STALE_WRITE,
      description:
        'The storage never accepts a write made under an older lock grant after one made under a newer grant.',
    },
  ],
  // Mutual exclusion rests on timing (pauses and drift shorter than the lock's validity), which
  // the faults here break in every configuration: that is the lesson of the demo. Fencing tokens
  // make the storage safe anyway; without them it is not.
  messages: REDLOCK_MESSAGES,
  variants: [
    {
      id: 'correct',
      title: 'Fencing tokens, fsync, the validity check',
      description:
        'The storage refuses writes under an older grant; Redis nodes keep their keys across restarts.',
      breaks: [],
      params: { fencing: true, persistence: 'fsync', validityCheck: 'spec', release: 'compare-and-delete' },
    },
    {
      id: 'no-fencing',
      title: 'Broken: no fencing tokens',
      description:
        'The storage takes every write: a client that paused past its lock’s expiry writes after the next holder.',
      breaks: ['no-stale-write'],
      params: { fencing: false, persistence: 'fsync', validityCheck: 'spec', release: 'compare-and-delete' },
    },
  ],
  exploration: {
    generators: [
      swarm({
        kinds: ['crash', 'partition', 'isolate', 'pause', 'loss', 'latency', 'clock-rate'],
        clientPayload: () => ({ op: 'acquire' }),
        // Redis nodes restart (the fault the algorithm's persistence rules are about); clients and
        // the storage do not.
        crashable: (node) => /^[A-Z]$/.test(node),
        maxPause: 2_000_000,
        maxRequests: 6,
      }),
      clientPauses,
    ],
    horizon: (generator) => (generator === 'client-pauses' ? 6_000_000 : 3_000_000),
    sizeParams: ['clients', 'redisNodes'],
  },
  requestTitle(payload, node) {
    const op = parseOp(payload)?.op ?? 'acquire';
    const verb =
      op === 'acquire' ? 'asks for the lock' : op === 'extend' ? 'extends its lock' : 'releases the lock';
    return `${node ?? 'A client'} ${verb}`;
  },
  describeNode(node) {
    const s = node.state;
    switch (s.role) {
      case 'client':
        return `value=${JSON.stringify(s.value)} token=${s.token ?? '-'}`;
      case 'redis':
        return `keys=${JSON.stringify(Object.keys(s.keys))}`;
      case 'storage':
        return `writes=${s.writes.length}`;
      case 'tokens':
        return `counter=${s.counter}`;
    }
  },
});

export default redlock;
export { MUTUAL_EXCLUSION, NO_STALE_WRITE } from './invariants';
export type { RedlockContext, RedlockParams, RedlockMessage } from './types';
export type RedlockRun = ReturnType<typeof redlock.createRun>;
