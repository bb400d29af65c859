/** Snowflake ID generation, as the player, the command line and the explorer load it. */
import { swarm } from '../../sim/explore';
import { defineAlgorithm } from '../../sim/module';
import { countOf, createSpec, nodeIds, steadyLoad, type WorkerView } from './cluster';
import { snowflakeCommands } from './cli';
import { IdLog } from './idlog';
import type { WorkerContext } from './machine';
import { snowflakeParams, type SnowflakeParams } from './params';
import { SNOWFLAKE_MESSAGES } from './messages';
import { scenarios } from './scenarios';

export type SnowflakeLogs = {
  /** Every ID handed out on the current timeline, by event. */
  ids: IdLog;
};

export const snowflake = defineAlgorithm<WorkerContext, WorkerView, SnowflakeParams, SnowflakeLogs>({
  id: 'snowflake',
  title: 'Snowflake IDs',
  summary:
    'Workers that make 64-bit time-ordered IDs with no coordination, under load, clock steps and configuration mistakes.',
  nodeNoun: { one: 'worker', many: 'workers' },
  params: snowflakeParams,
  logs: (params) => ({ ids: new IdLog(nodeIds(params)) }),
  spec: (params, logs) => createSpec(params, logs.ids),
  generatedActions: steadyLoad,
  checkAction: (action) => {
    if (action.type === 'client') countOf(action.payload);
  },
  scenarios,
  invariants: [
    {
      id: 'unique-ids',
      name: 'unique-ids',
      description: 'No ID is handed out twice, by one worker or by two.',
    },
    {
      id: 'per-worker-order',
      name: 'per-worker-order',
      description: 'Each worker’s IDs grow in the order it hands them out.',
    },
    {
      id: 'k-sorted',
      name: 'k-sorted',
      description: 'IDs handed out at least k ms apart are in time order, whichever workers made them.',
    },
  ],
  messages: SNOWFLAKE_MESSAGES,
  variants: [
    {
      id: 'correct',
      title: 'Each layout’s own rules (Twitter’s: refuse while the clock is behind)',
      description: 'Workers with distinct worker ids, each refusing or waiting while its clock is behind.',
      breaks: [],
      params: { policy: 'reference', sameWorkerId: false },
    },
    {
      id: 'no-clock-check',
      title: 'Broken: no check for a clock going back',
      description:
        'After its clock steps back, a worker hands out timestamps it already used, with the sequence starting over at zero.',
      breaks: ['unique-ids', 'per-worker-order'],
      params: { policy: 'no-check', sameWorkerId: false },
    },
    {
      id: 'same-worker-id',
      title: 'Broken: two workers given the same worker id',
      description: 'W2 is deployed with W1’s worker id, so both make the same IDs in the same millisecond.',
      breaks: ['unique-ids'],
      params: { policy: 'reference', sameWorkerId: true },
    },
  ],
  exploration: {
    generators: [
      swarm({
        // No crashes: a worker restarted at once after its clock stepped back has forgotten its last
        // timestamp, which the design rules out by a restart taking longer than any clock step.
        kinds: ['clock-jump', 'clock-rate', 'pause'],
        clientPayload: (r) => ({ count: r.int(1, 50) }),
        clientNode: (r, nodes) => r.pick(nodes),
        maxClockJump: 30_000,
        maxPause: 20_000,
        maxSpell: 50_000,
        description:
          'Each run draws which of clock steps, clock rates, crashes and pauses happen and how often, under a steady load of its own.',
        params: (r, p) => ({ ...p, rate: r.pick([0, 0, 1, 3]), loadMs: 150 }),
      }),
    ],
    horizon: () => 200_000,
    sizeParams: ['workers'],
  },
  commands: snowflakeCommands,
  requestTitle(payload, node) {
    const count = typeof payload === 'number' ? payload : (payload as { count?: unknown } | null)?.count;
    const n = typeof count === 'number' && count > 0 ? count : 1;
    return `${node ?? 'A worker'} is asked for ${n === 1 ? 'an ID' : `${n.toLocaleString('en')} IDs`}`;
  },
  describeNode(node) {
    const s = node.state;
    return `issued=${s.issued} refused=${s.refused} lastId=${s.lastId ?? '-'} clock=${s.clockIso}`;
  },
});

export default snowflake;
export type { SnowflakeParams } from './params';
export type { WorkerView } from './cluster';
export { decode, encode } from './codec';
export { PRESETS, epochLifetime, parseLayout } from './layout';
export type SnowflakeRun = ReturnType<typeof snowflake.createRun>;
