import { describe, expect, it } from 'vitest';
import { DECISION_TIMER, START_TIMER, VOTE_TIMER } from '../machine';
import { boot, recover, send, sends } from './helpers';

const prepare = { type: 'Prepare' } as const;
const commit = { type: 'Commit' } as const;
const abort = { type: 'Abort' } as const;
const clientAbort = { type: 'client', request: 0, payload: 'abort' } as const;
const timeout = (timer: string) => ({ type: 'timeout', timer }) as const;
const prepared = (rm: string) => ({ type: 'Prepared', rm }) as const;

describe('participant (resource manager)', () => {
  it('votes yes on Prepare: forces PREPARED to its log before the vote leaves, and takes its locks', () => {
    const p = send(boot('P1'), prepare);
    expect(p.state).toBe('prepared');
    expect(p.snapshot.context.log).toEqual(['prepared']);
    expect(p.snapshot.context.locksHeld).toBe(true);
    const kinds = p.effects.map((e) => e.type);
    expect(kinds.indexOf('persist')).toBeLessThan(kinds.indexOf('send'));
    expect(sends(p)).toEqual(['Prepared>C']);
    expect(p.effects).toContainEqual({ type: 'set-timer', name: DECISION_TIMER, duration: 400_000 });
  });

  it('may abort on its own while working, and then answers Prepare with a no vote', () => {
    const aborted = send(boot('P2'), clientAbort);
    expect(aborted.state).toBe('aborted');
    expect(aborted.snapshot.context.log).toEqual(['abort']);
    expect(sends(aborted)).toEqual([]);
    expect(sends(send(aborted, prepare))).toEqual(['VoteNo>C']);
  });

  it('may not abort on its own once prepared', () => {
    const p = send(boot('P1'), prepare, clientAbort);
    expect(p.state).toBe('prepared');
    expect(p.snapshot.context.locksHeld).toBe(true);
  });

  it('commits on Commit: logs COMMIT, releases its locks, acknowledges; a duplicate only re-acknowledges', () => {
    const committed = send(boot('P1'), prepare, commit);
    expect(committed.state).toBe('committed');
    expect(committed.snapshot.context).toMatchObject({ log: ['prepared', 'commit'], locksHeld: false });
    expect(sends(committed)).toEqual(['Ack>C']);
    const again = send(committed, commit);
    expect(again.snapshot.context.log).toEqual(['prepared', 'commit']);
    expect(sends(again)).toEqual(['Ack>C']);
  });

  it('aborts on Abort whether working or prepared', () => {
    expect(send(boot('P1'), abort).state).toBe('aborted');
    const p = send(boot('P1'), prepare, abort);
    expect(p.state).toBe('aborted');
    expect(p.snapshot.context.locksHeld).toBe(false);
  });

  it('ignores an Abort after it committed (the outcome never changes)', () => {
    expect(send(boot('P1'), prepare, commit, abort).state).toBe('committed');
  });

  it('when in doubt asks the coordinator only, or its peers too with cooperative termination', () => {
    const alone = send(boot('P1'), prepare, timeout(DECISION_TIMER));
    expect(alone.state).toBe('prepared');
    expect(sends(alone)).toEqual(['DecisionRequest>C']);
    const together = send(boot('P1', { cooperativeTermination: true }), prepare, timeout(DECISION_TIMER));
    expect(sends(together)).toEqual(['DecisionRequest>C', 'DecisionRequest>P2', 'DecisionRequest>P3']);
  });

  it('in the broken variant aborts on its own after the decision timeout although prepared', () => {
    const p = send(
      boot('P1', { variant: 'unilateral-abort-when-prepared' }),
      prepare,
      timeout(DECISION_TIMER),
    );
    expect(p.state).toBe('aborted');
  });

  it('answers a peer: with the outcome it knows, with abort if it has not voted, not at all if in doubt', () => {
    const ask = { type: 'DecisionRequest', rm: 'P2' } as const;
    const committed = send(boot('P1'), prepare, commit, ask);
    expect(committed.effects).toContainEqual({
      type: 'send',
      to: 'P2',
      message: { type: 'DecisionReply', from: 'P1', decision: 'commit' },
    });
    const working = send(boot('P1'), ask);
    expect(working.state).toBe('aborted');
    expect(working.effects).toContainEqual({
      type: 'send',
      to: 'P2',
      message: { type: 'DecisionReply', from: 'P1', decision: 'abort' },
    });
    expect(sends(send(boot('P1'), prepare, ask))).toEqual([]);
  });

  it('adopts the outcome a peer tells it', () => {
    const p = send(boot('P1'), prepare, { type: 'DecisionReply', from: 'P2', decision: 'commit' });
    expect(p.state).toBe('committed');
    expect(p.snapshot.context.locksHeld).toBe(false);
  });

  it('recovers from its log: PREPARED means in doubt, locks taken again, and it asks at once', () => {
    const p = recover('P1', ['prepared']);
    expect(p.state).toBe('prepared');
    expect(p.snapshot.context.locksHeld).toBe(true);
    expect(sends(p)).toEqual(['DecisionRequest>C']);
    expect(recover('P1', ['prepared', 'commit']).state).toBe('committed');
  });

  it('recovers with nothing on its log by aborting: its unprepared work is lost', () => {
    const p = recover('P1', []);
    expect(p.state).toBe('aborted');
    expect(p.snapshot.context.log).toEqual(['abort']);
  });
});

describe('coordinator (transaction manager)', () => {
  const started = () => send(boot('C'), timeout(START_TIMER));

  it('starts phase one: Prepare to every participant and a vote timeout', () => {
    const c = started();
    expect(c.state).toBe('init');
    expect(sends(c)).toEqual(['Prepare>P1', 'Prepare>P2', 'Prepare>P3']);
    expect(c.effects).toContainEqual({ type: 'set-timer', name: VOTE_TIMER, duration: 300_000 });
  });

  it('commits only with every yes vote, and forces COMMIT to its log before sending Commit', () => {
    const two = send(started(), prepared('P1'), prepared('P2'), prepared('P2'));
    expect(two.state).toBe('init');
    expect(two.snapshot.context.prepared).toEqual(['P1', 'P2']);
    const c = send(two, prepared('P3'));
    expect(c.state).toBe('committed');
    expect(c.snapshot.context.log).toEqual(['commit']);
    const kinds = c.effects.map((e) => e.type);
    expect(kinds.indexOf('persist')).toBeLessThan(kinds.indexOf('send'));
    expect(sends(c)).toEqual(['Commit>P1', 'Commit>P2', 'Commit>P3']);
    expect(c.effects).toContainEqual({ type: 'cancel-timer', name: VOTE_TIMER });
  });

  it('aborts on request before it has decided, and not after', () => {
    const c = send(started(), clientAbort);
    expect(c.state).toBe('aborted');
    expect(sends(c)).toEqual(['Abort>P1', 'Abort>P2', 'Abort>P3']);
    const committed = send(started(), prepared('P1'), prepared('P2'), prepared('P3'), clientAbort);
    expect(committed.state).toBe('committed');
  });

  it('aborts on a no vote', () => {
    const c = send(started(), prepared('P1'), { type: 'VoteNo', rm: 'P2' });
    expect(c.state).toBe('aborted');
    expect(c.snapshot.context.log).toEqual(['abort']);
    expect(sends(c)).toEqual(['Abort>P1', 'Abort>P2', 'Abort>P3']);
  });

  it('aborts when the votes do not arrive in time, and a late yes vote changes nothing', () => {
    const c = send(started(), prepared('P1'), timeout(VOTE_TIMER));
    expect(c.state).toBe('aborted');
    const late = send(c, prepared('P2'));
    expect(late.state).toBe('aborted');
    expect(sends(late)).toEqual(['Abort>P2']);
  });

  it('keeps collecting when asked before it has decided, and answers from its log afterwards', () => {
    const ask = { type: 'DecisionRequest', rm: 'P1' } as const;
    expect(sends(send(started(), ask))).toEqual([]);
    const decided = send(started(), prepared('P1'), prepared('P2'), prepared('P3'), ask);
    expect(sends(decided)).toEqual(['Commit>P1']);
  });

  it('counts acknowledgements once each and stops resending when all are in', () => {
    const c = send(started(), prepared('P1'), prepared('P2'), prepared('P3'));
    const acked = send(
      c,
      ...['P1', 'P1', 'P2', 'P3'].map((rm) => ({ type: 'Ack', rm, decision: 'commit' }) as const),
    );
    expect(acked.snapshot.context.acks).toEqual(['P1', 'P2', 'P3']);
    expect(acked.effects).toContainEqual({ type: 'cancel-timer', name: 'resend' });
  });

  it('restarts with no decision on its log by presuming abort', () => {
    const c = recover('C', []);
    expect(c.state).toBe('aborted');
    expect(c.snapshot.context.log).toEqual(['abort']);
    expect(sends(c)).toEqual(['Abort>P1', 'Abort>P2', 'Abort>P3']);
  });

  it('restarts with COMMIT on its log by announcing commit again', () => {
    const c = recover('C', ['commit']);
    expect(c.state).toBe('committed');
    expect(sends(c)).toEqual(['Commit>P1', 'Commit>P2', 'Commit>P3']);
  });
});
