/**
 * Plain readings of the Redlock world for the views: each Redis node's key and clock, the
 * storage's writes, and the history of who believed they held the lock, recorded on a replay of
 * the scenario beside the player's run (the world at the cursor only knows the present).
 */
import { createRedlockRun, type RedlockRun } from '../../algorithms/redlock/cluster';
import type { ClientContext, RedlockContext, StorageWrite } from '../../algorithms/redlock/types';
import type { Micros, NodeId, NodeView, Scenario, WorldView } from '../../sim/types';

const MS = 1000;

/** The clock rate a scenario has set for a node at time `t` (1 when none was set). */
export function clockRateAt(scenario: Scenario, node: NodeId, t: Micros): number {
  let rate = 1;
  for (const { at, action } of scenario.actions) {
    if (at > t) continue;
    if (action.type === 'clock-rate' && action.node === node) rate = action.rate;
  }
  return rate;
}

/** A node's local clock at the drawn moment `time`, which may lie after the world's last event. */
export function clockAt(node: NodeView, worldTime: Micros, time: Micros, rate: number): Micros {
  return node.clock + Math.round(Math.max(0, time - worldTime) * rate);
}

export interface KeyReading {
  node: NodeId;
  up: boolean;
  /** "serving", or "recovering" during a delayed restart. */
  role: string;
  /** The lock value stored, e.g. "C1:1"; null when the key is absent. */
  value: string | null;
  /** The client that set it, read from the value. */
  holder: NodeId | null;
  /** The PX given, in µs. */
  ttl: Micros | null;
  /** Time left by this node's own clock, in µs; null without an expiry. */
  remaining: Micros | null;
  /** The node's clock reading and its difference from global time. */
  clock: Micros;
  skew: Micros;
  rate: number;
}

export function holderOf(value: string): NodeId {
  return value.split(':')[0] ?? value;
}

/** Each Redis node's lock key, TTL left by its own clock, and its clock against global time. */
export function readKeys(world: WorldView, time: Micros, scenario: Scenario, key = 'lock'): KeyReading[] {
  const readings: KeyReading[] = [];
  for (const node of world.nodes) {
    const ctx = node.state as RedlockContext;
    if (ctx.role !== 'redis') continue;
    const rate = clockRateAt(scenario, node.id, time);
    const clock = clockAt(node, world.time, time, rate);
    const stored = node.up && Object.hasOwn(ctx.keys, key) ? ctx.keys[key] : undefined;
    const expiry = node.timers.find((t) => t.name === `expire:${key}`);
    // The timer fires at a global time; the node counts down on its own clock, at its own rate.
    const remaining =
      stored && stored.ttl !== null && expiry ? Math.max(0, Math.round((expiry.at - time) * rate)) : null;
    readings.push({
      node: node.id,
      up: node.up,
      role: node.role,
      value: stored?.value ?? null,
      holder: stored ? holderOf(stored.value) : null,
      ttl: stored?.ttl != null ? stored.ttl * MS : null,
      remaining,
      clock,
      skew: clock - time,
      rate,
    });
  }
  return readings;
}

export interface WriteReading extends StorageWrite {
  position: number;
  /** Accepted although a write under a newer grant had been accepted before it. */
  stale: boolean;
}

/** The storage's write log, each accepted write checked against the newest grant written so far. */
export function readWrites(world: WorldView, grantOrder: ReadonlyMap<string, number>): WriteReading[] {
  const storage = world.nodes.find((n) => (n.state as RedlockContext).role === 'storage');
  if (!storage) return [];
  const ctx = storage.state as RedlockContext;
  if (ctx.role !== 'storage') return [];
  let newest = -Infinity;
  return ctx.writes.map((w, i) => {
    // Ranked as the observer ranks grants: by fencing token when there is one, else by grant order.
    const rank = w.token ?? grantOrder.get(w.lockValue) ?? 0;
    const stale = w.accepted && rank < newest;
    if (w.accepted && rank > newest) newest = rank;
    return { ...w, position: i + 1, stale };
  });
}

/** One stretch of global time during which a client believed it held the lock. */
export interface Holding {
  client: NodeId;
  value: string;
  token: number | null;
  start: Micros;
  /** null: still holding at the recorded end. */
  end: Micros | null;
}

/** A stretch of global time during which two or more clients held the lock at once. */
export interface Overlap {
  start: Micros;
  end: Micros | null;
  clients: NodeId[];
}

interface Sample {
  index: number;
  time: Micros;
  holders: { client: NodeId; value: string; token: number | null }[];
}

/** Samples only when the set of holders changes, so memory follows the number of grants. */
export class HoldingRecorder {
  readonly key: string;
  private readonly run: RedlockRun;
  private readonly samples: Sample[] = [];
  /** Values in the order their clients started holding, numbered from 1. */
  readonly grantOrder = new Map<string, number>();

  constructor(scenario: Scenario) {
    this.key = JSON.stringify(scenario);
    this.run = createRedlockRun(scenario);
  }

  get recordedTo(): number {
    return this.run.cursor();
  }

  /** Records events up to and including `index`, computing at most `budget` of them. */
  advanceTo(index: number, budget = 50_000): void {
    for (let n = 0; n < budget && this.run.cursor() < index; n++) {
      if (!this.run.step()) break;
      const holders = this.run
        .nodes()
        .filter((p) => p.up && p.role === 'holding' && p.context.role === 'client')
        .map((p) => {
          const c = p.context as ClientContext;
          return { client: p.id, value: c.value ?? '', token: c.token };
        });
      const last = this.samples.at(-1);
      const same =
        last !== undefined &&
        last.holders.length === holders.length &&
        last.holders.every((h, i) => h.value === holders[i]?.value);
      if (same) continue;
      for (const h of holders)
        if (!this.grantOrder.has(h.value)) this.grantOrder.set(h.value, this.grantOrder.size + 1);
      this.samples.push({ index: this.run.cursor(), time: this.run.time(), holders });
    }
  }

  /** Holdings and overlaps as known after event `index`. */
  upTo(index: number): { holdings: Holding[]; overlaps: Overlap[] } {
    const samples = this.samples.filter((s) => s.index <= index);
    return timelineOf(samples);
  }
}

/** Turns the samples (the holders after each change) into holdings and overlaps. */
export function timelineOf(samples: readonly Omit<Sample, 'index'>[]): {
  holdings: Holding[];
  overlaps: Overlap[];
} {
  const holdings: Holding[] = [];
  const overlaps: Overlap[] = [];
  const open = new Map<string, Holding>();
  let overlap: Overlap | null = null;
  for (const sample of samples) {
    const now = new Set(sample.holders.map((h) => h.value));
    for (const [value, holding] of open) {
      if (now.has(value)) continue;
      holding.end = sample.time;
      open.delete(value);
    }
    for (const h of sample.holders) {
      if (open.has(h.value)) continue;
      const holding: Holding = { ...h, start: sample.time, end: null };
      open.set(h.value, holding);
      holdings.push(holding);
    }
    const clients = [...new Set(sample.holders.map((h) => h.client))];
    if (clients.length > 1) {
      if (!overlap) {
        overlap = { start: sample.time, end: null, clients };
        overlaps.push(overlap);
      } else {
        for (const c of clients) if (!overlap.clients.includes(c)) overlap.clients.push(c);
      }
    } else if (overlap) {
      overlap.end = sample.time;
      overlap = null;
    }
  }
  return { holdings, overlaps };
}

/** The recorder for a scenario, kept while the scenario stays the same. */
export function recorderFor(previous: HoldingRecorder | null, scenario: Scenario): HoldingRecorder {
  const key = JSON.stringify(scenario);
  return previous && previous.key === key ? previous : new HoldingRecorder(scenario);
}
