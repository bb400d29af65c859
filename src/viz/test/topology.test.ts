import { describe, expect, it } from 'vitest';
import type { MessageView } from '../../sim/types';
import { hitMessage, MESSAGE_HIT_RADIUS, messagePoint, nodePositions, nodeRadius } from '../Topology';

const message = (id: number, from: string, to: string, sentAt = 0, deliverAt = 100): MessageView => ({
  id,
  from,
  to,
  sentAt,
  deliverAt,
  kind: 'AppendEntries',
  label: `m${id}`,
  payload: null,
});

describe('where a message is drawn', () => {
  const ids = ['S1', 'S2', 'S3', 'S4', 'S5'];
  const positions = nodePositions(ids);
  const r = nodeRadius(ids.length);
  const [x1, y1] = positions.get('S1') ?? [0, 0];
  const [x2, y2] = positions.get('S3') ?? [0, 0];
  const distance = Math.hypot(x2 - x1, y2 - y1);
  const along = (p: [number, number] | null) => (p ? Math.hypot(p[0] - x1, p[1] - y1) / distance : NaN);

  it('travels from rim to rim, so it never hides under a node', () => {
    const m = message(1, 'S1', 'S3');
    const rim = (r + 9) / distance;
    expect(along(messagePoint(m, 0, positions, r, false))).toBeCloseTo(rim);
    expect(along(messagePoint(m, 100, positions, r, false))).toBeCloseTo(1 - rim);
    expect(along(messagePoint(m, 50, positions, r, false))).toBeCloseTo(0.5);
  });

  it('stands still at a third of its way with reduced motion', () => {
    const m = message(1, 'S1', 'S3');
    const early = messagePoint(m, 10, positions, r, true);
    expect(messagePoint(m, 90, positions, r, true)).toEqual(early);
    const rim = (r + 9) / distance;
    expect(along(early)).toBeCloseTo(rim + (1 - 2 * rim) / 3);
  });

  it('is not drawn when an end is not on the ring', () => {
    expect(messagePoint(message(1, 'S1', 'S9'), 50, positions, r, false)).toBeNull();
  });
});

describe('picking a drawn message with the pointer', () => {
  const drawn = [
    { id: 1, x: 100, y: 100 },
    { id: 2, x: 110, y: 100 },
    { id: 3, x: 300, y: 300 },
  ];

  it('picks the nearest message within the hit radius', () => {
    expect(hitMessage(drawn, 103, 100)?.id).toBe(1);
    expect(hitMessage(drawn, 108, 101)?.id).toBe(2);
    expect(hitMessage(drawn, 300, 300 + MESSAGE_HIT_RADIUS)?.id).toBe(3);
  });

  it('picks nothing farther away, so clicks reach the nodes', () => {
    expect(hitMessage(drawn, 200, 200)).toBeNull();
    expect(hitMessage(drawn, 300, 300 + MESSAGE_HIT_RADIUS + 0.5)).toBeNull();
    expect(hitMessage([], 0, 0)).toBeNull();
  });

  it('prefers the one drawn last, on top, when two are as near', () => {
    expect(hitMessage(drawn, 105, 100)?.id).toBe(2);
  });
});
