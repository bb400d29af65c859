/**
 * Leaf's segment mode on the kernel: the lease, the double buffer, the adaptive step, the
 * database going away, crashes, and the broken variants caught by their invariants. Each test
 * drives a whole run and reads what the servers handed out and what the database leased.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { atMs as at } from '../../../sim/scenario';
import type { Scenario, TimedAction } from '../../../sim/types';
import leafSegment, { LEASED_RANGE, UNIQUE_IDS } from '../index';
import { leafScenario as leaf, scenarios } from '../scenarios';
import type { Grant, LeafContext, LeafParams, ServerContext } from '../types';

const MS = 1000;
const LONG = process.env['ATLAS_LONG'] === '1';

interface Handed {
  time: number;
  server: string;
  ids: number[];
}

/** Runs to `untilMs` and records every lease, every ID handed out and every refusal. */
function drive(scenario: Scenario, untilMs: number) {
  const run = leafSegment.createRun(scenario);
  const grants: (Grant & { time: number })[] = [];
  const handed: Handed[] = [];
  const steps: number[] = [];
  let seenGrants = 0;
  const seenBatch = new Map<string, number>();
  while (run.time() <= untilMs * MS && run.step()) {
    for (const n of run.nodes()) {
      const c = n.context as LeafContext;
      if (c.role === 'db' && c.grants > seenGrants && c.lastGrant) {
        grants.push({ ...c.lastGrant, time: run.time() });
        steps.push(c.lastGrant.max - c.lastGrant.first);
        seenGrants = c.grants;
      }
      if (c.role === 'server' && c.batch !== (seenBatch.get(n.id) ?? 0)) {
        seenBatch.set(n.id, c.batch);
        if (c.batch === 0) continue;
        const ids = c.batchRuns.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i));
        handed.push({ time: run.time(), server: n.id, ids });
      }
    }
  }
  const servers = Object.fromEntries(
    run
      .nodes()
      .filter((n) => (n.context as LeafContext).role === 'server')
      .map((n) => [n.id, n.context as ServerContext]),
  );
  const idsOf = (server?: string) =>
    handed.filter((h) => !server || h.server === server).flatMap((h) => h.ids);
  return { run, grants, handed, steps, servers, idsOf, violations: run.violations() };
}

function named(id: string) {
  const s = scenarios.find((x) => x.id === id);
  if (!s) throw new Error(`no scenario ${id}`);
  return { scenario: s.scenario, untilMs: (s.until ?? 2_000_000) / MS };
}

const quiet = (params: Partial<LeafParams>, actions: TimedAction[] = [], seed = 1) =>
  leaf({ dynamicStep: false, ...params }, actions, seed);

describe('the lease', () => {
  it('UPDATE max_id = max_id + step then SELECT: the server owns [max_id − step, max_id)', () => {
    const o = drive(quiet({ servers: 1, clients: 1 }), 300);
    expect(o.grants[0]).toMatchObject({ server: 'L1', first: 1, max: 101 });
    expect(o.idsOf().slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
  });

  it('as the article says: with max_id 2000 and step 1000, the server hands out 2000 to 2999', () => {
    const o = drive(
      quiet({ servers: 1, clients: 1, maxId: 2000, step: 1000, batch: 100, interval: 10 }),
      400,
    );
    expect(o.grants[0]).toMatchObject({ first: 2000, max: 3000 });
    const ids = o.idsOf();
    expect(ids[0]).toBe(2000);
    expect(ids).toContain(2999);
    // 3000 is the first ID of the next lease, not of this one.
    expect(o.grants[1]).toMatchObject({ first: 3000, max: 4000 });
    expect(ids.indexOf(3000)).toBe(ids.indexOf(2999) + 1);
  });

  it('two servers lease disjoint ranges from one row; each one’s IDs grow, the merged stream does not', () => {
    const o = drive(named('two-servers').scenario, 5000);
    expect(o.violations).toEqual([]);
    const all = o.idsOf();
    expect(new Set(all).size).toBe(all.length);
    for (const s of ['L1', 'L2']) {
      const ids = o.idsOf(s);
      expect(ids.every((id, i) => i === 0 || id > (ids[i - 1] as number))).toBe(true);
    }
    expect(all.some((id, i) => i > 0 && id < (all[i - 1] as number))).toBe(true);
  });
});

describe('the double buffer', () => {
  it('starts loading the next segment once the current one is more than 10% used', () => {
    const o = drive(quiet({ servers: 1, clients: 1, batch: 1, interval: 10 }), 400);
    const second = o.grants[1] as Grant & { time: number };
    // Leaf's test: idle < 0.9 × step, checked before each ID; 11 of 100 are used by then.
    const before = o.handed.filter((h) => h.time <= second.time).flatMap((h) => h.ids);
    expect(before.length).toBeGreaterThanOrEqual(11);
    expect(before.length).toBeLessThanOrEqual(13);
  });

  it('switches to the loaded segment when the current one runs out, with no gap and no wait', () => {
    const o = drive(quiet({ servers: 1, clients: 1, batch: 10, interval: 20 }), 1000);
    const ids = o.idsOf();
    expect(ids.length).toBeGreaterThan(300);
    expect(ids.every((id, i) => i === 0 || id === (ids[i - 1] as number) + 1)).toBe(true);
    expect(o.servers['L1']?.refused).toBe(0);
  });

  it('makes callers wait for a load still in flight, then fails them, then serves again when it lands', () => {
    const o = drive(named('slow-database').scenario, 6000);
    const l1 = o.servers['L1'] as ServerContext;
    expect(l1.refused).toBeGreaterThan(0);
    expect(o.violations).toEqual([]);
    const last = o.handed[o.handed.length - 1] as Handed;
    expect(last.time).toBeGreaterThan(5000 * MS);
  });
});

describe('the adaptive step', () => {
  it('doubles while segments last less than the segment duration, up to the largest step', () => {
    const o = drive(named('adaptive-step').scenario, 8000);
    // The first two leases take the row's step; then 200, 400, and 400 stays.
    expect(o.steps.slice(0, 5)).toEqual([100, 100, 200, 400, 400]);
    const row = o.run.nodes().find((n) => n.id === 'DB')?.context as LeafContext;
    expect(row.role === 'db' && row.step).toBe(100);
  });

  it('halves after a quiet spell, never below the row’s step', () => {
    const o = drive(
      leaf(
        { servers: 1, clients: 1, step: 10, maxStep: 1000, segmentDuration: 100, batch: 10, interval: 20 },
        [at(400, { type: 'pause', node: 'C1', duration: 1_000_000 })],
      ),
      2500,
    );
    const grown = Math.max(...o.steps);
    expect(grown).toBeGreaterThan(10);
    const after = o.grants.filter((g) => g.time > 1400 * MS).map((g) => g.max - g.first);
    expect(after[0]).toBeLessThan(grown);
    expect(Math.min(...o.steps)).toBeGreaterThanOrEqual(10);
  });
});

describe('the database going away', () => {
  it('serves exactly the IDs held in both buffers, then fails every call, then recovers', () => {
    const { scenario } = named('database-unreachable');
    const run = leafSegment.createRun(scenario);
    run.seekTime(1000 * MS);
    let held = 0;
    for (const n of run.nodes()) {
      const c = n.context as LeafContext;
      if (c.role !== 'server') continue;
      const cur = c.segments[c.current];
      held += cur ? cur.max - cur.next : 0;
      const other = c.segments[c.current === 0 ? 1 : 0];
      if (c.nextReady && other) held += other.max - other.next;
    }
    const o = drive(scenario, 8500);
    const during = o.handed.filter((h) => h.time > 1000 * MS && h.time < 7000 * MS).flatMap((h) => h.ids);
    expect(held).toBeGreaterThan(0);
    expect(during.length).toBe(held);
    expect(Object.values(o.servers).every((s) => s.refused > 0)).toBe(true);
    expect(o.handed.some((h) => h.time > 7000 * MS)).toBe(true);
    expect(o.violations).toEqual([]);
  });

  it('cannot start without the database: the first calls fail', () => {
    const o = drive(quiet({ servers: 1, clients: 1 }, [at(0, { type: 'crash', node: 'DB' })]), 800);
    expect(o.idsOf()).toEqual([]);
    expect(o.servers['L1']?.refused).toBeGreaterThan(0);
    const narrations = o.run.entries(0, o.run.length()).map((e) => e.narration);
    expect(
      narrations.some((n) =>
        n.startsWith('L1 gives up on the database: the first segment could not be loaded'),
      ),
    ).toBe(true);
  });
});

describe('a server crash', () => {
  it('loses the unused range (a gap) and never hands an ID out twice', () => {
    const o = drive(named('server-crash').scenario, 4000);
    expect(o.violations).toEqual([]);
    const before = o.handed.filter((h) => h.server === 'L1' && h.time < 1200 * MS).flatMap((h) => h.ids);
    const after = o.handed.filter((h) => h.server === 'L1' && h.time > 2000 * MS).flatMap((h) => h.ids);
    const leasedBefore = o.grants.filter((g) => g.time < 1200 * MS);
    const top = Math.max(...leasedBefore.map((g) => g.max));
    expect(after[0]).toBeGreaterThanOrEqual(top);
    // Some of what L1 had leased was never handed out.
    const l1Leased = leasedBefore.filter((g) => g.server === 'L1').reduce((n, g) => n + g.max - g.first, 0);
    expect(before.length).toBeLessThan(l1Leased);
    const crash = o.run.entries(0, o.run.length()).find((e) => e.kind === 'crash');
    expect(crash?.narration).toMatch(/^L1 crashes: its unused IDs .* are lost: a gap, never a duplicate$/);
  });
});

describe('every invariant holds in the correct variant', () => {
  it(
    'under random faults, over many seeds',
    () => {
      const generators = leafSegment.exploration?.generators ?? [];
      const params = leafSegment.parseParams({});
      const nodes = leafSegment
        .createRun(leaf({}))
        .view()
        .nodes.map((n) => n.id);
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.nat(generators.length - 1), (seed, g) => {
          const generator = generators[g];
          if (!generator) return;
          const scenario = generator.scenario(seed, {
            algorithm: 'leaf-segment',
            params,
            nodes,
            horizon: 2_000_000,
            fast: false,
          });
          const run = leafSegment.createRun(scenario, { narrate: false });
          run.seekTime(2_000_000);
          expect(run.violations()).toEqual([]);
        }),
        { numRuns: LONG ? 1000 : 25 },
      );
    },
    LONG ? 600_000 : 10_000,
  );
});

describe('the broken variants are caught', () => {
  it('read-then-write: two servers read the same max_id and serve the same range', () => {
    const o = drive(named('read-then-write').scenario, 1000);
    expect(o.violations.map((v) => v.invariant)).toContain(UNIQUE_IDS);
    expect(o.grants.slice(0, 2).map((g) => [g.first, g.max])).toEqual([
      [1, 101],
      [1, 101],
    ]);
  });

  it('no-select: a server serves a range the database leased to the other', () => {
    const o = drive(named('no-select').scenario, 4000);
    const broken = o.violations.map((v) => v.invariant);
    expect(broken).toContain(LEASED_RANGE);
    expect(broken).toContain(UNIQUE_IDS);
  });

  it('neither breaks anything with a single server', () => {
    for (const variant of ['read-then-write', 'no-select'] as const) {
      const o = drive(quiet({ servers: 1, variant }), 3000);
      expect(o.violations, variant).toEqual([]);
    }
  });
});
