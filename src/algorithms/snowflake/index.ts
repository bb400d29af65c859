/** Snowflake ID generation, as the player, the command line and the explorer load it. */
import { randomFaults } from '../../sim/explore';
import { defineAlgorithm } from '../../sim/module';
import { countOf, createSpec, nodeIds, steadyLoad, type WorkerView } from './cluster';
import { snowflakeCommands } from './cli';
import { IdLog } from './idlog';
import type { WorkerContext } from './machine';
import { snowflakeParams, type SnowflakeParams } from './params';
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
  variants: [],
  exploration: {
    generators: [randomFaults({ clientPayload: (r) => ({ count: r.int(1, 50) }) })],
    horizon: () => 200_000,
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
