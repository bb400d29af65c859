import { describe, expect, it } from 'vitest';
import type { MessageView, TraceEntry } from '../../sim/types';
import { arrowLine, distanceToSegment, flyingArrows, settledArrows } from '../SpaceTime';

const message: MessageView = {
  id: 7,
  from: 'A',
  to: 'B',
  sentAt: 100,
  deliverAt: 300,
  kind: 'AppendEntries',
  label: 'm7',
  payload: null,
};
const x = (t: number) => t / 10;
const y = (n: string) => ({ A: 0, B: 100 })[n];

describe('space-time arrows', () => {
  it('takes arrows from deliveries and drops only', () => {
    const entries = [
      { index: 0, time: 50, kind: 'timer', node: 'A', narration: '' },
      { index: 1, time: 300, kind: 'deliver', node: 'B', message, narration: '' },
      { index: 2, time: 200, kind: 'drop', node: 'B', message: { ...message, id: 8 }, narration: '' },
    ] as unknown as TraceEntry[];
    expect(settledArrows(entries).map((a) => [a.id, a.fate])).toEqual([
      ['1', 'delivered'],
      ['2', 'dropped'],
    ]);
  });

  it('draws a delivered arrow whole, and a flying one as far as it got', () => {
    const [delivered] = settledArrows([
      { index: 1, time: 300, kind: 'deliver', node: 'B', message, narration: '' } as unknown as TraceEntry,
    ]);
    if (!delivered) return expect.fail('no arrow');
    expect(arrowLine(delivered, 400, x, y)).toEqual([10, 0, 30, 100]);
    const [flying] = flyingArrows([message]);
    if (!flying) return expect.fail('no arrow');
    expect(arrowLine(flying, 200, x, y)).toEqual([10, 0, 20, 50]);
    expect(arrowLine(flying, 50, x, y)).toBeNull(); // not sent yet
  });

  it('measures how far a point lies from a segment', () => {
    expect(distanceToSegment(5, 3, [0, 0], [10, 0])).toBe(3);
    expect(distanceToSegment(-4, 3, [0, 0], [10, 0])).toBe(5);
    expect(distanceToSegment(1, 1, [0, 0], [0, 0])).toBeCloseTo(Math.SQRT2);
  });
});
