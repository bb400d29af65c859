/**
 * Every ID a run hands out, in the order it hands them out, with what the views show about each:
 * who made it, when, whether it repeats an earlier ID or breaks k-sorted order, and how full its
 * time unit was. The run's checker writes one event at a time, when the run first computes it
 * (replays after a seek write nothing), so the views read any moment of the trace without running
 * anything again. Columns are typed arrays: a heavy load hands out millions of IDs.
 */
import { EventLog } from '../../sim/event-log';
import type { Micros, NodeId } from '../../sim/types';

/** One ID as the checker saw it. */
export interface CheckedId {
  value: bigint;
  /** Time field of the ID, in layout units since the epoch. */
  time: number;
  sequence: number;
  /** The same ID was handed out before. */
  repeated: boolean;
  /** It sorts below an ID handed out at least k earlier. */
  outOfOrder: boolean;
}

/** One ID as the views draw it. */
export interface LoggedId {
  /** Position in the log: the IDs handed out before it. */
  position: number;
  /** Trace index of the event that handed it out. */
  index: number;
  node: NodeId;
  id: string;
  value: bigint;
  /** Global time it was handed out at (µs). */
  at: Micros;
  time: number;
  sequence: number;
  outOfOrder: boolean;
}

export interface UnitCount {
  /** Time field value. */
  time: number;
  /** IDs the worker stamped with that time unit so far. */
  count: number;
}

/** One worker's time units at a moment of the run. */
export interface WorkerUnits {
  /** The unit of its latest ID. */
  current: UnitCount;
  /** Its highest unit so far. */
  latest: UnitCount;
  /** Its busiest unit so far. */
  peak: number;
}

export interface Duplicate {
  id: string;
  first: LoggedId;
  second: LoggedId;
}

function grown<T extends Float64Array | Uint32Array | Int32Array | BigUint64Array | Uint8Array>(
  array: T,
  needed: number,
  make: (length: number) => T,
): T {
  if (needed <= array.length) return array;
  const bigger = make(Math.max(needed, array.length * 2));
  bigger.set(array as never);
  return bigger;
}

export class IdLog extends EventLog {
  /** IDs written so far. */
  length = 0;

  // One row per ID.
  private values = new BigUint64Array(256);
  private times = new Float64Array(256);
  private sequences = new Uint32Array(256);
  /** IDs of the same worker and time unit up to this one, itself included. */
  private unitCounts = new Uint32Array(256);
  /** IDs out of k-sorted order up to this one, itself included. */
  private outOfOrderSoFar = new Uint32Array(256);
  /** The first ID that repeats an earlier one, or -1. */
  private firstRepeat = -1;

  // One row per event that handed out IDs (a batch); batches are in trace order.
  private batches = 0;
  private batchEvents = new Int32Array(64);
  private batchEnds = new Int32Array(64);
  private batchNodes = new Uint8Array(64);
  private batchTimes = new Float64Array(64);
  /** The worker's highest unit, its count and its busiest count, after the batch. */
  private latestTimes = new Float64Array(64);
  private latestCounts = new Uint32Array(64);
  private peaks = new Uint32Array(64);
  /** Each worker's batches, in order. */
  private readonly byNode: number[][];
  /** Running count per worker and time unit, for the rows to come. */
  private readonly running = new Map<string, number>();

  constructor(readonly nodes: readonly NodeId[]) {
    super();
    this.byNode = nodes.map(() => []);
  }

  /** Writes event `index`, which happened at global time `at` on worker `node`. */
  write(index: number, at: Micros, node: number, ids: readonly CheckedId[]): void {
    if (!this.begin(index)) return;
    if (ids.length === 0) return;
    const mine = this.byNode[node] as number[];
    const previous = mine.at(-1);
    let latestTime = previous === undefined ? -Infinity : (this.latestTimes[previous] as number);
    let latestCount = previous === undefined ? 0 : (this.latestCounts[previous] as number);
    let peak = previous === undefined ? 0 : (this.peaks[previous] as number);
    let outOfOrder = this.length === 0 ? 0 : (this.outOfOrderSoFar[this.length - 1] as number);
    this.reserve(this.length + ids.length);
    for (const checked of ids) {
      const row = this.length++;
      const key = `${node}@${checked.time}`;
      const count = (this.running.get(key) ?? 0) + 1;
      this.running.set(key, count);
      if (checked.outOfOrder) outOfOrder++;
      if (checked.repeated && this.firstRepeat < 0) this.firstRepeat = row;
      this.values[row] = checked.value;
      this.times[row] = checked.time;
      this.sequences[row] = checked.sequence;
      this.unitCounts[row] = count;
      this.outOfOrderSoFar[row] = outOfOrder;
      if (checked.time >= latestTime) {
        latestTime = checked.time;
        latestCount = count;
      }
      peak = Math.max(peak, count);
    }
    const batch = this.batches++;
    this.reserveBatches(this.batches);
    this.batchEvents[batch] = index;
    this.batchEnds[batch] = this.length;
    this.batchNodes[batch] = node;
    this.batchTimes[batch] = at;
    this.latestTimes[batch] = latestTime;
    this.latestCounts[batch] = latestCount;
    this.peaks[batch] = peak;
    mine.push(batch);
  }

  /** How many IDs were handed out up to and including event `cursor`. */
  countAt(cursor: number): number {
    const batch = this.lastBatchAt(cursor);
    return batch < 0 ? 0 : (this.batchEnds[batch] as number);
  }

  /** How many of the first `count` IDs break k-sorted order. */
  outOfOrderIn(count: number): number {
    return count <= 0 ? 0 : (this.outOfOrderSoFar[Math.min(count, this.length) - 1] as number);
  }

  /** The first ID among the first `count` that was handed out before, with its first appearance. */
  duplicateIn(count: number): Duplicate | null {
    if (this.firstRepeat < 0 || this.firstRepeat >= count) return null;
    const second = this.firstRepeat;
    const value = this.values[second];
    let first = second - 1;
    while (first >= 0 && this.values[first] !== value) first--;
    if (first < 0) return null;
    const [a, b] = [this.row(first), this.row(second)];
    return { id: b.id, first: a, second: b };
  }

  /** The IDs at positions [from, to), oldest first. */
  slice(from: number, to: number): LoggedId[] {
    const end = Math.min(to, this.length);
    const out: LoggedId[] = [];
    let batch = this.batchOf(Math.max(0, from));
    for (let row = Math.max(0, from); row < end; row++) {
      while ((this.batchEnds[batch] as number) <= row) batch++;
      out.push(this.rowIn(row, batch));
    }
    return out;
  }

  /** Each worker's time units up to and including event `cursor`; absent until it hands out an ID. */
  unitsAt(cursor: number): Map<NodeId, WorkerUnits> {
    const units = new Map<NodeId, WorkerUnits>();
    this.nodes.forEach((node, n) => {
      const mine = this.byNode[n] as number[];
      let lo = 0;
      let hi = mine.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((this.batchEvents[mine[mid] as number] as number) <= cursor) lo = mid + 1;
        else hi = mid;
      }
      const batch = mine[lo - 1];
      if (batch === undefined) return;
      const last = (this.batchEnds[batch] as number) - 1;
      units.set(node, {
        current: { time: this.times[last] as number, count: this.unitCounts[last] as number },
        latest: { time: this.latestTimes[batch] as number, count: this.latestCounts[batch] as number },
        peak: this.peaks[batch] as number,
      });
    });
    return units;
  }

  /** The last batch at or before event `cursor`, or -1. */
  private lastBatchAt(cursor: number): number {
    let lo = 0;
    let hi = this.batches;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.batchEvents[mid] as number) <= cursor) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** The batch that holds ID row `row`. */
  private batchOf(row: number): number {
    let lo = 0;
    let hi = this.batches;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.batchEnds[mid] as number) <= row) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private row(row: number): LoggedId {
    return this.rowIn(row, this.batchOf(row));
  }

  private rowIn(row: number, batch: number): LoggedId {
    const value = this.values[row] as bigint;
    const before = row === 0 ? 0 : (this.outOfOrderSoFar[row - 1] as number);
    return {
      position: row,
      index: this.batchEvents[batch] as number,
      node: this.nodes[this.batchNodes[batch] as number] as NodeId,
      id: value.toString(),
      value,
      at: this.batchTimes[batch] as number,
      time: this.times[row] as number,
      sequence: this.sequences[row] as number,
      outOfOrder: (this.outOfOrderSoFar[row] as number) > before,
    };
  }

  /** Forgets events from `index` on, undoing their counts. */
  protected forget(index: number): void {
    const keep = this.lastBatchAt(index - 1) + 1;
    const rows = keep === 0 ? 0 : (this.batchEnds[keep - 1] as number);
    for (let batch = this.batches - 1; batch >= keep; batch--) {
      const node = this.batchNodes[batch] as number;
      (this.byNode[node] as number[]).pop();
    }
    let batch = this.batches - 1;
    for (let row = this.length - 1; row >= rows; row--) {
      while (batch > 0 && (this.batchEnds[batch - 1] as number) > row) batch--;
      const key = `${this.batchNodes[batch] as number}@${this.times[row] as number}`;
      const count = (this.running.get(key) ?? 1) - 1;
      if (count === 0) this.running.delete(key);
      else this.running.set(key, count);
    }
    this.batches = keep;
    this.length = rows;
    if (this.firstRepeat >= rows) this.firstRepeat = -1;
  }

  private reserve(needed: number): void {
    this.values = grown(this.values, needed, (n) => new BigUint64Array(n));
    this.times = grown(this.times, needed, (n) => new Float64Array(n));
    this.sequences = grown(this.sequences, needed, (n) => new Uint32Array(n));
    this.unitCounts = grown(this.unitCounts, needed, (n) => new Uint32Array(n));
    this.outOfOrderSoFar = grown(this.outOfOrderSoFar, needed, (n) => new Uint32Array(n));
  }

  private reserveBatches(needed: number): void {
    this.batchEvents = grown(this.batchEvents, needed, (n) => new Int32Array(n));
    this.batchEnds = grown(this.batchEnds, needed, (n) => new Int32Array(n));
    this.batchNodes = grown(this.batchNodes, needed, (n) => new Uint8Array(n));
    this.batchTimes = grown(this.batchTimes, needed, (n) => new Float64Array(n));
    this.latestTimes = grown(this.latestTimes, needed, (n) => new Float64Array(n));
    this.latestCounts = grown(this.latestCounts, needed, (n) => new Uint32Array(n));
    this.peaks = grown(this.peaks, needed, (n) => new Uint32Array(n));
  }
}
