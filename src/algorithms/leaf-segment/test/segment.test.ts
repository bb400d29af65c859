import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LEAF_SEGMENT_DEFAULTS,
  type LeafDatabase,
  type LeafEvent,
  type LeafResult,
  type LeafSegmentConfig,
  type LeafServer,
  createDatabase,
  createServer,
  getId,
  outageRunwayMs,
  remainingIds,
  setDatabaseUp,
} from '../segment';

const MINUTE = 60_000;

/** A client calling one server at the given times; collects IDs, events and failures. */
function callAt(
  times: readonly number[],
  start: { server: LeafServer; db: LeafDatabase },
  config: LeafSegmentConfig = LEAF_SEGMENT_DEFAULTS,
) {
  let { server, db } = start;
  const ids: number[] = [];
  const events: { at: number; event: LeafEvent }[] = [];
  const failures: { at: number; result: LeafResult }[] = [];
  for (const at of times) {
    const result = getId(server, db, at, config);
    ({ server, db } = result);
    for (const event of result.events) events.push({ at, event });
    if (result.kind === 'id') ids.push(result.value);
    else failures.push({ at, result });
  }
  return { server, db, ids, events, failures };
}

const every = (from: number, count: number, gap: number) =>
  Array.from({ length: count }, (_, i) => from + i * gap);

describe('the double buffer', () => {
  it('claims [max_id, max_id + step) with one UPDATE and hands the range out in order', () => {
    const db = createDatabase(1, 1000);
    const { ids, db: after, events } = callAt(every(0, 3, 1), { server: createServer(db), db });
    expect(ids).toEqual([1, 2, 3]);
    expect(after.maxId).toBe(1001);
    expect(events[0]?.event).toEqual({
      type: 'claimed',
      first: 1,
      last: 1000,
      step: 1000,
      maxId: 1001,
      background: false,
    });
  });

  it('loads the next segment in the background once 10% of the current one is used', () => {
    const db = createDatabase(1, 1000);
    const { events } = callAt(every(0, 200, 1), { server: createServer(db), db });
    const background = events.find((e) => e.event.type === 'claimed' && e.event.background);
    // Call 102 finds 899 IDs left, fewer than 90% of 1000: more than 10% is used.
    expect(background?.at).toBe(101);
    expect(background?.event).toMatchObject({ first: 1001, last: 2000 });
  });

  it('switches to the loaded segment when the current one runs out, without a gap', () => {
    const db = createDatabase(1, 100);
    const { ids, events, failures } = callAt(every(0, 250, 1), { server: createServer(db), db });
    expect(failures).toEqual([]);
    expect(ids).toEqual(every(1, 250, 1));
    expect(events.filter((e) => e.event.type === 'switched')).toHaveLength(2);
  });

  it('makes the caller wait for a load still in flight, and fails if it takes too long', () => {
    const db = createDatabase(1, 10);
    const slow = { ...LEAF_SEGMENT_DEFAULTS, loadLatencyMs: 5 };
    // 10 IDs in one millisecond: the load started at the second call has not arrived yet.
    const first = callAt(every(0, 11, 0), { server: createServer(db), db }, slow);
    expect(first.failures).toHaveLength(1);
    const wait = first.failures[0]?.result;
    expect(wait).toMatchObject({ kind: 'wait', until: 5 });
    const resumed = getId(first.server, first.db, 5, slow);
    expect(resumed).toMatchObject({ kind: 'id', value: 11 });

    const verySlow = { ...LEAF_SEGMENT_DEFAULTS, loadLatencyMs: 50 };
    const stuck = callAt(every(0, 11, 0), { server: createServer(db), db }, verySlow);
    expect(stuck.failures[0]?.result).toMatchObject({ kind: 'wait', until: 10 });
    expect(getId(stuck.server, stuck.db, 10, verySlow, true)).toMatchObject({
      kind: 'error',
      code: 'both-segments-empty',
      message: expect.stringMatching(/did not arrive in time/),
    });
  });
});

describe('the adaptive step', () => {
  function claims(times: number[], db: LeafDatabase, config = LEAF_SEGMENT_DEFAULTS) {
    return callAt(times, { server: createServer(db), db }, config)
      .events.map((e) => e.event)
      .filter((e) => e.type === 'claimed')
      .map((e) => e.step);
  }

  it('doubles while segments last under 15 minutes, up to the bound', () => {
    const db = createDatabase(1, 100);
    // An ID every 60 ms: each segment lasts well under 15 minutes.
    expect(claims(every(0, 3000, 60), db).slice(0, 5)).toEqual([100, 100, 200, 400, 800]);
    const bounded = { ...LEAF_SEGMENT_DEFAULTS, maxStep: 400 };
    expect(claims(every(0, 3000, 60), db, bounded).slice(0, 6)).toEqual([100, 100, 200, 400, 400, 400]);
  });

  it('keeps the step between 15 and 30 minutes, and halves it beyond, never below the row step', () => {
    const db = createDatabase(100, 100);
    const server = { ...createServer(db), step: 400, updatedAt: 0 };
    const segment = { first: 1, last: 100, next: 1, step: 100, loadedAt: 0 };
    const start = { server: { ...server, segments: [segment, null] as LeafServer['segments'] }, db };
    // 11 IDs leave 89 of 100, under 90%: the 12th call claims the next segment.
    const stepAfter = (minutes: number) => {
      const times = [...every(0, 11, 1), minutes * MINUTE];
      return callAt(times, start).server.step;
    };
    expect(stepAfter(10)).toBe(800);
    expect(stepAfter(20)).toBe(400);
    expect(stepAfter(40)).toBe(200);
    const atFloor = { server: { ...start.server, step: 100 }, db };
    expect(callAt([...every(0, 11, 1), 40 * MINUTE], atFloor).server.step).toBe(100);
  });
});

describe('the database going away', () => {
  it('keeps IDs flowing for exactly the IDs held in memory, then fails with both segments empty', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 3000 }),
        fc.integer({ min: 0, max: 6000 }),
        fc.constantFrom(0.5, 1, 2, 4, 8),
        (step, usedBefore, perMs) => {
          const db = createDatabase(1, step);
          const config = { ...LEAF_SEGMENT_DEFAULTS, loadLatencyMs: 1 };
          const before = callAt(
            every(0, usedBefore + 1, 1 / perMs),
            { server: createServer(db), db },
            config,
          );
          const t0 = (usedBefore + 1) / perMs;
          const held = remainingIds(before.server);
          const runway = outageRunwayMs(before.server, perMs);
          expect(runway).toBe(held / perMs);

          const down = { server: before.server, db: setDatabaseUp(before.db, false) };
          const after = callAt(every(t0, held + 5, 1 / perMs), down, config);
          // Every held ID is handed out, none twice, and the first failure comes at t0 + held / rate.
          expect(after.ids).toHaveLength(held);
          expect(new Set([...before.ids, ...after.ids]).size).toBe(before.ids.length + held);
          expect(after.failures[0]?.at).toBe(t0 + runway);
          expect(after.failures[0]?.result).toMatchObject({ kind: 'error', code: 'both-segments-empty' });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('cannot start at all without the database', () => {
    const db = setDatabaseUp(createDatabase(), false);
    expect(getId(createServer(db), db, 0)).toMatchObject({ kind: 'error', code: 'init-failed' });
  });

  it('resumes once the database is back', () => {
    const db = createDatabase(1, 100);
    // 50 used, 50 left in the current segment and 100 in the loaded one.
    const first = callAt(every(0, 50, 1), { server: createServer(db), db });
    const down = callAt(every(50, 160, 1), { server: first.server, db: setDatabaseUp(first.db, false) });
    expect(down.ids).toHaveLength(150);
    expect(down.failures).toHaveLength(10);
    const restored = setDatabaseUp(down.db, true);
    const waiting = getId(down.server, restored, 300);
    expect(waiting).toMatchObject({ kind: 'wait', until: 300 + LEAF_SEGMENT_DEFAULTS.loadLatencyMs });
    const resumed = getId(waiting.server, waiting.db, 305, LEAF_SEGMENT_DEFAULTS, true);
    expect(resumed).toMatchObject({ kind: 'id', value: 201 });
  });
});

describe('no ID is handed out twice', () => {
  type Op = { kind: 'call'; server: number; gap: number } | { kind: 'database'; up: boolean };
  const op: fc.Arbitrary<Op> = fc.oneof(
    {
      weight: 20,
      arbitrary: fc.record({ kind: fc.constant('call' as const), server: fc.nat(2), gap: fc.nat(20) }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('database' as const), up: fc.boolean() }) },
  );

  it('across switches, reloads, outages and three servers sharing one row', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 1, max: 4 * MINUTE }),
        fc.array(op, { minLength: 1, maxLength: 400 }),
        (step, latency, minuteScale, ops) => {
          const config = { ...LEAF_SEGMENT_DEFAULTS, loadLatencyMs: latency, maxStep: 400 };
          let db = createDatabase(1, step);
          const servers = [createServer(db), createServer(db), createServer(db)];
          const lastOf = [0, 0, 0];
          const seen = new Set<number>();
          let now = 0;
          for (const o of ops) {
            if (o.kind === 'database') {
              db = setDatabaseUp(db, o.up);
              continue;
            }
            now += (o.gap * minuteScale) / 20;
            const result = getId(servers[o.server] as LeafServer, db, now, config);
            servers[o.server] = result.server;
            db = result.db;
            if (result.kind !== 'id') continue;
            expect(seen.has(result.value)).toBe(false);
            seen.add(result.value);
            // Each server's IDs grow: later claims are always higher ranges.
            expect(result.value).toBeGreaterThan(lastOf[o.server] as number);
            lastOf[o.server] = result.value;
            expect(result.value).toBeLessThanOrEqual(db.maxId);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
