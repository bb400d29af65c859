import { describe, expect, it } from 'vitest';
import type { SnowflakeParams } from '../../../algorithms/snowflake/params';
import type { AlgorithmRun } from '../../../sim/module';
import { PRESETS, parseLayout } from '../../../algorithms/snowflake/layout';
import { scenarios } from '../../../algorithms/snowflake/scenarios';
import { SHOWN, ceilingPerUnit, idStreamOf, streamAt } from '../ids';
import snowflake from '../../../algorithms/snowflake';

function named(id: string) {
  const found = scenarios.find((s) => s.id === id);
  if (!found) throw new Error(id);
  return found;
}

describe('the stream at the cursor', () => {
  it('shows what had been handed out by then, newest last, and moves no run to find it', () => {
    const run = snowflake.createRun(named('steady-load').scenario);
    run.seekTime(10_000);
    const end = run.cursor();
    const stream = streamAt(run.logs.ids, end);
    const issued = run.view().nodes.reduce((sum, n) => sum + n.state.issued, 0);
    expect(stream.count).toBe(issued);
    expect(stream.latest?.id).toBe(stream.recent.at(-1)?.id);
    for (const node of run.view().nodes) {
      expect(stream.recent.filter((i) => i.node === node.id).at(-1)?.id).toBe(node.state.lastId);
    }
    const early = streamAt(run.logs.ids, 5);
    expect(early.recent.every((i) => i.index <= 5)).toBe(true);
    expect(early.count).toBeLessThan(stream.count);
    expect(streamAt(run.logs.ids, -1)).toMatchObject({ count: 0, recent: [], latest: null, duplicate: null });
    expect(run.cursor()).toBe(end);
  });

  it('draws at most the newest SHOWN IDs of a long stream, in the order handed out', () => {
    const run = snowflake.createRun(named('burst').scenario);
    run.seekTime(3_000);
    const stream = streamAt(run.logs.ids, run.cursor());
    expect(stream.count).toBe(5000);
    expect(stream.recent).toHaveLength(SHOWN);
    expect(stream.recent.map((i) => i.position)).toEqual(
      Array.from({ length: SHOWN }, (_, i) => 5000 - SHOWN + i),
    );
    expect(stream.latest?.sequence).toBe(903);
  });

  it('reports the duplicate of the no-check step with both hand-outs, and the run’s k and layout', () => {
    const { scenario, until } = named('clock-back-no-check');
    const run = snowflake.createRun(scenario);
    run.seekTime(until ?? 0);
    const data = idStreamOf(run.logs.ids, paramsOf(run), run.cursor());
    expect(data.windowMicros).toBe(5000);
    expect(data.layout).toBe(PRESETS.twitter);
    expect(data.stream.duplicate?.second.node).toBe('W2');
    expect(run.view().violations.find((v) => v.invariant === 'unique-ids')?.index).toBe(
      data.stream.duplicate?.second.index,
    );
  });
});

describe('the panels’ reading', () => {
  it('is shared while the cursor and the log stay put, and read afresh after a fork', () => {
    const run = snowflake.createRun(named('steady-load').scenario);
    run.seekTime(10_000);
    const first = idStreamOf(run.logs.ids, paramsOf(run), run.cursor());
    expect(idStreamOf(run.logs.ids, paramsOf(run), run.cursor())).toBe(first);
    expect(idStreamOf(run.logs.ids, paramsOf(run), 3)).not.toBe(first);
    run.seek(20);
    const before = idStreamOf(run.logs.ids, paramsOf(run), 21);
    run.act({ type: 'client', node: 'W1', payload: { count: 5 } });
    const after = idStreamOf(run.logs.ids, paramsOf(run), 21);
    expect(after).not.toBe(before);
    // Event 21 is now the reader's request for five IDs.
    expect(after.stream.count).toBe(idStreamOf(run.logs.ids, paramsOf(run), 20).stream.count + 5);
    expect(after.stream.latest).toMatchObject({ index: 21, node: 'W1' });
  });
});

describe('ceilings', () => {
  it('follow the sequence width of the layout', () => {
    expect(ceilingPerUnit(PRESETS.twitter)).toBe(4096);
    expect(ceilingPerUnit(PRESETS.sonyflake)).toBe(256);
    expect(ceilingPerUnit(parseLayout('timestamp:41,worker:12,sequence:10'))).toBe(1024);
  });
});

function paramsOf(run: AlgorithmRun): SnowflakeParams {
  return run.scenario().params as SnowflakeParams;
}
