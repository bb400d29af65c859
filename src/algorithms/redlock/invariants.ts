/**
 * The global observer. It sees every node at once in global time, which no participant can:
 *
 * - Mutual exclusion: at no moment do two clients both believe they hold the lock.
 * - No stale write: the storage never accepts a write made under an older lock grant after one
 *   made under a newer grant. Grants are ranked by their fencing token when there is one, else by
 *   the global order in which clients started holding.
 */
import { listNames } from '../../sim/format';
import type { Finding, InvariantChecker, NodeStatus } from '../../sim/spec';
import type { NodeId } from '../../sim/types';
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

  check(nodes: readonly NodeStatus<RedlockContext>[]): Finding[] {
    const findings: Finding[] = [];
    const holders: NodeId[] = [];
    for (const n of nodes) {
      const ctx = n.context;
      if (ctx.role !== 'client') continue;
      const holds = n.up && n.role === 'holding';
      if (holds && !this.holding.get(n.id) && ctx.value !== null && !this.rankOf.has(ctx.value)) {
        this.grants++;
        this.rankOf.set(ctx.value, ctx.token ?? this.grants);
      }
      this.holding.set(n.id, holds);
      if (holds) holders.push(n.id);
    }
    if (holders.length > 1) {
      findings.push({
        invariant: MUTUAL_EXCLUSION,
        detail: `${listNames(holders)} ${holders.length === 2 ? 'both' : 'all'} believe they hold the lock at the same moment`,
      });
    }
    for (const n of nodes) {
      const ctx = n.context;
      if (ctx.role !== 'storage') continue;
      for (let i = this.seenWrites; i < ctx.writes.length; i++) {
        const w = ctx.writes[i];
        if (!w || !w.accepted) continue;
        const rank = this.rankOf.get(w.lockValue) ?? 0;
        const top = this.highestAccepted;
        if (top && rank < top.rank) {
          findings.push({
            invariant: NO_STALE_WRITE,
            detail: `${n.id} accepted a write from ${w.from} under lock ${w.lockValue} after a write under the newer lock ${top.value}`,
          });
        }
        if (!top || rank > top.rank) this.highestAccepted = { rank, value: w.lockValue };
      }
      this.seenWrites = ctx.writes.length;
    }
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
