/**
 * Where every key was after each event, for the views: the members in join order, the hot key
 * burst, and for each of the two schemes drawn side by side the node of every request. The
 * checker writes it as events are first computed (it places the keys anyway to check the
 * invariants), so moving the cursor places nothing again.
 */
import { EventLog, rowsThrough } from '../../sim/event-log';
import type { Micros, NodeId } from '../../sim/types';
import type { Member, Scheme } from './place';

export interface Placement {
  scheme: Scheme;
  /** The node (index into the run's node list) of each request; -1 when the ring is empty. */
  owner: Int8Array;
  /** Requests per member, in member order. */
  loads: number[];
  /** Requests whose node changed with this event. */
  moved: number;
  /** Bounded loads' capacity per node, ceil((1 + ε) m / n). */
  capacity: number | null;
}

/** What changed with an event, in one word and the node it concerns. */
export interface Change {
  kind: 'start' | 'join' | 'leave' | 'weight-up' | 'weight-down' | 'hot' | 'lookup' | 'several' | 'none';
  node: NodeId | null;
  /** The share of the keys that should move: the changed node's weight over the total. */
  ideal: number;
}

export interface PlacementRow {
  index: number;
  time: Micros;
  members: Member[];
  /** Join times, in member order. */
  joinedAt: Micros[];
  hot: number;
  lookup: string | null;
  change: Change;
  a: Placement;
  b: Placement | null;
}

export class PlacementLog extends EventLog {
  private rows: PlacementRow[] = [];

  /** `params` are the run's (the log's first row is placed with them). */
  constructor(
    readonly nodes: readonly NodeId[],
    readonly params: unknown,
  ) {
    super();
  }

  /** The row before any event. */
  start(row: PlacementRow): void {
    if (this.rows[0]?.index === -1) return;
    this.rows.unshift(row);
  }

  write(row: PlacementRow): void {
    if (!this.begin(row.index)) return;
    this.rows.push(row);
  }

  /** The placement at event `cursor` (-1: the start). */
  at(cursor: number): PlacementRow | null {
    const n = rowsThrough(this.rows, cursor);
    return this.rows[n - 1] ?? null;
  }

  /** The row before the one at `cursor`, to see what moved. */
  before(cursor: number): PlacementRow | null {
    const n = rowsThrough(this.rows, cursor);
    return this.rows[n - 2] ?? null;
  }

  /** Every row through `cursor`. */
  through(cursor: number): readonly PlacementRow[] {
    return this.rows.slice(0, rowsThrough(this.rows, cursor));
  }

  protected forget(index: number): void {
    this.rows = this.rows.filter((r) => r.index < index);
  }
}
