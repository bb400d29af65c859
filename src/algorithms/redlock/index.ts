/** Redlock, as the player and the CLI load it. No Redis client is imported from here. */
import type { AlgorithmModule } from '../../sim/types';
import { createRedlockRun, defaultParams, paramSpecs, parseParams, REDLOCK_ID } from './cluster';
import { scenarios } from './scenarios';
import type { RedlockContext } from './types';

export const redlock: AlgorithmModule<RedlockContext> = {
  id: REDLOCK_ID,
  title: 'Redlock',
  defaultParams: { ...defaultParams },
  params: paramSpecs,
  scenarios,
  parseParams: (raw) => ({ ...parseParams(raw) }),
  createRun: (scenario) => createRedlockRun(scenario),
};

export default redlock;
export { createRedlockRun, parseParams } from './cluster';
export { INVARIANTS, MUTUAL_EXCLUSION, NO_STALE_WRITE } from './invariants';
export type { RedlockContext, RedlockParams, RedlockMessage } from './types';
