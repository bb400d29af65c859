/**
 * Each process's state over time, for the lanes. The trace holds events, not states; the run's
 * state log (`StateLog`) keeps each process's changes, written once per event as the run computes
 * it, so moving the cursor runs nothing again.
 */
import type { Lane, StateLog } from '../../algorithms/two-phase-commit/statelog';
import type { Micros } from '../../sim/types';

export type { Lane, LaneSegment, LaneState } from '../../algorithms/two-phase-commit/statelog';

const latestRead = new WeakMap<StateLog, { cursor: number; now: Micros; revision: number; lanes: Lane[] }>();

/** The lanes after event `cursor`, each ending at `now`; the same reading while nothing changes. */
export function lanesOf(log: StateLog, cursor: number, now: Micros): Lane[] {
  const cached = latestRead.get(log);
  const revision = log.revision;
  if (cached && cached.cursor === cursor && cached.now === now && cached.revision === revision) {
    return cached.lanes;
  }
  const lanes = log.lanesAt(cursor, now);
  latestRead.set(log, { cursor, now, revision, lanes });
  return lanes;
}
