/** Shared body of the safety property tests, split over two files so they run in parallel. */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { Scenario } from '../../../sim/types';
import { randomScenario } from '../explore';
import raft from '..';
import type { RaftRun } from '..';

const MS = 1000;
/** Simulated time per run, with every timing shrunk five-fold: about 0.6 s of a normal run. */
export const DURATION_MS = 120;

/** Runs a scenario for `durationMs` of simulated time and throws on the first violation. */
export function runWithoutViolation(scenario: Scenario, durationMs: number): RaftRun {
  const run = raft.createRun(scenario, { narrate: false, checkpointEvery: 1_000_000 });
  run.runUntil(durationMs * MS);
  const violation = run.firstViolation();
  if (violation) {
    throw new Error(
      `seed ${scenario.seed}: ${violation.invariant} at event ${violation.index}: ${violation.detail}`,
    );
  }
  return run;
}

/** No violation, whatever the seed and its random schedule of faults. */
export function checkSafety(numRuns: number, seedBase: number): void {
  let events = 0;
  let withLeader = 0;
  let withCommits = 0;
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 30 }), (offset) => {
      const run = runWithoutViolation(
        randomScenario(seedBase + offset, 'correct', DURATION_MS, true),
        DURATION_MS,
      );
      events += run.length();
      if (run.nodes().some((n) => n.up && n.role === 'leader')) withLeader++;
      if (run.nodes().some((n) => n.context.commitIndex > 0)) withCommits++;
    }),
    { numRuns, seed: seedBase },
  );
  // The runs were not vacuous: plenty happened, most ended with a leader, many committed entries.
  expect(events / numRuns).toBeGreaterThan(60);
  expect(withLeader / numRuns).toBeGreaterThan(0.6);
  expect(withCommits / numRuns).toBeGreaterThan(0.4);
}
