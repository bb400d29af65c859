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
      facts.push(p.decision ? `decided ${p.decision}` : `${p.prepared.length} yes votes`);
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
    { id: 'tpc-locks', title: 'Locks held', Component: Locks },
    { id: 'tpc-votes', title: 'Votes and the decision', Component: VotesDecision },
    { id: 'tpc-lanes', title: 'Each process over time', Component: StateLanes },
    {
      id: 'tpc-exhaustive',
      title: 'Exhaustive exploration: C and three participants',
      Component: ExhaustiveExplore,
    },
  ],
  leader: () => 'C',
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
