/**
 * The global observer. It sees every node at once in global time, which no participant can:
 *
 * - Mutual exclusion: at no moment do two clients both believe they hold the lock.
 * - No stale write: the storage never accepts a write made under an older lock grant after one
 *   made under a newer grant. Grants are ranked by their fencing token when there is one, else by
 *   the global order in which clients started holding.
 *
 * It sees every event once as the run first computes it, so it also writes the run's lock log for
 * the views: the holders after each event and the storage's writes with its verdict on each.
 */
import { listNames } from '../../sim/format';
import type { CheckedEvent, Finding, InvariantChecker, NodeStatus } from '../../sim/spec';
import type { NodeId } from '../../sim/types';
import type { CheckedWrite, Holder, LockLog } from './locklog';
import type { RedlockContext } from './types';

export const MUTUAL_EXCLUSION = 'Mutual exclusion';
export const NO_STALE_WRITE = 'No stale write';
export const INVARIANTS = [MUTUAL_EXCLUSION, NO_STALE_WRITE] as const;

interface Saved {
  grants: number;
  rankOf: [string, number][];
  holding: [NodeId, boolean][];
  seenWrites: number;
  highestAccepted: { rank: number; value: string } | null;
}

export class RedlockChecker implements InvariantChecker<RedlockContext> {
  readonly names = INVARIANTS;
  private grants = 0;
  private rankOf = new Map<string, number>();
  private holding = new Map<NodeId, boolean>();
  private seenWrites = 0;
  private highestAccepted: { rank: number; value: string } | null = null;

  /** @param log where the holders and writes of each newly computed event go, if anywhere */
  constructor(private readonly log?: LockLog) {}

  check(nodes: readonly NodeStatus<RedlockContext>[], _changed: number, event: CheckedEvent): Finding[] {
    const findings: Finding[] = [];
    const holders: Holder[] = [];
    for (const n of nodes) {
      const ctx = n.context;
      if (ctx.role !== 'client') continue;
      const holds = n.up && n.role === 'holding';
      if (holds && !this.holding.get(n.id) && ctx.value !== null && !this.rankOf.has(ctx.value)) {
        this.grants++;
        this.rankOf.set(ctx.value, ctx.token ?? this.grants);
      }
      this.holding.set(n.id, holds);
      if (holds) holders.push({ client: n.id, value: ctx.value ?? '', token: ctx.token });
    }
    if (holders.length > 1) {
      const names = holders.map((h) => h.client);
      findings.push({
        invariant: MUTUAL_EXCLUSION,
        detail: `${listNames(names)} ${names.length === 2 ? 'both' : 'all'} believe they hold the lock at the same moment`,
      });
    }
    const writes: CheckedWrite[] = [];
    let storageKept: number | null = null;
    for (const n of nodes) {
      const ctx = n.context;
      if (ctx.role !== 'storage') continue;
      // A restart brings the storage back with what it persisted only: its list starts again there.
      if (ctx.writes.length < this.seenWrites) storageKept = ctx.writes.length;
      for (let i = Math.min(this.seenWrites, ctx.writes.length); i < ctx.writes.length; i++) {
        const w = ctx.writes[i];
        if (!w) continue;
        const rank = this.rankOf.get(w.lockValue) ?? 0;
        const top = this.highestAccepted;
        const stale = w.accepted && top !== null && rank < top.rank;
        if (stale) {
          findings.push({
            invariant: NO_STALE_WRITE,
            detail: `${n.id} accepted a write from ${w.from} under lock ${w.lockValue} after a write under the newer lock ${top.value}`,
          });
        }
        if (w.accepted && (!top || rank > top.rank)) this.highestAccepted = { rank, value: w.lockValue };
        writes.push({ ...w, position: i + 1, stale });
      }
      this.seenWrites = ctx.writes.length;
    }
    if (this.log?.wants(event.index)) this.log.write(event.index, event.time, holders, writes, storageKept);
    return findings;
  }

  save(): Saved {
    return {
      grants: this.grants,
      rankOf: [...this.rankOf],
      holding: [...this.holding],
      seenWrites: this.seenWrites,
      highestAccepted: this.highestAccepted,
    };
  }

  load(saved: unknown): void {
    const s = saved as Saved;
    this.grants = s.grants;
    this.rankOf = new Map(s.rankOf);
    this.holding = new Map(s.holding);
    this.seenWrites = s.seenWrites;
    this.highestAccepted = s.highestAccepted;
  }
}
