/** Snowflake ID generation, as the player and the CLI load it. */
import type { AlgorithmModule } from '../../sim/types';
import {
  SNOWFLAKE_ID,
  createSnowflakeRun,
  defaultParams,
  paramSpecs,
  parseParams,
  type WorkerView,
} from './cluster';
import { scenarios } from './scenarios';

export const snowflake: AlgorithmModule<WorkerView> = {
  id: SNOWFLAKE_ID,
  title: 'Snowflake IDs',
  defaultParams: { ...defaultParams },
  params: paramSpecs,
  scenarios,
  parseParams: (raw) => ({ ...parseParams(raw) }),
  createRun: (scenario) => createSnowflakeRun(scenario),
};

export default snowflake;
export { createSnowflakeRun, parseParams } from './cluster';
export type { SnowflakeParams, WorkerView } from './cluster';
export { INVARIANTS } from './invariants';
export { decode, encode } from './codec';
export { PRESETS, epochLifetime, parseLayout } from './layout';
