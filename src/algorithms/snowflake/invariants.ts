/**
 * What a Snowflake deployment promises, checked after every event:
 * - unique-ids: no ID is handed out twice, by one worker or by two;
 * - per-worker-order: each worker's IDs grow in the order it hands them out;
 * - k-sorted: IDs handed out at least k ms apart are in time order, whichever workers made them.
 * The checker keeps every ID seen so far as ghost state. It sees every event once as the run first
 * computes it, so it also writes the run's ID log for the views.
 */
import { formatDuration, formatTime } from '../../sim/format';
import type { CheckedEvent, Finding, InvariantChecker, NodeStatus } from '../../sim/spec';
import type { Micros } from '../../sim/types';
import type { CheckedId, IdLog } from './idlog';
import type { IssuedId, WorkerContext } from './machine';

export const INVARIANTS = ['unique-ids', 'per-worker-order', 'k-sorted'] as const;

interface Stamp {
  node: string;
  id: string;
  at: number;
}

interface Saved {
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
   * @param idLog where the IDs of each newly computed event are written, if anywhere
   */
  constructor(
    private readonly windowMicros: number,
    private readonly idLog?: IdLog,
  ) {}

  /** k-sorted order is about real time: the event's global time, not a worker's clock. */
  check(nodes: readonly NodeStatus<WorkerContext>[], changed: number, event: CheckedEvent): Finding[] {
    const { index, time: at } = event;
    const findings: Finding[] = [];
    const log = this.idLog?.wants(index) ? this.idLog : null;
    let produced = false;
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
      produced = true;
      const checked = context.batchIds.map((issued) => this.record(node.id, issued, at, findings));
      // One worker handles each event, so at most one hands out IDs in it.
      if (log && loggedNode < 0) [logged, loggedNode] = [checked, i];
    }
    log?.write(index, produced ? at : 0, loggedNode, logged);
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
      batches: [...this.batches],
      seen: [...this.seen.entries()],
      last: [...this.last.entries()],
      recent: this.recent.slice(this.head),
      floor: this.floor,
    };
  }

  load(saved: unknown): void {
    const s = saved as Saved;
    this.batches = [...s.batches];
    this.seen = new Map(s.seen);
    this.last = new Map(s.last);
    this.recent = [...s.recent];
    this.head = 0;
    this.floor = s.floor;
    this.floorValue = s.floor ? BigInt(s.floor.id) : 0n;
  }
}

export function createChecker(windowMicros: number, idLog?: IdLog): SnowflakeChecker {
  return new SnowflakeChecker(windowMicros, idLog);
}
