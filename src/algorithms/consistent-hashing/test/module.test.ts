/**
 * The module on the kernel: named scenarios show what they promise, each broken variant is caught
 * by its invariant in its scenario and found by the explorer, the placement log survives stepping
 * back and forking, and the command line answers.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/sim';
import { explore, variantParams } from '../../../sim/explore';
import consistentHashing from '../index';
import type { PlacementRow } from '../placementlog';

const m = consistentHashing;
const LONG = process.env['ATLAS_LONG'] === '1';

function play(id: string) {
  const named = m.scenarios.find((s) => s.id === id);
  if (!named) throw new Error(id);
  const run = m.createRun(named.scenario);
  while (run.step());
  return run;
}

const movedBetween = (a: PlacementRow, b: PlacementRow) =>
  b.a.owner.reduce((n, o, i) => n + (i < a.a.owner.length && a.a.owner[i] !== o ? 1 : 0), 0);

describe('named scenarios', () => {
  it.each(m.scenarios.map((s) => [s.id, s] as const))('%s runs, with a chapter and no surprise', (id, s) => {
    const run = play(id);
    const broken = s.scenario.params['variant'] !== 'correct';
    expect(run.violations().length > 0, id).toBe(broken);
    expect(
      run.entries(0, run.length()).some((e) => e.milestone),
      id,
    ).toBe(true);
  });

  it('add-node: about a fifth of the ring’s keys move to N5, four in five under mod N', () => {
    const run = play('add-node');
    const row = run.logs.placement.at(0) as PlacementRow;
    expect(row.change).toMatchObject({ kind: 'join', node: 'N5' });
    expect(row.a.moved / 400).toBeGreaterThan(0.12);
    expect(row.a.moved / 400).toBeLessThan(0.3);
    expect((row.b?.moved ?? 0) / 400).toBeGreaterThan(0.7);
    // N2 fails, then comes back: the placement is the one before it failed.
    const before = run.logs.placement.at(0) as PlacementRow;
    const back = run.logs.placement.at(2) as PlacementRow;
    expect([...back.a.owner]).toEqual([...before.a.owner]);
  });

  it('jump-buckets: removing a middle bucket moves keys between nodes that stayed', () => {
    const run = play('jump-buckets');
    const log = run.logs.placement;
    const row = log.at(3) as PlacementRow;
    expect(row.change).toMatchObject({ kind: 'leave', node: 'N2' });
    const prev = log.at(2) as PlacementRow;
    const n2 = m
      .createRun((m.scenarios[0] as (typeof m.scenarios)[number]).scenario)
      .view()
      .nodes.findIndex((n) => n.id === 'N2');
    const stray = row.a.owner.filter((o, i) => o !== prev.a.owner[i] && prev.a.owner[i] !== n2).length;
    expect(stray).toBeGreaterThan(0);
    expect(movedBetween(prev, row)).toBe(row.a.moved);
  });

  it('hot-key: bounded loads keep every node under its capacity; the ring does not', () => {
    const run = play('hot-key');
    const row = run.logs.placement.at(0) as PlacementRow;
    expect(row.a.capacity).toBe(219);
    expect(Math.max(...row.a.loads)).toBeLessThanOrEqual(219);
    expect(Math.max(...(row.b?.loads ?? []))).toBeGreaterThan(300);
  });

  it.each([
    ['mod-n', 'add-moves-only-to-new'],
    ['sticky-hot-key', 'bounded-load'],
  ])('%s is caught by %s at its first change', (id, invariant) => {
    const run = play(id);
    expect(run.violations()[0]).toMatchObject({ invariant, index: 0 });
  });
});

describe('the placement log', () => {
  it('reads the same after stepping back and after a fork discards the future', () => {
    const run = m.createRun((m.scenarios[0] as (typeof m.scenarios)[number]).scenario);
    while (run.step());
    const rows = [-1, 0, 1, 2].map((i) => run.logs.placement.at(i));
    run.seek(-1);
    expect(run.logs.placement.at(-1)).toBe(rows[0]);
    run.step();
    run.step();
    run.back();
    expect(run.logs.placement.at(run.cursor())?.a.owner).toEqual(rows[1]?.a.owner);
    run.act({ type: 'client', node: 'N6', payload: 'join' });
    const forked = run.logs.placement.at(run.cursor()) as PlacementRow;
    expect(forked.change).toMatchObject({ kind: 'join', node: 'N6' });
    expect(forked.members.map((x) => x.id)).toEqual(['N1', 'N2', 'N3', 'N4', 'N5', 'N6']);
  });

  it('refuses a request sent to the wrong kind of process', () => {
    const run = m.createRun((m.scenarios[0] as (typeof m.scenarios)[number]).scenario);
    expect(() => run.act({ type: 'client', node: 'N1', payload: 'hot 10' })).toThrow(/clients/);
    expect(() => run.act({ type: 'client', node: 'C', payload: 'join' })).toThrow(/cache node/);
    expect(() => run.act({ type: 'client', node: 'N1', payload: 'dance' })).toThrow(/Cannot read/);
  });
});

describe('exploration', () => {
  it(
    'finds each broken variant within a few runs and nothing in the correct one',
    () => {
      const correct = explore(m, {
        runs: LONG ? 2000 : 100,
        firstSeed: 1,
        params: variantParams(m, 'correct'),
      });
      expect(correct.findings).toEqual([]);
      for (const v of m.variants.filter((x) => x.breaks.length > 0)) {
        const found = explore(m, {
          runs: 50,
          firstSeed: 1,
          params: variantParams(m, v.id),
          invariants: v.breaks,
          stopEarly: true,
        });
        expect(found.findings.length, v.id).toBeGreaterThan(0);
      }
    },
    LONG ? 600_000 : 30_000,
  );
});

describe('npm run sim -- consistent-hashing', () => {
  const cli = async (...argv: string[]) => runCli(['consistent-hashing', ...argv]);

  it('jump prints the bucket of a decimal 64-bit key, as the paper’s code does', async () => {
    expect((await cli('jump', '42', '10')).stdout.trim()).toBe('7');
    expect((await cli('jump', '18446744073709551615', '2147483647')).stdout.trim()).toBe('1410911053');
    const bad = await cli('jump', 'abc', '10');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/unsigned/);
  });

  it('ring and rendezvous print a node and a preference list', async () => {
    const ring = JSON.parse((await cli('ring', 'user:42', '--nodes', 'A,B,C,D', '--json')).stdout) as {
      preferenceList: string[];
    };
    expect(new Set(ring.preferenceList).size).toBe(3);
    const hrw = (await cli('rendezvous', 'user:42', '--nodes', 'A,B=2,C', '--replicas', '2')).stdout;
    expect(hrw).toMatch(/^user:42 → [ABC]; by score [ABC], [ABC]/);
  });

  it('rebalance reports moved keys against the ideal, in text and JSON', async () => {
    const text = (await cli('rebalance', '--keys', '20000', '--nodes', '4')).stdout;
    expect(text).toMatch(/moved\s+[\d,]+ \(\d+\.\d+%\); ideal 4,000 \(20\.00%\)/);
    expect(text).toMatch(/stray\s+0 moved/);
    const json = JSON.parse(
      (await cli('rebalance', '--algorithm', 'modulo', '--keys', '20000', '--remove', 'N3', '--json')).stdout,
    ) as {
      moved: number;
      strayMoves: number;
    };
    expect(json.moved).toBeGreaterThan(15_000);
    expect(json.strayMoves).toBeGreaterThan(0);
  });
});
