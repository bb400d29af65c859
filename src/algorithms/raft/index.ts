/** Raft, as the player, the command line and the explorer load it. */
import { defineAlgorithm } from '../../sim/module';
import { raftSpec } from './cluster';
import { RAFT_MESSAGES } from './messages';
import { translator } from '../../sim/i18n';
import { membershipRequest, toCommand, transferTarget } from './requests';
import { GENERATORS, scenarioFor, type Generator } from './explore';
import { raftParams, VARIANTS } from './params';
import { scenarios } from './scenarios';
import type { LogEntry, RaftContext, RaftParams, RaftView } from './types';

const MS = 1000;
/** Raft's words in English, for chapter titles asked for without a language. */
const ENGLISH = translator('en', RAFT_MESSAGES);

const GENERATOR_INFO: Record<Generator, { title: string; description: string; horizonMs: number }> = {
  swarm: {
    title: 'Swarm: each run its own mix of faults',
    description:
      'Each run draws which kinds of fault happen and how often: crashes, partitions, isolation, time-outs, pauses, clock rates, loss, transfers, membership changes.',
    horizonMs: 1500,
  },
  'membership-scripts': {
    title: 'The published membership counterexamples, jittered',
    description:
      'The two configuration-change scripts (two changes at once; a change before the term’s first commit) under other seeds, latencies and shifts.',
    horizonMs: 1500,
  },
  random: {
    title: 'Random faults and client requests',
    description:
      'Three or five servers; crashes, partitions, pauses, forced time-outs, clock rates, loss, duplication and leadership transfers at random moments.',
    horizonMs: 1500,
  },
  'figure-8': {
    title: 'Figure 8, replayed with jittered timings',
    description: 'The paper’s Figure 8 script under other seeds, latencies and small shifts of its moments.',
    horizonMs: 2300,
  },
  membership: {
    title: 'Random faults with servers added and removed',
    description:
      'The random schedule, with up to two servers starting outside and operators adding and removing servers.',
    horizonMs: 1500,
  },
};

export const raft = defineAlgorithm<RaftContext, RaftView, RaftParams>({
  id: 'raft',
  title: 'Raft',
  summary:
    'Leader election and log replication as in Figure 2 of the paper, with PreVote, leadership transfer and single-server membership changes.',
  nodeNoun: { one: 'server', many: 'servers' },
  params: raftParams,
  spec: () => raftSpec,
  scenarios,
  invariants: [
    {
      id: 'election-safety',
      name: 'Election Safety',
      description: 'At most one leader is elected in a given term.',
    },
    {
      id: 'leader-append-only',
      name: 'Leader Append-Only',
      description: 'A leader never overwrites or deletes entries in its log.',
    },
    {
      id: 'log-matching',
      name: 'Log Matching',
      description: 'Two logs with an entry of the same index and term are identical up to that index.',
    },
    {
      id: 'leader-completeness',
      name: 'Leader Completeness',
      description: 'An entry committed in a term is in the logs of the leaders of all later terms.',
    },
    {
      id: 'state-machine-safety',
      name: 'State Machine Safety',
      description: 'No two servers apply different entries at the same index.',
    },
  ],
  variants: VARIANTS,
  messages: RAFT_MESSAGES,
  exploration: {
    generators: GENERATORS.map((id) => ({
      id,
      title: GENERATOR_INFO[id].title,
      description: GENERATOR_INFO[id].description,
      scenario: (seed, { params, horizon, fast }) =>
        scenarioFor(seed, id, params.variant, horizon / MS, fast),
    })),
    horizon: (generator) => (GENERATOR_INFO[generator as Generator]?.horizonMs ?? 1500) * MS,
    sizeParams: ['nodes'],
  },
  // Beside Multi-Paxos on one fault schedule: a request counts as committed once some server's commitIndex covers it.
  comparison: {
    with: ['paxos'],
    committed: (world) => {
      const seen = new Set<number>();
      for (const node of world.nodes) {
        const s = node.state as RaftView;
        for (let i = 0; i < s.commitIndex && i < s.log.length; i++)
          seen.add((s.log[i] as LogEntry).command.request);
      }
      return [...seen];
    },
  },
  requestTitle(payload, node, t = ENGLISH) {
    const change = membershipRequest(payload);
    if (change)
      return t(change.change === 'add' ? 'raft.title.add' : 'raft.title.remove', { server: change.server });
    const target = transferTarget(payload);
    if (target !== null) return t('raft.title.transfer', { target });
    const { key, value } = toCommand(payload, 0);
    const command = `${key}=${value}`;
    return node ? t('raft.title.write-at', { command, node }) : t('raft.title.write', { command });
  },
  describeNode(node) {
    const s = node.state;
    return `currentTerm=${s.currentTerm} votedFor=${JSON.stringify(s.votedFor)} commitIndex=${s.commitIndex} lastApplied=${s.lastApplied} log=[${s.log.map((e) => e.term).join(',')}]`;
  },
});

export default raft;
export { raftParams, VARIANTS } from './params';
export type { RaftContext, RaftView, RaftParams, LogEntry, RaftMessage } from './types';
export type RaftRun = ReturnType<typeof raft.createRun>;
