/**
 * Properties over seeds and timings. While Redlock's timing assumptions hold (clock rates within
 * the drift allowance, pauses shorter than the margin, restarted nodes delayed or persistent), no
 * two clients ever hold the lock at once. When a run breaks one, the observer sees the overlap.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { atMs as at } from '../../../sim/scenario';
import type { Action, Scenario, TimedAction } from '../../../sim/types';
import { MUTUAL_EXCLUSION, NO_STALE_WRITE } from '../invariants';
import { redlockScenario, scenarios } from '../scenarios';
import type { RedlockParams } from '../types';
import { drive, overlaps } from './drive';

const MS = 1000;
/** Property tests run hundreds of simulations; shared CI machines need more than the default 5 s. */
const TIMEOUT = 120_000;
const REDIS = ['A', 'B', 'C', 'D', 'E'];

const scenarioOf = redlockScenario;

/** With a 1 s TTL the allowance is 12 ms: rates within ±0.1% use at most 2 ms of it. */
const SLOW = 0.999;
const FAST = 1.001;
/** Extremes often: the boundary is where a bug would show. */
const RATE = fc.oneof(fc.constantFrom(SLOW, FAST), fc.double({ min: SLOW, max: FAST, noNaN: true }));

const timings = fc.record({
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  clients: fc.integer({ min: 2, max: 3 }),
  acquisition: fc.constantFrom('parallel' as const, 'sequential' as const),
  latencyMin: fc.integer({ min: 0, max: 5 }),
  latencySpread: fc.integer({ min: 0, max: 20 }),
  loss: fc.constantFrom(0, 0.05),
  workTime: fc.oneof(fc.integer({ min: 0, max: 900 }), fc.integer({ min: 1000, max: 1500 })),
  retryCount: fc.integer({ min: 0, max: 60 }),
  // Short retry delays keep a waiting client knocking, so it gets in the moment keys expire.
  retryDelay: fc.integer({ min: 10, max: 200 }),
  starts: fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 3000 })), {
    minLength: 2,
    maxLength: 8,
  }),
  extensions: fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 3000 })), {
    maxLength: 6,
  }),
  rates: fc.array(RATE, { minLength: 8, maxLength: 8 }),
  pauses: fc.array(
    fc.tuple(
      fc.integer({ min: 0, max: 7 }),
      // Often around the first holder's deadline, where a pause could matter.
      fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 950, max: 1050 })),
      fc.integer({ min: 1, max: 5 }),
    ),
    {
      maxLength: 4,
    },
  ),
  crashes: fc.array(
    fc.tuple(
      fc.integer({ min: 0, max: 4 }),
      fc.integer({ min: 0, max: 3000 }),
      fc.integer({ min: 1, max: 500 }),
    ),
    {
      maxLength: 2,
    },
  ),
  durability: fc.constantFrom('delayed' as const, 'fsync' as const),
});

type Timings = typeof timings extends fc.Arbitrary<infer T> ? T : never;

function nodesOf(t: Timings): string[] {
  return [...Array.from({ length: t.clients }, (_, i) => `C${i + 1}`), ...REDIS];
}

/** A run inside the assumptions; `extra` lets a property add the fault that breaks one. */
function safeRun(t: Timings, extra: TimedAction[] = [], params: Partial<RedlockParams> = {}): Scenario {
  const nodes = nodesOf(t);
  const actions: TimedAction[] = [];
  nodes.forEach((node, i) => actions.push(at(0, { type: 'clock-rate', node, rate: t.rates[i] ?? 1 })));
  // Every client contends at the start; more requests follow at random times.
  for (let c = 1; c <= t.clients; c++)
    actions.push(at(c * 3, { type: 'client', node: `C${c}`, payload: { op: 'acquire' } }));
  for (const [c, ms] of t.starts)
    actions.push(at(ms, { type: 'client', node: `C${(c % t.clients) + 1}`, payload: { op: 'acquire' } }));
  for (const [c, ms] of t.extensions)
    actions.push(at(ms, { type: 'client', node: `C${(c % t.clients) + 1}`, payload: { op: 'extend' } }));
  for (const [n, ms, len] of t.pauses)
    actions.push(at(ms, { type: 'pause', node: nodes[n % nodes.length] as string, duration: len * MS }));
  for (const [n, ms, down] of t.crashes) {
    actions.push(at(ms, { type: 'crash', node: REDIS[n] as string }));
    actions.push(at(ms + down, { type: 'restart', node: REDIS[n] as string }));
  }
  actions.push(...extra);
  return scenarioOf(
    {
      clients: t.clients,
      acquisition: t.acquisition,
      latencyMin: t.latencyMin,
      latencyMax: t.latencyMin + t.latencySpread,
      loss: t.loss,
      workTime: t.workTime,
      retryCount: t.retryCount,
      retryDelay: t.retryDelay,
      retryJitter: Math.floor(t.retryDelay / 2),
      delayedRestart: t.durability === 'delayed',
      persistence: t.durability === 'fsync' ? 'fsync' : 'off',
      ...params,
    },
    actions,
    t.seed,
  );
}

describe('Redlock properties', () => {
  it(
    'while the timing assumptions hold, no two clients ever hold the lock at once',
    () => {
      let held = 0;
      let extended = 0;
      fc.assert(
        fc.property(timings, (t) => {
          const o = drive(safeRun(t));
          held += o.holdings.length;
          extended += o.narrations.filter((n) => n.includes('has a majority of extensions in time')).length;
          expect(overlaps(o.holdings)).toEqual([]);
          expect(o.violations.map((v) => v.invariant)).not.toContain(MUTUAL_EXCLUSION);
        }),
        { numRuns: 120 },
      );
      // The property is not vacuous: clients did get the lock.
      expect(held).toBeGreaterThan(120);
      expect(extended).toBeGreaterThan(0);
    },
    TIMEOUT,
  );

  it(
    'a holder paused across its deadline: safe within the margin, overlapped beyond it',
    () => {
      // C1 holds from about t=5 ms; its deadline is 988 ms after it started, the keys live 1000 ms
      // after they were set: a margin of 12 ms plus the latency. C2 knocks every 5 to 15 ms.
      const story = (seed: number, pauseAt: number, pause: number) =>
        drive(
          scenarioOf(
            { workTime: 1500, retryDelay: 10, retryJitter: 5, retryCount: -1 },
            [
              at(0, { type: 'client', node: 'C1', payload: { op: 'acquire' } }),
              at(5, { type: 'client', node: 'C2', payload: { op: 'acquire' } }),
              at(pauseAt, { type: 'pause', node: 'C1', duration: pause * MS }),
            ],
            seed,
          ),
          20_000,
          2500 * MS,
        );
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 1e9 }),
          fc.integer({ min: 900, max: 995 }),
          fc.integer({ min: 1, max: 10 }),
          (seed, pauseAt, pause) => {
            expect(overlaps(story(seed, pauseAt, pause).holdings)).toEqual([]);
          },
        ),
        { numRuns: 60 },
      );
      let overlapped = 0;
      for (let seed = 1; seed <= 10; seed++) {
        const o = story(seed, 980, 100);
        if (overlaps(o.holdings).length > 0) {
          overlapped++;
          expect(o.violations.map((v) => v.invariant)).toContain(MUTUAL_EXCLUSION);
        }
      }
      expect(overlapped).toBeGreaterThanOrEqual(5);
    },
    TIMEOUT,
  );

  it(
    'the observer flags exactly the runs in which holdings overlap in global time',
    () => {
      let flagged = 0;
      fc.assert(
        fc.property(
          timings,
          fc.integer({ min: 0, max: 3000 }),
          fc.integer({ min: 0, max: 7 }),
          fc.integer({ min: 100, max: 2500 }),
          fc.boolean(),
          (t, when, who, length, jump) => {
            const node = nodesOf(t)[who % nodesOf(t).length] as string;
            const fault: Action = jump
              ? { type: 'clock-jump', node, by: length * MS }
              : { type: 'pause', node, duration: length * MS };
            const o = drive(
              safeRun(t, [at(when, fault)], { release: who % 2 === 0 ? 'del' : 'compare-and-delete' }),
            );
            const overlapping = overlaps(o.holdings).length > 0;
            const seen = o.violations.some((v) => v.invariant === MUTUAL_EXCLUSION);
            if (seen) flagged++;
            expect(seen).toBe(overlapping);
          },
        ),
        { numRuns: 150 },
      );
      expect(flagged).toBeGreaterThan(0);
    },
    TIMEOUT,
  );

  it(
    'clock-jump: for any seed, latency and jump of at least the TTL, the overlap is detected',
    () => {
      const base = scenarios.find((s) => s.id === 'clock-jump')?.scenario as Scenario;
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 1e9 }),
          fc.integer({ min: 1000, max: 5000 }),
          fc.integer({ min: 1, max: 10 }),
          (seed, jump, latency) => {
            const actions = base.actions.map((a) =>
              a.action.type === 'clock-jump' ? { ...a, action: { ...a.action, by: jump * MS } } : a,
            );
            const o = drive({ ...base, seed, actions, params: { ...base.params, latencyMax: latency } });
            expect(overlaps(o.holdings).length).toBeGreaterThan(0);
            expect(o.violations.map((v) => v.invariant)).toContain(MUTUAL_EXCLUSION);
          },
        ),
        { numRuns: 40 },
      );
    },
    TIMEOUT,
  );

  it(
    'restart without persistence: for any seed and crash time after the grant, the overlap is detected',
    () => {
      const base = scenarios.find((s) => s.id === 'restart-without-persistence')?.scenario as Scenario;
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 40, max: 130 }), (seed, crashAt) => {
          const actions = base.actions.map((a) => {
            if (a.action.type === 'crash') return { ...a, at: crashAt * MS };
            if (a.action.type === 'restart') return { ...a, at: (crashAt + 5) * MS };
            return a;
          });
          const o = drive({ ...base, seed, actions });
          expect(o.violations.map((v) => v.invariant)).toContain(MUTUAL_EXCLUSION);
        }),
        { numRuns: 40 },
      );
    },
    TIMEOUT,
  );

  it(
    'process pause: without fencing the stale write lands; with fencing it never does',
    () => {
      const plain = scenarios.find((s) => s.id === 'process-pause')?.scenario as Scenario;
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 1400, max: 3000 }), (seed, pause) => {
          const actions = plain.actions.map((a) =>
            a.action.type === 'pause' ? { ...a, action: { ...a.action, duration: pause * MS } } : a,
          );
          const unfenced = drive({ ...plain, seed, actions });
          expect(unfenced.violations.map((v) => v.invariant)).toEqual([MUTUAL_EXCLUSION, NO_STALE_WRITE]);
          const fenced = drive({ ...plain, seed, actions, params: { ...plain.params, fencing: true } });
          expect(fenced.violations.map((v) => v.invariant)).toEqual([MUTUAL_EXCLUSION]);
          expect(fenced.storage.writes.find((w) => w.from === 'C1')?.accepted).toBe(false);
        }),
        { numRuns: 40 },
      );
    },
    TIMEOUT,
  );

  it(
    'with fencing, the storage never accepts a stale write, whatever pauses and jumps do',
    () => {
      let rejected = 0;
      fc.assert(
        fc.property(
          timings,
          fc.array(
            fc.tuple(
              fc.integer({ min: 0, max: 3000 }),
              fc.integer({ min: 0, max: 2 }),
              fc.integer({ min: 100, max: 2500 }),
            ),
            {
              minLength: 1,
              maxLength: 3,
            },
          ),
          (t, faults) => {
            const extra = faults.map(([ms, c, len]) =>
              at(ms, { type: 'pause', node: `C${(c % t.clients) + 1}`, duration: len * MS }),
            );
            const o = drive(safeRun(t, extra, { fencing: true, workTime: 300 }));
            rejected += o.storage.writes.filter((w) => !w.accepted).length;
            expect(o.violations.map((v) => v.invariant)).not.toContain(NO_STALE_WRITE);
            // Accepted tokens only ever grow.
            const tokens = o.storage.writes.filter((w) => w.accepted).map((w) => w.token ?? -1);
            expect(tokens).toEqual([...tokens].sort((a, b) => a - b));
          },
        ),
        { numRuns: 120 },
      );
      expect(rejected).toBeGreaterThan(0);
    },
    TIMEOUT,
  );
});
