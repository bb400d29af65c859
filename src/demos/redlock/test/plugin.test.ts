import { describe, expect, it } from 'vitest';
import { findScenario } from '../../../algorithms/redlock/scenarios';
import { describeRedlockNode, redlockPlugin } from '../index';
import redlock from '../../../algorithms/redlock';

describe('describeRedlockNode', () => {
  it('outlines the holder and the nodes with its key, with the validity and expiry as arcs', () => {
    const named = findScenario('majority-locked');
    if (!named) throw new Error('missing scenario');
    const run = redlock.createRun(named.scenario);
    while (run.step() && !run.view().nodes.some((n) => n.id === 'C1' && n.role === 'holding'));
    const world = run.view();
    const summary = (id: string) => {
      const node = world.nodes.find((n) => n.id === id);
      if (!node) throw new Error(`no node ${id}`);
      return describeRedlockNode(node);
    };
    const c1 = summary('C1');
    expect(c1.role).toBe('holding');
    expect(c1.colour).toBe('var(--accent)');
    expect(c1.timer?.label).toBe('validity deadline');
    for (const id of ['A', 'B', 'C']) {
      expect(summary(id).facts).toEqual(['lock C1:1']);
      expect(summary(id).timer?.label).toBe('key expiry');
    }
    // D and E were cut off: no key, no arc, no outline.
    expect(summary('D')).toEqual({ role: 'serving', facts: ['no key'], timer: null });
    expect(summary('S').facts).toEqual(['0 writes']);
  });

  it('offers a client request only at the clients', () => {
    const named = findScenario('process-pause-fencing');
    if (!named) throw new Error('missing scenario');
    const nodes = redlock.createRun(named.scenario).view().nodes;
    const accepts = redlockPlugin.faults.client?.accepts;
    if (!accepts) throw new Error('Redlock names no nodes that take client requests');
    expect(nodes.filter((n) => accepts(n)).map((n) => n.id)).toEqual(['C1', 'C2']);
    expect(nodes.length).toBeGreaterThan(2);
  });
});
