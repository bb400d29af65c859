/**
 * Named scenarios the article links to as `#scenario=<id>`. The scripted ones force the moments
 * the paper describes (crashes, restarts, partitions, client requests, forced timeouts) at fixed
 * times, with election timeouts long enough that no timer fires on its own in between.
 */
import { atMs as at, scenarioBuilder } from '../../sim/scenario';
import type { Action, NamedScenario, Scenario, TimedAction } from '../../sim/types';
import { raftParams, type RaftParams } from './params';

const MS = 1000;

/** A Raft scenario: the default parameters with some changed, and its actions. */
export const raftScenario = scenarioBuilder('raft', raftParams.defaults);
const raft = raftScenario;

function set(node: string, key: string, value: string | number): Action {
  return { type: 'client', node, payload: { key, value: String(value) } };
}

/** Long election timeouts: only the scripted, forced timeouts start elections. */
const scripted: Partial<RaftParams> = { electionTimeoutMin: 5000, electionTimeoutMax: 10000 };

/**
 * Figure 8 of the paper, states (a) to (c); the two endings go on from here.
 * Index 1 holds a term-1 entry on every server first.
 */
export function figure8Prefix(): TimedAction[] {
  return [
    // Index 1, term 1, everywhere: S1 leads term 1 and replicates x=1 to all.
    at(10, { type: 'timeout', node: 'S1' }),
    at(100, set('S1', 'x', 1)),
    // (a) S1 leads term 2 and replicates index 2 (term 2) to S2 only.
    at(400, { type: 'crash', node: 'S1' }),
    at(420, { type: 'restart', node: 'S1' }),
    at(440, { type: 'timeout', node: 'S1' }),
    at(550, {
      type: 'partition',
      groups: [
        ['S1', 'S2'],
        ['S3', 'S4', 'S5'],
      ],
    }),
    at(600, set('S1', 'x', 2)),
    // (b) S1 crashes; S5 wins term 3 with S3, S4 and itself (S2 refuses: its log is more up to date).
    at(750, { type: 'crash', node: 'S1' }),
    at(760, { type: 'heal' }),
    at(800, { type: 'timeout', node: 'S5' }),
    // S1 restarts and learns term 3 (and commitIndex 1) from S5's heartbeats.
    at(900, { type: 'restart', node: 'S1' }),
    // S5 appends a different index 2 (term 3) but replicates it to nobody, then crashes.
    at(1000, { type: 'partition', groups: [['S1', 'S2', 'S3'], ['S4'], ['S5']] }),
    at(1050, set('S5', 'x', 3)),
    at(1100, { type: 'crash', node: 'S5' }),
    // (c) S1 wins term 4 with votes from S2 and S3, then replicates index 2 (term 2) to S3:
    // index 2 sits on a majority, yet S1 must not count it as committed.
    at(1150, { type: 'timeout', node: 'S1' }),
    // S1 appends index 3 (term 4).
    at(1300, set('S1', 'x', 4)),
  ];
}

/** Ending (d): S1 crashes before index 3 leaves it; S5 wins term 5 and overwrites index 2. */
export function figure8Overwritten(variant: RaftParams['variant'] = 'correct'): Scenario {
  const prefix = figure8Prefix();
  // Cut S1 off just before it appends index 3, so that the entry reaches nobody.
  prefix.splice(
    prefix.length - 1,
    0,
    at(1290, { type: 'partition', groups: [['S1'], ['S2', 'S3'], ['S4'], ['S5']] }),
  );
  return raft({ ...scripted, variant }, [
    ...prefix,
    at(1320, { type: 'crash', node: 'S1' }),
    at(1350, { type: 'heal' }),
    at(1360, { type: 'restart', node: 'S5' }),
    // S5 moves to term 4, where S2 and S3 already voted for S1: it only gets S4.
    at(1400, { type: 'timeout', node: 'S5' }),
    // Term 5: S2, S3 and S4 vote for S5 (its last log term, 3, beats their 2).
    at(1500, { type: 'timeout', node: 'S5' }),
    at(1700, set('S5', 'y', 5)),
    at(1900, { type: 'restart', node: 'S1' }),
  ]);
}

/** Ending (e): S1 replicates index 3 (term 4) to S2 and S3 first, which commits index 2 too. */
export function figure8Committed(variant: RaftParams['variant'] = 'correct'): Scenario {
  return raft({ ...scripted, variant }, [
    ...figure8Prefix(),
    at(1400, { type: 'crash', node: 'S1' }),
    at(1450, { type: 'heal' }),
    at(1460, { type: 'restart', node: 'S5' }),
    // S5 cannot win: S2 and S3 hold an entry of term 4, more up to date than S5's last term 3.
    at(1500, { type: 'timeout', node: 'S5' }),
    at(1600, { type: 'timeout', node: 'S5' }),
    // S2 wins instead, and holds both entries.
    at(1800, { type: 'timeout', node: 'S2' }),
    at(1900, set('S2', 'y', 6)),
    at(2000, { type: 'restart', node: 'S1' }),
  ]);
}

function clientEvery(
  node: string | undefined,
  fromMs: number,
  toMs: number,
  everyMs: number,
  key = 'x',
): TimedAction[] {
  const out: TimedAction[] = [];
  let n = 1;
  for (let t = fromMs; t <= toMs; t += everyMs, n++) {
    const action: Action = { type: 'client', payload: { key, value: String(n) } };
    if (node) action.node = node;
    out.push(at(t, action));
  }
  return out;
}

function change(node: string | undefined, request: 'addServer' | 'removeServer', server: string): Action {
  const action: Action = { type: 'client', payload: { [request]: server } };
  if (node) action.node = node;
  return action;
}

/**
 * Two changes at once (the broken variant): S1, in {S1,S2,S3}, adds S4 and then S5 before the
 * first change commits. A partition keeps both new configurations away from S2 and S3. The
 * majorities {S2,S3} of the old configuration and {S1,S4,S5} of the last one share no server, so
 * each side elects its own leader of term 2.
 */
export function twoChangesAtOnce(variant: RaftParams['variant'] = 'two-changes-at-once'): Scenario {
  return raft({ ...scripted, nodes: 5, outside: 2, variant }, [
    at(10, { type: 'timeout', node: 'S1' }),
    // S1 commits an entry of its term first, so only the one-change-at-a-time rule is at stake.
    at(100, set('S1', 'x', 1)),
    at(300, {
      type: 'partition',
      groups: [
        ['S1', 'S4', 'S5'],
        ['S2', 'S3'],
      ],
    }),
    at(400, change('S1', 'addServer', 'S4')),
    at(410, change('S1', 'addServer', 'S5')),
    at(700, { type: 'timeout', node: 'S2' }),
    at(700, { type: 'timeout', node: 'S4' }),
  ]);
}

/**
 * The bug published in 2015 and its fix. S1, leader of term 1 in {S1,S2,S3,S4}, starts adding S5
 * while cut off with it: configuration {S1,...,S5} reaches S5 only. S2 wins term 2 and, before
 * committing anything of its own term, removes S1; {S2,S3,S4} commits on S2 and S3. S1 then wins
 * term 3 with S4 and S5, a majority of its own configuration, without the committed entry.
 */
export function changeBeforeTermCommit(
  variant: RaftParams['variant'] = 'change-before-term-commit',
): Scenario {
  return raft({ ...scripted, nodes: 5, outside: 1, variant }, [
    at(10, { type: 'timeout', node: 'S1' }),
    at(100, set('S1', 'x', 1)),
    at(300, {
      type: 'partition',
      groups: [
        ['S1', 'S5'],
        ['S2', 'S3', 'S4'],
      ],
    }),
    at(400, change('S1', 'addServer', 'S5')),
    at(600, { type: 'timeout', node: 'S2' }),
    at(700, {
      type: 'partition',
      groups: [
        ['S2', 'S3'],
        ['S1', 'S4', 'S5'],
      ],
    }),
    at(800, change('S2', 'removeServer', 'S1')),
    at(1000, { type: 'timeout', node: 'S1' }),
    at(1100, set('S1', 'y', 2)),
    at(1300, { type: 'heal' }),
  ]);
}

export const scenarios: NamedScenario[] = [
  {
    id: 'election',
    title: 'A first election',
    description:
      'Five servers start as followers with random election timeouts. The first to time out becomes a candidate, asks for votes, and with a majority becomes leader; its heartbeats keep the others from starting elections of their own.',
    scenario: raft({}, [], 7),
    until: 1000 * MS,
  },
  {
    id: 'replication',
    title: 'Log replication',
    description:
      'Once a leader is elected, clients send it commands. The leader appends each to its log, replicates it with AppendEntries, and commits it once a majority holds it; followers learn the commit index from the next message and apply the entry.',
    scenario: raft({}, [...clientEvery(undefined, 500, 1500, 100)], 3),
    until: 2000 * MS,
  },
  {
    id: 'leader-crash',
    title: 'The leader crashes',
    description:
      'S1 leads and commits a few entries, then crashes. The followers stop hearing heartbeats; one times out, wins a new term and carries on with every committed entry. When S1 comes back it finds a higher term and becomes a follower.',
    scenario: raft(
      {},
      [
        at(10, { type: 'timeout', node: 'S1' }),
        ...clientEvery(undefined, 200, 800, 100),
        at(1000, { type: 'crash', node: 'S1' }),
        ...clientEvery(undefined, 1600, 2000, 100, 'y'),
        at(2200, { type: 'restart', node: 'S1' }),
      ],
      11,
    ),
    until: 2600 * MS,
  },
  {
    id: 'partition-minority-leader',
    title: 'A leader cut off in a minority',
    description:
      'S1 leads until a partition leaves it with S2 only. It keeps accepting client requests, but they never commit: it cannot reach a majority. The three others elect a leader in a higher term and commit new entries. When the network heals, S1 sees the higher term, steps down, and its uncommitted entries are replaced: all logs end identical.',
    scenario: raft(
      {},
      [
        at(10, { type: 'timeout', node: 'S1' }),
        ...clientEvery('S1', 200, 400, 100),
        at(600, {
          type: 'partition',
          groups: [
            ['S1', 'S2'],
            ['S3', 'S4', 'S5'],
          ],
        }),
        ...clientEvery('S1', 700, 900, 100, 'lost'),
        ...clientEvery(undefined, 1400, 1800, 100, 'y'),
        at(2200, { type: 'heal' }),
      ],
      5,
    ),
    until: 2800 * MS,
  },
  {
    id: 'split-vote',
    title: 'A split vote',
    description:
      'Four servers; S1 and S2 time out together. S3 hears S1 first and S4 hears S2 first, so each candidate has two votes of four: nobody wins term 1. Their election timers, drawn afresh at random, fire at different moments, and the earlier one wins the next term.',
    scenario: raft(
      { nodes: 4, electionTimeoutMin: 150, electionTimeoutMax: 300 },
      [
        at(0, { type: 'set-link-latency', from: 'S1', to: 'S3', min: 2000, max: 3000 }),
        at(0, { type: 'set-link-latency', from: 'S2', to: 'S4', min: 2000, max: 3000 }),
        at(0, { type: 'set-link-latency', from: 'S1', to: 'S4', min: 20000, max: 25000 }),
        at(0, { type: 'set-link-latency', from: 'S2', to: 'S3', min: 20000, max: 25000 }),
        at(50, { type: 'timeout', node: 'S1' }),
        at(50, { type: 'timeout', node: 'S2' }),
      ],
      2,
    ),
    until: 1200 * MS,
  },
  {
    id: 'figure-8-overwritten',
    title: 'Figure 8, ending (d): an entry on a majority is overwritten',
    description:
      'The paper’s Figure 8. S1, leader of term 4, gets its term-2 entry at index 2 onto a majority, but a leader may only count replicas for entries of its own term, so index 2 is not committed. S1 crashes; S5, whose last entry is from term 3, wins term 5 and overwrites index 2 everywhere. That is allowed, precisely because index 2 never committed. Switch the commit rule to the broken variant to see the invariant checker catch the difference.',
    scenario: figure8Overwritten(),
    until: 2300 * MS,
  },
  {
    id: 'figure-8-committed',
    title: 'Figure 8, ending (e): committed through a current-term entry',
    description:
      'The same start as ending (d), but S1 first replicates its term-4 entry at index 3 to S2 and S3. Now index 3 commits, and index 2 with it. S5 can no longer win an election: a majority holds a more up-to-date log. S2 wins instead, and every later leader holds both entries.',
    scenario: figure8Committed(),
    until: 2400 * MS,
  },
  {
    id: 'lagging-follower',
    title: 'A lagging follower catches up',
    description:
      'S5 is down while S1 commits many entries; then S2 takes over as leader, knowing nothing of how far S5 got. When S5 returns, S2’s first AppendEntries does not match its log; S5 refuses with a hint about where its log ends, S2 moves nextIndex back in one step and sends the missing entries in batches until S5 holds the whole log.',
    scenario: raft(
      { batchSize: 4 },
      [
        at(10, { type: 'timeout', node: 'S1' }),
        at(300, { type: 'crash', node: 'S5' }),
        ...clientEvery('S1', 400, 1400, 50),
        at(1500, { type: 'timeout', node: 'S2' }),
        at(1600, { type: 'restart', node: 'S5' }),
        ...clientEvery('S2', 1700, 1800, 50, 'y'),
      ],
      9,
    ),
    until: 2300 * MS,
  },
  {
    id: 'prevote',
    title: 'PreVote: a partitioned follower rejoins quietly',
    description:
      'S5 is cut off for two seconds. With PreVote on, each time its election timer fires it only asks for pre-votes, which nobody can answer, so its term never moves. When the partition heals, S1 carries on as leader as if nothing happened. Turn PreVote off to compare: S5 raises its term again and again, and on healing its higher term forces S1 to step down.',
    scenario: raft(
      { preVote: true },
      [
        at(10, { type: 'timeout', node: 'S1' }),
        at(300, { type: 'partition', groups: [['S5'], ['S1', 'S2', 'S3', 'S4']] }),
        ...clientEvery('S1', 400, 2000, 200),
        at(2300, { type: 'heal' }),
      ],
      4,
    ),
    until: 3000 * MS,
  },
  {
    id: 'add-server',
    title: 'Adding a server',
    description:
      'S4 starts outside the configuration {S1,S2,S3}: it starts no elections and waits. Once S1 leads and has committed an entry of its own term, it is asked to add S4. It first copies its log to S4, which does not vote yet, then appends the configuration {S1,S2,S3,S4} as an ordinary log entry and uses it at once, committed or not. From then on a majority is three of four.',
    scenario: raft(
      { nodes: 4, outside: 1 },
      [
        at(10, { type: 'timeout', node: 'S1' }),
        ...clientEvery('S1', 100, 400, 100),
        at(450, change(undefined, 'addServer', 'S4')),
        ...clientEvery(undefined, 700, 1000, 100, 'y'),
      ],
      6,
    ),
    until: 1400 * MS,
  },
  {
    id: 'remove-follower',
    title: 'Removing a follower',
    description:
      'S1 leads five servers and is asked to remove S2. It appends {S1,S3,S4,S5} and stops sending to S2, which never learns that it was removed. PreVote, on here, keeps S2 from disrupting the cluster: its requests for pre-votes are refused by servers that hear from the leader. Turn PreVote off to see S2 raise its term and depose S1 again and again.',
    scenario: raft(
      { preVote: true },
      [
        at(10, { type: 'timeout', node: 'S1' }),
        ...clientEvery('S1', 100, 300, 100),
        at(400, change(undefined, 'removeServer', 'S2')),
        ...clientEvery(undefined, 600, 1600, 200, 'y'),
      ],
      8,
    ),
    until: 2000 * MS,
  },
  {
    id: 'remove-leader',
    title: 'Removing the leader',
    description:
      'S1 is asked to remove itself. It appends {S2,S3,S4,S5} and goes on leading without counting its own copy; as soon as that configuration is committed, S1 steps down and, being outside the cluster, starts no more elections. The other four elect a new leader among themselves.',
    scenario: raft(
      { preVote: true },
      [
        at(10, { type: 'timeout', node: 'S1' }),
        ...clientEvery('S1', 100, 300, 100),
        at(400, change('S1', 'removeServer', 'S1')),
        ...clientEvery(undefined, 1000, 1600, 200, 'y'),
      ],
      12,
    ),
    until: 2000 * MS,
  },
  {
    id: 'two-changes-at-once',
    title: 'Broken: two configuration changes at once',
    description:
      'With the broken rule that lets a leader start a second change before the first commits, S1 adds S4 and then S5 while a partition keeps S2 and S3 on the old configuration {S1,S2,S3}. A majority of the old configuration (S2, S3) and one of the newest (S1, S4, S5) share no server: both sides elect a leader of term 2, and the checker reports it. Switch the rules to the paper’s: the second change is refused and only one side can elect a leader.',
    scenario: twoChangesAtOnce(),
    until: 1200 * MS,
  },
  {
    id: 'change-before-term-commit',
    title: 'Broken: a change before the leader commits in its term',
    description:
      'The bug found in single-server changes in 2015. S1 starts adding S5 but reaches only S5; S2 wins term 2 and at once removes S1, which commits on S2 and S3. S1 then wins term 3 with S4 and S5 and lacks that committed entry. With the paper’s rules S2 must first commit an entry of term 2, which would have to reach S4 as well, and S4 would then refuse to vote for S1.',
    scenario: changeBeforeTermCommit(),
    until: 1600 * MS,
  },
];
