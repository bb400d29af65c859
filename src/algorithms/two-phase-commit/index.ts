/** Two-phase commit, as the player, the command line and the explorer load it. */
import { swarm } from '../../sim/explore';
import { defineAlgorithm } from '../../sim/module';
import { twoPhaseCommitCommands } from './cli';
import { createSpec, nodeIds, withLockTimes } from './cluster';
import { ATOMICITY, blockingReport, VALIDITY } from './invariants';
import { twoPhaseCommitParams, VARIANTS, type TwoPhaseCommitParams } from './params';
import { TWO_PHASE_COMMIT_MESSAGES } from './messages';
import { scenarios } from './scenarios';
import { sampleOf, StateLog } from './statelog';
import type { TwoPhaseCommitContext, TwoPhaseCommitViewState } from './types';

export type TwoPhaseCommitLogs = {
  /** Each process's state and locks over time, on the current timeline. */
  states: StateLog;
};

export const twoPhaseCommit = defineAlgorithm<
  TwoPhaseCommitContext,
  TwoPhaseCommitViewState,
  TwoPhaseCommitParams,
  TwoPhaseCommitLogs
>({
  id: 'two-phase-commit',
  title: 'Two-phase commit',
  summary:
    'An atomic commit across participants with presumed abort, logs that survive crashes, and the blocking a coordinator crash causes.',
  nodeNoun: { one: 'process', many: 'processes' },
  params: twoPhaseCommitParams,
  logs: (params) => ({ states: new StateLog(nodeIds(params)) }),
  started: (logs, nodes) => logs.states.start(nodes.map(sampleOf)),
  spec: (_params, logs) => createSpec(logs.states),
  view: (world, logs) => withLockTimes(world, logs.states),
  scenarios,
  invariants: [
    {
      id: 'atomicity',
      name: ATOMICITY,
      description:
        'No participant commits while another aborts, and no participant’s outcome differs from the decision on C’s log.',
    },
    {
      id: 'validity',
      name: VALIDITY,
      description: 'The transaction commits only if every participant voted yes (logged PREPARED).',
    },
  ],
  messages: TWO_PHASE_COMMIT_MESSAGES,
  variants: VARIANTS,
  exploration: {
    generators: [
      swarm({
        kinds: ['crash', 'partition', 'isolate', 'pause', 'loss', 'duplication', 'latency'],
        maxRequests: 3,
        maxPause: 1_000_000,
      }),
    ],
    horizon: () => 3_000_000,
    sizeParams: ['participants'],
  },
  commands: twoPhaseCommitCommands,
  requestTitle(payload, node) {
    return payload === 'abort'
      ? `${node ?? 'A participant'} will vote No`
      : `A client request to ${node ?? 'the coordinator'}`;
  },
  describeNode(node) {
    const s = node.state;
    return `${s.state} log=[${s.log.join(',')}]${s.locksHeld ? ' locks held' : ''}`;
  },
  report(run) {
    const blocked = blockingReport(run.view());
    return blocked.length > 0
      ? ['Blocked (not a safety violation):', ...blocked.map((b) => `  ${b.sentence}`)]
      : [];
  },
});

export default twoPhaseCommit;
export { blockingReport, checkAtomicity, checkValidity } from './invariants';
export type { TwoPhaseCommitViewState } from './types';
export type TwoPhaseCommitRun = ReturnType<typeof twoPhaseCommit.createRun>;
