/** Leadership transfer (dissertation, section 3.10), asked for with a client payload { transferTo }. */
import { describe, expect, it } from 'vitest';
import type { Scenario, TimedAction } from '../../../sim/types';
import { appendEntries, electedLeader, messages, only, server } from './helpers';
import raft from '..';

const MS = 1000;

describe('leadership transfer, one server at a time', () => {
  it('a leader hands over to an up-to-date follower with TimeoutNow and stops taking requests', () => {
    const s = electedLeader();
    const fx = s.send({ type: 'client', request: 1, payload: { transferTo: 'S3' } });
    // S3 is not known to hold the (empty) log yet: matchIndex 0 >= log length 0, so TimeoutNow goes at once.
    expect(only(fx, 'TimeoutNow')).toEqual({ type: 'TimeoutNow', term: 1, from: 'S1' });
    expect(fx).toContainEqual({ type: 'set-timer', name: 'transfer', duration: 300_000 });
    const refused = s.send({ type: 'client', request: 2, payload: { key: 'k', value: 'v' } });
    expect(s.ctx.log).toHaveLength(0);
    expect(messages(refused)).toEqual([]);
    s.send({ type: 'timeout', timer: 'transfer' });
    expect(s.ctx.transferTo).toBeNull();
    s.send({ type: 'client', request: 3, payload: { key: 'k', value: 'v' } });
    expect(s.ctx.log).toHaveLength(1);
  });

  it('brings a lagging target up to date before sending TimeoutNow', () => {
    const s = electedLeader();
    s.send({ type: 'client', request: 1, payload: { key: 'k', value: 'v' } });
    const fx = s.send({ type: 'client', request: 2, payload: { transferTo: 'S4' } });
    expect(only(fx, 'AppendEntries')).toMatchObject({ prevLogIndex: 0 });
    const caughtUp = s.send({
      type: 'AppendEntriesResponse',
      term: 1,
      success: true,
      from: 'S4',
      prevLogIndex: 0,
      matchIndex: 1,
      conflictIndex: 0,
      conflictTerm: null,
    });
    expect(only(caughtUp, 'TimeoutNow').term).toBe(1);
  });

  it('the target starts an election at once; a stale TimeoutNow is ignored', () => {
    const s = server('S3');
    s.send(appendEntries({ term: 2 }));
    s.send({ type: 'TimeoutNow', term: 1, from: 'S1' });
    expect(s.role).toBe('follower');
    const fx = s.send({ type: 'TimeoutNow', term: 2, from: 'S1' });
    expect(s.role).toBe('candidate');
    expect(s.ctx.currentTerm).toBe(3);
    expect(messages(fx).filter((m) => m.message.type === 'RequestVote')).toHaveLength(4);
  });

  it('only a leader takes a transfer request, and never forwards it as a command', () => {
    const s = server('S2');
    s.send(appendEntries({ term: 1 }));
    expect(messages(s.send({ type: 'client', request: 1, payload: { transferTo: 'S3' } }))).toEqual([]);
  });
});

describe('leadership transfer in a cluster', () => {
  it('moves leadership to the named server in the next term, with no violation', () => {
    const actions: TimedAction[] = [
      { at: 10 * MS, action: { type: 'timeout', node: 'S1' } },
      { at: 200 * MS, action: { type: 'client', node: 'S1', payload: { key: 'a', value: '1' } } },
      { at: 205 * MS, action: { type: 'client', node: 'S1', payload: { transferTo: 'S4' } } },
      { at: 206 * MS, action: { type: 'client', node: 'S1', payload: { key: 'b', value: '2' } } },
      { at: 600 * MS, action: { type: 'client', payload: { key: 'c', value: '3' } } },
    ];
    const scenario: Scenario = { version: 1, algorithm: 'raft', params: {}, seed: 3, actions };
    const run = raft.createRun(scenario);
    run.seekTime(900 * MS);
    const leaders = run.nodes().filter((n) => n.role === 'leader');
    expect(leaders.map((n) => [n.id, n.context.currentTerm])).toEqual([['S4', 2]]);
    const kv = leaders[0]?.context.kv;
    expect(kv).toEqual({ a: '1', c: '3' }); // b arrived during the handover and was refused
    expect(run.violations()).toEqual([]);
    const texts = run.entries(0, run.length()).map((e) => e.narration);
    expect(texts.some((t) => /asked to hand leadership over to S4/.test(t))).toBe(true);
    expect(texts.some((t) => /gets TimeoutNow from S1/.test(t))).toBe(true);
  });
});
