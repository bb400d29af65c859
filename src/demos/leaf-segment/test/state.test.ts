/** What Leaf's panels read at a moment of a real run: the two buffers, the row, the IDs handed out. */
import { describe, expect, it } from 'vitest';
import leafSegment from '../../../algorithms/leaf-segment';
import { leafScenario } from '../../../algorithms/leaf-segment/scenarios';
import { describeLeafNode } from '../index';
import { clients, database, servers } from '../state';

const MS = 1000;

function worldAt(ms: number, params = {}, actions = []) {
  const run = leafSegment.createRun(leafScenario({ dynamicStep: false, ...params }, actions));
  run.seekTime(ms * MS);
  return run.view();
}

describe('the buffers panel', () => {
  it('shows both slots empty before the first request', () => {
    const [l1] = servers(worldAt(0));
    expect(l1?.slots.map((s) => s.state)).toEqual(['empty', 'empty']);
    expect(l1?.role).toBe('fresh');
  });

  it('shows the current slot filling, and the next one ready once past the 10% mark', () => {
    const [l1] = servers(worldAt(700));
    const [a, b] = l1?.slots ?? [];
    expect(a).toMatchObject({ current: true, state: 'in use', first: 1, last: 100, size: 100 });
    expect(a?.used).toBeGreaterThan(10);
    expect(a?.fill).toBeCloseTo((a?.used ?? 0) / 100);
    expect(b).toMatchObject({ current: false, state: 'ready', first: 201, last: 300 });
    expect(a?.loadMark).toBeCloseTo(0.1);
  });

  it('shows a slot loading while the database has not answered', () => {
    const world = worldAt(600, { servers: 1, clients: 1, batch: 10, interval: 20 }, [
      { at: 0, action: { type: 'set-link-latency', from: 'DB', to: 'L1', min: 300 * MS, max: 300 * MS } },
    ] as never);
    const [l1] = servers(world);
    expect(l1?.slots.some((s) => s.state === 'loading')).toBe(true);
    const node = world.nodes.find((n) => n.id === 'L1');
    if (!node) throw new Error('no L1');
    expect(describeLeafNode(node).facts).toContain('loading next');
  });
});

describe('the row and the IDs panels', () => {
  it('read the row, its last leases, and what each client got', () => {
    const world = worldAt(700);
    const db = database(world);
    expect(db?.row).toMatchObject({ bizTag: 'order', step: 100 });
    expect(db?.row.maxId).toBe(401);
    expect(db?.row.recent.map((g) => g.server)).toEqual(['L1', 'L2', 'L1', 'L2']);
    const [c1] = clients(world);
    expect(c1?.client.got).toBeGreaterThan(0);
    const [l1] = servers(world);
    expect(l1?.recent.length).toBeGreaterThan(0);
  });
});
