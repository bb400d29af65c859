import { describe, expect, it } from 'vitest';
import { raft } from '../../../algorithms/raft';
import { createPlayerStore } from '../../../stores/player';
import { runDigest } from '../digest';
import { toShiViz } from '../../../sim/shiviz';

describe('the player driving the real Raft', () => {
  it('restores a shared moment with faults to the identical trace', () => {
    const store = createPlayerStore(raft);
    store.getState().jump(30);
    store.getState().act({ type: 'crash', node: 'S1' });
    store.getState().jump(40);
    store.getState().act({
      type: 'partition',
      groups: [
        ['S2', 'S3'],
        ['S4', 'S5', 'S1'],
      ],
    });
    store.getState().jump(25);
    const fragment = store.getState().shareFragment();

    const other = createPlayerStore(raft);
    other.getState().applyFragment(`#${fragment}`);
    expect(other.getState().notice).toBeNull();
    expect(other.getState().cursor).toBe(store.getState().cursor);
    expect(runDigest(other.getState().run)).toBe(runDigest(store.getState().run));
    expect(other.getState().world.nodes.find((n) => n.id === 'S1')?.up).toBe(false);
  });

  it('loads every named scenario without a notice and stops where the scenario says', () => {
    for (const named of raft.scenarios) {
      const store = createPlayerStore(raft);
      store.getState().loadNamed(named.id);
      expect(store.getState().notice, named.id).toBeNull();
      expect(store.getState().scenarioId).toBe(named.id);
      if (named.until !== undefined) expect(store.getState().time).toBeLessThanOrEqual(named.until);
    }
  });

  it('exports a ShiViz log whose clocks count each process’s events from 1', () => {
    const store = createPlayerStore(raft);
    store.getState().jump(60);
    const run = store.getState().run;
    const lines = toShiViz(run.entries(0, run.cursor() + 1))
      .trimEnd()
      .split('\n');
    const seen = new Map<string, number>();
    for (let i = 1; i < lines.length; i += 2) {
      const [host = '', clock = '{}'] = (lines[i] ?? '').split(/ (.*)/s);
      const vector = JSON.parse(clock) as Record<string, number>;
      const expected = (seen.get(host) ?? 0) + 1;
      expect(vector[host]).toBe(expected);
      seen.set(host, expected);
    }
    expect(seen.size).toBe(5);
  });

  it('reruns Figure 8 (d) under the broken commit rule and catches the violation', () => {
    const store = createPlayerStore(raft);
    store.getState().loadNamed('figure-8-overwritten');
    expect(store.getState().violation).toBeNull();
    const params = { ...store.getState().run.scenario().params, variant: 'no-current-term-check' };
    store.getState().restart({ params });
    expect(store.getState().notice).toBeNull();
    store.getState().setSpeed(10);
    store.getState().play();
    for (let i = 0; i < 400 && store.getState().playing; i++) store.getState().tick(100);
    const { violation, cursor, playing } = store.getState();
    expect(playing).toBe(false);
    expect(violation?.invariant).toBe('Leader Completeness');
    expect(cursor).toBe(violation?.index);
  });

  it('leaves out recorded actions that name servers the new settings do not have', () => {
    const store = createPlayerStore(raft);
    store.getState().loadNamed('figure-8-overwritten');
    store.getState().restart({ params: { ...store.getState().run.scenario().params, nodes: 3 } });
    expect(store.getState().notice?.summary).toMatch(/do not fit these settings/);
    expect(store.getState().run.scenario().actions).toEqual([]);
    expect(store.getState().world.nodes).toHaveLength(3);
  });
});
