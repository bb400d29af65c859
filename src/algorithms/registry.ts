/** Every algorithm the site can simulate, by id. A new algorithm plugs in with one line here. */
import type { AlgorithmModule } from '../sim/types';
import { raft } from './raft';
import { redlock } from './redlock';
import { snowflake } from './snowflake';
import { twoPhaseCommit } from './two-phase-commit';

export const algorithms: Readonly<Record<string, AlgorithmModule>> = {
  [raft.id]: raft as AlgorithmModule,
  [redlock.id]: redlock as AlgorithmModule,
  [snowflake.id]: snowflake as AlgorithmModule,
  [twoPhaseCommit.id]: twoPhaseCommit as AlgorithmModule,
};

export function getAlgorithm(id: string): AlgorithmModule {
  const found = Object.hasOwn(algorithms, id) ? algorithms[id] : undefined;
  if (!found) throw new Error(`Unknown algorithm "${id}" (known: ${Object.keys(algorithms).join(', ')})`);
  return found;
}
