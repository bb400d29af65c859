import { describe, expect, it } from 'vitest';
import { createSnowflakeRun } from '../../../algorithms/snowflake/cluster';
import { PRESETS, parseLayout } from '../../../algorithms/snowflake/layout';
import { scenarios } from '../../../algorithms/snowflake/scenarios';
import {
  IdRecorder,
  ceilingPerUnit,
  countsPerUnit,
  firstDuplicate,
  outOfKOrder,
  peakPerWorker,
  recorderFor,
  STREAM_LIMIT,
  type StreamId,
} from '../ids';

function named(id: string) {
  const found = scenarios.find((s) => s.id === id);
  if (!found) throw new Error(id);
  return found;
}

const entry = (id: string, at: number, node = 'W1', time = 0): StreamId => ({
  index: at,
  node,
  id,
  at,
  time,
  sequence: 0,
});

describe('the ID recorder', () => {
  it('collects exactly the IDs the player run hands out, event by event', () => {
    const { scenario } = named('steady-load');
    const recorder = new IdRecorder(scenario);
    const run = createSnowflakeRun(scenario);
    run.seekTime(10_000);
    recorder.advanceTo(run.cursor());
    const ids = recorder.upTo(run.cursor());
    const issued = run.view().nodes.reduce((sum, n) => sum + n.state.issued, 0);
    expect(ids).toHaveLength(issued);
    for (const node of run.view().nodes) {
      const own = ids.filter((i) => i.node === node.id);
      expect(own.at(-1)?.id).toBe(node.state.lastId);
    }
    // Moving back shows only what had been handed out by then.
    expect(recorder.upTo(5).every((i) => i.index <= 5)).toBe(true);
    expect(recorder.upTo(5).length).toBeLessThan(ids.length);
  });

  it('is reused while the scenario stays the same and rebuilt when it changes', () => {
    const { scenario } = named('burst');
    const first = recorderFor(null, scenario);
    expect(recorderFor(first, { ...scenario })).toBe(first);
    expect(recorderFor(first, { ...scenario, seed: 2 })).not.toBe(first);
  });

  it('finds the duplicates of the no-check clock step and none under Twitter’s refusal', () => {
    for (const [id, expectDuplicate] of [
      ['clock-back-no-check', true],
      ['clock-back-twitter', false],
    ] as const) {
      const recorder = new IdRecorder(named(id).scenario);
      recorder.advanceTo(Number.MAX_SAFE_INTEGER);
      const duplicate = firstDuplicate(recorder.ids);
      expect(duplicate !== null).toBe(expectDuplicate);
      if (duplicate) {
        expect(duplicate.first.id).toBe(duplicate.second.id);
        expect(duplicate.second.at).toBeGreaterThan(duplicate.first.at);
      }
    }
  });

  it('sees the burst fill the sequence to its ceiling and spill into the next millisecond', () => {
    const recorder = new IdRecorder(named('burst').scenario);
    recorder.advanceTo(Number.MAX_SAFE_INTEGER);
    const counts = countsPerUnit(recorder.ids).map((c) => c.count);
    expect(counts).toEqual([4096, 904]);
    expect(peakPerWorker(recorder.ids).get('W1')?.count).toBe(ceilingPerUnit(PRESETS.twitter));
    // The running counts agree with counting the stream, and step back with the cursor.
    const units = recorder.unitsAt(recorder.recordedTo);
    expect([...units.byUnit.values()]).toEqual(counts);
    expect(recorder.unitsAt(-1).byUnit.size).toBe(0);
  });
});

describe('k-sorted order', () => {
  it('flags an ID that sorts below one handed out at least k earlier, and nothing inside the window', () => {
    const ids = [entry('10', 0), entry('30', 1000), entry('20', 1500), entry('25', 7000)];
    // With k = 5 ms only the last ID is compared against the first two: 25 < 30.
    expect(outOfKOrder(ids, 5000)).toEqual([false, false, false, true]);
    // With k = 0.4 ms, 20 at 1.5 ms sorts below 30 from 1 ms (0.5 ms earlier).
    expect(outOfKOrder(ids, 400)).toEqual([false, false, true, true]);
  });
});

describe('ceilings', () => {
  it('follow the sequence width of the layout', () => {
    expect(ceilingPerUnit(PRESETS.twitter)).toBe(4096);
    expect(ceilingPerUnit(PRESETS.sonyflake)).toBe(256);
    expect(ceilingPerUnit(parseLayout('timestamp:41,worker:12,sequence:10'))).toBe(1024);
  });
});

describe('a heavy load', () => {
  it('keeps the latest IDs, whole events at a time, and replays afresh for a moment it let go', () => {
    const scenario = {
      version: 1 as const,
      algorithm: 'snowflake',
      params: { preset: 'twitter', workers: 4, rate: 5000, loadMs: 3 },
      seed: 1,
      actions: [],
    };
    const recorder = recorderFor(null, scenario);
    recorder.advanceTo(Number.MAX_SAFE_INTEGER);
    expect(recorder.truncated).toBe(true);
    expect(recorder.ids.length).toBeLessThanOrEqual(STREAM_LIMIT * 1.5);
    const run = createSnowflakeRun(scenario);
    run.seekTime(Number.MAX_SAFE_INTEGER);
    // Counts per time unit include every ID, trimmed or not: each worker filled its first milliseconds.
    const units = recorder.unitsAt(run.cursor());
    for (const node of run.view().nodes) {
      expect(units.peak.get(node.id)).toBe(4096);
      expect(
        [...units.byUnit].filter(([k]) => k.startsWith(`${node.id}@`)).reduce((a, [, c]) => a + c, 0),
      ).toBe(node.state.issued);
    }
    // The newest ID of every worker is still held.
    for (const node of run.view().nodes) {
      expect(recorder.ids.filter((i) => i.node === node.id).at(-1)?.id).toBe(node.state.lastId);
    }
    expect(recorderFor(recorder, scenario, run.cursor())).toBe(recorder);
    const fresh = recorderFor(recorder, scenario, 0);
    expect(fresh).not.toBe(recorder);
    fresh.advanceTo(0);
    expect(fresh.upTo(0).every((i) => i.index === 0)).toBe(true);
  });
});
