import { describe, expect, it } from 'vitest';
import { twoPhaseCommit } from '..';
import { blockingReport } from '../invariants';
import { findScenario, scenarios } from '../scenarios';
import { runTo, states } from './helpers';

function run(id: string, untilMs?: number) {
  const named = findScenario(id);
  if (!named) throw new Error(`no scenario ${id}`);
  return runTo(named.scenario, untilMs ?? (named.until ?? 2_000_000) / 1000);
}

function narration(id: string): string[] {
  const r = run(id);
  return r.entries(0, r.length()).map((e) => e.narration);
}

describe('named scenarios', () => {
  it('have the ids the article links to', () => {
    expect(scenarios.map((s) => s.id)).toEqual([
      'commit',
      'participant-votes-no',
      'coordinator-crash-after-prepare',
      'commit-reaches-one-then-crash',
      'commit-reaches-one-then-crash-partitioned',
      'coordinator-timeout-while-working',
      'duplicated-messages',
      'participant-crash-recovers-from-log',
    ]);
  });

  it.each(scenarios.map((s) => s.id))('%s: narrates every event and breaks no invariant', (id) => {
    const r = run(id);
    expect(r.length()).toBeGreaterThan(0);
    for (const entry of r.entries(0, r.length())) expect(entry.narration.trim()).not.toBe('');
    expect(r.violations()).toEqual([]);
    expect(twoPhaseCommit.parseParams(findScenario(id)?.scenario.params ?? {})).toBeTruthy();
  });

  it('commit: everyone commits with 4 messages per participant', () => {
    const r = run('commit');
    expect(states(r)).toEqual({ C: 'committed', P1: 'committed', P2: 'committed', P3: 'committed' });
    const sent = r.entries(0, r.length()).reduce((n, e) => n + e.sent.length, 0);
    // Prepare, Prepared, Commit, Ack per participant; the three Prepares leave on C's start event.
    expect(sent).toBe(4 * 3);
    expect(narration('commit')).toContain(
      'C has every yes vote: it logs COMMIT and sends Commit to P1, P2 and P3',
    );
  });

  it('participant-votes-no: everyone aborts', () => {
    expect(states(run('participant-votes-no'))).toEqual({
      C: 'aborted',
      P1: 'aborted',
      P2: 'aborted',
      P3: 'aborted',
    });
  });

  it('coordinator-crash-after-prepare: every participant is in doubt, holding its locks since it voted', () => {
    const r = run('coordinator-crash-after-prepare');
    expect(states(r)).toMatchObject({ P1: 'prepared', P2: 'prepared', P3: 'prepared' });
    const blocked = blockingReport(r.view());
    expect(blocked.map((b) => b.id)).toEqual(['P1', 'P2', 'P3']);
    expect(blocked[0]?.since).toBe(41_000);
    expect(blocked[0]?.sentence).toBe('P1 in doubt since t = 41 ms, holding its locks');
  });

  it('commit-reaches-one-then-crash: the peers learn commit from P1 while C is down', () => {
    const r = run('commit-reaches-one-then-crash');
    expect(r.view().nodes.find((n) => n.id === 'C')?.up).toBe(false);
    expect(states(r)).toMatchObject({ P1: 'committed', P2: 'committed', P3: 'committed' });
    expect(
      narration('commit-reaches-one-then-crash').some((n) =>
        n.startsWith('P2 receives DecisionReply from P1'),
      ),
    ).toBe(true);
    expect(blockingReport(r.view())).toEqual([]);
  });

  it('commit-reaches-one-then-crash-partitioned: with P1 cut off, P2 and P3 stay blocked', () => {
    const r = run('commit-reaches-one-then-crash-partitioned');
    expect(states(r)).toMatchObject({ P1: 'committed', P2: 'prepared', P3: 'prepared' });
    expect(blockingReport(r.view()).map((b) => b.id)).toEqual(['P2', 'P3']);
  });

  it('coordinator-timeout-while-working: C aborts, and the late yes vote is answered with Abort', () => {
    const r = run('coordinator-timeout-while-working');
    expect(states(r)).toEqual({ C: 'aborted', P1: 'aborted', P2: 'aborted', P3: 'aborted' });
    expect(narration('coordinator-timeout-while-working')).toContain(
      'C receives Prepared from P3 after the decision: the late vote changes nothing; it sends Abort to P3',
    );
  });

  it('duplicated-messages: duplicates arrive and change nothing', () => {
    const r = run('duplicated-messages');
    expect(states(r)).toEqual({ C: 'committed', P1: 'committed', P2: 'committed', P3: 'committed' });
    expect(
      narration('duplicated-messages').some((n) => n.includes('has already committed, nothing changes')),
    ).toBe(true);
  });

  it('participant-crash-recovers-from-log: P2 restarts in doubt, asks C and commits', () => {
    const r = run('participant-crash-recovers-from-log');
    expect(states(r)).toEqual({ C: 'committed', P1: 'committed', P2: 'committed', P3: 'committed' });
    expect(narration('participant-crash-recovers-from-log')).toContain(
      'P2 restarts and reads PREPARED from its log: in doubt, it takes its locks again; it sends DecisionRequest to C',
    );
  });

  it('replays the same trace for the same scenario', () => {
    expect(narration('duplicated-messages')).toEqual(narration('duplicated-messages'));
  });

  it('records lock times on a timeline the reader forks with an action', () => {
    const r = run('commit', 60);
    r.act({ type: 'crash', node: 'C' });
    r.runUntil(1_500_000);
    expect(states(r)).toMatchObject({ P1: 'prepared', P2: 'prepared', P3: 'prepared' });
    expect(blockingReport(r.view()).map((b) => b.since)).toEqual([41_000, 41_000, 41_000]);
    r.seek(0);
    expect(blockingReport(r.view())).toEqual([]);
  });

  it('keeps lock times across a seek backwards and forwards', () => {
    const r = run('coordinator-crash-after-prepare');
    const end = r.cursor();
    r.seek(3);
    r.seek(end);
    expect(blockingReport(r.view())[0]?.since).toBe(41_000);
  });
});

describe('parameters', () => {
  it('refuses values a reader could mistype', () => {
    expect(() => twoPhaseCommit.parseParams({ participants: 8 })).toThrow(
      /params\.participants: must be between 2 and 7/,
    );
    expect(() => twoPhaseCommit.parseParams({ variant: 'optimistic' })).toThrow(
      /params\.variant: must be one of/,
    );
    expect(() => twoPhaseCommit.parseParams({ latencyMin: 50, latencyMax: 10 })).toThrow(/latencyMax/);
    expect(() => twoPhaseCommit.parseParams({ colour: 'red' })).toThrow(/params\.colour: is not a parameter/);
  });

  it('refuses a scenario that names a process that does not exist', () => {
    const scenario = findScenario('commit')?.scenario;
    if (!scenario) throw new Error('missing');
    expect(() =>
      twoPhaseCommit.createRun({ ...scenario, actions: [{ at: 0, action: { type: 'crash', node: 'P9' } }] }),
    ).toThrow(/no process named "P9"/);
  });
});
