import type { DemoPlugin } from '../../plugin/plugin';
import type { WorldView } from '../../sim/types';
import { raftMessageColour, ROLE_COLOURS } from './colours';
import RaftLogs from './RaftLogs';
import { readRaftServer } from './raftState';

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
  leader(world: WorldView) {
    const leaders = world.nodes
      .filter((n) => n.up)
      .map(readRaftServer)
      .filter((s) => s.role === 'leader')
      .sort((a, b) => b.currentTerm - a.currentTerm);
    return leaders[0]?.id ?? null;
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
