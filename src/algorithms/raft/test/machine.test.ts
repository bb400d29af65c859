/**
 * One server at a time, against the numbered behaviours of reference/raft.md and Figure 2.
 */
import { describe, expect, it } from 'vitest';
import type { RaftNote } from '../notes';
import {
  appendEntries,
  electedLeader,
  electionTimeout,
  entry,
  logOf,
  messages,
  only,
  server,
} from './helpers';

describe('1. terms: a higher term is adopted, a stale one refused', () => {
  it('a leader that sees a higher term in a response adopts it and becomes a follower', () => {
    const s = electedLeader();
    expect(s.role).toBe('leader');
    const fx = s.send({
      type: 'AppendEntriesResponse',
      term: 7,
      success: false,
      from: 'S3',
      prevLogIndex: 0,
      matchIndex: 0,
      conflictIndex: 0,
      conflictTerm: null,
    });
    expect(s.role).toBe('follower');
    expect(s.ctx.currentTerm).toBe(7);
    expect(s.ctx.votedFor).toBeNull();
    expect(fx).toContainEqual({ type: 'persist' });
    expect(fx).toContainEqual({ type: 'cancel-timer', name: 'heartbeat' });
  });

  it('a candidate that sees a higher-term vote request steps down and may grant it', () => {
    const s = server('S1');
    s.send(electionTimeout);
    expect(s.role).toBe('candidate');
    const fx = s.send({ type: 'RequestVote', term: 5, candidateId: 'S2', lastLogIndex: 0, lastLogTerm: 0 });
    expect(s.role).toBe('follower');
    expect(s.ctx.currentTerm).toBe(5);
    expect(only(fx, 'RequestVoteResponse')).toMatchObject({ term: 5, voteGranted: true });
  });

  it('a follower adopts a higher term seen in any message', () => {
    const s = server('S2');
    s.send({ type: 'RequestVoteResponse', term: 4, voteGranted: false, from: 'S3' });
    expect(s.ctx.currentTerm).toBe(4);
    expect(s.role).toBe('follower');
  });

  it('refuses stale requests with its own current term', () => {
    const s = server('S2');
    s.send(appendEntries({ term: 3 }));
    const ae = s.send(appendEntries({ term: 2, entries: [entry(2)] }));
    expect(only(ae, 'AppendEntriesResponse')).toMatchObject({ term: 3, success: false });
    expect(s.ctx.log).toHaveLength(0);
    const rv = s.send({ type: 'RequestVote', term: 2, candidateId: 'S3', lastLogIndex: 9, lastLogTerm: 2 });
    expect(only(rv, 'RequestVoteResponse')).toMatchObject({ term: 3, voteGranted: false });
  });
});

describe('2. start', () => {
  it('every node starts as a follower with an empty log, no vote, and an election timer', () => {
    const s = server('S1');
    expect(s.role).toBe('follower');
    expect(s.ctx).toMatchObject({ currentTerm: 0, votedFor: null, log: [], commitIndex: 0, lastApplied: 0 });
    expect(s.startEffects).toContainEqual({
      type: 'set-timer',
      name: 'election',
      min: 150_000,
      max: 300_000,
    });
  });
});

describe('3. election timeout', () => {
  it('a follower becomes a candidate, increments its term, votes for itself and asks every peer', () => {
    const s = server('S3', { persisted: { currentTerm: 2, votedFor: null, log: logOf(1, 2) } });
    const fx = s.send(electionTimeout);
    expect(s.role).toBe('candidate');
    expect(s.ctx.currentTerm).toBe(3);
    expect(s.ctx.votedFor).toBe('S3');
    expect(s.ctx.votesGranted).toEqual(['S3']);
    expect(fx).toContainEqual({ type: 'persist' });
    expect(fx).toContainEqual({ type: 'set-timer', name: 'election', min: 150_000, max: 300_000 });
    const sent = messages(fx);
    expect(sent.map((m) => m.to).sort()).toEqual(['S1', 'S2', 'S4', 'S5']);
    for (const m of sent) {
      expect(m.message).toEqual({
        type: 'RequestVote',
        term: 3,
        candidateId: 'S3',
        lastLogIndex: 2,
        lastLogTerm: 2,
      });
    }
  });

  it('a candidate that times out starts a new election in the next term', () => {
    const s = server('S1');
    s.send(electionTimeout);
    s.send(electionTimeout);
    expect(s.role).toBe('candidate');
    expect(s.ctx.currentTerm).toBe(2);
    expect(s.ctx.votesGranted).toEqual(['S1']);
  });

  it('ignores timers of other names', () => {
    const s = server('S1');
    s.send({ type: 'timeout', timer: 'heartbeat' });
    expect(s.role).toBe('follower');
  });
});

describe('4. winning an election', () => {
  it('wins with a majority, its own vote included, and sends heartbeats at once', () => {
    const s = server('S1');
    s.send(electionTimeout);
    s.send({ type: 'RequestVoteResponse', term: 1, voteGranted: true, from: 'S2' });
    // The same voter twice counts once.
    s.send({ type: 'RequestVoteResponse', term: 1, voteGranted: true, from: 'S2' });
    s.send({ type: 'RequestVoteResponse', term: 1, voteGranted: false, from: 'S4' });
    expect(s.role).toBe('candidate');
    const fx = s.send({ type: 'RequestVoteResponse', term: 1, voteGranted: true, from: 'S3' });
    expect(s.role).toBe('leader');
    expect(messages(fx).filter((m) => m.message.type === 'AppendEntries')).toHaveLength(4);
    expect(fx).toContainEqual({ type: 'set-timer', name: 'heartbeat', duration: 50_000 });
    expect(fx).toContainEqual({ type: 'cancel-timer', name: 'election' });
    expect(s.ctx.nextIndex).toEqual({ S2: 1, S3: 1, S4: 1, S5: 1 });
    expect(s.ctx.matchIndex).toEqual({ S2: 0, S3: 0, S4: 0, S5: 0 });
  });

  it('ignores votes from an earlier term', () => {
    const s = server('S1');
    s.send(electionTimeout);
    s.send(electionTimeout);
    s.send({ type: 'RequestVoteResponse', term: 1, voteGranted: true, from: 'S2' });
    s.send({ type: 'RequestVoteResponse', term: 1, voteGranted: true, from: 'S3' });
    expect(s.role).toBe('candidate');
  });

  it('a single-node cluster elects itself at once', () => {
    const s = server('S1', { size: 1 });
    s.send(electionTimeout);
    expect(s.role).toBe('leader');
    expect(s.ctx.currentTerm).toBe(1);
  });

  it('a candidate that receives AppendEntries of its own term steps down', () => {
    const s = server('S2');
    s.send(electionTimeout);
    const fx = s.send(appendEntries({ term: 1, leaderId: 'S4' }));
    expect(s.role).toBe('follower');
    expect(s.ctx.leaderId).toBe('S4');
    expect(only(fx, 'AppendEntriesResponse')).toMatchObject({ success: true, term: 1 });
  });

  it('a candidate ignores AppendEntries of an earlier term', () => {
    const s = server('S2');
    s.send(electionTimeout);
    s.send(electionTimeout);
    s.send(appendEntries({ term: 1 }));
    expect(s.role).toBe('candidate');
  });
});

describe('5. voting', () => {
  it('grants at most one vote per term, first come first served', () => {
    const s = server('S5');
    const first = s.send({
      type: 'RequestVote',
      term: 2,
      candidateId: 'S1',
      lastLogIndex: 0,
      lastLogTerm: 0,
    });
    expect(only(first, 'RequestVoteResponse').voteGranted).toBe(true);
    expect(first).toContainEqual({ type: 'persist' });
    expect(first.some((e) => e.type === 'set-timer' && e.name === 'election')).toBe(true);
    const second = s.send({
      type: 'RequestVote',
      term: 2,
      candidateId: 'S2',
      lastLogIndex: 5,
      lastLogTerm: 2,
    });
    expect(only(second, 'RequestVoteResponse').voteGranted).toBe(false);
    // A retransmitted request from the same candidate gets the same answer.
    const again = s.send({
      type: 'RequestVote',
      term: 2,
      candidateId: 'S1',
      lastLogIndex: 0,
      lastLogTerm: 0,
    });
    expect(only(again, 'RequestVoteResponse').voteGranted).toBe(true);
    expect(s.ctx.votedFor).toBe('S1');
  });

  it('votes only for a log at least as up to date: last term first, then length', () => {
    const voter = () => server('S5', { persisted: { currentTerm: 3, votedFor: null, log: logOf(1, 1, 3) } });
    const ask = (lastLogTerm: number, lastLogIndex: number) =>
      only(
        voter().send({ type: 'RequestVote', term: 4, candidateId: 'S1', lastLogIndex, lastLogTerm }),
        'RequestVoteResponse',
      ).voteGranted;
    expect(ask(2, 10)).toBe(false); // longer, but an older last term
    expect(ask(3, 2)).toBe(false); // same last term, shorter
    expect(ask(3, 3)).toBe(true);
    expect(ask(4, 1)).toBe(true); // a later last term wins even when shorter
  });

  it('a refused vote does not reset the election timer', () => {
    const s = server('S5', { persisted: { currentTerm: 1, votedFor: null, log: logOf(1) } });
    const fx = s.send({ type: 'RequestVote', term: 2, candidateId: 'S1', lastLogIndex: 0, lastLogTerm: 0 });
    expect(fx.some((e) => e.type === 'set-timer')).toBe(false);
  });
});

describe('7. AppendEntries consistency check', () => {
  it('refuses when it has no entry at prevLogIndex, hinting where its log ends', () => {
    const s = server('S2', { persisted: { currentTerm: 2, votedFor: null, log: logOf(1, 2) } });
    const fx = s.send(appendEntries({ term: 2, prevLogIndex: 5, prevLogTerm: 2, entries: [entry(2)] }));
    expect(only(fx, 'AppendEntriesResponse')).toMatchObject({
      success: false,
      conflictIndex: 3,
      conflictTerm: null,
    });
    expect(s.ctx.log).toHaveLength(2);
  });

  it('refuses when the entry at prevLogIndex has another term, hinting the first index of that term', () => {
    const s = server('S2', { persisted: { currentTerm: 3, votedFor: null, log: logOf(1, 2, 2, 2) } });
    const fx = s.send(appendEntries({ term: 3, prevLogIndex: 4, prevLogTerm: 3 }));
    expect(only(fx, 'AppendEntriesResponse')).toMatchObject({
      success: false,
      conflictIndex: 2,
      conflictTerm: 2,
    });
  });

  it('deletes a conflicting entry and all that follow it, then appends', () => {
    const s = server('S2', { persisted: { currentTerm: 2, votedFor: null, log: logOf(1, 2, 2, 2) } });
    const fresh = [entry(3), entry(3)];
    const fx = s.send(appendEntries({ term: 3, prevLogIndex: 1, prevLogTerm: 1, entries: fresh }));
    expect(s.ctx.log.map((e) => e.term)).toEqual([1, 3, 3]);
    expect(s.ctx.log.slice(1)).toEqual(fresh);
    expect(fx).toContainEqual({ type: 'persist' });
    expect(only(fx, 'AppendEntriesResponse')).toMatchObject({ success: true, matchIndex: 3 });
  });

  it('never truncates on a stale or duplicate message whose entries already match', () => {
    const log = logOf(1, 1, 1, 1);
    const s = server('S2', { persisted: { currentTerm: 1, votedFor: null, log } });
    // An old AppendEntries carrying only entry 2 arrives after entries 3 and 4.
    const fx = s.send(appendEntries({ term: 1, prevLogIndex: 1, prevLogTerm: 1, entries: log.slice(1, 2) }));
    expect(s.ctx.log).toBe(log);
    expect(fx).not.toContainEqual({ type: 'persist' });
    expect(only(fx, 'AppendEntriesResponse')).toMatchObject({ success: true, matchIndex: 2 });
    // The same for an empty heartbeat.
    s.send(appendEntries({ term: 1, prevLogIndex: 2, prevLogTerm: 1 }));
    expect(s.ctx.log).toBe(log);
  });

  it('resets the election timer and remembers the leader on a valid AppendEntries', () => {
    const s = server('S2');
    const fx = s.send(appendEntries({ term: 1, leaderId: 'S3' }));
    expect(fx.some((e) => e.type === 'set-timer' && e.name === 'election')).toBe(true);
    expect(s.ctx.leaderId).toBe('S3');
  });
});

describe('8. commitment', () => {
  it('a follower sets commitIndex = min(leaderCommit, index of last new entry) and applies in order', () => {
    const s = server('S2');
    const entries = [entry(1, 'a'), entry(1, 'b')];
    const fx = s.send(appendEntries({ term: 1, entries, leaderCommit: 5 }));
    expect(s.ctx.commitIndex).toBe(2);
    expect(s.ctx.lastApplied).toBe(2);
    expect(s.ctx.kv).toEqual({ x: 'b' });
    const applied = fx.flatMap((e) => {
      const note = e as RaftNote;
      return note.type === 'note' && note.kind === 'apply' ? [note.index] : [];
    });
    expect(applied).toEqual([1, 2]);
    // A heartbeat whose prevLogIndex is 1 can only vouch for index 1: commitIndex never moves back.
    s.send(appendEntries({ term: 1, prevLogIndex: 1, prevLogTerm: 1, leaderCommit: 1 }));
    expect(s.ctx.commitIndex).toBe(2);
  });

  it('a leader commits an entry of its term once a majority holds it, not before', () => {
    const s = electedLeader();
    s.send({ type: 'client', request: 1, payload: { key: 'k', value: 'v' } });
    expect(s.ctx.log).toHaveLength(1);
    const ack = (from: string) =>
      s.send({
        type: 'AppendEntriesResponse',
        term: 1,
        success: true,
        from,
        prevLogIndex: 0,
        matchIndex: 1,
        conflictIndex: 0,
        conflictTerm: null,
      });
    ack('S2');
    expect(s.ctx.commitIndex).toBe(0);
    const fx = ack('S3');
    expect(s.ctx.commitIndex).toBe(1);
    expect(s.ctx.kv).toEqual({ k: 'v' });
    expect(fx).toContainEqual({ type: 'note', kind: 'commit', index: 1 });
  });

  it('a leader never commits an earlier-term entry by counting; it commits with a current-term one (5.4.2)', () => {
    // S1 restarts holding a term-2 entry at index 2 and becomes leader of term 3.
    const s = electedLeader(5, { currentTerm: 2, votedFor: null, log: logOf(1, 2) });
    expect(s.ctx.currentTerm).toBe(3);
    const ack = (from: string, matchIndex: number) =>
      s.send({
        type: 'AppendEntriesResponse',
        term: 3,
        success: true,
        from,
        prevLogIndex: matchIndex,
        matchIndex,
        conflictIndex: 0,
        conflictTerm: null,
      });
    ack('S2', 2);
    ack('S3', 2);
    expect(s.ctx.commitIndex).toBe(0);
    s.send({ type: 'client', request: 9, payload: { key: 'k', value: 'now' } });
    ack('S2', 3);
    ack('S3', 3);
    expect(s.ctx.commitIndex).toBe(3);
    expect(s.ctx.lastApplied).toBe(3);
  });

  it('the broken variant commits the earlier-term entry by counting', () => {
    const s = server('S1', {
      persisted: { currentTerm: 2, votedFor: null, log: logOf(1, 2) },
      variant: 'no-current-term-check',
    });
    s.send(electionTimeout);
    s.send({ type: 'RequestVoteResponse', term: 3, voteGranted: true, from: 'S2' });
    s.send({ type: 'RequestVoteResponse', term: 3, voteGranted: true, from: 'S3' });
    for (const from of ['S2', 'S3']) {
      s.send({
        type: 'AppendEntriesResponse',
        term: 3,
        success: true,
        from,
        prevLogIndex: 2,
        matchIndex: 2,
        conflictIndex: 0,
        conflictTerm: null,
      });
    }
    expect(s.ctx.commitIndex).toBe(2);
  });
});

describe('9. back-off', () => {
  it('moves nextIndex back using the conflict hints and retries at once', () => {
    const s = electedLeader(5, { currentTerm: 3, votedFor: null, log: logOf(1, 1, 2, 3, 3) });
    expect(s.ctx.nextIndex.S2).toBe(6);
    // S2 has no entry 5: its log ends at 2.
    const fx = s.send({
      type: 'AppendEntriesResponse',
      term: 4,
      success: false,
      from: 'S2',
      prevLogIndex: 5,
      matchIndex: 0,
      conflictIndex: 3,
      conflictTerm: null,
    });
    expect(s.ctx.nextIndex.S2).toBe(3);
    expect(only(fx, 'AppendEntries')).toMatchObject({ prevLogIndex: 2, prevLogTerm: 1 });
    // S3 has term-2 entries where the leader has term 3: skip to after the leader's last term-2 entry.
    s.send({
      type: 'AppendEntriesResponse',
      term: 4,
      success: false,
      from: 'S3',
      prevLogIndex: 5,
      matchIndex: 0,
      conflictIndex: 3,
      conflictTerm: 2,
    });
    expect(s.ctx.nextIndex.S3).toBe(4);
  });

  it('ignores a refusal that answers an older request', () => {
    const s = electedLeader(5, { currentTerm: 3, votedFor: null, log: logOf(1, 1, 2) });
    s.send({
      type: 'AppendEntriesResponse',
      term: 4,
      success: false,
      from: 'S2',
      prevLogIndex: 1,
      matchIndex: 0,
      conflictIndex: 1,
      conflictTerm: null,
    });
    expect(s.ctx.nextIndex.S2).toBe(4);
  });
});

describe('clients', () => {
  it('a follower passes a client request on to the leader it knows', () => {
    const s = server('S2');
    s.send(appendEntries({ term: 1, leaderId: 'S4' }));
    const fx = s.send({ type: 'client', request: 3, payload: { key: 'a', value: '1' } });
    const forwarded = only(fx, 'ClientRequest');
    expect(messages(fx)[0]?.to).toBe('S4');
    expect(forwarded.command).toEqual({ key: 'a', value: '1', request: 3 });
    expect(s.ctx.log).toHaveLength(0);
  });

  it('a follower that knows no leader refuses the request', () => {
    const s = server('S2');
    expect(messages(s.send({ type: 'client', request: 3, payload: 'a=1' }))).toEqual([]);
  });

  it('the leader appends a forwarded request and replicates it', () => {
    const s = electedLeader();
    const fx = s.send({
      type: 'ClientRequest',
      from: 'S2',
      command: { key: 'a', value: '1', request: 3 },
      hops: 1,
    });
    expect(s.ctx.log).toEqual([{ term: 1, command: { key: 'a', value: '1', request: 3 } }]);
    expect(messages(fx).filter((m) => m.message.type === 'AppendEntries')).toHaveLength(4);
  });
});
