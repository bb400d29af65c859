/**
 * Plain readings of the Redlock world for the views: each Redis node's key and clock, the
 * storage's writes, and the history of who believed they held the lock. The world at the cursor
 * knows only the present; the history comes from the run's lock log (`LockLog`), written once per
 * event as the run computes it, so moving the cursor runs nothing again.
 */
import type { Holding, LockLog, LoggedWrite, Overlap } from '../../algorithms/redlock/locklog';
import type { RedlockContext } from '../../algorithms/redlock/types';
import type { Micros, NodeId, NodeView, Scenario, WorldView } from '../../sim/types';

export type { Holding, Overlap };

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

/** A storage write as the log shows it: its place in S's list and whether it was stale. */
export type WriteReading = LoggedWrite;

/** What the Redlock panels draw about the past, as known after the cursor's event. */
export interface LockHistory {
  holdings: Holding[];
  overlaps: Overlap[];
  /** The storage's writes, oldest first. */
  writes: WriteReading[];
}

/** The history after event `cursor` (-1: before the first event), read from the run's lock log. */
export function historyAt(log: LockLog, cursor: number): LockHistory {
  return { ...log.holdingsAt(cursor), writes: log.writesAt(cursor) };
}

const latestRead = new WeakMap<LockLog, { cursor: number; revision: number; history: LockHistory }>();

/** The panels' history for a run at its cursor; every panel of a player shares one reading. */
export function lockHistoryOf(log: LockLog, cursor: number): LockHistory {
  const cached = latestRead.get(log);
  if (cached && cached.cursor === cursor && cached.revision === log.revision) return cached.history;
  const history = historyAt(log, cursor);
  latestRead.set(log, { cursor, revision: log.revision, history });
  return history;
}
