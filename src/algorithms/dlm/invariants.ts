/**
 * The global observer, which sees every process at once in global time:
 *
 * - Compatible grants: the manager never has two granted locks whose modes the matrix (the seed's,
 *   whatever matrix the manager was built with) says cannot be held together.
 * - Queue order: no request is granted while a conversion, or a request queued before it, still
 *   waits (conversions first, then FIFO), so none is starved by later arrivals.
 * - Unlock releases: once the manager has confirmed an unlock, it holds nothing of that request.
 * - Writes within the lease: the backend accepts no write to the protected data from a client
 *   whose lock key is gone (its lease ended) or was granted again since its token.
 * - No lasting deadlock: no cycle of waiting requests lasts longer than the deadlock search allows.
 */
import { listNames } from '../../sim/format';
import type { CheckedEvent, Finding, InvariantChecker, NodeStatus } from '../../sim/spec';
import type { Micros, NodeId } from '../../sim/types';
import type { HoldLog, ClientHolding } from './holdlog';
import { findCycle } from './manager';
import { COMPATIBILITY, type Mode } from './modes';
import type { DlmContext, ManagerContext } from './types';

export const COMPATIBLE_GRANTS = 'Compatible grants';
export const QUEUE_ORDER = 'Queue order';
export const UNLOCK_RELEASES = 'Unlock releases';
export const WRITES_IN_LEASE = 'Writes within the lease';
export const NO_LASTING_DEADLOCK = 'No lasting deadlock';
export const INVARIANTS = [
  COMPATIBLE_GRANTS,
  QUEUE_ORDER,
  UNLOCK_RELEASES,
  WRITES_IN_LEASE,
  NO_LASTING_DEADLOCK,
] as const;

interface Saved {
  grants: number;
  writes: number;
  cycleSince: Micros | null;
}

export class DlmChecker implements InvariantChecker<DlmContext> {
  readonly names = INVARIANTS;
  private grants = 0;
  private writes = 0;
  private cycleSince: Micros | null = null;

  /** @param deadlockBound how long a wait-for cycle may last before it counts as a lasting deadlock */
  constructor(
    private readonly deadlockBound: Micros,
    private readonly log?: HoldLog,
  ) {}

  check(nodes: readonly NodeStatus<DlmContext>[], _changed: number, event: CheckedEvent): Finding[] {
    const findings: Finding[] = [];
    let manager: ManagerContext | null = null;
    for (const n of nodes) if (n.context.role === 'manager') manager = n.context;
    if (manager) this.checkManager(manager, nodes, event, findings);
    for (const n of nodes) {
      const b = n.context;
      if (b.role !== 'backend') continue;
      if (b.writes.length < this.writes) this.writes = b.writes.length;
      for (let i = this.writes; i < b.writes.length; i++) {
        const w = b.writes[i];
        if (w?.accepted && !w.keyAlive)
          findings.push({
            invariant: WRITES_IN_LEASE,
            detail: `${n.id} accepted a write from ${w.client} under token ${w.token}, but ${w.client}'s lock key was gone or granted again: its lease had ended`,
          });
      }
      this.writes = b.writes.length;
    }
    if (this.log?.wants(event.index)) {
      const clients: ClientHolding[] = [];
      for (const n of nodes) {
        const ctx = n.context;
        if (ctx.role !== 'client') continue;
        clients.push({
          client: n.id,
          granted: manager?.locks[n.id]?.granted ?? null,
          believes: n.up ? ctx.mode : null,
        });
      }
      this.log.write(event.index, event.time, clients);
    }
    return findings;
  }

  private checkManager(
    m: ManagerContext,
    nodes: readonly NodeStatus<DlmContext>[],
    event: CheckedEvent,
    findings: Finding[],
  ): void {
    const held = m.granted.map((c) => ({ client: c, mode: m.locks[c]?.granted as Mode }));
    for (let i = 0; i < held.length; i++) {
      for (let j = i + 1; j < held.length; j++) {
        const a = held[i] as { client: NodeId; mode: Mode };
        const b = held[j] as { client: NodeId; mode: Mode };
        if (!COMPATIBILITY[a.mode][b.mode])
          findings.push({
            invariant: COMPATIBLE_GRANTS,
            detail: `${a.client} holds ${a.mode} and ${b.client} holds ${b.mode} at the same moment: the matrix says they are incompatible`,
          });
      }
    }
    if (m.grantCount < this.grants) this.grants = m.grantCount;
    const fresh = m.grantCount - this.grants;
    if (fresh > 0) {
      for (const g of m.lastGrants.slice(-fresh)) {
        if (g.bypassed.length > 0)
          findings.push({
            invariant: QUEUE_ORDER,
            detail: `${g.client} was granted ${g.mode} ahead of ${listNames(g.bypassed)}, who ${g.bypassed.length === 1 ? 'was' : 'were'} queued before it`,
          });
      }
    }
    this.grants = m.grantCount;
    for (const n of nodes) {
      const c = n.context;
      if (c.role !== 'client' || !n.up) continue;
      const e = m.locks[n.id];
      if (e && e.n <= c.released)
        findings.push({
          invariant: UNLOCK_RELEASES,
          detail: `the manager confirmed ${n.id}'s unlock of request ${c.released} but still holds it`,
        });
    }
    const cycle = findCycle(m);
    if (!cycle) this.cycleSince = null;
    else {
      this.cycleSince ??= event.time;
      if (event.time - this.cycleSince > this.deadlockBound)
        findings.push({
          invariant: NO_LASTING_DEADLOCK,
          detail: `${listNames(cycle)} have waited for each other for ${Math.round((event.time - this.cycleSince) / 1000)} ms and nobody breaks the cycle`,
        });
    }
  }

  save(): Saved {
    return { grants: this.grants, writes: this.writes, cycleSince: this.cycleSince };
  }

  load(saved: unknown): void {
    const s = saved as Saved;
    this.grants = s.grants;
    this.writes = s.writes;
    this.cycleSince = s.cycleSince;
  }
}
