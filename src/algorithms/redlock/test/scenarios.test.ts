import { describe, expect, it } from 'vitest';
import type { NamedScenario } from '../../../sim/types';
import { MUTUAL_EXCLUSION, NO_STALE_WRITE } from '../invariants';
import { scenarios } from '../scenarios';
import { drive, invariantsBroken, overlaps } from './drive';

function scenario(id: string): NamedScenario {
  const found = scenarios.find((s) => s.id === id);
  if (!found) throw new Error(`no scenario ${id}`);
  return found;
}

function run(id: string) {
  return drive(scenario(id).scenario);
}

const accepted = (o: ReturnType<typeof run>) => o.storage.writes.filter((w) => w.accepted).map((w) => w.from);

describe('Redlock scenarios', () => {
  it('every scenario id the article links to exists, once', () => {
    const ids = scenarios.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [
      'uncontended',
      'minority-locked',
      'majority-locked',
      'slow-acquisition',
      'split-votes',
      'restart-without-persistence',
      'restart-delayed',
      'clock-jump',
      'process-pause',
      'process-pause-fencing',
      'plain-del-release',
      'compare-and-delete-release',
    ]) {
      expect(ids).toContain(id);
    }
  });

  it('uncontended: the client holds, writes, and leaves no key behind', () => {
    const o = run('uncontended');
    expect(o.holdings.map((h) => h.client)).toEqual(['C1']);
    expect(accepted(o)).toEqual(['C1']);
    for (const node of Object.values(o.redis)) expect(node.keys).toEqual({});
    expect(o.violations).toEqual([]);
  });

  it('minority-locked: two of five is not enough; the client unlocks everywhere and gives up', () => {
    const o = run('minority-locked');
    expect(o.holdings).toEqual([]);
    expect(o.clients.C1?.outcome).toBe('gave up after 1 attempt: only 2 of 5 granted');
    expect(o.narrations).toContain(
      'C1 fails its last attempt (only 2 of 5 granted), unlocks every node and gives up',
    );
    // A and B granted and were unlocked by the failure path, not by expiry.
    expect(o.redis.A?.keys).toEqual({});
    expect(o.redis.B?.keys).toEqual({});
    expect(o.narrations.filter((n) => n.startsWith('A runs EVAL compare-and-delete lock C1:1'))).toHaveLength(
      1,
    );
  });

  it('majority-locked: three of five is enough', () => {
    const o = run('majority-locked');
    expect(o.holdings.map((h) => h.client)).toEqual(['C1']);
    expect(o.clients.C1?.granted.sort()).toEqual(['A', 'B', 'C']);
    expect(o.violations).toEqual([]);
  });

  it('slow-acquisition: five OKs arrive after the validity is gone, so the lock is refused', () => {
    const o = run('slow-acquisition');
    expect(o.clients.C1?.granted).toHaveLength(5);
    expect(o.holdings).toEqual([]);
    expect(o.clients.C1?.outcome).toBe('gave up after 1 attempt: validity gone');
  });

  it('slow-acquisition-node-redlock: accepting any majority lets a second client in', () => {
    const o = run('slow-acquisition-node-redlock');
    expect(o.holdings.map((h) => h.client)).toContain('C1');
    expect(invariantsBroken(o)).toContain(MUTUAL_EXCLUSION);
  });

  it('split-votes: both clients fail the first round, back off, and exactly one wins at a time', () => {
    const o = run('split-votes');
    expect(
      o.narrations.filter((n) => /C[12] fails \(only 2 of 5 granted/.test(n)).length,
    ).toBeGreaterThanOrEqual(2);
    expect(new Set(o.holdings.map((h) => h.client))).toEqual(new Set(['C1', 'C2']));
    expect(overlaps(o.holdings)).toEqual([]);
    expect(o.violations).toEqual([]);
  });

  it('restart-without-persistence: the restarted node forgets, and two clients hold the lock', () => {
    const o = run('restart-without-persistence');
    expect(overlaps(o.holdings).map(([a, b]) => [a.client, b.client])).toEqual([['C1', 'C2']]);
    expect(invariantsBroken(o)).toContain(MUTUAL_EXCLUSION);
  });

  it('restart-delayed: the restarted node waits out the TTL, and nobody overlaps', () => {
    const o = run('restart-delayed');
    expect(new Set(o.holdings.map((h) => h.client))).toEqual(new Set(['C1', 'C2']));
    expect(overlaps(o.holdings)).toEqual([]);
    expect(o.violations).toEqual([]);
    expect(o.narrations.some((n) => n.startsWith('C is still recovering'))).toBe(true);
  });

  it('restart with fsync: the key survives the crash, and nobody overlaps', () => {
    const base = scenario('restart-without-persistence').scenario;
    const o = drive({ ...base, params: { ...base.params, persistence: 'fsync' } });
    expect(overlaps(o.holdings)).toEqual([]);
    expect(o.violations).toEqual([]);
  });

  it('clock-jump: the key expires early on C, and two clients hold the lock', () => {
    const o = run('clock-jump');
    expect(overlaps(o.holdings).map(([a, b]) => [a.client, b.client])).toEqual([['C1', 'C2']]);
    expect(o.narrations.some((n) => n === "lock=C1:1 expires on C, measured by C's own clock")).toBe(true);
    expect(invariantsBroken(o)).toContain(MUTUAL_EXCLUSION);
  });

  it('clock-jump without the jump: the same run is safe', () => {
    const base = scenario('clock-jump').scenario;
    const o = drive({ ...base, actions: base.actions.filter((a) => a.action.type !== 'clock-jump') });
    expect(overlaps(o.holdings)).toEqual([]);
    expect(o.violations).toEqual([]);
  });

  it('clock-drift: rates beyond the allowance let C2 in before C1 stops believing', () => {
    const o = run('clock-drift');
    const pairs = overlaps(o.holdings);
    expect(pairs.map(([a, b]) => [a.client, b.client])).toEqual([['C1', 'C2']]);
    const [c1, c2] = pairs[0] ?? [];
    // C1's deadline is 988 ms on a clock running at 0.97: about 1019 ms of real time.
    expect(c1 && Math.round(c1.to / 1000)).toBe(1019);
    expect(c1 && c2 && c1.to - c2.from).toBeGreaterThan(5 * 1000);
    expect(invariantsBroken(o)).toContain(MUTUAL_EXCLUSION);
  });

  it('clock-drift within the allowance: the same run is safe', () => {
    const base = scenario('clock-drift').scenario;
    const actions = base.actions.map((a) =>
      a.action.type === 'clock-rate'
        ? { ...a, action: { ...a.action, rate: a.action.rate < 1 ? 0.999 : 1.001 } }
        : a,
    );
    const o = drive({ ...base, actions });
    expect(new Set(o.holdings.map((h) => h.client))).toEqual(new Set(['C1', 'C2']));
    expect(overlaps(o.holdings)).toEqual([]);
    expect(o.violations).toEqual([]);
  });

  it('pause-during-acquisition: the buffered OKs are read after the deadline, and refused', () => {
    const o = run('pause-during-acquisition');
    const c1 = o.holdings.filter((h) => h.client === 'C1');
    const c2 = o.holdings.find((h) => h.client === 'C2');
    // C1 holds only on its retry, after C2 is done.
    expect(c1.length).toBe(1);
    expect(c1[0]?.value).toBe('C1:2');
    expect(c2 && c1[0] && c1[0].from >= c2.to).toBe(true);
    expect(o.violations).toEqual([]);
  });

  it('process-pause: the paused client writes after the newer holder, and the storage accepts it', () => {
    const o = run('process-pause');
    expect(accepted(o)).toEqual(['C2', 'C1']);
    expect(invariantsBroken(o)).toEqual([MUTUAL_EXCLUSION, NO_STALE_WRITE]);
  });

  it('process-pause-fencing: the stale write with the lower token is rejected', () => {
    const o = run('process-pause-fencing');
    expect(o.storage.writes.map((w) => [w.from, w.token, w.accepted])).toEqual([
      ['C2', 2, true],
      ['C1', 1, false],
    ]);
    // Both still believed they held the lock: fencing limits the damage, not the overlap.
    expect(invariantsBroken(o)).toEqual([MUTUAL_EXCLUSION]);
  });

  it("plain-del-release: C1's DEL removes C2's keys and C3 gets in while C2 holds", () => {
    const o = run('plain-del-release');
    expect(overlaps(o.holdings).map(([a, b]) => [a.client, b.client])).toEqual([['C2', 'C3']]);
    expect(invariantsBroken(o)).toContain(MUTUAL_EXCLUSION);
  });

  it("compare-and-delete-release: C1's release deletes nothing, and C3 waits", () => {
    const o = run('compare-and-delete-release');
    expect(
      o.narrations.filter((n) =>
        /^[A-E] runs EVAL compare-and-delete lock C1:1 for C1 and answers \(integer\) 0$/.test(n),
      ),
    ).toHaveLength(5);
    expect(new Set(o.holdings.map((h) => h.client))).toEqual(new Set(['C1', 'C2', 'C3']));
    expect(overlaps(o.holdings)).toEqual([]);
    expect(o.violations).toEqual([]);
  });

  it('narrates every event in its own words', () => {
    for (const s of scenarios) {
      const o = drive(s.scenario);
      for (const n of o.narrations) {
        expect(n.length).toBeGreaterThan(0);
        expect(n).not.toMatch(/ handles (deliver|timer|action)$/);
      }
    }
  });

  it('is deterministic: the same scenario gives the same trace', () => {
    const a = run('split-votes');
    const b = run('split-votes');
    expect(a.narrations).toEqual(b.narrations);
  });
});
