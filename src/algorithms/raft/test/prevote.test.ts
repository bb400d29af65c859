/** PreVote (dissertation, section 9.6), an option that is off by default. */
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../../sim/types';
import { raft } from '../index';
import { appendEntries, electedLeader, electionTimeout, logOf, messages, only, server } from './helpers';

const MS = 1000;

describe('PreVote, one server at a time', () => {
  it('a follower that times out asks for pre-votes without raising its term', () => {
    const s = server('S3', {
      preVote: true,
      persisted: { currentTerm: 2, votedFor: 'S1', log: logOf(1, 2) },
    });
    const fx = s.send(electionTimeout);
    expect(s.role).toBe('precandidate');
    expect(s.ctx.currentTerm).toBe(2);
    expect(s.ctx.votedFor).toBe('S1');
    expect(fx).not.toContainEqual({ type: 'persist' });
    for (const m of messages(fx)) {
      expect(m.message).toEqual({
        type: 'PreVote',
        term: 3,
        candidateId: 'S3',
        lastLogIndex: 2,
        lastLogTerm: 2,
      });
    }
  });

  it('becomes a candidate only with pre-votes from a majority', () => {
    const s = server('S3', { preVote: true });
    s.send(electionTimeout);
    s.send({ type: 'PreVoteResponse', term: 0, proposedTerm: 1, voteGranted: true, from: 'S1' });
    s.send({ type: 'PreVoteResponse', term: 0, proposedTerm: 1, voteGranted: false, from: 'S2' });
    expect(s.role).toBe('precandidate');
    const fx = s.send({ type: 'PreVoteResponse', term: 0, proposedTerm: 1, voteGranted: true, from: 'S4' });
    expect(s.role).toBe('candidate');
    expect(s.ctx.currentTerm).toBe(1);
    expect(messages(fx).filter((m) => m.message.type === 'RequestVote')).toHaveLength(4);
  });

  it('a voter grants a pre-vote without changing its term or vote', () => {
    const s = server('S2', { preVote: true });
    const fx = s.send({ type: 'PreVote', term: 5, candidateId: 'S3', lastLogIndex: 0, lastLogTerm: 0 });
    expect(only(fx, 'PreVoteResponse')).toMatchObject({ voteGranted: true, term: 0, proposedTerm: 5 });
    expect(s.ctx.currentTerm).toBe(0);
    expect(s.ctx.votedFor).toBeNull();
    expect(fx.some((e) => e.type === 'set-timer')).toBe(false);
  });

  it('refuses pre-votes while it hears from a leader, and grants again once the contact timer runs out', () => {
    const s = server('S2', { preVote: true });
    const heartbeat = s.send(appendEntries({ term: 1 }));
    expect(heartbeat).toContainEqual({ type: 'set-timer', name: 'leader-contact', duration: 150_000 });
    const ask = { type: 'PreVote' as const, term: 2, candidateId: 'S3', lastLogIndex: 0, lastLogTerm: 0 };
    expect(only(s.send(ask), 'PreVoteResponse').voteGranted).toBe(false);
    s.send({ type: 'timeout', timer: 'leader-contact' });
    expect(only(s.send(ask), 'PreVoteResponse').voteGranted).toBe(true);
  });

  it('refuses a stale log and a term that is not ahead; a leader always refuses', () => {
    const s = server('S2', {
      preVote: true,
      persisted: { currentTerm: 3, votedFor: null, log: logOf(1, 3) },
    });
    const refused = (m: { term: number; lastLogIndex: number; lastLogTerm: number }) =>
      only(s.send({ type: 'PreVote', candidateId: 'S3', ...m }), 'PreVoteResponse').voteGranted === false;
    expect(refused({ term: 4, lastLogIndex: 5, lastLogTerm: 2 })).toBe(true);
    expect(refused({ term: 3, lastLogIndex: 2, lastLogTerm: 3 })).toBe(true);
    expect(refused({ term: 4, lastLogIndex: 2, lastLogTerm: 3 })).toBe(false);
    const leader = electedLeader();
    const fx = leader.send({ type: 'PreVote', term: 9, candidateId: 'S3', lastLogIndex: 9, lastLogTerm: 9 });
    expect(only(fx, 'PreVoteResponse').voteGranted).toBe(false);
    expect(leader.role).toBe('leader');
  });

  it('changes nothing when switched off', () => {
    const s = server('S2');
    s.send(electionTimeout);
    expect(s.role).toBe('candidate');
    expect(
      s.send(appendEntries({ term: 1 })).some((e) => e.type === 'set-timer' && e.name === 'leader-contact'),
    ).toBe(false);
  });
});

describe('PreVote in a cluster', () => {
  const base = raft.scenarios.find((s) => s.id === 'prevote')?.scenario as Scenario;

  function outcome(preVote: boolean) {
    const run = raft.createRun({ ...base, params: { ...base.params, preVote } });
    run.seekTime(2250 * MS);
    const isolatedTerm = run.nodes().find((n) => n.id === 'S5')?.context.currentTerm ?? 0;
    run.seekTime(3000 * MS);
    const leaders = run.nodes().filter((n) => n.role === 'leader');
    return {
      isolatedTerm,
      leaders: leaders.map((n) => `${n.id}@${n.context.currentTerm}`),
      violations: run.violations(),
    };
  }

  it('keeps a partitioned follower from raising its term and deposing the leader on its return', () => {
    const withPreVote = outcome(true);
    expect(withPreVote.isolatedTerm).toBe(1);
    expect(withPreVote.leaders).toEqual(['S1@1']);
    expect(withPreVote.violations).toEqual([]);
    const without = outcome(false);
    expect(without.isolatedTerm).toBeGreaterThan(3);
    expect(without.leaders).not.toEqual(['S1@1']);
    expect(without.violations).toEqual([]);
  });
});

describe('PreVote narration', () => {
  it('says a precandidate that wins its pre-votes starts an election, not that it steps down', () => {
    const base = raft.scenarios.find((s) => s.id === 'prevote')?.scenario as Scenario;
    const run = raft.createRun({ ...base, params: { ...base.params, preVote: true } });
    run.seekTime(3000 * MS);
    const won = run
      .entries(0, run.length())
      .filter((e) => e.message?.kind === 'PreVoteResponse')
      .map((e) => e.narration)
      .filter((text) => text.includes('starts an election'));
    expect(won.length).toBeGreaterThan(0);
    for (const text of won) {
      expect(text).toMatch(/pre-vote: with a majority it may try, and starts an election for term \d+$/);
      expect(text).not.toMatch(/steps down|becomes a follower/);
    }
  });
});
