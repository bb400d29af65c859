/** Each named scenario shows what its article paragraph says. */
import { describe, expect, it } from 'vitest';
import type { PaxosView } from '../types';
import { named, runTo, withParams } from './helpers';

const states = (run: ReturnType<typeof runTo>) => run.view().nodes.map((n) => n.state as PaxosView);

describe('Paxos scenarios', () => {
  it('plain round: A is chosen at 31 ms, before any learner learns it at 41 ms', () => {
    const run = runTo(named('plain-round'), 120);
    const [chosen] = run.logs.chosen.chosen;
    expect(chosen?.value.v).toBe('A');
    expect(chosen?.time).toBe(31_000);
    const firstLearned = Math.min(...run.logs.chosen.learned.map((l) => l.time));
    expect(firstLearned).toBe(41_000);
    expect(run.logs.chosen.learned.map((l) => l.node).sort()).toEqual(['S1', 'S2', 'S3', 'S4', 'S5']);
    expect(run.violations()).toEqual([]);
  });

  it('duelling proposers that retry at once livelock; random back-off ends the duel', () => {
    const duel = runTo(named('duelling-proposers'), 300);
    expect(duel.logs.chosen.chosen).toEqual([]);
    // Rounds keep climbing: each proposer pre-empts the other.
    expect(Math.max(...states(duel).map((s) => s.promised >> 4))).toBeGreaterThan(10);
    const backoff = runTo(named('duelling-backoff'), 800);
    expect(backoff.logs.chosen.chosen).toHaveLength(1);
    expect(states(backoff).every((s) => s.learned[0] !== undefined)).toBe(true);
  });

  it('an acceptor that crashes between the phases keeps its promise', () => {
    const run = runTo(named('acceptor-crash-between-phases'), 200);
    const s2 = states(run)[1] as PaxosView;
    expect(s2.promised).toBe(1 * 16 + 1);
    expect(s2.accepted[0]?.value.v).toBe('A');
    expect(run.violations()).toEqual([]);
  });

  it('the next proposer finds A, chosen as its proposer crashed, and proposes A instead of B', () => {
    const run = runTo(named('chosen-while-proposer-crashes'), 200);
    expect(run.logs.chosen.chosen.map((c) => c.value.v)).toEqual(['A']);
    const s2 = states(run)[1] as PaxosView;
    expect(s2.inputs.map((v) => v.v)).toContain('B');
    expect(s2.learned[0]?.v).toBe('A');
    expect(run.violations()).toEqual([]);
  });

  it('caught: the proposer that ignores the promises replaces A with B', () => {
    const run = runTo(
      withParams(named('chosen-while-proposer-crashes'), { variant: 'ignore-accepted' }),
      200,
    );
    expect(run.violations().map((v) => v.invariant)).toEqual(
      expect.arrayContaining(['At most one value chosen', 'A chosen value never changes']),
    );
  });

  it('caught: an acceptor that forgets its promise lets a second value be chosen', () => {
    // S1 gets A chosen by S1 and S2; S2 crashes, forgets, and helps S3 choose C.
    const scenario = withParams(
      {
        version: 1,
        algorithm: 'paxos',
        params: {},
        seed: 1,
        actions: [
          { at: 0, action: { type: 'partition', groups: [['S1', 'S2'], ['S3']] } },
          { at: 5_000, action: { type: 'client', node: 'S1', payload: 'A' } },
          { at: 60_000, action: { type: 'crash', node: 'S2' } },
          { at: 61_000, action: { type: 'restart', node: 'S2' } },
          { at: 62_000, action: { type: 'partition', groups: [['S1'], ['S2', 'S3']] } },
          { at: 70_000, action: { type: 'client', node: 'S3', payload: 'C' } },
        ],
      },
      { nodes: 3, proposers: 0, latencyMin: 10, latencyMax: 10 },
    );
    const correct = runTo(scenario, 300);
    expect(correct.violations()).toEqual([]);
    expect(correct.logs.chosen.chosen.map((c) => c.value.v)).toEqual(['A']);
    const broken = runTo(withParams(scenario, { variant: 'no-persistence' }), 300);
    expect(broken.violations().map((v) => v.invariant)).toContain('At most one value chosen');
  });

  it('Multi-Paxos: one phase 1, then one accept round per request, applied in order', () => {
    const run = runTo(named('multi-paxos-leader'), 200);
    const prepares = run.entries(0, run.length()).filter((e) => e.message?.kind === 'Prepare');
    expect(prepares).toHaveLength(4);
    expect(states(run).every((s) => s.applied === 3)).toBe(true);
    expect(run.logs.chosen.chosen.map((c) => c.value.v)).toEqual(['x=1', 'y=2', 'z=3']);
  });

  it('Multi-Paxos: a new leader re-proposes slot 2 and fills the gap in slot 1 with a no-op', () => {
    const run = runTo(named('leader-change-no-op'), 700);
    const byslot = Object.fromEntries(run.logs.chosen.chosen.map((c) => [c.slot, c.value.v]));
    expect(byslot).toEqual({ 0: 'x=1', 1: 'no-op', 2: 'x=3' });
    // S1 restarted and caught up.
    expect(states(run).every((s) => s.applied === 3)).toBe(true);
  });

  it('Multi-Paxos: the minority side chooses nothing; the majority side goes on', () => {
    const run = runTo(named('minority-partition'), 900);
    const chosen = run.logs.chosen.chosen.map((c) => c.value.v);
    expect(chosen).not.toContain('x=2');
    expect(chosen).toEqual(expect.arrayContaining(['x=1', 'x=3', 'x=4']));
    expect(states(run).every((s) => s.applied === 3)).toBe(true);
    expect(run.violations()).toEqual([]);
  });
});
