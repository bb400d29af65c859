/** Paxos beside Raft on one schedule, through the shared comparison code. */
import { describe, expect, it } from 'vitest';
import raft from '../../raft';
import paxos from '..';
import {
  defaultSchedule,
  measure,
  nextMoment,
  sharedParamKeys,
  sideScenario,
  COMPARE_HORIZON,
} from '../../../sim/compare';

describe('comparison with Raft', () => {
  it('shares servers, latencies and loss, and commits the default schedule’s requests in both', () => {
    const shared = sharedParamKeys(raft, paxos);
    expect(shared).toEqual(
      expect.arrayContaining(['nodes', 'latencyMin', 'latencyMax', 'loss', 'duplication']),
    );
    const schedule = defaultSchedule(['S1', 'S2', 'S3', 'S4', 'S5'], { nodes: 5 });
    const sides = [raft, paxos].map((m) => {
      const run = m.createRun(sideScenario(m, schedule, shared));
      return measure(m, run, COMPARE_HORIZON);
    });
    for (const side of sides) {
      expect(side.requests).toHaveLength(10);
      expect(side.requests.filter((r) => r.committedAt !== null).length).toBeGreaterThanOrEqual(7);
      expect(side.messages[side.messages.length - 1]).toBeGreaterThan(50);
    }
    expect(nextMoment(sides, -1)).toBeGreaterThanOrEqual(0);
  });
});
