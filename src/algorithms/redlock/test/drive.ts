/** Runs a Redlock scenario to the end and records what the tests look at. */
import type { NodeId, Scenario, Violation } from '../../../sim/types';
import type { ClientContext, RedisNodeContext, RedlockContext, StorageContext } from '../types';
import redlock from '..';

export interface Holding {
  client: NodeId;
  value: string;
  from: number;
  /** Global time at which the client stopped holding (end of run if it never did). */
  to: number;
}

export interface Outcome {
  violations: Violation[];
  /** Every interval during which a client believed it held the lock, in global microseconds. */
  holdings: Holding[];
  clients: Record<NodeId, ClientContext>;
  redis: Record<NodeId, RedisNodeContext>;
  storage: StorageContext;
  narrations: string[];
  events: number;
  end: number;
}

/** Runs until nothing is left, `maxEvents` events, or past `until` (global microseconds). */
export function drive(scenario: Scenario, maxEvents = 20_000, until = Infinity): Outcome {
  const run = redlock.createRun(scenario);
  const open = new Map<NodeId, Holding>();
  const holdings: Holding[] = [];
  let events = 0;
  while (events < maxEvents && run.time() <= until && run.step()) {
    events++;
    const view = run.view();
    for (const n of view.nodes) {
      const ctx = n.state as RedlockContext;
      if (ctx.role !== 'client') continue;
      const holds = n.up && n.role === 'holding';
      const current = open.get(n.id);
      if (holds && !current)
        open.set(n.id, { client: n.id, value: ctx.value ?? '', from: view.time, to: Infinity });
      if (!holds && current) {
        current.to = view.time;
        holdings.push(current);
        open.delete(n.id);
      }
    }
  }
  const view = run.view();
  for (const h of open.values()) holdings.push({ ...h, to: view.time });
  const clients: Record<NodeId, ClientContext> = {};
  const redis: Record<NodeId, RedisNodeContext> = {};
  let storage: StorageContext | null = null;
  for (const n of view.nodes) {
    const ctx = n.state as RedlockContext;
    if (ctx.role === 'client') clients[n.id] = ctx;
    if (ctx.role === 'redis') redis[n.id] = ctx;
    if (ctx.role === 'storage') storage = ctx;
  }
  if (!storage) throw new Error('no storage node');
  return {
    violations: view.violations,
    holdings: holdings.sort((a, b) => a.from - b.from),
    clients,
    redis,
    storage,
    narrations: run.entries(0, run.length()).map((e) => e.narration),
    events,
    end: view.time,
  };
}

/** Pairs of holdings of different clients that overlap in global time. */
export function overlaps(holdings: readonly Holding[]): [Holding, Holding][] {
  const pairs: [Holding, Holding][] = [];
  for (let i = 0; i < holdings.length; i++) {
    for (let j = i + 1; j < holdings.length; j++) {
      const a = holdings[i] as Holding;
      const b = holdings[j] as Holding;
      if (a.client !== b.client && a.from < b.to && b.from < a.to) pairs.push([a, b]);
    }
  }
  return pairs;
}

export function invariantsBroken(o: Outcome): string[] {
  return o.violations.map((v) => v.invariant);
}
