/**
 * Single-server membership changes (dissertation, chapter 4), asked for with the client payloads
 * { addServer } and { removeServer }: one server at a time, then in whole runs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Effect } from '../../../sim/spec';
import type { NodeId } from '../../../sim/types';
import { membershipVariation } from '../explore';
import { membershipRequest } from '../requests';
import { scenarios } from '../scenarios';
import type { LogEntry } from '../types';
import { appendEntries, electionTimeout, entry, messages, server } from './helpers';
import raft from '..';
import { raftParams } from '../params';

const MS = 1000;
let request = 500;

function configEntry(term: number, members: NodeId[]): LogEntry {
  return { term, command: { key: 'config', value: members.join(','), request: request++ }, config: members };
}

type Server = ReturnType<typeof server>;

function ack(s: Server, from: NodeId, matchIndex: number, prevLogIndex = 0): Effect[] {
  return s.send({
    type: 'AppendEntriesResponse',
    term: s.ctx.currentTerm,
    success: true,
    from,
    prevLogIndex,
    matchIndex,
    conflictIndex: 0,
    conflictTerm: null,
  });
}

function ask(s: Server, payload: unknown): Effect[] {
  return s.send({ type: 'client', request: request++, payload });
}

function sentTo(effects: Effect[], type: string): NodeId[] {
  return messages(effects)
    .filter((m) => m.message.type === type)
    .map((m) => m.to);
}

/** S1, leader of term 1 in a configuration of its own choosing, elected by `voters`. */
function leaderOf(members: NodeId[], voters: NodeId[], size = 5): Server {
  const s = server('S1', { size, members });
  s.send(electionTimeout);
  for (const v of voters) {
    if (s.role !== 'leader')
      s.send({ type: 'RequestVoteResponse', term: s.ctx.currentTerm, voteGranted: true, from: v });
  }
  return s;
}

/** A leader of all five servers that has committed one entry of its own term. */
function settledLeader(variant?: 'two-changes-at-once' | 'change-before-term-commit'): Server {
  const s = server('S1', variant ? { variant } : {});
  s.send(electionTimeout);
  s.send({ type: 'RequestVoteResponse', term: 1, voteGranted: true, from: 'S2' });
  s.send({ type: 'RequestVoteResponse', term: 1, voteGranted: true, from: 'S3' });
  ask(s, { key: 'x', value: '1' });
  ack(s, 'S2', 1);
  ack(s, 'S3', 1);
  expect(s.ctx.commitIndex).toBe(1);
  return s;
}

describe('a configuration is a log entry, used as soon as a server holds it', () => {
  it('a follower switches to a configuration it appends, though it is not committed', () => {
    const s = server('S2');
    s.send(appendEntries({ term: 1, entries: [entry(1), configEntry(1, ['S1', 'S2', 'S3'])] }));
    expect(s.ctx.members).toEqual(['S1', 'S2', 'S3']);
    expect(s.ctx.membersIndex).toBe(2);
    expect(s.ctx.commitIndex).toBe(0);
    // Its next election asks only the servers of that configuration.
    expect(sentTo(s.send(electionTimeout), 'RequestVote')).toEqual(['S1', 'S3']);
  });

  it('a truncation that removes the configuration entry goes back to the one before it', () => {
    const s = server('S2');
    const first = configEntry(1, ['S1', 'S2', 'S3', 'S4']);
    s.send(appendEntries({ term: 1, entries: [first, configEntry(1, ['S1', 'S2', 'S3'])] }));
    expect(s.ctx.members).toEqual(['S1', 'S2', 'S3']);
    // A leader of term 2 replaces index 2.
    s.send(appendEntries({ term: 2, leaderId: 'S4', prevLogIndex: 1, prevLogTerm: 1, entries: [entry(2)] }));
    expect(s.ctx.members).toEqual(['S1', 'S2', 'S3', 'S4']);
    expect(s.ctx.membersIndex).toBe(1);
    // And back to the initial configuration when no configuration entry is left.
    s.send(appendEntries({ term: 3, leaderId: 'S3', prevLogIndex: 0, prevLogTerm: 0, entries: [entry(3)] }));
    expect(s.ctx.members).toEqual(['S1', 'S2', 'S3', 'S4', 'S5']);
    expect(s.ctx.membersIndex).toBe(0);
  });

  it('entries after the configuration entry leave it in place', () => {
    const s = server('S2');
    s.send(appendEntries({ term: 1, entries: [configEntry(1, ['S1', 'S2', 'S3'])] }));
    const members = s.ctx.members;
    s.send(appendEntries({ term: 1, prevLogIndex: 1, prevLogTerm: 1, entries: [entry(1), entry(1)] }));
    expect(s.ctx.members).toBe(members);
    expect(s.ctx.membersIndex).toBe(1);
  });

  it('a restarted server reads its configuration from its log', () => {
    const log = [entry(1), configEntry(1, ['S2', 'S3', 'S4']), entry(1)];
    const s = server('S1', { persisted: { currentTerm: 1, votedFor: null, log } });
    expect(s.ctx.members).toEqual(['S2', 'S3', 'S4']);
    expect(s.ctx.membersIndex).toBe(2);
    expect(s.ctx.isMember).toBe(false);
  });

  it('the state machine skips configuration entries', () => {
    const s = server('S2');
    s.send(
      appendEntries({
        term: 1,
        entries: [entry(1, 'a'), configEntry(1, ['S1', 'S2', 'S3'])],
        leaderCommit: 2,
      }),
    );
    expect(s.ctx.lastApplied).toBe(2);
    expect(s.ctx.kv).toEqual({ x: 'a' });
  });
});

describe('majorities are counted over the configuration', () => {
  it('a candidate of {S1,S2,S3} among five servers asks two and wins with one more vote', () => {
    const s = server('S1', { members: ['S1', 'S2', 'S3'] });
    expect(sentTo(s.send(electionTimeout), 'RequestVote')).toEqual(['S2', 'S3']);
    s.send({ type: 'RequestVoteResponse', term: 1, voteGranted: true, from: 'S2' });
    expect(s.role).toBe('leader');
  });

  it('votes from servers outside the configuration do not count', () => {
    const s = server('S1', { members: ['S1', 'S2', 'S3'] });
    s.send(electionTimeout);
    s.send({ type: 'RequestVoteResponse', term: 1, voteGranted: true, from: 'S4' });
    s.send({ type: 'RequestVoteResponse', term: 1, voteGranted: true, from: 'S5' });
    expect(s.role).toBe('candidate');
  });

  it('the commit rule counts replicas of members only, and the leader replicates to members only', () => {
    const s = leaderOf(['S1', 'S2', 'S3'], ['S2']);
    const fx = ask(s, { key: 'x', value: '1' });
    expect(sentTo(fx, 'AppendEntries')).toEqual(['S2', 'S3']);
    ack(s, 'S4', 1);
    ack(s, 'S5', 1);
    expect(s.ctx.commitIndex).toBe(0);
    ack(s, 'S3', 1);
    expect(s.ctx.commitIndex).toBe(1);
  });
});

describe('a server outside its configuration', () => {
  it('starts no election when its timer fires, with or without PreVote: it waits to be contacted', () => {
    for (const preVote of [false, true]) {
      const s = server('S4', { members: ['S1', 'S2', 'S3'], preVote });
      const fx = s.send(electionTimeout);
      expect(s.role).toBe('follower');
      expect(s.ctx.currentTerm).toBe(0);
      expect(messages(fx)).toEqual([]);
    }
  });

  it('ignores TimeoutNow, yet answers a leader and grants votes (RPCs do not depend on the configuration)', () => {
    const s = server('S4', { members: ['S1', 'S2', 'S3'] });
    s.send({ type: 'TimeoutNow', term: 0, from: 'S1' });
    expect(s.role).toBe('follower');
    const vote = s.send({ type: 'RequestVote', term: 1, candidateId: 'S1', lastLogIndex: 0, lastLogTerm: 0 });
    expect(messages(vote)[0]?.message).toMatchObject({ type: 'RequestVoteResponse', voteGranted: true });
    const reply = s.send(appendEntries({ term: 1, entries: [entry(1)] }));
    expect(messages(reply)[0]?.message).toMatchObject({ type: 'AppendEntriesResponse', success: true });
  });

  it('becomes a member, and may then start elections, once a configuration naming it reaches its log', () => {
    const s = server('S4', { members: ['S1', 'S2', 'S3'] });
    s.send(appendEntries({ term: 1, entries: [configEntry(1, ['S1', 'S2', 'S3', 'S4'])] }));
    expect(s.ctx.isMember).toBe(true);
    s.send(electionTimeout);
    expect(s.role).toBe('candidate');
  });
});

describe('a leader changes the configuration one server at a time', () => {
  it('refuses a change until it has committed an entry of its own term (the 2015 fix)', () => {
    const s = leaderOf(['S1', 'S2', 'S3', 'S4'], ['S2', 'S3']);
    const refused = ask(s, { addServer: 'S5' });
    expect(messages(refused)).toEqual([]);
    expect(s.ctx.joining).toBeNull();
    ask(s, { key: 'x', value: '1' });
    ack(s, 'S2', 1);
    ack(s, 'S3', 1);
    const accepted = ask(s, { addServer: 'S5' });
    expect(sentTo(accepted, 'AppendEntries')).toEqual(['S5']);
    expect(s.ctx.joining).toMatchObject({ server: 'S5', until: 1 });
  });

  it('the broken variant changes the configuration before committing anything of its term', () => {
    const s = server('S1', { variant: 'change-before-term-commit' });
    s.send(electionTimeout);
    s.send({ type: 'RequestVoteResponse', term: 1, voteGranted: true, from: 'S2' });
    s.send({ type: 'RequestVoteResponse', term: 1, voteGranted: true, from: 'S3' });
    ask(s, { removeServer: 'S5' });
    expect(s.ctx.members).toEqual(['S1', 'S2', 'S3', 'S4']);
  });

  it('catches a new server up before adding it, then refuses a second change until the first commits', () => {
    const s = leaderOf(['S1', 'S2', 'S3', 'S4'], ['S2', 'S3']);
    ask(s, { key: 'x', value: '1' });
    ack(s, 'S2', 1);
    ack(s, 'S3', 1);
    ask(s, { addServer: 'S5' });
    // While S5 catches up, nothing else may change and S5 does not count.
    expect(messages(ask(s, { removeServer: 'S4' }))).toEqual([]);
    expect(s.ctx.members).toEqual(['S1', 'S2', 'S3', 'S4']);
    const joined = ack(s, 'S5', 1);
    expect(s.ctx.log[1]?.config).toEqual(['S1', 'S2', 'S3', 'S4', 'S5']);
    expect(s.ctx.members).toEqual(['S1', 'S2', 'S3', 'S4', 'S5']);
    expect(sentTo(joined, 'AppendEntries')).toEqual(['S2', 'S3', 'S4', 'S5']);
    expect(joined).toContainEqual({ type: 'cancel-timer', name: 'catch-up' });
    // The new configuration is not committed yet: a second change is refused.
    ask(s, { removeServer: 'S4' });
    expect(s.ctx.log).toHaveLength(2);
    // Committed by a majority of the new configuration (three of five), the next change may go.
    ack(s, 'S2', 2, 1);
    expect(s.ctx.commitIndex).toBe(1);
    ack(s, 'S5', 2, 1);
    expect(s.ctx.commitIndex).toBe(2);
    ask(s, { removeServer: 'S4' });
    expect(s.ctx.members).toEqual(['S1', 'S2', 'S3', 'S5']);
  });

  it('gives up adding a server that makes no progress for an election timeout', () => {
    const s = leaderOf(['S1', 'S2', 'S3', 'S4'], ['S2', 'S3']);
    ask(s, { key: 'x', value: '1' });
    ack(s, 'S2', 1);
    ack(s, 'S3', 1);
    const started = ask(s, { addServer: 'S5' });
    expect(started).toContainEqual({ type: 'set-timer', name: 'catch-up', duration: 300_000 });
    s.send({ type: 'timeout', timer: 'catch-up' });
    expect(s.ctx.joining).toBeNull();
    expect(s.ctx.members).toEqual(['S1', 'S2', 'S3', 'S4']);
    // Another change may be asked for now.
    ask(s, { removeServer: 'S4' });
    expect(s.ctx.members).toEqual(['S1', 'S2', 'S3']);
  });

  it('the broken variant starts a second change while the first is uncommitted', () => {
    const s = settledLeader('two-changes-at-once');
    ask(s, { removeServer: 'S5' });
    ask(s, { removeServer: 'S4' });
    expect(s.ctx.log.map((e) => e.config ?? null)).toEqual([
      null,
      ['S1', 'S2', 'S3', 'S4'],
      ['S1', 'S2', 'S3'],
    ]);
  });

  it('refuses changes that make no sense', () => {
    const s = settledLeader();
    for (const payload of [{ addServer: 'S9' }, { addServer: 'S3' }]) {
      ask(s, payload);
      expect(s.ctx.log).toHaveLength(1);
    }
    const single = leaderOf(['S1'], []);
    expect(single.role).toBe('leader');
    ask(single, { key: 'x', value: '1' });
    expect(single.ctx.commitIndex).toBe(1);
    ask(single, { removeServer: 'S1' });
    ask(single, { removeServer: 'S2' });
    expect(single.ctx.log).toHaveLength(1);
  });

  it('followers refuse changes and do not pass them on', () => {
    const s = server('S2');
    s.send(appendEntries({ term: 1 }));
    expect(messages(ask(s, { addServer: 'S5' }))).toEqual([]);
    expect(messages(ask(s, 'remove S3'))).toEqual([]);
  });

  it('a removed leader leads without counting itself, and steps down once that configuration commits', () => {
    const s = settledLeader();
    ask(s, { removeServer: 'S1' });
    expect(s.ctx.members).toEqual(['S2', 'S3', 'S4', 'S5']);
    expect(s.ctx.isMember).toBe(false);
    ack(s, 'S2', 2, 1);
    ack(s, 'S3', 2, 1);
    expect(s.ctx.commitIndex).toBe(1); // two of four, without S1's own copy
    expect(s.role).toBe('leader');
    const last = ack(s, 'S4', 2, 1);
    expect(s.ctx.commitIndex).toBe(2);
    expect(s.role).toBe('follower');
    expect(last).toContainEqual({ type: 'cancel-timer', name: 'heartbeat' });
    // Outside the cluster now: its election timer starts nothing.
    expect(messages(s.send(electionTimeout))).toEqual([]);
    expect(s.role).toBe('follower');
  });
});

describe('the request payloads', () => {
  it('read objects and the text typed into the command box', () => {
    expect(membershipRequest({ addServer: 'S4' })).toEqual({ change: 'add', server: 'S4' });
    expect(membershipRequest({ removeServer: 'S2' })).toEqual({ change: 'remove', server: 'S2' });
    expect(membershipRequest('add S4')).toEqual({ change: 'add', server: 'S4' });
    expect(membershipRequest(' Remove S2 ')).toEqual({ change: 'remove', server: 'S2' });
    for (const other of ['x=1', 'add', { key: 'x', value: '1' }, { addServer: 4 }, null, ['add S4']]) {
      expect(membershipRequest(other)).toBeNull();
    }
  });

  it('a parameter says how many servers start outside the configuration', () => {
    expect(raftParams.parse({ nodes: 4, outside: 1 }).outside).toBe(1);
    expect(raftParams.parse({}).outside).toBe(0);
    expect(() => raftParams.parse({ nodes: 3, outside: 3 })).toThrow(/params\.outside/);
    expect(raftParams.parse({ variant: 'two-changes-at-once' }).variant).toBe('two-changes-at-once');
  });
});

function named(id: string) {
  const found = scenarios.find((s) => s.id === id);
  if (!found) throw new Error(`no scenario ${id}`);
  return found;
}

function runNamed(id: string, params: Record<string, unknown> = {}) {
  const { scenario, until } = named(id);
  const run = raft.createRun({ ...scenario, params: { ...scenario.params, ...params } });
  run.seekTime(until ?? 2000 * MS);
  return run;
}

function narration(run: ReturnType<typeof runNamed>): string[] {
  return run.entries(0, run.length()).map((e) => e.narration);
}

describe('membership changes in a cluster', () => {
  it('adding a server: S4 waits outside, catches up, joins, and counts from then on', () => {
    const run = runNamed('add-server');
    expect(run.violations()).toEqual([]);
    const nodes = run.nodes();
    for (const n of nodes) {
      expect(n.context.members).toEqual(['S1', 'S2', 'S3', 'S4']);
      expect(n.context.commitIndex).toBeGreaterThanOrEqual(n.context.membersIndex);
    }
    const s1 = nodes.find((n) => n.id === 'S1');
    const s4 = nodes.find((n) => n.id === 'S4');
    expect(s4?.context.kv).toEqual(s1?.context.kv);
    expect(Object.keys(s1?.context.kv ?? {})).toEqual(['x', 'y']);
    const text = narration(run);
    expect(text.some((t) => /S4's election timer fires, but S4 is not in its configuration/.test(t))).toBe(
      true,
    );
    expect(text.some((t) => /brings S4's log up to index 4/.test(t))).toBe(true);
    expect(text.some((t) => /S1 appends configuration \{S1,S2,S3,S4\} at index 5/.test(t))).toBe(true);
    expect(text.some((t) => /configuration \{S1,S2,S3,S4\} at index 5 is now committed/.test(t))).toBe(true);
  });

  it('removing a follower: with PreVote the removed server never disturbs the leader; without, it does', () => {
    const calm = runNamed('remove-follower');
    expect(calm.violations()).toEqual([]);
    const s1 = calm.nodes().find((n) => n.id === 'S1');
    expect(s1?.role).toBe('leader');
    expect(Math.max(...calm.nodes().map((n) => n.context.currentTerm))).toBe(1);
    expect(s1?.context.members).toEqual(['S1', 'S3', 'S4', 'S5']);
    expect(s1?.context.kv['y']).toBe('6');
    const text = narration(calm);
    expect(text.some((t) => /S3 refuses S2's pre-vote: it heard from leader S1/.test(t))).toBe(true);

    const disrupted = runNamed('remove-follower', { preVote: false });
    expect(disrupted.violations()).toEqual([]);
    expect(Math.max(...disrupted.nodes().map((n) => n.context.currentTerm))).toBeGreaterThan(1);
  });

  it('removing the leader: S1 steps down once {S2,S3,S4,S5} commits and never stands again', () => {
    const run = runNamed('remove-leader');
    expect(run.violations()).toEqual([]);
    const nodes = run.nodes();
    const s1 = nodes.find((n) => n.id === 'S1');
    expect(s1?.role).toBe('follower');
    expect(s1?.context.isMember).toBe(false);
    const leaders = nodes.filter((n) => n.role === 'leader');
    expect(leaders).toHaveLength(1);
    expect(leaders[0]?.id).not.toBe('S1');
    expect(leaders[0]?.context.kv['y']).toBe('4');
    // After the removal, S1 sends no vote or pre-vote request.
    const removal = run.entries(0, run.length()).findIndex((e) => /to remove S1/.test(e.narration));
    expect(removal).toBeGreaterThan(0);
    const asked = run
      .entries(removal, run.length())
      .filter((e) => e.node === 'S1' && e.sent.length > 0 && /election|pre-vote/.test(e.narration));
    expect(asked).toEqual([]);
  });
});

describe('the broken variants are caught', () => {
  it('two changes at once: two leaders of one term, and only with the broken rule', () => {
    const broken = runNamed('two-changes-at-once');
    const found = broken.violations().map((v) => v.invariant);
    expect(found).toContain('Election Safety');
    expect(broken.violations().find((v) => v.invariant === 'Election Safety')?.detail).toMatch(
      /S4 became leader of term 2, but S2 was already elected leader of term 2/,
    );
    const correct = runNamed('two-changes-at-once', { variant: 'correct' });
    expect(correct.violations()).toEqual([]);
    expect(
      narration(correct).some((t) => /refuses to add S5: it is still bringing S4 up to date/.test(t)),
    ).toBe(true);
  });

  it('a change before a commit of the leader’s term: a committed configuration is lost', () => {
    const broken = runNamed('change-before-term-commit');
    expect(broken.firstViolation()?.invariant).toBe('Leader Completeness');
    expect(broken.violations().map((v) => v.invariant)).toContain('State Machine Safety');
    const correct = runNamed('change-before-term-commit', { variant: 'correct' });
    expect(correct.violations()).toEqual([]);
    expect(
      narration(correct).some((t) => /S2 refuses to remove S1: it has not yet committed an entry/.test(t)),
    ).toBe(true);
  });

  it('on every variation of both scripts (other seeds, latencies and timings), and never with the paper’s rules', () => {
    for (const script of ['two-changes-at-once', 'change-before-term-commit'] as const) {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 2 ** 30 }), (seed) => {
          const broken = raft.createRun(membershipVariation(seed, script, script), { narrate: false });
          broken.runUntil(1600 * MS);
          expect(broken.firstViolation()).not.toBeNull();
          const correct = raft.createRun(membershipVariation(seed, script, 'correct'), { narrate: false });
          correct.runUntil(1600 * MS);
          expect(correct.firstViolation()).toBeNull();
        }),
        { numRuns: 40, seed: script.length },
      );
    }
  });
});

describe('what the views get', () => {
  it('each server’s configuration once membership is in play, and the old shape in runs without it', () => {
    const plain = runNamed('replication');
    for (const n of plain.view().nodes) {
      expect(n.state.members).toBeUndefined();
      expect(n.state.isMember).toBeUndefined();
      expect(n.state.config.initialMembers).toBeUndefined();
      expect(n.state.log.length).toBeGreaterThan(0);
    }
    const start = raft.createRun(named('add-server').scenario);
    start.seekTime(5 * MS);
    const s4 = start.view().nodes.find((n) => n.id === 'S4');
    expect(s4?.state.members).toEqual(['S1', 'S2', 'S3']);
    expect(s4?.state.isMember).toBe(false);
    const added = runNamed('add-server');
    for (const n of added.view().nodes) expect(n.state.members).toEqual(['S1', 'S2', 'S3', 'S4']);
  });
});
