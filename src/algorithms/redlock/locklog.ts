/**
 * The history of a Redlock run that the world at the cursor no longer shows: who believed they
 * held the lock over which stretch of global time, where two or more did at once, and every write
 * the storage decided on, with the observer's verdict. The run's checker writes one event at a
 * time, when the run first computes it (replays after a seek write nothing), so the views read any
 * moment of the trace without running anything again.
 */
import { EventLog, rowsThrough } from '../../sim/event-log';
import type { Micros, NodeId } from '../../sim/types';
import type { StorageWrite } from './types';

/** A client in `holding`, with the lock value and token it holds. */
export interface Holder {
  client: NodeId;
  value: string;
  token: number | null;
}

/** One stretch of global time during which a client believed it held the lock. */
export interface Holding extends Holder {
  start: Micros;
  /** null: still holding at the moment read. */
  end: Micros | null;
}

/** A stretch of global time during which two or more clients held the lock at once. */
export interface Overlap {
  start: Micros;
  end: Micros | null;
  clients: NodeId[];
}

/** One write the storage decided on, as the observer ranked it. */
export interface LoggedWrite extends StorageWrite {
  /** Trace index of the event in which the storage decided it. */
  index: number;
  /** Its place in the storage's list, from 1. */
  position: number;
  /** Accepted although a write under a newer grant had been accepted before it. */
  stale: boolean;
}

/** A write as the checker hands it over, before the log stamps it with the event. */
export type CheckedWrite = Omit<LoggedWrite, 'index'>;

interface Sample {
  index: number;
  time: Micros;
  holders: readonly Holder[];
}

interface HoldingRow extends Holder {
  start: Micros;
  startIndex: number;
  end: Micros | null;
  endIndex: number | null;
}

interface OverlapRow {
  start: Micros;
  startIndex: number;
  end: Micros | null;
  endIndex: number | null;
  /** Clients in the order they joined the overlap, with the event at which each did. */
  joined: { client: NodeId; index: number }[];
}

/** The storage came back from a restart holding only the first `kept` of its writes. */
interface StorageReset {
  index: number;
  kept: number;
}

function sameHolders(a: readonly Holder[], b: readonly Holder[]): boolean {
  return a.length === b.length && a.every((h, i) => h.value === b[i]?.value);
}

export class LockLog extends EventLog {
  /** The holders after every event that changed them, in trace order. */
  private samples: Sample[] = [];
  /** Holdings and overlaps in the order they began, with the events that began and ended them. */
  private holdings: HoldingRow[] = [];
  private overlaps: OverlapRow[] = [];
  private open = new Map<string, HoldingRow>();
  private overlap: OverlapRow | null = null;
  private writes: LoggedWrite[] = [];
  private resets: StorageReset[] = [];

  /**
   * Writes event `index`, which happened at global time `time`: the clients holding the lock after
   * it, the writes the storage decided in it, and, when the storage came back from a restart
   * shorter than before, how many of its writes it kept.
   */
  write(
    index: number,
    time: Micros,
    holders: readonly Holder[],
    writes: readonly CheckedWrite[],
    storageKept: number | null = null,
  ): void {
    if (!this.begin(index)) return;
    if (storageKept !== null) this.resets.push({ index, kept: storageKept });
    for (const w of writes) this.writes.push({ ...w, index });
    const last = this.samples.at(-1);
    if (sameHolders(last?.holders ?? [], holders)) return;
    const sample = { index, time, holders: [...holders] };
    this.samples.push(sample);
    this.follow(sample);
  }

  /** Holdings and overlaps as known after event `cursor` (-1: before the first event). */
  holdingsAt(cursor: number): { holdings: Holding[]; overlaps: Overlap[] } {
    const ended = (endIndex: number | null) => endIndex !== null && endIndex <= cursor;
    const holdings = this.holdings.slice(0, this.countBegun(this.holdings, cursor)).map((h): Holding => ({
      client: h.client,
      value: h.value,
      token: h.token,
      start: h.start,
      end: ended(h.endIndex) ? h.end : null,
    }));
    const overlaps = this.overlaps.slice(0, this.countBegun(this.overlaps, cursor)).map((o): Overlap => ({
      start: o.start,
      end: ended(o.endIndex) ? o.end : null,
      clients: o.joined.filter((j) => j.index <= cursor).map((j) => j.client),
    }));
    return { holdings, overlaps };
  }

  /** The storage's writes as it holds them after event `cursor`, oldest first. */
  writesAt(cursor: number): LoggedWrite[] {
    const count = rowsThrough(this.writes, cursor);
    const resets = rowsThrough(this.resets, cursor);
    if (resets === 0) return this.writes.slice(0, count);
    // Rare: the storage lost writes on a restart. Follow its list through each restart.
    const list: LoggedWrite[] = [];
    let reset = 0;
    for (let i = 0; i <= count; i++) {
      const w = this.writes[i];
      const before = i < count && w ? w.index : Infinity;
      while (reset < resets && (this.resets[reset] as StorageReset).index <= before) {
        list.length = Math.min(list.length, (this.resets[reset] as StorageReset).kept);
        reset++;
      }
      if (i < count && w) list.push(w);
    }
    return list;
  }

  private countBegun(rows: readonly { startIndex: number }[], cursor: number): number {
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((rows[mid] as { startIndex: number }).startIndex <= cursor) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Closes the holdings whose holder left, opens the new ones, and follows the overlap. */
  private follow(sample: Sample): void {
    const { index, time, holders } = sample;
    const now = new Set(holders.map((h) => h.value));
    for (const [value, holding] of this.open) {
      if (now.has(value)) continue;
      holding.end = time;
      holding.endIndex = index;
      this.open.delete(value);
    }
    for (const h of holders) {
      if (this.open.has(h.value)) continue;
      const holding: HoldingRow = { ...h, start: time, startIndex: index, end: null, endIndex: null };
      this.open.set(h.value, holding);
      this.holdings.push(holding);
    }
    const clients = [...new Set(holders.map((h) => h.client))];
    if (clients.length > 1) {
      if (!this.overlap) {
        this.overlap = { start: time, startIndex: index, end: null, endIndex: null, joined: [] };
        this.overlaps.push(this.overlap);
      }
      const overlap = this.overlap;
      for (const client of clients) {
        if (!overlap.joined.some((j) => j.client === client)) overlap.joined.push({ client, index });
      }
    } else if (this.overlap) {
      this.overlap.end = time;
      this.overlap.endIndex = index;
      this.overlap = null;
    }
  }

  protected forget(index: number): void {
    this.writes.length = rowsThrough(this.writes, index - 1);
    this.resets.length = rowsThrough(this.resets, index - 1);
    this.samples.length = rowsThrough(this.samples, index - 1);
    // Holdings and overlaps are few (one per grant): rebuilding them is simpler than undoing.
    this.holdings = [];
    this.overlaps = [];
    this.open = new Map();
    this.overlap = null;
    for (const sample of this.samples) this.follow(sample);
  }
}
