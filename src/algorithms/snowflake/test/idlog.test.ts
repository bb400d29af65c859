import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../../sim/types';
import { scenarios } from '../scenarios';
import snowflake from '..';
import type { SnowflakeRun } from '..';

const MS = 1000;

function named(id: string): Scenario {
  const found = scenarios.find((s) => s.id === id);
  if (!found) throw new Error(`no scenario ${id}`);
  return found.scenario;
}

interface Seen {
  index: number;
  node: string;
  id: string;
  at: number;
  time: number;
  sequence: number;
}

/** What a run hands out, collected by stepping a separate run and reading its workers after each event. */
function handedOut(scenario: Scenario, until = Number.MAX_SAFE_INTEGER): Seen[] {
  const run = snowflake.createRun(scenario);
  const batches = new Map<string, number>();
  const seen: Seen[] = [];
  while (run.step()) {
    if (run.time() > until) break;
    for (const node of run.nodes()) {
      const context = node.context;
      if (context.batch <= (batches.get(node.id) ?? 0)) continue;
      batches.set(node.id, context.batch);
      for (const issued of context.batchIds)
        seen.push({ index: run.cursor(), node: node.id, at: run.time(), ...issued });
    }
  }
  return seen;
}

function logged(run: SnowflakeRun, cursor = run.cursor()): Seen[] {
  const count = run.logs.ids.countAt(cursor);
  return run.logs.ids
    .slice(0, count)
    .map(({ index, node, id, at, time, sequence }) => ({ index, node, id, at, time, sequence }));
}

describe('the ID log of a run', () => {
  it('holds exactly the IDs the workers hand out, with the event and global time of each', () => {
    for (const id of ['steady-load', 'clock-back-leaf-small', 'clock-back-sonyflake', 'epoch-runs-out']) {
      const run = snowflake.createRun(named(id));
      run.seekTime(Number.MAX_SAFE_INTEGER);
      expect(logged(run), id).toEqual(handedOut(named(id)));
      expect(run.logs.ids.events, id).toBe(run.length());
    }
  });

  it('answers for any cursor without computing anything, and seeking back and forth writes nothing twice', () => {
    const run = snowflake.createRun(named('steady-load'), { checkpointEvery: 7 });
    run.seekTime(20 * MS);
    const end = run.cursor();
    const all = handedOut(named('steady-load'), 20 * MS);
    const [length, ids] = [run.length(), run.logs.ids.length];
    for (const cursor of [-1, 0, 5, 31, end]) {
      expect(logged(run, cursor)).toEqual(all.filter((s) => s.index <= cursor));
    }
    expect([run.cursor(), run.length(), run.logs.ids.length]).toEqual([end, length, ids]);
    run.seek(3);
    run.seek(end);
    run.seek(40);
    expect([run.length(), run.logs.ids.length]).toEqual([length, ids]);
    expect(logged(run, end)).toEqual(all);
  });

  it('follows a fork: what the reader changes replaces the old future in the log', () => {
    const run = snowflake.createRun(named('clock-back-twitter'));
    run.seekTime(40 * MS);
    run.seekTime(10 * MS);
    run.act({ type: 'clock-jump', node: 'W1', by: -3 * MS });
    run.seekTime(40 * MS);
    const again = handedOut(run.scenario(), 40 * MS);
    expect(logged(run)).toEqual(again);
    expect(run.logs.ids.events).toBe(run.length());
  });

  it('undoes the per-unit counts of the future a fork discards', () => {
    const run = snowflake.createRun(named('burst'));
    run.seekTime(3 * MS);
    // While W1 waits for millisecond 2, three more IDs are asked for: 907 now go into it, not 904.
    run.seek(0);
    run.act({ type: 'client', node: 'W1', payload: { count: 3 } });
    run.seekTime(3 * MS);
    expect(run.logs.ids.unitsAt(run.cursor()).get('W1')).toMatchObject({
      current: { count: 907 },
      peak: 4096,
    });
    const fresh = snowflake.createRun(run.scenario());
    fresh.seekTime(3 * MS);
    expect(run.logs.ids.unitsAt(run.cursor())).toEqual(fresh.logs.ids.unitsAt(fresh.cursor()));
  });

  it('keeps going after an action the run refuses', () => {
    const run = snowflake.createRun(named('steady-load'));
    run.seekTime(5 * MS);
    const before = logged(run);
    expect(() => run.act({ type: 'client', node: 'W1', payload: { count: 0 } })).toThrow(/1 to 100000/);
    expect(() => run.act({ type: 'clock-jump', node: 'W9', by: 1 })).toThrow(/W9/);
    expect(logged(run)).toEqual(before);
    run.seekTime(30 * MS);
    expect(logged(run)).toEqual(handedOut(named('steady-load'), 30 * MS));
  });

  it('marks the first repeated ID under "no check" and none under Twitter’s refusal', () => {
    const noCheck = snowflake.createRun(named('clock-back-no-check'));
    noCheck.seekTime(40 * MS);
    const duplicate = noCheck.logs.ids.duplicateIn(noCheck.logs.ids.length);
    expect(duplicate?.first.id).toBe(duplicate?.second.id);
    expect(duplicate?.first.node).toBe('W2');
    expect(duplicate?.second.at).toBeGreaterThan(duplicate?.first.at ?? Infinity);
    // Before the repeat, there is none.
    expect(noCheck.logs.ids.duplicateIn(duplicate?.second.position ?? 0)).toBeNull();

    const twitter = snowflake.createRun(named('clock-back-twitter'));
    twitter.seekTime(40 * MS);
    expect(twitter.logs.ids.duplicateIn(twitter.logs.ids.length)).toBeNull();
  });

  it('counts the IDs that break k-sorted order by the checker’s rule', () => {
    const run = snowflake.createRun(named('clock-back-sonyflake'));
    run.seekTime(40 * MS);
    const ids = run.logs.ids.slice(0, run.logs.ids.length);
    // Recount: an ID is out of order when it sorts below one handed out at least k = 5 ms earlier.
    const expected = ids.map((id) =>
      ids.some((earlier) => earlier.at <= id.at - 5 * MS && earlier.value > id.value),
    );
    expect(ids.map((i) => i.outOfOrder)).toEqual(expected);
    expect(run.logs.ids.outOfOrderIn(ids.length)).toBe(expected.filter(Boolean).length);
    expect(expected.some(Boolean)).toBe(true);
    expect(run.view().violations.map((v) => v.invariant)).toContain('k-sorted');
  });

  it('sees the burst fill the sequence to its ceiling and spill into the next millisecond', () => {
    const run = snowflake.createRun(named('burst'));
    run.seekTime(3 * MS);
    const first = run.logs.ids.unitsAt(0).get('W1');
    const last = run.logs.ids.unitsAt(run.cursor()).get('W1');
    expect(first).toMatchObject({ latest: { count: 4096 }, current: { count: 4096 }, peak: 4096 });
    expect(last).toMatchObject({ latest: { count: 904 }, current: { count: 904 }, peak: 4096 });
    expect(last?.latest.time).toBe((first?.latest.time ?? 0) + 1);
    expect(run.logs.ids.unitsAt(-1).size).toBe(0);
  });

  it('keeps every ID of a heavy load, and its per-unit counts add up to what each worker issued', () => {
    const run = snowflake.createRun({
      version: 1,
      algorithm: 'snowflake',
      params: { preset: 'twitter', workers: 4, rate: 5000, loadMs: 3 },
      seed: 1,
      actions: [],
    });
    run.seekTime(Number.MAX_SAFE_INTEGER);
    const nodes = run.view().nodes;
    expect(run.logs.ids.length).toBe(nodes.reduce((sum, n) => sum + n.state.issued, 0));
    const units = run.logs.ids.unitsAt(run.cursor());
    const ids = run.logs.ids.slice(0, run.logs.ids.length);
    for (const node of nodes) {
      expect(units.get(node.id)?.peak).toBe(4096);
      expect(ids.filter((i) => i.node === node.id).at(-1)?.id).toBe(node.state.lastId);
    }
  });
});
