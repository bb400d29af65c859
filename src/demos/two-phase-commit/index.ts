import type { DemoPlugin } from '../../plugin/plugin';
import { formatDuration } from '../../sim/format';
import ExhaustiveExplore from './ExhaustiveExplore';
import Locks, { BlockingBanner } from './Locks';
import StateLanes from './StateLanes';
import VotesDecision from './VotesDecision';
import { readProcess, stateColour, tpcMessageColour, voteOf } from './state';
import './two-phase-commit.css';

const TIMER_LABELS: Record<string, string> = { votes: 'vote timeout', decision: 'decision timer' };

/** Two-phase commit's views for the shared player, named as in machine.ts and the article. */
export const twoPhaseCommitPlugin: DemoPlugin = {
  kind: 'player',
  describeNode(node) {
    const p = readProcess(node);
    const facts: string[] = [];
    if (p.coordinator) {
      facts.push(p.decision ?? `${p.prepared.length} yes votes`);
    } else if (p.inDoubt) {
      // Short enough to fit inside the node.
      facts.push('in doubt');
      if (p.locksHeldSince !== null) facts.push(`since ${formatDuration(p.locksHeldSince)}`);
    } else {
      const vote = voteOf(p);
      if (vote !== 'none') facts.push(`voted ${vote}`);
    }
    const timer = node.timers.find((t) => t.name in TIMER_LABELS);
    return {
      role: p.state,
      facts,
      timer: timer
        ? { label: TIMER_LABELS[timer.name] ?? timer.name, setAt: timer.setAt, at: timer.at }
        : null,
      colour: stateColour(p.state),
    };
  },
  Banner: BlockingBanner,
  panels: [
    { id: 'tpc-locks', title: 'Locks held', tab: 'Locks', Component: Locks },
    { id: 'tpc-votes', title: 'Votes and the decision', tab: 'Votes', Component: VotesDecision },
    { id: 'tpc-lanes', title: 'Each process over time', tab: 'Over time', Component: StateLanes },
    {
      id: 'tpc-exhaustive',
      title: 'Exhaustive exploration: C and three participants',
      tab: 'Every interleaving',
      Component: ExhaustiveExplore,
    },
  ],
  leader: () => null,
  faults: {
    node: ['crash', 'restart', 'pause', 'timeout', 'isolate'],
    timeoutLabel: 'Time out now: give up waiting',
    messages: true,
    partitions: true,
    network: true,
    client: null,
  },
  defaultSpeed: 0.1,
  cue: (world) => {
    const c = world.nodes.find((n) => n.id === 'C');
    const decided = c ? readProcess(c).decision : null;
    return decided
      ? `C has logged ${decided.toUpperCase()}: the participants learn it as the decision reaches them. Crash C before it does to see a participant blocked in doubt.`
      : 'C asks every participant to prepare; each logs its vote before answering. Only when all vote yes may C log COMMIT.';
  },
  roles: [
    { role: 'init (C deciding)', colour: stateColour('init') },
    { role: 'working', colour: stateColour('working') },
    { role: 'prepared', colour: stateColour('prepared') },
    { role: 'committed', colour: stateColour('committed') },
    { role: 'aborted', colour: stateColour('aborted') },
  ],
  messageKinds: [
    { kind: 'Prepare, Prepared', colour: tpcMessageColour('Prepare') },
    { kind: 'Commit', colour: tpcMessageColour('Commit') },
    { kind: 'Abort, VoteNo', colour: tpcMessageColour('Abort') },
    { kind: 'DecisionRequest, DecisionReply', colour: tpcMessageColour('DecisionRequest') },
    { kind: 'Ack', colour: tpcMessageColour('Ack') },
  ],
  messageColour: tpcMessageColour,
  timerLegend: 'C’s vote timeout or a participant’s decision timer',
};

export default twoPhaseCommitPlugin;
