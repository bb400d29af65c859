import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { explore } from '../../../sim/explore';
import { figure8Variation } from '../explore';
import { checkSafety } from './property';
import raft from '..';

const MS = 1000;

describe('safety under random faults (second half of 10,000 seeds)', () => {
  it('no invariant ever fails for the correct algorithm', () => checkSafety(5000, 1_000_000_007), 120_000);
});

describe('the broken commit rule', () => {
  it('is caught on every variation of Figure 8 (other seeds, other latencies, jittered times)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 30 }), (seed) => {
        const broken = raft.createRun(figure8Variation(seed, 'no-current-term-check'), { narrate: false });
        broken.runUntil(2300 * MS);
        expect(broken.firstViolation()?.invariant).toBe('Leader Completeness');
        const correct = raft.createRun(figure8Variation(seed, 'correct'), { narrate: false });
        correct.runUntil(2300 * MS);
        expect(correct.firstViolation()).toBeNull();
      }),
      { numRuns: 60 },
    );
  });

  it('is reported by exploration with a scenario that reproduces it', () => {
    const result = explore(raft, {
      runs: 5,
      generator: 'figure-8',
      params: { variant: 'no-current-term-check' },
    });
    expect(result.findings).toHaveLength(5);
    for (const finding of result.findings) {
      const replay = raft.createRun(finding.scenario);
      replay.runUntil(2300 * MS);
      expect(replay.firstViolation()).toEqual(finding.violation);
    }
  });
});
