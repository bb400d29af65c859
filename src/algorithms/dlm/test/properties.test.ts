/**
 * Properties over many seeds and request mixes. Without faults, the correct manager grants every
 * request in the end (or denies it as a deadlock victim), leaves nothing locked once every client
 * is done, and never has incompatible modes granted. Under faults it still never grants
 * incompatible modes, out of queue order, or lets a write through outside its lease. Each broken
 * variant is caught by its invariant on the runs that reach it. ATLAS_LONG=1 runs many more.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { atMs as at } from '../../../sim/scenario';
import type { Action, Scenario, TimedAction } from '../../../sim/types';
import { dlm } from '../index';
import { MODES, type Mode } from '../modes';
import { dlmScenario } from '../scenarios';
import type { BackendContext, ManagerContext } from '../types';

const LONG = process.env['ATLAS_LONG'] === '1';
const RUNS = LONG ? 400 : 25;
const TIMEOUT = LONG ? 3_600_000 : 120_000;

const request = fc.record({
  client: fc.integer({ min: 1, max: 4 }),
  at: fc.integer({ min: 0, max: 3000 }),
  op: fc.constantFrom('lock', 'lock', 'lock', 'convert'),
  mode: fc.constantFrom(...MODES),
  hold: fc.integer({ min: 0, max: 800 }),
});

type Request = typeof request extends fc.Arbitrary<infer T> ? T : never;

function actionsOf(reqs: readonly Request[], clients: number): TimedAction[] {
  return reqs
    .map((r) => {
      const node = `C${((r.client - 1) % clients) + 1}`;
      const action: Action = {
        type: 'client',
        node,
        payload: { op: r.op, mode: r.mode as Mode, hold: r.hold },
      };
      return at(r.at, action);
    })
    .sort((a, b) => a.at - b.at);
}

function runTo(scenario: Scenario, until: number) {
  const run = dlm.createRun(scenario, { narrate: false });
  run.runUntil(until);
  return run;
}

describe('the correct manager without faults', () => {
  it(
    'grants or denies every request, releases everything, and keeps every invariant',
    () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 2 ** 31 - 1 }),
          fc.integer({ min: 2, max: 4 }),
          fc.array(request, { minLength: 1, maxLength: 14 }),
          (seed, clients, reqs) => {
            const scenario = dlmScenario({ clients }, actionsOf(reqs, clients), seed);
            const run = runTo(scenario, 12_000_000);
            expect(run.violations()).toEqual([]);
            const entries = run.entries(0, run.length());
            const enqueues = new Map<string, number>();
            const answers = new Map<string, number>();
            for (const e of entries) {
              const m = e.message;
              if (e.kind !== 'deliver' || !m) continue;
              if (m.kind === 'Enqueue') enqueues.set(m.from, (enqueues.get(m.from) ?? 0) + 1);
              const p = m.payload as { conversion?: boolean };
              if ((m.kind === 'Granted' && !p.conversion) || m.kind === 'Denied')
                answers.set(m.to, (answers.get(m.to) ?? 0) + 1);
            }
            // Never starves: every request got its answer.
            for (const [client, n] of enqueues) expect(answers.get(client) ?? 0).toBeGreaterThanOrEqual(n);
            // Always releases: nothing is held or queued at the end, and no lock key is left.
            const nodes = run.nodes();
            const m = nodes.find((n) => n.context.role === 'manager')?.context as ManagerContext;
            expect([...m.granted, ...m.converting, ...m.waiting]).toEqual([]);
            const b = nodes.find((n) => n.context.role === 'backend')?.context as BackendContext;
            expect(Object.keys(b.store.kv).filter((k) => k.startsWith('/dlm/'))).toEqual([]);
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});

const fault = fc.oneof(
  fc.record({
    type: fc.constant('pause' as const),
    node: fc.constantFrom('C1', 'C2', 'C3'),
    at: fc.integer({ min: 0, max: 3000 }),
    duration: fc.integer({ min: 100, max: 4500 }),
  }),
  fc.record({
    type: fc.constant('crash' as const),
    node: fc.constantFrom('C1', 'C2', 'C3', 'M', 'E'),
    at: fc.integer({ min: 0, max: 3000 }),
    duration: fc.integer({ min: 100, max: 3000 }),
  }),
  fc.record({
    type: fc.constant('partition' as const),
    node: fc.constantFrom('C1', 'C2', 'C3', 'M', 'E'),
    at: fc.integer({ min: 0, max: 3000 }),
    duration: fc.integer({ min: 100, max: 3000 }),
  }),
);

type Fault = typeof fault extends fc.Arbitrary<infer T> ? T : never;

function faultActions(faults: readonly Fault[]): TimedAction[] {
  const nodes = ['C1', 'C2', 'C3', 'M', 'E'];
  return faults.flatMap((f): TimedAction[] => {
    if (f.type === 'pause') return [at(f.at, { type: 'pause', node: f.node, duration: f.duration * 1000 })];
    if (f.type === 'crash')
      return [
        at(f.at, { type: 'crash', node: f.node }),
        at(f.at + f.duration, { type: 'restart', node: f.node }),
      ];
    return [
      at(f.at, { type: 'partition', groups: [[f.node], nodes.filter((n) => n !== f.node)] }),
      at(f.at + f.duration, { type: 'heal' }),
    ];
  });
}

describe('the correct manager under pauses, crashes and partitions', () => {
  it(
    'never grants incompatible modes or out of order, and no write gets through outside its lease',
    () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 2 ** 31 - 1 }),
          fc.array(request, { minLength: 1, maxLength: 14 }),
          fc.array(fault, { maxLength: 4 }),
          (seed, reqs, faults) => {
            const actions = [...actionsOf(reqs, 3), ...faultActions(faults)].sort((a, b) => a.at - b.at);
            const run = runTo(dlmScenario({ clients: 3 }, actions, seed), 8_000_000);
            expect(run.violations().map((v) => `${v.invariant}: ${v.detail}`)).toEqual([]);
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});

describe('each broken variant is caught by its invariant', () => {
  const cases: { variant: string; invariant: string; scenario: Scenario }[] = [
    {
      variant: 'pr-with-cw',
      invariant: 'Compatible grants',
      scenario: dlmScenario({ clients: 2, matrix: 'pr-with-cw' }, [
        at(10, { type: 'client', node: 'C1', payload: { op: 'lock', mode: 'PR', hold: 500 } }),
        at(40, { type: 'client', node: 'C2', payload: { op: 'lock', mode: 'CW', hold: 500 } }),
      ]),
    },
    {
      variant: 'queue-jumping',
      invariant: 'Queue order',
      scenario: dlm.scenarios.find((s) => s.id === 'starvation-broken-order')?.scenario as Scenario,
    },
    {
      variant: 'no-fencing',
      invariant: 'Writes within the lease',
      scenario: dlm.scenarios.find((s) => s.id === 'paused-holder-unfenced')?.scenario as Scenario,
    },
    {
      variant: 'no-deadlock-detection',
      invariant: 'No lasting deadlock',
      scenario: dlm.scenarios.find((s) => s.id === 'conversion-deadlock-undetected')?.scenario as Scenario,
    },
  ];

  it.each(cases)(
    '$variant breaks $invariant, over many seeds; the correct rules do not',
    ({ invariant, scenario, variant }) => {
      const correct = dlm.variants.find((v) => v.id === 'correct')?.params ?? {};
      expect(dlm.variants.find((v) => v.id === variant)?.breaks.length).toBe(1);
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
          const broken = runTo({ ...scenario, seed }, 6_000_000);
          expect(broken.violations().map((v) => v.invariant)).toContain(invariant);
          const fixed = runTo({ ...scenario, seed, params: { ...scenario.params, ...correct } }, 6_000_000);
          expect(fixed.violations()).toEqual([]);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});
