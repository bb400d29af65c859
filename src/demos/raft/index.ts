import type { DemoPlugin } from '../../plugin/plugin';
import type { Run, WorldView } from '../../sim/types';
import { raftMessageColour, ROLE_COLOURS } from './colours';
import RaftLogs from './RaftLogs';
import { readRaftServer } from './raftState';
import './raft.css';

const MS = 1000;

/** Which server leads the latest term, if any. */
function leaderOf(world: WorldView) {
  const leaders = world.nodes
    .filter((n) => n.up)
    .map(readRaftServer)
    .filter((s) => s.role === 'leader')
    .sort((a, b) => b.currentTerm - a.currentTerm);
  return leaders[0] ?? null;
}

/**
 * The moment just before the first election timer runs out: nothing happens before it, and at the
 * demo's speed the reader sees the arcs drain for half a second, then the election.
 */
function firstElection(run: Run): number {
  for (let i = 0; i < 50 && run.step(); i++) {
    const [entry] = run.entries(run.cursor(), run.cursor() + 1);
    if (entry?.kind === 'timer' && entry.timer === 'election') return Math.max(0, entry.time - 50 * MS);
  }
  return 0;
}

/** Raft's views for the shared player, with names as in the paper's Figure 2. */
export const raftPlugin: DemoPlugin = {
  kind: 'player',
  describeNode(node) {
    const s = readRaftServer(node);
    const facts = [`term ${s.currentTerm}`];
    // The node shows two facts: being outside its configuration matters more than a vote.
    if (s.outside) facts.push('outside');
    else if (s.role === 'candidate') facts.push(`votes ${s.votesGranted.length}`);
    else if (s.votedFor) facts.push(`voted ${s.votedFor}`);
    const election = node.timers.find((t) => t.name === 'election');
    return {
      role: s.role,
      facts,
      timer: election ? { label: 'election timeout', setAt: election.setAt, at: election.at } : null,
      colour: ROLE_COLOURS.find((r) => r.role === s.role)?.colour ?? 'var(--muted)',
      emphasis: s.role === 'leader',
    };
  },
  panels: [{ id: 'logs', title: 'Logs', Component: RaftLogs }],
  leader: (world) => leaderOf(world)?.id ?? null,
  faults: {
    node: ['crash', 'restart', 'pause', 'timeout', 'isolate'],
    timeoutLabel: 'Time out now: start an election',
    messages: true,
    partitions: true,
    network: true,
    client: {
      label: 'Client request',
      placeholder: 'x=1',
      hint: 'key=value writes to the log; "add S4", "remove S2" change the configuration; {"transferTo":"S3"} hands leadership over.',
    },
  },
  defaultSpeed: 0.1,
  opening: firstElection,
  cue(world) {
    const leader = leaderOf(world);
    if (!leader) {
      return 'The arcs are election timers: the first server whose arc runs out becomes a candidate and asks the others for their votes.';
    }
    return `${leader.id} leads term ${leader.currentTerm}: its heartbeats reset the others’ timers. Click ${leader.id} and crash it to see a new election.`;
  },
  roles: ROLE_COLOURS.filter((r) => r.role !== 'precandidate'),
  messageKinds: [
    { kind: 'RequestVote', colour: raftMessageColour('RequestVote') },
    { kind: 'AppendEntries', colour: raftMessageColour('AppendEntries') },
  ],
  messageColour: raftMessageColour,
  timerLegend: 'election timer',
};

export default raftPlugin;
