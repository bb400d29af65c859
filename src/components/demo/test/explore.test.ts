import { describe, expect, it } from 'vitest';
import { raft } from '../../../algorithms/raft';
import { exploreOne, randomFaultScenario } from '../explore';
import { fakeModule } from './fakeRun';

const nodes = ['S1', 'S2', 'S3', 'S4', 'S5'];

describe('exploration with random faults', () => {
  it('makes the same fault scenario for the same seed, and different ones for different seeds', () => {
    const a = randomFaultScenario(raft, raft.defaultParams, nodes, 7, 5_000_000);
    expect(randomFaultScenario(raft, raft.defaultParams, nodes, 7, 5_000_000)).toEqual(a);
    expect(randomFaultScenario(raft, raft.defaultParams, nodes, 8, 5_000_000)).not.toEqual(a);
    expect(a.actions.length).toBeGreaterThanOrEqual(2);
    expect(a.actions.every((t) => t.at >= 0 && t.at < 5_000_000)).toBe(true);
  });

  it('finds no violation in the correct Raft', () => {
    const request = { horizon: 3_000_000, maxEvents: 20_000, params: raft.defaultParams };
    for (let seed = 1; seed <= 10; seed++) expect(exploreOne(raft, nodes, seed, request)).toBeNull();
  });

  it('reports a violation with a scenario that reproduces it exactly', () => {
    // The fake ticker breaks its invariant once a node has ticked `limit` times.
    const request = { horizon: 200_000, maxEvents: 1000, params: { period: 10_000, limit: 4 } };
    const finding = exploreOne(fakeModule, ['A', 'B', 'C'], 11, request);
    if (!finding) return expect.fail('the fake ticker should have broken its limit');
    expect(finding.seed).toBe(11);
    expect(finding.violation.invariant).toBe('Below limit');
    const replay = fakeModule.createRun(finding.scenario);
    replay.seek(finding.violation.index);
    expect(replay.firstViolation()).toEqual(finding.violation);
    expect(
      exploreOne(fakeModule, ['A', 'B', 'C'], 11, { ...request, params: { period: 10_000 } }),
    ).toBeNull();
  });
});
