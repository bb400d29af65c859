import { describe, expect, it } from 'vitest';
import { firstListed } from '../EventLog';

describe('the window of events the log lists', () => {
  it('keeps at least forty past events above the current one', () => {
    for (let cursor = 0; cursor < 500; cursor++) {
      expect(cursor - firstListed(cursor)).toBeGreaterThanOrEqual(Math.min(cursor, 40));
    }
  });

  it('moves its first event in steps of twenty, so most events only add an item', () => {
    const starts = new Set(Array.from({ length: 200 }, (_, cursor) => firstListed(cursor)));
    expect([...starts]).toEqual([0, 20, 40, 60, 80, 100, 120, 140]);
  });
});
