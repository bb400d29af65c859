/**
 * What a Snowflake deployment promises, checked after every event:
 * - unique-ids: no ID is handed out twice, by one worker or by two;
 * - per-worker-order: each worker's IDs grow in the order it hands them out;
 * - k-sorted: IDs handed out at least k ms apart are in time order, whichever workers made them.
 * The checker keeps every ID seen so far as ghost state.
 */
import { formatDuration, formatTime } from '../../sim/format';
import type { Finding, InvariantChecker, NodeStatus } from '../../sim/spec';
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
  /** IDs handed out less than k ms ago, oldest first. */
  private recent: Stamp[] = [];
  /** The largest ID handed out at least k ms ago. */
  private floor: Stamp | null = null;

  /** @param windowMicros k: IDs at least this far apart in time must be in order */
  constructor(private readonly windowMicros: number) {}

  check(nodes: readonly NodeStatus<WorkerContext>[], changed: number): Finding[] {
    const findings: Finding[] = [];
    const indices = changed >= 0 ? [changed] : nodes.map((_, i) => i);
    for (const i of indices) {
      const node = nodes[i];
      if (!node?.context) continue;
      const context = node.context;
      // Each event that produced anything bumps `batch`; the counter survives restarts.
      if (context.batch <= (this.batches[i] ?? 0)) continue;
      this.batches[i] = context.batch;
      for (const issued of context.batchIds) this.record(node.id, issued, findings);
    }
    return findings;
  }

  private record(node: string, issued: IssuedId, findings: Finding[]): void {
    const stamp: Stamp = { node, id: issued.id, at: issued.at };
    const value = BigInt(issued.id);
    const before = this.seen.get(issued.id);
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

    while (this.recent.length > 0 && (this.recent[0] as Stamp).at <= issued.at - this.windowMicros) {
      const old = this.recent.shift() as Stamp;
      if (!this.floor || BigInt(old.id) > BigInt(this.floor.id)) this.floor = old;
    }
    if (this.floor && value < BigInt(this.floor.id)) {
      findings.push({
        invariant: 'k-sorted',
        detail: `${node}'s ${short(issued.id)} at ${formatTime(issued.at)} sorts before ${this.floor.node}'s ${short(this.floor.id)} from ${formatTime(this.floor.at)}, at least ${formatDuration(this.windowMicros)} earlier: the stream is not sorted to within ${formatDuration(this.windowMicros)}.`,
      });
    }
    this.recent.push(stamp);
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
      recent: [...this.recent],
      floor: this.floor,
    };
  }

  load(saved: unknown): void {
    const s = saved as Saved;
    this.batches = [...s.batches];
    this.seen = new Map(s.seen);
    this.last = new Map(s.last);
    this.recent = [...s.recent];
    this.floor = s.floor;
  }
}

export function createChecker(windowMicros: number): SnowflakeChecker {
  return new SnowflakeChecker(windowMicros);
}
