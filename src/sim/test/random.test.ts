import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../queue';
import { Random } from '../random';

describe('Random', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const draw = (seed: number) => {
      const r = Random.fromSeed(seed);
      return Array.from({ length: 20 }, () => r.nextUint32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('resumes exactly from a saved state', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 50 }), (seed, skip) => {
        const r = Random.fromSeed(seed);
        for (let i = 0; i < skip; i++) r.float();
        const copy = Random.fromState(r.state());
        const a = Array.from({ length: 10 }, () => r.int(0, 1000));
        const b = Array.from({ length: 10 }, () => copy.int(0, 1000));
        expect(a).toEqual(b);
      }),
    );
  });

  it('keeps helpers within their ranges', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: 1, max: 1000 }),
        (seed, min, width) => {
          const r = Random.fromSeed(seed);
          for (let i = 0; i < 20; i++) {
            const n = r.int(min, min + width);
            expect(n).toBeGreaterThanOrEqual(min);
            expect(n).toBeLessThan(min + width);
            expect(Number.isInteger(n)).toBe(true);
            const f = r.uniform(min, min + width);
            expect(f).toBeGreaterThanOrEqual(min);
            expect(f).toBeLessThan(min + width);
          }
        },
      ),
    );
  });

  it('is roughly uniform', () => {
    const r = Random.fromSeed(9);
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const k = r.int(0, 10);
      buckets[k] = (buckets[k] ?? 0) + 1;
    }
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(500);
  });

  it('draws nothing for chance(0) and chance(1), so switching a fault off keeps other draws', () => {
    const a = Random.fromSeed(5);
    const b = Random.fromSeed(5);
    expect(a.chance(0)).toBe(false);
    expect(a.chance(1)).toBe(true);
    expect(a.nextUint32()).toBe(b.nextUint32());
  });

  it('picks from a list and refuses an empty one', () => {
    const r = Random.fromSeed(1);
    const seen = new Set(Array.from({ length: 200 }, () => r.pick(['a', 'b', 'c'])));
    expect([...seen].sort()).toEqual(['a', 'b', 'c']);
    expect(() => r.pick([])).toThrow(/empty/);
  });
});

describe('EventQueue', () => {
  it('pops by time, then by insertion order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), (times) => {
        const q = new EventQueue<{ time: number; seq: number }>();
        times.forEach((time, seq) => q.push({ time, seq }));
        const out: { time: number; seq: number }[] = [];
        for (let e = q.pop(); e; e = q.pop()) out.push(e);
        const expected = times
          .map((time, seq) => ({ time, seq }))
          .sort((a, b) => a.time - b.time || a.seq - b.seq);
        expect(out).toEqual(expected);
      }),
    );
  });
});
