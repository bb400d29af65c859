import type { DemoPlugin } from '../../components/demo/plugin';
import type { WorldView } from '../../sim/types';
import { messageColour } from '../colours';
import RaftLogs from './RaftLogs';
import { readRaftServer } from './raftState';

/** Raft's views for the shared player, with names as in the paper's Figure 2. */
export const raftPlugin: DemoPlugin = {
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
    };
  },
  panels: [{ id: 'logs', title: 'Logs', Component: RaftLogs }],
  invariants: [
    { name: 'Election Safety', description: 'At most one leader is elected in a given term.' },
    { name: 'Leader Append-Only', description: 'A leader never overwrites or deletes entries in its log.' },
    {
      name: 'Log Matching',
      description: 'Two logs with an entry of the same index and term are identical up to that index.',
    },
    {
      name: 'Leader Completeness',
      description: 'An entry committed in a term is in the logs of the leaders of all later terms.',
    },
    {
      name: 'State Machine Safety',
      description: 'No two servers apply different entries at the same index.',
    },
  ],
  leader(world: WorldView) {
    const leaders = world.nodes
      .filter((n) => n.up)
      .map(readRaftServer)
      .filter((s) => s.role === 'leader')
      .sort((a, b) => b.currentTerm - a.currentTerm);
    return leaders[0]?.id ?? null;
  },
  roles: [
    { role: 'follower', colour: 'var(--muted)' },
    { role: 'candidate', colour: 'var(--warn)' },
    { role: 'leader', colour: 'var(--accent)' },
  ],
  messageKinds: [
    { kind: 'RequestVote', colour: messageColour('RequestVote') },
    { kind: 'AppendEntries', colour: messageColour('AppendEntries') },
  ],
};
