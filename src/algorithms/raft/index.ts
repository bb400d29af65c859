/** Raft, as the player and the CLI load it. */
import type { AlgorithmModule } from '../../sim/types';
import { createRaftRun, defaultParams, paramSpecs, parseParams, RAFT_ID } from './cluster';
import { scenarios } from './scenarios';
import type { RaftView } from './types';

export const raft: AlgorithmModule<RaftView> = {
  id: RAFT_ID,
  title: 'Raft',
  defaultParams: { ...defaultParams },
  params: paramSpecs,
  scenarios,
  parseParams: (raw) => ({ ...parseParams(raw) }),
  createRun: (scenario) => createRaftRun(scenario),
};

export default raft;
export { createRaftRun, parseParams } from './cluster';
export { INVARIANTS } from './invariants';
export type { RaftContext, RaftView, RaftParams, LogEntry, RaftMessage } from './types';
