import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NamedScenario, Scenario, TimedAction, Violation } from '../../../sim/types';
import { decode } from '../codec';
import { type WorkerView } from '../cluster';
import { snowflake } from '../index';
import { PRESETS } from '../layout';
import { scenarios } from '../scenarios';
import type { SnowflakeRun } from '..';
import { snowflakeParams } from '../params';

const MS = 1000;

function named(id: string): NamedScenario {
  const found = scenarios.find((s) => s.id === id);
  if (!found) throw new Error(`no scenario ${id}`);
  return found;
}

/** Run a named scenario to its moment of interest. */
function play(id: string): {
  run: SnowflakeRun;
  workers: Record<string, WorkerView>;
  violations: Violation[];
} {
  const scenario = named(id);
  const run = snowflake.createRun(scenario.scenario);
  run.seekTime(scenario.until ?? Number.MAX_SAFE_INTEGER);
  const view = run.view();
  return {
    run,
    workers: Object.fromEntries(view.nodes.map((n) => [n.id, n.state])),
    violations: view.violations,
  };
}

const broken = (violations: Violation[]) => violations.map((v) => v.invariant);

describe('named scenarios', () => {
  it('steady load: every ID unique, each worker in order, the stream k-sorted', () => {
    const { workers, violations } = play('steady-load');
    expect(violations).toEqual([]);
    expect(Object.values(workers).map((w) => w.issued)).toEqual([90, 90, 90]);
  });

  it('burst: 4,096 IDs in the first millisecond, the other 904 in the next', () => {
    const { run, workers, violations } = play('burst');
    expect(violations).toEqual([]);
    expect(workers['W1']).toMatchObject({ issued: 5000, queue: 0 });
    const narration = run.entries(0, run.length()).map((e) => e.narration);
    expect(narration[0]).toMatch(/hands out 4,096 IDs.*waits 750 µs/);
    expect(narration[1]).toMatch(/clock reaches .*: it hands out 904 IDs/);
    const last = decode(workers['W1']?.lastId ?? '', PRESETS.twitter);
    expect(last.time.iso).toBe('2024-01-01T00:00:00.002Z');
    expect(last.values['sequence']).toBe(903);
  });

  it('clock back under Twitter: W2 refuses for the lost milliseconds, and nothing repeats', () => {
    const { workers, violations } = play('clock-back-twitter');
    expect(workers['W2']?.refused).toBe(4);
    expect(workers['W2']?.lastRefusal).toMatch(/Clock moved backwards/);
    expect(broken(violations)).not.toContain('unique-ids');
    expect(broken(violations)).not.toContain('per-worker-order');
  });

  it('clock back 3 ms under Leaf: W2 waits and loses no request', () => {
    const { run, workers, violations } = play('clock-back-leaf-small');
    expect(workers['W2']).toMatchObject({ refused: 0, issued: 40, queue: 0 });
    expect(run.entries(0, run.length()).some((e) => /W2 .*waits 3.8 ms/.test(e.narration))).toBe(true);
    expect(violations).toEqual([]);
  });

  it('clock back 10 ms under Leaf: W2 fails at once until it catches up', () => {
    const { workers, violations } = play('clock-back-leaf-large');
    expect(workers['W2']?.refused).toBeGreaterThan(0);
    expect(workers['W2']?.lastRefusal).toMatch(/more than the 5 ms it waits out/);
    expect(broken(violations)).not.toContain('unique-ids');
  });

  it('clock back under Sonyflake: W2 never refuses and its IDs keep growing', () => {
    const { workers, violations } = play('clock-back-sonyflake');
    expect(workers['W2']).toMatchObject({ refused: 0, issued: 40 });
    expect(broken(violations)).not.toContain('unique-ids');
    expect(broken(violations)).not.toContain('per-worker-order');
    // Its clock lags 10 ms behind W1's: the merged stream is no longer sorted within 5 ms.
    expect(broken(violations)).toContain('k-sorted');
  });

  it('clock back with no check: W2 repeats IDs it already handed out', () => {
    const { violations } = play('clock-back-no-check');
    expect(broken(violations)).toContain('unique-ids');
    expect(violations.find((v) => v.invariant === 'unique-ids')?.detail).toMatch(
      /W2 hands out \d+, which it already/,
    );
  });

  it('two workers with the same id collide in their first millisecond', () => {
    const { violations } = play('same-worker-id');
    expect(violations[0]).toMatchObject({ invariant: 'unique-ids', time: 0.2 * MS });
    expect(violations[0]?.detail).toMatch(/which W1 already handed out/);
  });

  it('the epoch runs out 2^41 ms after 2010-11-04: the worker refuses from then on', () => {
    const { workers } = play('epoch-runs-out');
    expect(workers['W1']).toMatchObject({ issued: 10, refused: 10 });
    expect(workers['W1']?.lastRefusal).toMatch(/time field is used up/);
  });

  it('every scenario is valid for the module and replays to the same trace', () => {
    for (const scenario of snowflake.scenarios) {
      const first = snowflake.createRun(scenario.scenario);
      first.seekTime(scenario.until ?? 0);
      const again = snowflake.createRun(first.scenario());
      again.seekTime(scenario.until ?? 0);
      expect(again.entries(0, again.length())).toEqual(first.entries(0, first.length()));
    }
  });
});

describe('the reader acting on a run', () => {
  it('a clock jump applied mid-run reaches the worker, and the shared scenario reproduces it', () => {
    const run = snowflake.createRun(named('steady-load').scenario);
    run.seekTime(10 * MS);
    run.act({ type: 'clock-jump', node: 'W3', by: -3 * MS });
    run.seekTime(20 * MS);
    const refusedW3 = run.view().nodes.find((n) => n.id === 'W3')?.state.refused;
    expect(refusedW3).toBeGreaterThan(0);

    const shared: Scenario = run.scenario();
    expect(shared.actions.filter((a) => a.action.type === 'clock-jump')).toHaveLength(1);
    // The shared scenario holds the reader's actions as given: requests are plain counts.
    expect(shared.actions).toHaveLength(named('steady-load').scenario.actions.length + 1);
    expect(
      shared.actions.every(
        (a) => a.action.type !== 'client' || Object.keys(a.action.payload as object).join() === 'count',
      ),
    ).toBe(true);
    const replay = snowflake.createRun(shared);
    replay.seekTime(20 * MS);
    expect(replay.view().nodes.map((n) => n.state)).toEqual(run.view().nodes.map((n) => n.state));
  });

  it('a request added by the reader is served at the cursor time', () => {
    const run = snowflake.createRun(named('burst').scenario);
    run.seekTime(2 * MS);
    run.act({ type: 'client', node: 'W1', payload: { count: 3 } });
    expect(run.view().nodes[0]?.state.issued).toBe(5003);
  });

  it('forcing a timeout does not move a waiting worker past its clock', () => {
    const run = snowflake.createRun(named('burst').scenario);
    run.seek(0);
    run.act({ type: 'timeout', node: 'W1' });
    expect(run.entries(run.cursor(), run.cursor() + 1)[0]?.narration).toMatch(/only its clock decides/);
    expect(run.view().nodes[0]).toMatchObject({ role: 'waitingForClock', state: { issued: 4096 } });
    run.seekTime(3 * MS);
    expect(run.view().nodes[0]?.state.issued).toBe(5000);
  });

  it('seeking back and forth gives the same world, ghost state included', () => {
    const scenario = named('clock-back-no-check');
    const run = snowflake.createRun(scenario.scenario, { checkpointEvery: 7 });
    run.seekTime(scenario.until ?? 0);
    const end = run.cursor();
    const atEnd = run.view();
    run.seek(3);
    expect(run.view().violations).toEqual([]);
    run.seek(end);
    expect(run.view()).toEqual(atEnd);
  });

  it('a crashed worker restarts with its clock but forgets its last ID, as IdWorker does', () => {
    const restartedWith = (jumpWhileDown: number) => {
      const run = snowflake.createRun({
        version: 1,
        algorithm: 'snowflake',
        params: { ...snowflakeParams.defaults, workers: 1 },
        seed: 1,
        actions: [
          { at: 1000, action: { type: 'client', node: 'W1', payload: { count: 2 } } },
          { at: 1500, action: { type: 'crash', node: 'W1' } },
          { at: 1600, action: { type: 'clock-jump', node: 'W1', by: jumpWhileDown } },
          { at: 1700, action: { type: 'restart', node: 'W1' } },
          { at: 2500, action: { type: 'client', node: 'W1', payload: { count: 1 } } },
        ],
      });
      run.seekTime(3000);
      return run.view().violations.map((v) => v.invariant);
    };
    // Set back 1.5 ms while it was down, its clock reads millisecond 1 again; with a fresh
    // sequence it repeats its first ID. Without the step it is in millisecond 2 and all is well.
    expect(restartedWith(-1500)).toContain('unique-ids');
    expect(restartedWith(0)).toEqual([]);
  });
});

describe('a worker waiting for its clock', () => {
  /** The burst: W1 hands out 4,096 IDs at 1.25 ms and waits for its clock to read 2 ms. */
  const burstWith = (...faults: TimedAction[]) => {
    const base = named('burst').scenario;
    const run = snowflake.createRun({ ...base, actions: [...base.actions, ...faults] });
    run.seekTime(20 * MS);
    const wake = run.entries(0, run.length()).find((e) => e.kind === 'timer');
    return { run, wake, w1: run.view().nodes[0]?.state };
  };

  it('wakes at 2 ms global time when nothing touches its clock', () => {
    const { wake, w1 } = burstWith();
    expect(wake?.time).toBe(2 * MS);
    expect(w1).toMatchObject({ issued: 5000, queue: 0 });
  });

  it('wakes when its own clock reads 2 ms, however the clock is stepped or skewed meanwhile', () => {
    const cases: [string, TimedAction, number][] = [
      // Stepped back 2 ms at 1.5 ms, the clock reads 2 ms at 4 ms.
      ['back', { at: 1500, action: { type: 'clock-jump', node: 'W1', by: -2 * MS } }, 4 * MS],
      // Stepped forwards 0.3 ms at 1.5 ms, it reads 2 ms at 1.7 ms.
      ['forwards', { at: 1500, action: { type: 'clock-jump', node: 'W1', by: 300 } }, 1.7 * MS],
      // At half speed from 1.5 ms, the last 0.5 ms of the wait takes 1 ms.
      ['slower', { at: 1500, action: { type: 'clock-rate', node: 'W1', rate: 0.5 } }, 2.5 * MS],
    ];
    for (const [name, fault, expected] of cases) {
      const { run, wake, w1 } = burstWith(fault);
      expect(wake?.time, name).toBe(expected);
      expect(wake?.narration, name).toMatch(/clock reaches 2024-01-01T00:00:00.002Z: it hands out 904 IDs/);
      expect(w1, name).toMatchObject({ issued: 5000, queue: 0 });
      expect(run.view().violations, name).toEqual([]);
    }
  });

  it('Sonyflake holds an ID minted in borrowed time until its clock gets there, even set back', () => {
    const run = snowflake.createRun({
      version: 1,
      algorithm: 'snowflake',
      params: { ...snowflakeParams.defaults, preset: 'sonyflake', workers: 1 },
      seed: 1,
      actions: [
        { at: 80 * MS, action: { type: 'client', node: 'W1', payload: { count: 257 } } },
        { at: 85 * MS, action: { type: 'clock-jump', node: 'W1', by: -5 * MS } },
      ],
    });
    run.seekTime(200 * MS);
    const wake = run.entries(0, run.length()).find((e) => e.kind === 'timer');
    // The 257th ID is stamped 90 ms; set back 5 ms at 85 ms, the clock reads 90 ms at 95 ms.
    expect(wake?.time).toBe(95 * MS);
    expect(run.view().nodes[0]?.state).toMatchObject({ issued: 257, queue: 0 });
  });
});

describe('a paused worker', () => {
  it('reads its clock when it handles a request that waited in its inbox, not when it arrived', () => {
    const run = snowflake.createRun({
      version: 1,
      algorithm: 'snowflake',
      params: { ...snowflakeParams.defaults, workers: 1 },
      seed: 1,
      actions: [
        { at: 1 * MS, action: { type: 'pause', node: 'W1', duration: 3 * MS } },
        { at: 2.5 * MS, action: { type: 'client', node: 'W1', payload: { count: 1 } } },
      ],
    });
    run.seekTime(10 * MS);
    const w1 = run.view().nodes[0]?.state;
    expect(decode(w1?.lastId ?? '', PRESETS.twitter).time.iso).toBe('2024-01-01T00:00:00.004Z');
  });
});

describe('parameters', () => {
  it('are checked with a reason', () => {
    expect(snowflakeParams.parse({})).toEqual(snowflakeParams.defaults);
    expect(() => snowflakeParams.parse({ preset: 'instagram' })).toThrow(/params\.preset: must be one of/);
    expect(() => snowflakeParams.parse({ policy: 'yolo' })).toThrow(/params\.policy: must be one of/);
    expect(() => snowflakeParams.parse({ workers: 33 })).toThrow(/params\.workers: must be between 1 and 32/);
    expect(() => snowflakeParams.parse({ workers: 1, sameWorkerId: true })).toThrow(/at least 2 workers/);
    expect(() => snowflakeParams.parse({ colour: 'red' })).toThrow(/params\.colour: is not a parameter/);
    expect(() =>
      snowflake.createRun({
        version: 1,
        algorithm: 'snowflake',
        params: {},
        seed: 1,
        actions: [{ at: 0, action: { type: 'crash', node: 'W9' } }],
      }),
    ).toThrow(/no worker named "W9"/);
    expect(() =>
      snowflake.createRun({
        version: 1,
        algorithm: 'snowflake',
        params: {},
        seed: 1,
        actions: [{ at: 0, action: { type: 'client', node: 'W1', payload: { count: 0 } } }],
      }),
    ).toThrow(/asks for 1 to 100000 IDs/);
  });
});

describe('under arbitrary clock faults', () => {
  const worker = fc.constantFrom('W1', 'W2');
  const timedAction: fc.Arbitrary<TimedAction> = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        at: fc.integer({ min: 0, max: 30 * MS }),
        action: fc.record({
          type: fc.constant('client' as const),
          node: worker,
          payload: fc.record({ count: fc.integer({ min: 1, max: 600 }) }),
        }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        at: fc.integer({ min: 0, max: 30 * MS }),
        action: fc.record({
          type: fc.constant('clock-jump' as const),
          node: worker,
          by: fc.integer({ min: -15 * MS, max: 15 * MS }),
        }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        at: fc.integer({ min: 0, max: 30 * MS }),
        action: fc.record({
          type: fc.constant('clock-rate' as const),
          node: worker,
          rate: fc.constantFrom(0.5, 0.9, 1, 1.5, 3),
        }),
      }),
    },
  );

  for (const preset of ['twitter', 'leaf', 'sonyflake'] as const) {
    it(`${preset}: no ID repeats, no worker goes backwards, and each worker reads the kernel's clock`, () => {
      fc.assert(
        fc.property(fc.array(timedAction, { minLength: 1, maxLength: 25 }), (actions) => {
          const run = snowflake.createRun({
            version: 1,
            algorithm: 'snowflake',
            params: { ...snowflakeParams.defaults, preset, workers: 2 },
            seed: 3,
            actions,
          });
          while (run.step()) {
            const entry = run.entries(run.cursor(), run.cursor() + 1)[0];
            if (entry?.action?.type !== 'client' && entry?.kind !== 'timer') continue;
            // At every request and every wake-up the generator reads the kernel's clock.
            const view = run.view().nodes.find((n) => n.id === entry.node);
            const status = run.nodes().find((n) => n.id === entry.node);
            if (view?.up) expect(status?.context.localNow).toBe(view.clock);
          }
          const broken = run.view().violations.map((v) => v.invariant);
          expect(broken).not.toContain('unique-ids');
          expect(broken).not.toContain('per-worker-order');
        }),
        { numRuns: 40 },
      );
    });
  }
});

describe('the request-rate parameter', () => {
  const loaded = (params: Record<string, unknown>): SnowflakeRun =>
    snowflake.createRun({
      version: 1,
      algorithm: 'snowflake',
      params: { ...snowflakeParams.defaults, ...params },
      seed: 1,
      actions: [],
    });

  it('asks every worker for `rate` IDs each millisecond for `loadMs` ms', () => {
    const run = loaded({ workers: 4, rate: 3, loadMs: 10 });
    run.seekTime(50 * MS);
    const issued = run.view().nodes.map((n) => n.state.issued);
    expect(issued).toEqual([30, 30, 30, 30]);
    expect(run.view().violations).toEqual([]);
  });

  it('past the 4,096-a-millisecond ceiling, the Twitter worker spills into the next milliseconds', () => {
    const run = loaded({ workers: 1, rate: 6000, loadMs: 2 });
    run.seekTime(1.5 * MS);
    const w1 = run.view().nodes[0]?.state;
    // Within milliseconds 0 and 1 the worker cannot serve more than its ceiling allows.
    expect(w1?.issued).toBeLessThanOrEqual(2 * 4096);
    run.seekTime(10 * MS);
    expect(run.view().nodes[0]?.state.issued).toBe(12_000);
  });

  it('keeps the generated load out of the shared scenario: the parameters bring it back', () => {
    const run = loaded({ workers: 2, rate: 2, loadMs: 5 });
    run.seekTime(3 * MS);
    run.act({ type: 'clock-jump', node: 'W1', by: -2 * MS });
    expect(run.scenario().actions).toEqual([
      { at: expect.any(Number), action: expect.objectContaining({ type: 'clock-jump' }) },
    ]);
    const again = snowflake.createRun(run.scenario());
    again.seekTime(20 * MS);
    run.seekTime(20 * MS);
    expect(again.view().nodes.map((n) => n.state.lastId)).toEqual(
      run.view().nodes.map((n) => n.state.lastId),
    );
  });

  it('allows up to 32 workers and refuses 33', () => {
    expect(snowflakeParams.parse({ workers: 32 }).workers).toBe(32);
    expect(() => snowflakeParams.parse({ workers: 33 })).toThrow(/between 1 and 32/);
    expect(() => snowflakeParams.parse({ rate: -1 })).toThrow(/rate/);
  });
});
