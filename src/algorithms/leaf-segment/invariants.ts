/**
 * What Leaf's segment mode promises, checked after every event by an observer that sees every
 * node at once:
 * - unique-ids: no ID is handed out twice, by one server or by two;
 * - per-server-order: the IDs one server hands out strictly increase, across its restarts too;
 * - leased-range: every ID a server hands out lies in a range the database leased to that server.
 * Ghost state: the IDs handed out so far as disjoint intervals, each server's last ID, and the
 * leases the database made, read from its row as they happen.
 */
import type { CheckedEvent, Finding, InvariantChecker, NodeStatus } from '../../sim/spec';
import type { NodeId } from '../../sim/types';
import type { IdRun, LeafContext } from './types';

export const UNIQUE_IDS = 'unique-ids';
export const PER_SERVER_ORDER = 'per-server-order';
export const LEASED_RANGE = 'leased-range';
export const INVARIANTS = [UNIQUE_IDS, PER_SERVER_ORDER, LEASED_RANGE] as const;

interface Saved {
  starts: number[];
  ends: number[];
  owners: NodeId[];
  last: [NodeId, number][];
  batches: [NodeId, number][];
  leases: [NodeId, [number, number][]][];
  grants: number;
}

/** IDs handed out so far: sorted, disjoint intervals with the server that handed each out. */
class Handed {
  starts: number[] = [];
  ends: number[] = [];
  owners: NodeId[] = [];

  /** Adds [a, b] for `owner`; returns an ID already handed out and by whom, if one is. */
  add(a: number, b: number, owner: NodeId): { id: number; by: NodeId } | null {
    // i: the first interval starting after b.
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.starts[mid] as number) > b) hi = mid;
      else lo = mid + 1;
    }
    const i = lo;
    const before = i - 1;
    if (before >= 0 && (this.ends[before] as number) >= a) {
      return { id: Math.max(a, this.starts[before] as number), by: this.owners[before] as NodeId };
    }
    const joinsBefore = before >= 0 && this.ends[before] === a - 1 && this.owners[before] === owner;
    const joinsAfter = i < this.starts.length && this.starts[i] === b + 1 && this.owners[i] === owner;
    if (joinsBefore && joinsAfter) {
      this.ends[before] = this.ends[i] as number;
      this.starts.splice(i, 1);
      this.ends.splice(i, 1);
      this.owners.splice(i, 1);
    } else if (joinsBefore) this.ends[before] = b;
    else if (joinsAfter) this.starts[i] = a;
    else {
      this.starts.splice(i, 0, a);
      this.ends.splice(i, 0, b);
      this.owners.splice(i, 0, owner);
    }
    return null;
  }
}

const range = (a: number, b: number) => (a === b ? `ID ${a}` : `IDs ${a} to ${b}`);

export class LeafChecker implements InvariantChecker<LeafContext> {
  readonly names = INVARIANTS;
  private handed = new Handed();
  private last = new Map<NodeId, number>();
  private batches = new Map<NodeId, number>();
  private leases = new Map<NodeId, [number, number][]>();
  private grants = 0;

  check(nodes: readonly NodeStatus<LeafContext>[], changed: number, _event: CheckedEvent): Finding[] {
    const findings: Finding[] = [];
    const list = changed >= 0 && nodes[changed] ? [nodes[changed]] : nodes;
    for (const n of list) {
      const ctx = n.context;
      if (ctx.role === 'db') {
        if (ctx.grants > this.grants && ctx.lastGrant) {
          const g = ctx.lastGrant;
          const leases = this.leases.get(g.server) ?? [];
          this.leases.set(g.server, [...leases, [g.first, g.max]]);
        }
        this.grants = Math.max(this.grants, ctx.grants);
      } else if (ctx.role === 'server') {
        const seen = this.batches.get(n.id) ?? 0;
        this.batches.set(n.id, ctx.batch);
        if (ctx.batch === seen || ctx.batch === 0) continue;
        for (const run of ctx.batchRuns) this.checkRun(n.id, run, findings);
      }
    }
    return findings;
  }

  private checkRun(server: NodeId, [a, b]: IdRun, findings: Finding[]): void {
    const found = (invariant: string) => findings.some((f) => f.invariant === invariant);
    const last = this.last.get(server);
    if (last !== undefined && a <= last && !found(PER_SERVER_ORDER)) {
      findings.push({
        invariant: PER_SERVER_ORDER,
        detail: `${server} hands out ${a} after it had already handed out ${last}`,
      });
    }
    this.last.set(server, Math.max(b, last ?? b));
    const leases = this.leases.get(server) ?? [];
    let at = a;
    while (at <= b) {
      let lease: [number, number] | undefined;
      for (let i = leases.length - 1; i >= 0; i--) {
        const l = leases[i] as [number, number];
        if (l[0] <= at && at < l[1]) {
          lease = l;
          break;
        }
      }
      if (!lease) {
        if (!found(LEASED_RANGE)) {
          findings.push({
            invariant: LEASED_RANGE,
            detail: `${server} hands out ${at}, which the database never leased to ${server}`,
          });
        }
        break;
      }
      at = lease[1];
    }
    const clash = this.handed.add(a, b, server);
    if (clash && !found(UNIQUE_IDS)) {
      findings.push({
        invariant: UNIQUE_IDS,
        detail: `${server} hands out ${range(clash.id, clash.id)}, which ${clash.by === server ? 'it' : clash.by} had already handed out`,
      });
    }
  }

  save(): Saved {
    return {
      starts: [...this.handed.starts],
      ends: [...this.handed.ends],
      owners: [...this.handed.owners],
      last: [...this.last],
      batches: [...this.batches],
      leases: [...this.leases].map(([k, v]) => [k, [...v]]),
      grants: this.grants,
    };
  }

  load(saved: unknown): void {
    const s = saved as Saved;
    this.handed = new Handed();
    this.handed.starts = [...s.starts];
    this.handed.ends = [...s.ends];
    this.handed.owners = [...s.owners];
    this.last = new Map(s.last);
    this.batches = new Map(s.batches);
    this.leases = new Map(s.leases.map(([k, v]) => [k, [...v]]));
    this.grants = s.grants;
  }
}
