import { describe, expect, it } from 'vitest';
import {
  decodeComparison,
  defaultSchedule,
  encodeComparison,
  eventAt,
  nextMoment,
  previousMoment,
  withAction,
} from '../compare';

describe('comparison links and moments', () => {
  const schedule = defaultSchedule(['S1', 'S2', 'S3'], { nodes: 3 });

  it('a link restores both ids, the schedule and the moment', () => {
    const link = decodeComparison(`#${encodeComparison('one', 'two', schedule, 1234)}`);
    expect(link).toEqual({ kind: 'link', a: 'one', b: 'two', schedule, time: 1234 });
  });

  it('an unreadable link is explained, never thrown', () => {
    expect(decodeComparison('#a=one&b=two&s=%%%').kind).toBe('invalid');
    expect(decodeComparison('#a=<script>&b=x').kind).toBe('invalid');
    expect(decodeComparison('')).toEqual({ kind: 'none' });
  });

  it('a fault goes into the schedule in time order', () => {
    const next = withAction(schedule, 600_000, { type: 'crash', node: 'S2' });
    const times = next.actions.map((a) => a.at);
    expect([...times].sort((x, y) => x - y)).toEqual(times);
    expect(next.actions).toHaveLength(schedule.actions.length + 1);
  });

  it('steps go to the next moment either run has an event, and back', () => {
    const sides = [
      { times: [10, 30, 50], messages: [1, 2, 3], requests: [] },
      { times: [20, 30, 60], messages: [1, 2, 3], requests: [] },
    ];
    expect(nextMoment(sides, -1)).toBe(10);
    expect(nextMoment(sides, 10)).toBe(20);
    expect(nextMoment(sides, 30)).toBe(50);
    expect(nextMoment(sides, 60)).toBeNull();
    expect(previousMoment(sides, 30)).toBe(20);
    expect(previousMoment(sides, 10)).toBe(-1);
    expect(eventAt([10, 30, 50], 35)).toBe(1);
  });
});
