/**
 * Each process's state over time, for the lanes. The trace holds events, not states; the run's
 * state log (`StateLog`) keeps each process's changes, written once per event as the run computes
 * it, so moving the cursor runs nothing again.
 */
import type { TwoPhaseCommitRun } from '../../algorithms/two-phase-commit/cluster';
import type { Lane } from '../../algorithms/two-phase-commit/statelog';
import type { Micros } from '../../sim/types';

export type { Lane, LaneSegment, LaneState } from '../../algorithms/two-phase-commit/statelog';

const latestRead = new WeakMap<
  TwoPhaseCommitRun,
  { cursor: number; now: Micros; revision: number; lanes: Lane[] }
>();

/** The lanes after event `cursor`, each ending at `now`; the same reading while nothing changes. */
export function lanesOf(run: TwoPhaseCommitRun, cursor: number, now: Micros): Lane[] {
  const cached = latestRead.get(run);
  const revision = run.states.revision;
  if (cached && cached.cursor === cursor && cached.now === now && cached.revision === revision) {
    return cached.lanes;
  }
  const lanes = run.states.lanesAt(cursor, now);
  latestRead.set(run, { cursor, now, revision, lanes });
  return lanes;
}
