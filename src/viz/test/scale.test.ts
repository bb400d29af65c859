import { scaleBand, scaleLinear, ticks as d3Ticks } from 'd3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bandScale, linearScale, ticks } from '../scale';

describe('the small scales of the demos draw what D3 would', () => {
  it('ticks: the same round values as d3.ticks', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e7, noNaN: true }),
        fc.double({ min: 0, max: 1e7, noNaN: true }),
        fc.integer({ min: 1, max: 12 }),
        (a, b, count) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          // The charts span times and counts, never spans near the limits of floating point.
          fc.pre(hi - lo >= 1e-3);
          const ours = ticks(lo, hi, count);
          const theirs = d3Ticks(lo, hi, count);
          expect(ours.length).toBe(theirs.length);
          ours.forEach((t, i) => expect(t).toBeCloseTo(theirs[i] as number, 6));
        },
      ),
    );
  });

  it('linear: the same positions, clamped when asked', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 10, max: 2000 }),
        fc.double({ min: -1e6, max: 2e6, noNaN: true }),
        (end, width, value) => {
          const ours = linearScale([0, end], [20, width]);
          const theirs = scaleLinear().domain([0, end]).range([20, width]);
          expect(ours(value)).toBeCloseTo(theirs(value), 6);
          const clamped = linearScale([0, end], [0, width], { clamp: true });
          expect(clamped(value)).toBeCloseTo(
            scaleLinear().domain([0, end]).range([0, width]).clamp(true)(value),
            6,
          );
        },
      ),
    );
  });

  it('band: the same bands and bandwidth as d3.scaleBand with padding', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 9 }),
        fc.integer({ min: 0, max: 400 }),
        fc.double({ min: 0, max: 0.9, noNaN: true }),
        (domain, height, padding) => {
          const ours = bandScale(domain, [10, 10 + height], padding);
          const theirs = scaleBand<string>()
            .domain(domain)
            .range([10, 10 + height])
            .padding(padding);
          expect(ours.bandwidth()).toBeCloseTo(theirs.bandwidth(), 6);
          for (const d of domain) expect(ours(d)).toBeCloseTo(theirs(d) as number, 6);
          expect(ours('not there')).toBeUndefined();
        },
      ),
    );
  });
});
