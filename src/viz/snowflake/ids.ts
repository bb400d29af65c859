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

/**
 * The stream keeps about this many of the latest IDs (up to half as many again before it trims), so
 * a heavy load cannot exhaust the page's memory. The invariant checker still sees every ID.
 */
export const STREAM_LIMIT = 30_000;

/**
 * Replays a scenario on its own run and collects the IDs of each event. The player's run and this
 * one are deterministic copies, so trace index i here is trace index i there.
 */
export class IdRecorder {
  readonly key: string;
  readonly layout: Layout;
  private readonly run: SnowflakeRun;
  private readonly batches = new Map<string, number>();
  ids: StreamId[] = [];
  /** Older IDs were dropped: the stream holds only the latest ones. */
  truncated = false;
  /** The first event whose IDs are all still held. */
  private heldFrom = -1;
  /** IDs per worker and time unit so far, and their history by event: kept whole, never trimmed. */
  private readonly running = new Map<string, number>();
  private readonly unitLog: (UnitCount & { index: number })[] = [];
  private unitsCache: { index: number; length: number; units: UnitsAt } | null = null;

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
    for (let n = 0; n < budget && this.run.cursor() < index; n++) {
      if (!this.run.step()) break;
      const at = this.run.cursor();
      for (const node of this.run.nodes()) {
        const context = node.context;
        if (!context || context.batch <= (this.batches.get(node.id) ?? 0)) continue;
        this.batches.set(node.id, context.batch);
        const touched = new Set<number>();
        for (const issued of context.batchIds) {
          const key = `${node.id}@${issued.time}`;
          this.running.set(key, (this.running.get(key) ?? 0) + 1);
          touched.add(issued.time);
          this.ids.push({
            index: at,
            node: node.id,
            id: issued.id,
            at: this.run.time(),
            time: issued.time,
            sequence: issued.sequence,
          });
        }
        for (const time of touched) {
          const count = this.running.get(`${node.id}@${time}`) ?? 0;
          this.unitLog.push({ index: at, node: node.id, time, count });
        }
      }
      this.trim();
    }
  }

  private trim(): void {
    if (this.ids.length <= STREAM_LIMIT * 1.5) return;
    // Keep whole events, so a prefix up to any held event is complete.
    let cut = this.ids.length - STREAM_LIMIT;
    const boundary = (this.ids[cut] as StreamId).index;
    while (cut < this.ids.length && (this.ids[cut] as StreamId).index === boundary) cut++;
    this.ids = this.ids.slice(cut);
    this.heldFrom = boundary + 1;
    this.truncated = true;
    this.prefix = null;
  }

  /** IDs per worker and time unit at event `index`, counting every ID, even those trimmed from the stream. */
  unitsAt(index: number): UnitsAt {
    const cached = this.unitsCache;
    if (cached && cached.index === index && cached.length === this.unitLog.length) return cached.units;
    const byUnit = new Map<string, number>();
    const latest = new Map<string, UnitCount>();
    const peak = new Map<string, number>();
    for (const entry of this.unitLog) {
      if (entry.index > index) break;
      byUnit.set(`${entry.node}@${entry.time}`, entry.count);
      const unit = { node: entry.node, time: entry.time, count: entry.count };
      const last = latest.get(entry.node);
      if (!last || entry.time >= last.time) latest.set(entry.node, unit);
      peak.set(entry.node, Math.max(peak.get(entry.node) ?? 0, entry.count));
    }
    const units = { byUnit, latest, peak };
    this.unitsCache = { index, length: this.unitLog.length, units };
    return units;
  }

  /** Whether the IDs up to event `index` can be read from this recorder (not trimmed away). */
  covers(index: number): boolean {
    return index >= this.heldFrom;
  }

  private prefix: { index: number; length: number; ids: StreamId[] } | null = null;

  /** The IDs handed out up to and including event `index`; the same array while nothing changed. */
  upTo(index: number): StreamId[] {
    const cached = this.prefix;
    if (cached && cached.index === index && cached.length === this.ids.length) return cached.ids;
    const ids = this.slice(index);
    this.prefix = { index, length: this.ids.length, ids };
    return ids;
  }

  private slice(index: number): StreamId[] {
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

/**
 * The recorder for a scenario at event `index`: the previous one while the scenario stays the same
 * and it still holds that moment, a fresh replay otherwise.
 */
export function recorderFor(previous: IdRecorder | null, scenario: Scenario, index = -1): IdRecorder {
  const key = JSON.stringify(scenario);
  return previous && previous.key === key && previous.covers(index) ? previous : new IdRecorder(scenario);
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

export interface UnitsAt {
  /** Count by "node@time". */
  byUnit: Map<string, number>;
  /** Each worker's latest time unit and its count. */
  latest: Map<string, UnitCount>;
  /** Each worker's busiest unit so far. */
  peak: Map<string, number>;
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

/** The layout a scenario runs with. */
export function layoutOfScenario(scenario: Scenario): Layout {
  try {
    return layoutOf(parseParams(scenario.params));
  } catch {
    return PRESETS.twitter;
  }
}

export interface StreamAnalysis {
  duplicate: Duplicate | null;
  outOfOrder: boolean[];
}

const analyses = new WeakMap<readonly StreamId[], Map<number, StreamAnalysis>>();

/** Everything the panels derive from one stream, computed once per stream and window. */
export function analyse(ids: readonly StreamId[], windowMicros: number): StreamAnalysis {
  let byWindow = analyses.get(ids);
  if (!byWindow) {
    byWindow = new Map();
    analyses.set(ids, byWindow);
  }
  let found = byWindow.get(windowMicros);
  if (!found) {
    found = {
      duplicate: firstDuplicate(ids),
      outOfOrder: outOfKOrder(ids, windowMicros),
    };
    byWindow.set(windowMicros, found);
  }
  return found;
}
