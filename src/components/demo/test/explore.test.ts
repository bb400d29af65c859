import { describe, expect, it } from 'vitest';
import raft from '../../../algorithms/raft';
import { explore, nodesOf, randomFaults } from '../../../sim/explore';
import { fakeModule } from './fakeRun';

const nodes = ['S1', 'S2', 'S3', 'S4', 'S5'];
const settings = { algorithm: 'raft', params: raft.defaultParams, nodes, horizon: 5_000_000, fast: false };

describe('exploration with random faults', () => {
  it('makes the same fault scenario for the same seed, and different ones for different seeds', () => {
    const generator = randomFaults();
    const a = generator.scenario(7, settings);
    expect(generator.scenario(7, settings)).toEqual(a);
    expect(generator.scenario(8, settings)).not.toEqual(a);
    expect(a.actions.length).toBeGreaterThanOrEqual(2);
    expect(a.actions.every((t) => t.at >= 0 && t.at < 5_000_000)).toBe(true);
    expect(nodesOf(raft, raft.defaultParams)).toEqual(nodes);
  });

  it('reports a violation with a scenario that reproduces it exactly', () => {
    // The fake ticker breaks its invariant once a node has ticked `limit` times.
    const result = explore(fakeModule, { runs: 3, firstSeed: 11, params: { period: 10_000, limit: 4 } });
    const finding = result.findings[0];
    if (!finding) return expect.fail('the fake ticker should have broken its limit');
    expect(finding.seed).toBe(11);
    expect(finding.violation.invariant).toBe('Below limit');
    const replay = fakeModule.createRun(finding.scenario);
    replay.seek(finding.violation.index);
    expect(replay.firstViolation()).toEqual(finding.violation);
    expect(explore(fakeModule, { runs: 3, firstSeed: 11, params: { period: 10_000 } }).findings).toEqual([]);
  });
});
