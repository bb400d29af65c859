/**
 * What consistent hashing promises, checked after every event against the placement before it:
 * - add-moves-only-to-new: when one node joins (or gains weight), every key that moves, moves
 *   onto it (ring, rendezvous, and jump when the node is the new last bucket);
 * - remove-moves-only-removed: when one node leaves, fails (or loses weight), only keys it held
 *   move (ring, rendezvous, and jump when it was the last bucket);
 * - bounded-load: under bounded loads, no node holds more than ceil((1 + ε) m / n) of the m
 *   requests;
 * - matches-definition: a sample of keys sits where the scheme's definition puts them, worked
 *   out the slow way (a linear scan of the ring, the paper's jump code in BigInt, every score).
 * The checker places the keys anyway, so it writes the run's placement log too.
 */
import type { CheckedEvent, Finding, InvariantChecker, NodeStatus } from '../../sim/spec';
import type { NodeId } from '../../sim/types';
import { fromBigInt, toBigInt } from './hash';
import { jumpHashReference } from './jump';
import type { NodeContext } from './machine';
import type { HashingParams } from './params';
import {
  type Balls,
  type Member,
  type Scheme,
  ballsOf,
  buildRing,
  capacityOf,
  hrwScore,
  keyName,
  loadsOf,
  nodeHashes,
  place,
  weightedScore,
} from './place';
import type { Change, Placement, PlacementLog, PlacementRow } from './placementlog';

export const INVARIANTS = [
  'add-moves-only-to-new',
  'remove-moves-only-removed',
  'bounded-load',
  'matches-definition',
] as const;

/** The members (in join order) and the traffic, as the nodes say at one moment. */
export interface Membership {
  members: Member[];
  joinedAt: number[];
  hot: number;
  lookup: string | null;
}

export function membershipOf(nodes: readonly NodeStatus<NodeContext>[]): Membership {
  const cache: { id: NodeId; weight: number; joinedAt: number }[] = [];
  let hot = 0;
  let lookup: string | null = null;
  for (const node of nodes) {
    const c = node.context;
    if (c.role === 'clients') {
      hot = c.hot;
      lookup = c.lookup;
    } else if (c.member && node.up) cache.push({ id: node.id, weight: c.weight, joinedAt: c.joinedAt });
  }
  cache.sort((x, y) => x.joinedAt - y.joinedAt || x.id.localeCompare(y.id));
  return {
    members: cache.map(({ id, weight }) => ({ id, weight })),
    joinedAt: cache.map((m) => m.joinedAt),
    hot,
    lookup,
  };
}

/** The schemes a run places by: the one checked (a broken variant may swap it) and the one beside it. */
/** The membership a run starts with: N1..N<nodes> in the ring, weight 1, joined in name order. */
export function initialMembership(params: HashingParams, nodeIds: readonly NodeId[]): Membership {
  const members = nodeIds.slice(0, params.nodes).map((id) => ({ id, weight: 1 }));
  return { members, joinedAt: members.map((_, i) => i - INITIAL_JOIN), hot: 0, lookup: null };
}

/** Initial members joined this long before time 0, one µs apart in name order. */
export const INITIAL_JOIN = 1000;

export function schemesOf(params: HashingParams): { a: Scheme; claimed: Scheme; b: Scheme | null } {
  return {
    a: params.variant === 'mod-n' ? 'modulo' : params.algorithm,
    claimed: params.algorithm,
    b: params.compare === 'none' ? null : params.compare,
  };
}

function samePlacementInputs(x: Membership, y: Membership): boolean {
  return (
    x.hot === y.hot &&
    x.members.length === y.members.length &&
    x.members.every((m, i) => m.id === y.members[i]?.id && m.weight === y.members[i]?.weight)
  );
}

/** What one event changed in the membership or the traffic. */
export function changeOf(before: Membership, after: Membership): Change {
  const was = new Map(before.members.map((m) => [m.id, m.weight]));
  const now = new Map(after.members.map((m) => [m.id, m.weight]));
  const changes: Change[] = [];
  const total = (ms: Member[]) => ms.reduce((s, m) => s + m.weight, 0);
  for (const m of after.members) {
    const w = was.get(m.id);
    if (w === undefined) changes.push({ kind: 'join', node: m.id, ideal: m.weight / total(after.members) });
    else if (m.weight > w)
      changes.push({
        kind: 'weight-up',
        node: m.id,
        ideal: m.weight / total(after.members) - w / total(before.members),
      });
    else if (m.weight < w)
      changes.push({
        kind: 'weight-down',
        node: m.id,
        ideal: w / total(before.members) - m.weight / total(after.members),
      });
  }
  for (const m of before.members) {
    if (!now.has(m.id)) changes.push({ kind: 'leave', node: m.id, ideal: m.weight / total(before.members) });
  }
  if (before.hot !== after.hot) changes.push({ kind: 'hot', node: null, ideal: 0 });
  if (changes.length > 1) return { kind: 'several', node: null, ideal: 0 };
  if (changes.length === 1) return changes[0] as Change;
  if (before.lookup !== after.lookup) return { kind: 'lookup', node: null, ideal: 0 };
  return { kind: 'none', node: null, ideal: 0 };
}

interface Snapshot {
  membership: Membership;
  row: PlacementRow;
}

const SAMPLE = 24;

export class HashingChecker implements InvariantChecker<NodeContext> {
  readonly names = INVARIANTS;
  private prev: Snapshot | null = null;
  private readonly schemes: ReturnType<typeof schemesOf>;
  private readonly index: Map<NodeId, number>;

  constructor(
    private readonly params: HashingParams,
    private readonly nodeIds: readonly NodeId[],
    private readonly log?: PlacementLog,
  ) {
    this.schemes = schemesOf(params);
    this.index = new Map(nodeIds.map((id, i) => [id, i]));
  }

  /** Places every request of a membership, for one scheme. */
  private placement(
    scheme: Scheme,
    m: Membership,
    balls: Balls,
    previous: Placement | null,
    sticky = false,
  ): Placement {
    const local = place(scheme, m.members, balls, {
      vnodes: this.params.vnodes,
      epsilon: this.params.epsilon,
      sticky,
    });
    const owner = new Int8Array(local.length);
    for (let i = 0; i < local.length; i++) {
      const o = local[i] as number;
      owner[i] = o < 0 ? -1 : (this.index.get((m.members[o] as Member).id) ?? -1);
    }
    let moved = 0;
    if (previous) {
      const common = Math.min(previous.owner.length, owner.length);
      for (let i = 0; i < common; i++) if (previous.owner[i] !== owner[i]) moved++;
    }
    return {
      scheme,
      owner,
      loads: loadsOf(local, m.members.length),
      moved,
      capacity:
        scheme === 'bounded' ? capacityOf(balls.hi.length, m.members.length, this.params.epsilon) : null,
    };
  }

  /** The row for a membership; `before` is the one just before it, if any. */
  rowOf(m: Membership, index: number, time: number, before: Snapshot | null): PlacementRow {
    if (before && samePlacementInputs(before.membership, m)) {
      const { a, b } = before.row;
      return {
        ...before.row,
        index,
        time,
        lookup: m.lookup,
        change: changeOf(before.membership, m),
        a: { ...a, moved: 0 },
        b: b ? { ...b, moved: 0 } : null,
      };
    }
    const balls = ballsOf(this.params.keys, m.hot);
    const sticky = this.params.variant === 'sticky-hot-key';
    const a = this.placement(this.schemes.a, m, balls, before?.row.a ?? null, sticky);
    const b = this.schemes.b ? this.placement(this.schemes.b, m, balls, before?.row.b ?? null) : null;
    return {
      index,
      time,
      members: m.members,
      joinedAt: m.joinedAt,
      hot: m.hot,
      lookup: m.lookup,
      change: before ? changeOf(before.membership, m) : { kind: 'start', node: null, ideal: 0 },
      a,
      b,
    };
  }

  /** The state before the first event, from the parameters (the first check sees the nodes after it). */
  initial(): PlacementRow {
    if (!this.prev) {
      const membership = initialMembership(this.params, this.nodeIds);
      this.prev = { membership, row: this.rowOf(membership, -1, 0, null) };
    }
    return this.prev.row;
  }

  check(nodes: readonly NodeStatus<NodeContext>[], _changed: number, event: CheckedEvent): Finding[] {
    if (!this.prev) this.initial();
    const before = this.prev as Snapshot;
    const membership = membershipOf(nodes);
    const row = this.rowOf(membership, event.index, event.time, before);
    const findings = this.findings(before, membership, row);
    if (this.log?.wants(event.index)) this.log.write(row);
    this.prev = { membership, row };
    return findings;
  }

  private findings(before: Snapshot, after: Membership, row: PlacementRow): Finding[] {
    const findings: Finding[] = [];
    const { claimed } = this.schemes;
    const prevOwner = before.row.a.owner;
    const owner = row.a.owner;
    const change = row.change;
    const common = Math.min(prevOwner.length, owner.length);
    const name = (i: number) => (i < 0 ? 'nowhere' : (this.nodeIds[i] ?? '?'));
    const keyOf = (i: number) => (i < this.params.keys ? keyName(i) : 'the hot key');
    const node = change.node;
    const minimal = claimed === 'ring' || claimed === 'rendezvous' || claimed === 'jump';
    if (minimal && node && (change.kind === 'join' || change.kind === 'weight-up')) {
      // Jump hash adds buckets at the end only: a node back from a crash takes its old number.
      const last = after.members[after.members.length - 1]?.id === node;
      if (claimed !== 'jump' || (change.kind === 'join' && last)) {
        const target = this.index.get(node) ?? -2;
        let wrong = 0;
        let first = -1;
        for (let i = 0; i < common; i++) {
          if (prevOwner[i] !== owner[i] && owner[i] !== target) {
            wrong++;
            if (first < 0) first = i;
          }
        }
        if (wrong > 0) {
          findings.push({
            invariant: 'add-moves-only-to-new',
            detail: `${node} ${change.kind === 'join' ? 'joined' : 'gained weight'}, yet ${wrong} of ${row.a.moved} moved keys went elsewhere: ${keyOf(first)} moved from ${name(prevOwner[first] as number)} to ${name(owner[first] as number)}`,
          });
        }
      }
    }
    if (minimal && node && (change.kind === 'leave' || change.kind === 'weight-down')) {
      const wasLast = before.membership.members[before.membership.members.length - 1]?.id === node;
      if (claimed !== 'jump' || (change.kind === 'leave' && wasLast)) {
        const source = this.index.get(node) ?? -2;
        let wrong = 0;
        let first = -1;
        for (let i = 0; i < common; i++) {
          if (prevOwner[i] !== owner[i] && prevOwner[i] !== source) {
            wrong++;
            if (first < 0) first = i;
          }
        }
        if (wrong > 0) {
          findings.push({
            invariant: 'remove-moves-only-removed',
            detail: `${node} ${change.kind === 'leave' ? 'left' : 'lost weight'}, yet ${wrong} keys it did not hold moved: ${keyOf(first)} from ${name(prevOwner[first] as number)} to ${name(owner[first] as number)}`,
          });
        }
      }
    }
    if (claimed === 'bounded' && row.a.capacity !== null) {
      row.a.loads.forEach((load, i) => {
        if (load > (row.a.capacity as number)) {
          findings.push({
            invariant: 'bounded-load',
            detail: `${after.members[i]?.id ?? '?'} holds ${load} of ${owner.length} requests, over the capacity ceil((1 + ${this.params.epsilon}) × ${owner.length} / ${after.members.length}) = ${row.a.capacity}`,
          });
        }
      });
    }
    const wrongDefinition = this.definitionBreak(after.members, row);
    if (wrongDefinition) findings.push({ invariant: 'matches-definition', detail: wrongDefinition });
    return findings;
  }

  /** A sampled key the run placed elsewhere than the definition says, or null. */
  private definitionBreak(members: readonly Member[], row: PlacementRow): string | null {
    const scheme = this.schemes.a;
    // Bounded loads is checked by its capacity, Maglev's table by its own tests (balance, fill).
    if (members.length === 0 || scheme === 'bounded' || scheme === 'maglev') return null;
    const balls = ballsOf(this.params.keys, row.hot);
    const count = Math.min(SAMPLE, balls.hi.length);
    const ring = scheme === 'ring' ? buildRing(members, this.params.vnodes) : null;
    const hashes = scheme === 'rendezvous' ? nodeHashes(members) : null;
    for (let i = 0; i < count; i++) {
      const hi = balls.hi[i] as number;
      const lo = balls.lo[i] as number;
      let expected = -1;
      if (scheme === 'jump') expected = jumpHashReference(toBigInt({ hi, lo }), members.length);
      else if (scheme === 'modulo') expected = Number(toBigInt({ hi, lo }) % BigInt(members.length));
      else if (ring) {
        // The first point at or after the key, by a scan; past the last point, the first one.
        let best = 0;
        for (let p = ring.points.length - 1; p >= 0; p--) if ((ring.points[p] as number) >= hi) best = p;
        if ((ring.points[ring.points.length - 1] as number) < hi) best = 0;
        expected = ring.owner[best] as number;
      } else if (hashes) {
        let top = -Infinity;
        members.forEach((m, j) => {
          const raw = hrwScore(hi, lo, hashes.hi[j] as number, hashes.lo[j] as number);
          const score = hashes.uniform ? raw : weightedScore(raw, m.weight);
          if (score > top) [top, expected] = [score, j];
        });
      }
      const want = this.index.get((members[expected] as Member).id);
      if (row.a.owner[i] !== want) {
        return `${i < this.params.keys ? keyName(i) : 'the hot key'} (hash ${toBigInt(fromBigInt(toBigInt({ hi, lo })))}) is on ${this.nodeIds[row.a.owner[i] as number] ?? 'nowhere'}, but ${scheme} puts it on ${members[expected]?.id}`;
      }
    }
    return null;
  }

  save(): unknown {
    return this.prev;
  }

  load(saved: unknown): void {
    this.prev = saved as Snapshot | null;
  }
}
