import { describe, expect, it } from 'vitest';
import { findScenario } from '../../../algorithms/redlock/scenarios';
import type { Scenario } from '../../../sim/types';
import { clockRateAt, historyAt, lockHistoryOf, readKeys } from '../redlockState';
import redlock from '../../../algorithms/redlock';

function scenario(id: string): Scenario {
  const named = findScenario(id);
  if (!named) throw new Error(`no scenario ${id}`);
  return named.scenario;
}

function finished(id: string) {
  const run = redlock.createRun(scenario(id));
  while (run.step());
  return { run, ...historyAt(run.logs.locks, run.cursor()) };
}

describe('the Redlock views read the scenarios as the article tells them', () => {
  it('uncontended: one holding, no overlap, one accepted write', () => {
    const { holdings, overlaps, writes } = finished('uncontended');
    expect(holdings.map((h) => [h.client, h.end !== null])).toEqual([['C1', true]]);
    expect(overlaps).toEqual([]);
    expect(writes.map((w) => [w.from, w.accepted, w.stale])).toEqual([['C1', true, false]]);
  });

  it('clock-jump: C1 and C2 overlap, and C’s clock reads 2 s ahead of global time', () => {
    const { run, overlaps } = finished('clock-jump');
    expect(overlaps.length).toBeGreaterThan(0);
    expect(overlaps[0]?.clients.sort()).toEqual(['C1', 'C2']);
    const world = run.view();
    const keys = readKeys(world, world.time, run.scenario());
    expect(keys.find((k) => k.node === 'C')?.skew).toBe(2_000_000);
    expect(keys.find((k) => k.node === 'A')?.skew).toBe(0);
  });

  it('process-pause: the storage accepts C1’s write after C2’s, marked stale', () => {
    const { writes } = finished('process-pause');
    expect(writes.map((w) => [w.from, w.accepted, w.stale])).toEqual([
      ['C2', true, false],
      ['C1', true, true],
    ]);
  });

  it('process-pause-fencing: C1’s write with the older token is rejected', () => {
    const { holdings, writes } = finished('process-pause-fencing');
    expect(holdings.map((h) => [h.client, h.token])).toEqual([
      ['C1', 1],
      ['C2', 2],
    ]);
    expect(writes.map((w) => [w.from, w.token, w.accepted, w.stale])).toEqual([
      ['C2', 2, true, false],
      ['C1', 1, false, false],
    ]);
  });

  it('a key’s TTL drains by its node’s clock: faster on a fast clock', () => {
    const s = scenario('clock-drift');
    expect(clockRateAt(s, 'A', 0)).toBe(1.03);
    expect(clockRateAt(s, 'C1', 0)).toBe(0.97);
    const run = redlock.createRun(s);
    while (run.step() && readKeys(run.view(), run.time(), s).filter((k) => k.value).length < 5);
    const world = run.view();
    const later = world.time + 100_000;
    const [now, then] = [readKeys(world, world.time, s), readKeys(world, later, s)];
    const a = now.find((k) => k.node === 'A');
    const a2 = then.find((k) => k.node === 'A');
    expect(a?.remaining).not.toBeNull();
    // 100 ms of global time is 103 ms on A's clock.
    expect((a?.remaining ?? 0) - (a2?.remaining ?? 0)).toBe(103_000);
    expect((a2?.clock ?? 0) - (a?.clock ?? 0)).toBe(103_000);
  });

  it('gives every panel of a player one reading per cursor, and a new one after a fork', () => {
    const run = redlock.createRun(scenario('uncontended'));
    run.seek(20);
    const first = lockHistoryOf(run.logs.locks, run.cursor());
    expect(lockHistoryOf(run.logs.locks, run.cursor())).toBe(first);
    run.act({ type: 'heal' });
    expect(lockHistoryOf(run.logs.locks, 20)).not.toBe(first);
  });
});
