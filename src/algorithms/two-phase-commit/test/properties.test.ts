import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Action, TimedAction } from '../../../sim/types';
import { ATOMICITY, VALIDITY } from '../invariants';
import type { Variant } from '../types';
import { runTo, scenarioOf } from './helpers';

const MS = 1000;
const FAULTS_END = 2000;
const HORIZON = 5000;
const RUNS = 2500;

/** Faults at random moments of the first two seconds: crashes, restarts, pauses, partitions, heals. */
function faultArbitrary(nodes: string[]): fc.Arbitrary<TimedAction> {
  const node = fc.constantFrom(...nodes);
  const action: fc.Arbitrary<Action> = fc.oneof(
    node.map((n): Action => ({ type: 'crash', node: n })),
    node.map((n): Action => ({ type: 'restart', node: n })),
    fc
      .subarray(nodes, { minLength: 1, maxLength: nodes.length - 1 })
      .map((side): Action => ({ type: 'partition', groups: [side, nodes.filter((n) => !side.includes(n))] })),
    fc.constant<Action>({ type: 'heal' }),
    fc
      .tuple(node, fc.integer({ min: 1, max: 500 }))
      .map(([n, ms]): Action => ({ type: 'pause', node: n, duration: ms * MS })),
  );

  // Mostly while the protocol runs (its first few hundred milliseconds), sometimes later.
  const at = fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: 300 * MS }), weight: 3 },
    { arbitrary: fc.integer({ min: 0, max: FAULTS_END * MS - 1 }), weight: 1 },
  );
  return fc.record({ at, action });
}

/** After the faults: the network heals and stops losing, and every process is up again. */
function calm(nodes: string[]): TimedAction[] {
  return [
    { at: FAULTS_END * MS, action: { type: 'heal' } },
    { at: FAULTS_END * MS, action: { type: 'set-loss', rate: 0 } },
    { at: FAULTS_END * MS, action: { type: 'set-duplication', rate: 0 } },
    ...nodes.map((node) => ({ at: FAULTS_END * MS, action: { type: 'restart', node } }) as TimedAction),
  ];
}

const faultyRun = fc.integer({ min: 2, max: 5 }).chain((participants) => {
  const nodes = ['C', ...Array.from({ length: participants }, (_, i) => `P${i + 1}`)];
  return fc.record({
    participants: fc.constant(participants),
    nodes: fc.constant(nodes),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    loss: fc.double({ min: 0, max: 0.3, noNaN: true }),
    duplication: fc.double({ min: 0, max: 0.3, noNaN: true }),
    cooperativeTermination: fc.boolean(),
    latencyMax: fc.integer({ min: 5, max: 120 }),
    faults: fc.array(faultArbitrary(nodes), { maxLength: 8 }),
  });
});

describe('properties under faults', () => {
  it('the correct protocol never breaks atomicity or validity, and everyone decides once the faults stop', () => {
    const outcomes = { commit: 0, abort: 0 };
    fc.assert(
      fc.property(faultyRun, (r) => {
        const run = runTo(
          scenarioOf(
            {
              participants: r.participants,
              loss: r.loss,
              duplication: r.duplication,
              cooperativeTermination: r.cooperativeTermination,
              latencyMin: 5,
              latencyMax: r.latencyMax,
            },
            [...r.faults, ...calm(r.nodes)],
            r.seed,
          ),
          HORIZON,
        );
        expect(run.violations()).toEqual([]);
        for (const node of run.view().nodes) {
          if (node.state.role === 'coordinator') continue;
          expect([node.id, node.state.decision, node.state.locksHeld]).toEqual([
            node.id,
            expect.any(String),
            false,
          ]);
        }
        const decision = run.view().nodes.find((n) => n.id === 'P1')?.state.decision;
        if (decision) outcomes[decision]++;
      }),
      { numRuns: RUNS, seed: 20261125 },
    );
    // The schedules reach both outcomes often: the property is not checked on commits alone.
    expect(outcomes.commit).toBeGreaterThan(RUNS / 10);
    expect(outcomes.abort).toBeGreaterThan(RUNS / 10);
  }, 60_000);

  /**
   * The schedule that exposes the broken variant: every vote reaches C (so C commits at 81 ms),
   * then one participant is cut off from C before the Commit reaches it and stays cut off past its
   * decision timeout.
   */
  const isolatedAfterVoting = fc.integer({ min: 2, max: 7 }).chain((participants) =>
    fc.record({
      participants: fc.constant(participants),
      victim: fc.integer({ min: 1, max: participants }).map((i) => `P${i}`),
      cutAt: fc.integer({ min: 82, max: 120 }),
      decisionTimeout: fc.integer({ min: 100, max: 1000 }),
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    }),
  );

  function isolate(
    r: { participants: number; victim: string; cutAt: number; decisionTimeout: number; seed: number },
    variant: Variant,
  ) {
    const others = ['C', ...Array.from({ length: r.participants }, (_, i) => `P${i + 1}`)].filter(
      (n) => n !== r.victim,
    );
    return runTo(
      scenarioOf(
        {
          participants: r.participants,
          latencyMin: 40,
          latencyMax: 40,
          decisionTimeout: r.decisionTimeout,
          variant,
        },
        [
          { at: r.cutAt * MS, action: { type: 'partition', groups: [[r.victim], others] } },
          { at: FAULTS_END * MS, action: { type: 'heal' } },
        ],
        r.seed,
      ),
      HORIZON,
    );
  }

  it('the broken variant breaks atomicity on every such schedule', () => {
    fc.assert(
      fc.property(isolatedAfterVoting, (r) => {
        const violation = isolate(r, 'unilateral-abort-when-prepared').firstViolation();
        expect(violation?.invariant).toBe(ATOMICITY);
        expect(violation?.detail).toContain(r.victim);
      }),
      { numRuns: 300, seed: 7 },
    );
  }, 20_000);

  it('the correct protocol survives the same schedules: the cut-off participant waits, then commits', () => {
    fc.assert(
      fc.property(isolatedAfterVoting, (r) => {
        const run = isolate(r, 'correct');
        expect(run.violations().filter((v) => v.invariant === ATOMICITY || v.invariant === VALIDITY)).toEqual(
          [],
        );
        expect(run.view().nodes.find((n) => n.id === r.victim)?.state.state).toBe('committed');
      }),
      { numRuns: 300, seed: 7 },
    );
  }, 20_000);
});
