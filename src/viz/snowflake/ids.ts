/**
 * What the Snowflake views read from a run, as plain data: every ID handed out with who made it and
 * when, the first duplicate, the IDs that break k-sorted order, and how full each time unit was.
 * Views never touch the player's run; a recorder replays the same scenario beside it.
 */
import {
  createSnowflakeRun,
  layoutOf,
  parseParams,
  type SnowflakeRun,
} from '../../algorithms/snowflake/cluster';
import { PRESETS, placeFields, type Layout } from '../../algorithms/snowflake/layout';
import type { Micros, Scenario } from '../../sim/types';

/** One ID as the views draw it. */
export interface StreamId {
  /** Trace index of the event that handed it out. */
  index: number;
  node: string;
  id: string;
  /** Global time it was handed out at (µs). */
  at: Micros;
  /** Its time field, in layout units since the epoch. */
  time: number;
  sequence: number;
}

/** The stream keeps at most this many IDs, so a heavy load cannot exhaust the page's memory. */
export const STREAM_LIMIT = 60_000;

/**
 * Replays a scenario on its own run and collects the IDs of each event. The player's run and this
 * one are deterministic copies, so trace index i here is trace index i there.
 */
export class IdRecorder {
  readonly key: string;
  readonly layout: Layout;
  private readonly run: SnowflakeRun;
  private readonly batches = new Map<string, number>();
  readonly ids: StreamId[] = [];
  /** The stream reached STREAM_LIMIT and stopped growing. */
  truncated = false;

  constructor(scenario: Scenario) {
    this.key = JSON.stringify(scenario);
    this.layout = layoutOf(parseParams(scenario.params));
    this.run = createSnowflakeRun(scenario);
  }

  /** Index of the last event recorded. */
  get recordedTo(): number {
    return this.run.cursor();
  }

  /** Records events up to and including `index` (computing at most `budget` events). */
  advanceTo(index: number, budget = 20_000): void {
    for (let n = 0; n < budget && this.run.cursor() < index && !this.truncated; n++) {
      if (!this.run.step()) break;
      const at = this.run.cursor();
      for (const node of this.run.nodes()) {
        const context = node.context;
        if (!context || context.batch <= (this.batches.get(node.id) ?? 0)) continue;
        this.batches.set(node.id, context.batch);
        for (const issued of context.batchIds) {
          if (this.ids.length >= STREAM_LIMIT) {
            this.truncated = true;
            break;
          }
          this.ids.push({
            index: at,
            node: node.id,
            id: issued.id,
            at: issued.at,
            time: issued.time,
            sequence: issued.sequence,
          });
        }
      }
    }
  }

  /** The IDs handed out up to and including event `index`. */
  upTo(index: number): StreamId[] {
    // IDs are recorded in trace order, so the prefix ends at the first later event.
    let hi = this.ids.length;
    let lo = 0;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.ids[mid] as StreamId).index <= index) lo = mid + 1;
      else hi = mid;
    }
    return this.ids.slice(0, lo);
  }
}

/** The recorder for a scenario, kept while the scenario stays the same. */
export function recorderFor(previous: IdRecorder | null, scenario: Scenario): IdRecorder {
  const key = JSON.stringify(scenario);
  return previous && previous.key === key ? previous : new IdRecorder(scenario);
}

export interface Duplicate {
  id: string;
  first: StreamId;
  second: StreamId;
}

/** The first ID handed out twice, in the order they were handed out; null when all are distinct. */
export function firstDuplicate(ids: readonly StreamId[]): Duplicate | null {
  const seen = new Map<string, StreamId>();
  for (const entry of ids) {
    const before = seen.get(entry.id);
    if (before) return { id: entry.id, first: before, second: entry };
    seen.set(entry.id, entry);
  }
  return null;
}

/**
 * For each ID, whether it sorts below an ID handed out at least `windowMicros` earlier: the same rule
 * as the k-sorted invariant. `ids` must be in the order they were handed out.
 */
export function outOfKOrder(ids: readonly StreamId[], windowMicros: number): boolean[] {
  const flags: boolean[] = [];
  let floor: bigint | null = null;
  let oldest = 0;
  for (const entry of ids) {
    while (oldest < flags.length && (ids[oldest] as StreamId).at <= entry.at - windowMicros) {
      const value = BigInt((ids[oldest] as StreamId).id);
      if (floor === null || value > floor) floor = value;
      oldest++;
    }
    flags.push(floor !== null && BigInt(entry.id) < floor);
  }
  return flags;
}

/** IDs a worker can hand out in one time unit: 2^(sequence bits). */
export function ceilingPerUnit(layout: Layout): number {
  const sequence = placeFields(layout).find((f) => f.kind === 'sequence');
  return 2 ** (sequence?.bits ?? 0);
}

export interface UnitCount {
  node: string;
  /** Time field value. */
  time: number;
  count: number;
}

/** How many IDs each worker stamped with each time unit, in the order first seen. */
export function countsPerUnit(ids: readonly StreamId[]): UnitCount[] {
  const counts = new Map<string, UnitCount>();
  for (const entry of ids) {
    const key = `${entry.node}@${entry.time}`;
    const found = counts.get(key);
    if (found) found.count++;
    else counts.set(key, { node: entry.node, time: entry.time, count: 1 });
  }
  return [...counts.values()];
}

/** The busiest time unit of each worker, for the rate view. */
export function peakPerWorker(ids: readonly StreamId[]): Map<string, UnitCount> {
  const peaks = new Map<string, UnitCount>();
  for (const unit of countsPerUnit(ids)) {
    const best = peaks.get(unit.node);
    if (!best || unit.count > best.count) peaks.set(unit.node, unit);
  }
  return peaks;
}

/** The IDs a worker handed out within its latest time unit (its sequence filling up). */
export function inCurrentUnit(ids: readonly StreamId[], node: string, time: number): number {
  let count = 0;
  for (let i = ids.length - 1; i >= 0; i--) {
    const entry = ids[i] as StreamId;
    if (entry.node === node && entry.time === time) count++;
  }
  return count;
}

/** The layout a scenario runs with. */
export function layoutOfScenario(scenario: Scenario): Layout {
  try {
    return layoutOf(parseParams(scenario.params));
  } catch {
    return PRESETS.twitter;
  }
}
