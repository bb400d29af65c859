/** Two-phase commit for the player: parameters, named scenarios and runs. */
import type { AlgorithmModule, ParamSpec } from '../../sim/types';
import { ALGORITHM_ID, createRun, DEFAULT_PARAMS, parseParams } from './cluster';
import { scenarios } from './scenarios';
import type { TwoPhaseCommitViewState } from './types';

export const params: ParamSpec[] = [
  { key: 'participants', label: 'Participants', kind: 'int', min: 2, max: 7 },
  {
    key: 'voteTimeout',
    label: 'Vote timeout (coordinator)',
    kind: 'int',
    min: 10,
    max: 5000,
    step: 10,
    unit: 'ms',
  },
  {
    key: 'decisionTimeout',
    label: 'Decision timeout (prepared participant)',
    kind: 'int',
    min: 10,
    max: 5000,
    step: 10,
    unit: 'ms',
  },
  { key: 'latencyMin', label: 'Latency min', kind: 'int', min: 0, max: 1000, step: 5, unit: 'ms' },
  { key: 'latencyMax', label: 'Latency max', kind: 'int', min: 0, max: 1000, step: 5, unit: 'ms' },
  { key: 'loss', label: 'Message loss', kind: 'number', min: 0, max: 1, step: 0.05 },
  { key: 'duplication', label: 'Message duplication', kind: 'number', min: 0, max: 1, step: 0.05 },
  { key: 'cooperativeTermination', label: 'Cooperative termination (ask the peers)', kind: 'boolean' },
  {
    key: 'variant',
    label: 'Variant',
    kind: 'choice',
    options: [
      { value: 'correct', label: 'Correct: a prepared participant waits' },
      { value: 'unilateral-abort-when-prepared', label: 'Broken: a prepared participant aborts on timeout' },
    ],
  },
];

export const twoPhaseCommit: AlgorithmModule<TwoPhaseCommitViewState> = {
  id: ALGORITHM_ID,
  title: 'Two-phase commit',
  defaultParams: { ...DEFAULT_PARAMS },
  params,
  scenarios,
  parseParams: (raw) => ({ ...parseParams(raw) }),
  createRun,
};

export default twoPhaseCommit;
export { blockingReport, checkAtomicity, checkValidity } from './invariants';
export type { TwoPhaseCommitViewState } from './types';
