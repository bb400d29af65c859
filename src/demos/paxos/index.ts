import { lazy } from 'react';
import type { PaxosView } from '../../algorithms/paxos';
import type { DemoPlugin } from '../../plugin/plugin';
import type { Run, WorldView } from '../../sim/types';
import { ChosenBanner } from './ChosenBanner';
import { ballotText, paxosMessageColour, readServer, ROLE_COLOURS } from './state';
import './paxos.css';

const MS = 1000;

// The table loads when its tab is first shown.
const PaxosLog = lazy(() => import('./PaxosLog'));

function leaderOf(world: WorldView) {
  const leaders = world.nodes
    .filter((n) => n.up)
    .map(readServer)
    .filter((s) => s.phase === 'leader')
    .sort((a, b) => b.state.ballot - a.state.ballot);
  return leaders[0] ?? null;
}

/** Just before the first proposal or leader timeout: the reader sees phase 1 start at once. */
function firstPrepare(run: Run): number {
  for (let i = 0; i < 50 && run.step(); i++) {
    const [entry] = run.entries(run.cursor(), run.cursor() + 1);
    if (entry?.kind === 'timer') return Math.max(0, entry.time - 30 * MS);
  }
  return 0;
}

const TIMER_LABELS: Record<string, string> = {
  prepare: 'phase 1 timer',
  propose: 'first proposal',
};

/** Paxos's views for the shared player, named as in Paxos Made Simple and machine.ts. */
export const paxosPlugin: DemoPlugin = {
  kind: 'player',
  describeNode(node) {
    const s = node.state as PaxosView;
    const facts: string[] = [];
    if (s.phase === 'preparing') facts.push(`prep ${ballotText(s.ballot)}`, `${s.promises.length} promised`);
    else facts.push(`prom ${ballotText(s.promised)}`);
    if (s.config.mode === 'single') {
      const learned = s.learned[0];
      const accepted = s.accepted[0];
      if (learned) facts.push(`knows ${learned.v}`);
      else if (accepted && s.phase !== 'preparing') facts.push(`acc ${accepted.value.v}`);
    } else if (s.phase !== 'preparing') {
      facts.push(`log ${s.applied}`);
    }
    const timer = node.timers.find((t) => t.name in TIMER_LABELS);
    const role = s.phase;
    return {
      role,
      facts,
      timer: timer
        ? { label: TIMER_LABELS[timer.name] ?? timer.name, setAt: timer.setAt, at: timer.at }
        : null,
      colour: ROLE_COLOURS.find((r) => r.role === role)?.colour ?? 'var(--muted)',
      emphasis: role === 'leader' || role === 'proposing',
    };
  },
  Banner: ChosenBanner,
  panels: [{ id: 'paxos-log', title: 'Acceptors and learners', tab: 'Acceptors', Component: PaxosLog }],
  leader: (world) => leaderOf(world)?.id ?? null,
  faults: {
    node: ['crash', 'restart', 'pause', 'timeout', 'isolate'],
    timeoutLabel: 'Time out now: start phase 1',
    messages: true,
    partitions: true,
    network: true,
    client: {
      label: 'Propose',
      placeholder: 'x=1',
      hint: 'Single-decree: the server proposes this value (unless it already knows the outcome). Multi-Paxos: a command for the next slot of the log.',
    },
  },
  defaultSpeed: 0.02,
  opening: firstPrepare,
  cue(world) {
    const leader = leaderOf(world);
    const multi = world.nodes.some((n) => (n.state as PaxosView).config.mode === 'multi');
    if (multi) {
      return leader
        ? `${leader.id} leads with ${ballotText(leader.state.ballot)}: each request costs one accept round. Crash it to see the next leader run phase 1 again.`
        : 'No leader yet: the first server whose timer runs out runs phase 1 for every slot at once.';
    }
    const proposing = world.nodes.map(readServer).find((s) => s.phase !== 'acceptor');
    return proposing
      ? `${proposing.id} is in ${proposing.phase === 'preparing' ? 'phase 1: it needs promises from a majority' : 'phase 2: a majority of acceptances chooses its value'}. Watch the observer line: the value is chosen before anyone knows.`
      : 'Watch the observer line above the log: it marks the moment a majority accepts, before any learner knows.';
  },
  roles: [...ROLE_COLOURS],
  messageKinds: [
    { kind: 'Prepare, Promise, Nack', colour: paxosMessageColour('Prepare') },
    { kind: 'Accept, Accepted', colour: paxosMessageColour('Accept') },
    { kind: 'Chosen, Forward', colour: paxosMessageColour('Chosen') },
  ],
  messageColour: paxosMessageColour,
  timerLegend: 'a proposer’s phase 1 timer (Multi-Paxos: the leader timeout)',
};

export default paxosPlugin;
