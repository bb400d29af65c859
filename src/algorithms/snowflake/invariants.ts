/**
 * What a Snowflake deployment promises, checked after every event:
 * - unique-ids: no ID is handed out twice, by one worker or by two;
 * - per-worker-order: each worker's IDs grow in the order it hands them out;
 * - k-sorted: IDs handed out at least k ms apart are in time order, whichever workers made them.
 * The checker keeps every ID seen so far as ghost state. It sees every event once as the run first
 * computes it, so it also writes the run's ID log for the views.
 */
import { formatDuration, formatTime } from '../../sim/format';
import type { Finding, InvariantChecker, NodeStatus } from '../../sim/spec';
import type { Micros } from '../../sim/types';
import type { CheckedId, IdLog } from './idlog';
import type { IssuedId, WorkerContext } from './machine';

/**
 * What the checker needs from the run it checks. Workers know only their local clocks, but
 * k-sorted order is about real time, which the run knows for every event.
 */
export interface CheckedRun {
  /** Global time of the event at trace index `index`. */
  timeOf(index: number): Micros;
  /** Where the IDs of each newly computed event are written, if anywhere. */
  log?: IdLog;
}

export const INVARIANTS = ['unique-ids', 'per-worker-order', 'k-sorted'] as const;

interface Stamp {
  node: string;
  id: string;
  at: number;
}

interface Saved {
  events: number;
  batches: number[];
  seen: [string, Stamp][];
  last: [string, string][];
  recent: Stamp[];
  floor: Stamp | null;
}

function short(id: string): string {
  return id.length > 12 ? `${id.slice(0, 4)}…${id.slice(-6)}` : id;
}

export class SnowflakeChecker implements InvariantChecker<WorkerContext> {
  readonly names = INVARIANTS;
  /** Events checked so far, so the index of the one being checked. */
  private events = 0;
  private batches: number[] = [];
  private seen = new Map<string, Stamp>();
  /** Last ID of each worker, as a decimal string. */
  private last = new Map<string, string>();
  /** IDs handed out less than k ms ago, oldest first, from `head` on. */
  private recent: Stamp[] = [];
  private head = 0;
  /** The largest ID handed out at least k ms ago, and its value. */
  private floor: Stamp | null = null;
  private floorValue = 0n;

  /**
   * @param windowMicros k: IDs at least this far apart in time must be in order
   * @param run when each event happened, and the log to write
   */
  constructor(
    private readonly windowMicros: number,
    private readonly run: CheckedRun,
  ) {}

  check(nodes: readonly NodeStatus<WorkerContext>[], changed: number): Finding[] {
    const index = this.events++;
    const findings: Finding[] = [];
    const log = this.run.log?.wants(index) ? this.run.log : null;
    let at: Micros | null = null;
    let logged: CheckedId[] = [];
    let loggedNode = -1;
    const indices = changed >= 0 ? [changed] : nodes.map((_, i) => i);
    for (const i of indices) {
      const node = nodes[i];
      if (!node?.context) continue;
      const context = node.context;
      // Each event that produced anything bumps `batch`; the counter survives restarts.
      if (context.batch <= (this.batches[i] ?? 0)) continue;
      this.batches[i] = context.batch;
      if (context.batchIds.length === 0) continue;
      at ??= this.run.timeOf(index);
      const checked = context.batchIds.map((issued) => this.record(node.id, issued, at as Micros, findings));
      // One worker handles each event, so at most one hands out IDs in it.
      if (log && loggedNode < 0) [logged, loggedNode] = [checked, i];
    }
    log?.write(index, at ?? 0, loggedNode, logged);
    return findings;
  }

  private record(node: string, issued: IssuedId, at: Micros, findings: Finding[]): CheckedId {
    const stamp: Stamp = { node, id: issued.id, at };
    const value = BigInt(issued.id);
    const before = this.seen.get(issued.id);
    let outOfOrder = false;
    if (before) {
      const who = before.node === node ? 'it' : before.node;
      findings.push({
        invariant: 'unique-ids',
        detail: `${node} hands out ${issued.id}, which ${who} already handed out at ${formatTime(before.at)}: the same ID names two records.`,
      });
    } else {
      this.seen.set(issued.id, stamp);
    }
    const previous = this.last.get(node);
    if (previous !== undefined && BigInt(previous) >= value) {
      findings.push({
        invariant: 'per-worker-order',
        detail: `${node} hands out ${short(issued.id)} after ${short(previous)}: its IDs ${BigInt(previous) === value ? 'repeat' : 'go backwards'}.`,
      });
    }
    this.last.set(node, issued.id);

    while (this.head < this.recent.length && (this.recent[this.head] as Stamp).at <= at - this.windowMicros) {
      const old = this.recent[this.head++] as Stamp;
      const oldValue = BigInt(old.id);
      if (!this.floor || oldValue > this.floorValue) [this.floor, this.floorValue] = [old, oldValue];
    }
    // Drop the stamps that left the window now and then, rather than shifting the array each time.
    if (this.head > 1024 && this.head * 2 > this.recent.length) {
      this.recent = this.recent.slice(this.head);
      this.head = 0;
    }
    if (this.floor && value < this.floorValue) {
      outOfOrder = true;
      findings.push({
        invariant: 'k-sorted',
        detail: `${node}'s ${short(issued.id)} at ${formatTime(at)} sorts before ${this.floor.node}'s ${short(this.floor.id)} from ${formatTime(this.floor.at)}, at least ${formatDuration(this.windowMicros)} earlier: the stream is not sorted to within ${formatDuration(this.windowMicros)}.`,
      });
    }
    this.recent.push(stamp);
    return {
      value,
      time: issued.time,
      sequence: issued.sequence,
      repeated: before !== undefined,
      outOfOrder,
    };
  }

  /** Every ID handed out so far, with who handed it out and when. */
  ids(): readonly Stamp[] {
    return [...this.seen.values()];
  }

  save(): Saved {
    return {
      events: this.events,
      batches: [...this.batches],
      seen: [...this.seen.entries()],
      last: [...this.last.entries()],
      recent: this.recent.slice(this.head),
      floor: this.floor,
    };
  }

  load(saved: unknown): void {
    const s = saved as Saved;
    this.events = s.events;
    this.batches = [...s.batches];
    this.seen = new Map(s.seen);
    this.last = new Map(s.last);
    this.recent = [...s.recent];
    this.head = 0;
    this.floor = s.floor;
    this.floorValue = s.floor ? BigInt(s.floor.id) : 0n;
  }
}

export function createChecker(windowMicros: number, run: CheckedRun): SnowflakeChecker {
  return new SnowflakeChecker(windowMicros, run);
}
