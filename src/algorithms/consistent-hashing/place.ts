/**
 * Where keys go, for each scheme, as pure functions of the membership:
 * - ring: Karger et al. (STOC 1997), each node at `round(weight * vnodes)` points of a 32-bit
 *   circle, a key owned by the first point clockwise from its own (as ketama-style clients do);
 * - jump: Lamping and Veach (2014), the buckets numbered in the order the nodes joined;
 * - rendezvous: highest random weight (Thaler and Ravishankar, 1998), weighted by the logarithmic
 *   method (score = -weight / ln(u), Schindelhauer and Schomaker, 2005), which ranks as plain HRW
 *   when the weights are equal;
 * - bounded: consistent hashing with bounded loads (Mirrokni, Thorup and Zadimoghaddam, 2016):
 *   requests in a fixed order, each to the first node clockwise with fewer than
 *   ceil((1 + ε) m / n) requests;
 * - maglev: Maglev's lookup table (Eisenbud et al., NSDI 2016, section 3.4): each node's
 *   permutation of M slots, filled in turns, a key at slot hash mod M;
 * - modulo: hash mod n, the scheme consistent hashing replaces (a broken variant and a baseline).
 *
 * Keys are requests ("balls"): each key once, then the copies of a hot key. Everything works on
 * typed arrays so a million keys place in well under a second.
 */
import { fmix32, fmix64, fnv1a64, keyHash, type U64 } from './hash';
import { jumpHash } from './jump';

export type Scheme = 'ring' | 'jump' | 'rendezvous' | 'bounded' | 'maglev' | 'modulo';
export const SCHEMES: readonly Scheme[] = ['ring', 'jump', 'rendezvous', 'bounded', 'maglev', 'modulo'];

export const SCHEME_TITLES: Record<Scheme, string> = {
  ring: 'Hash ring with virtual nodes',
  jump: 'Jump consistent hash',
  rendezvous: 'Rendezvous (HRW) hashing',
  bounded: 'Bounded loads on the ring',
  maglev: 'Maglev lookup table',
  modulo: 'hash mod N',
};

/** A node in the ring or bucket list: its name and weight, in the order the nodes joined. */
export interface Member {
  id: string;
  weight: number;
}

/** The requests to place: 64-bit hashes of each, and which distinct key each one is. */
export interface Balls {
  hi: Uint32Array;
  lo: Uint32Array;
  /** Index of the distinct key a request is for (the copies of the hot key share one). */
  key: Int32Array;
  /** Distinct keys (the first `keys` requests are they, one each). */
  keys: number;
}

export const HOT_KEY = 'hot-key';

export function keyName(i: number): string {
  return `key:${i}`;
}

const hashCache = new Map<number, { hi: Uint32Array; lo: Uint32Array }>();

/**
 * Hashes of key:0 … key:(count - 1), computed once per count. The same as keyHash(keyName(i)) (a
 * test says so), without making a million strings: FNV-1a runs over "key:" once, then over each
 * number's digits.
 */
export function keyHashes(count: number): { hi: Uint32Array; lo: Uint32Array } {
  const cached = hashCache.get(count);
  if (cached) return cached;
  const hi = new Uint32Array(count);
  const lo = new Uint32Array(count);
  const prefix = fnv1a64('key:');
  const digits = new Uint8Array(10);
  const h: U64 = { hi: 0, lo: 0 };
  for (let i = 0; i < count; i++) {
    let n = i;
    let d = 0;
    do {
      digits[d++] = 48 + (n % 10);
      n = Math.floor(n / 10);
    } while (n > 0);
    let H = prefix.hi;
    let L = prefix.lo;
    while (d > 0) {
      L = (L ^ (digits[--d] as number)) >>> 0;
      const pl = L * 0x1b3;
      H = (H * 0x1b3 + ((pl / TWO32) | 0) + ((L << 8) >>> 0)) >>> 0;
      L = pl >>> 0;
    }
    h.hi = H;
    h.lo = L;
    fmix64(h);
    hi[i] = h.hi;
    lo[i] = h.lo;
  }
  const entry = { hi, lo };
  if (count <= 100_000) {
    if (hashCache.size > 8) hashCache.clear();
    hashCache.set(count, entry);
  }
  return entry;
}

const TWO32 = 4294967296;

/** `keys` distinct keys, one request each, then `hot` requests for the hot key. */
export function ballsOf(keys: number, hot: number): Balls {
  const base = keyHashes(keys);
  const total = keys + hot;
  const hi = new Uint32Array(total);
  const lo = new Uint32Array(total);
  const key = new Int32Array(total);
  hi.set(base.hi);
  lo.set(base.lo);
  for (let i = 0; i < keys; i++) key[i] = i;
  const h = keyHash(HOT_KEY);
  for (let i = keys; i < total; i++) {
    hi[i] = h.hi;
    lo[i] = h.lo;
    key[i] = keys;
  }
  return { hi, lo, key, keys };
}

// -------------------------------------------------------------------------------------------------
// The ring

export interface Ring {
  /** Points, sorted clockwise. */
  points: Uint32Array;
  /** The member (index into the member list) each point belongs to. */
  owner: Uint16Array;
  members: readonly Member[];
}

/** How many points a member of this weight has. */
export function pointsOf(weight: number, vnodes: number): number {
  return Math.max(weight > 0 ? 1 : 0, Math.round(weight * vnodes));
}

/** Point i of a node: the high half of the hash of "<node>#<i>". */
export function pointOf(id: string, i: number): number {
  return keyHash(`${id}#${i}`).hi;
}

export function buildRing(members: readonly Member[], vnodes: number): Ring {
  const entries: [number, number, number][] = [];
  members.forEach((m, index) => {
    const count = pointsOf(m.weight, vnodes);
    for (let i = 0; i < count; i++) entries.push([pointOf(m.id, i), index, i]);
  });
  // Ties (two points at one position) go to the node earlier in name order, then the lower point.
  entries.sort(
    (a, b) =>
      a[0] - b[0] || (members[a[1]] as Member).id.localeCompare((members[b[1]] as Member).id) || a[2] - b[2],
  );
  return {
    points: Uint32Array.from(entries, (e) => e[0]),
    owner: Uint16Array.from(entries, (e) => e[1]),
    members,
  };
}

/** The index of the first point at or clockwise after `position` (wrapping past the top). */
export function successor(ring: Ring, position: number): number {
  const points = ring.points;
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((points[mid] as number) < position) lo = mid + 1;
    else hi = mid;
  }
  return lo === points.length ? 0 : lo;
}

/**
 * The preference list (Dynamo, section 4.3): walking clockwise from the key, the first `count`
 * distinct physical nodes; virtual nodes of a node already listed are skipped.
 */
export function ringPreference(ring: Ring, position: number, count: number): number[] {
  const list: number[] = [];
  const n = ring.points.length;
  if (n === 0) return list;
  const want = Math.min(count, ring.members.length);
  for (let step = 0, i = successor(ring, position); step < n && list.length < want; step++, i = (i + 1) % n) {
    const owner = ring.owner[i] as number;
    if (!list.includes(owner)) list.push(owner);
  }
  return list;
}

// -------------------------------------------------------------------------------------------------
// Rendezvous

/** The 32-bit score of a key (hash halves) on a node (its name's hash halves). */
export function hrwScore(kh: number, kl: number, nh: number, nl: number): number {
  return fmix32(fmix32(kh ^ nh) ^ kl ^ nl);
}

/** The weighted score: -w / ln(u), u the score as a fraction in (0, 1). */
export function weightedScore(score: number, weight: number): number {
  return -weight / Math.log((score + 0.5) / 4294967296);
}

export interface NodeHashes {
  hi: Uint32Array;
  lo: Uint32Array;
  weights: Float64Array;
  /** Whether every weight is the same, so the raw score ranks. */
  uniform: boolean;
}

export function nodeHashes(members: readonly Member[]): NodeHashes {
  const hi = new Uint32Array(members.length);
  const lo = new Uint32Array(members.length);
  members.forEach((m, i) => {
    const h = keyHash(m.id);
    hi[i] = h.hi;
    lo[i] = h.lo;
  });
  const weights = Float64Array.from(members, (m) => m.weight);
  return { hi, lo, weights, uniform: members.every((m) => m.weight === members[0]?.weight) };
}

/** The member with the highest score for a key; ties go to the earlier member. */
export function rendezvousOwner(nodes: NodeHashes, kh: number, kl: number): number {
  let best = -1;
  let bestScore = -Infinity;
  for (let i = 0; i < nodes.hi.length; i++) {
    const raw = hrwScore(kh, kl, nodes.hi[i] as number, nodes.lo[i] as number);
    const score = nodes.uniform ? raw : weightedScore(raw, nodes.weights[i] as number);
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}

/** The members in decreasing score order, the first `count` of them (rendezvous's replicas). */
export function rendezvousPreference(nodes: NodeHashes, kh: number, kl: number, count: number): number[] {
  const scored = Array.from(nodes.hi, (nh, i) => {
    const raw = hrwScore(kh, kl, nh, nodes.lo[i] as number);
    return { i, score: nodes.uniform ? raw : weightedScore(raw, nodes.weights[i] as number) };
  });
  scored.sort((a, b) => b.score - a.score || a.i - b.i);
  return scored.slice(0, count).map((s) => s.i);
}

// -------------------------------------------------------------------------------------------------
// Placing every request

export interface PlaceOptions {
  vnodes: number;
  /** ε of bounded loads: each node takes at most ceil((1 + ε) m / n) of the m requests. */
  epsilon: number;
  /**
   * Broken bounded loads: a request for a key already placed follows the key's first request
   * without looking at the capacity (a client that remembers where it sent the key).
   */
  sticky?: boolean;
}

/** The capacity bounded loads gives each of n nodes for m requests. */
export function capacityOf(m: number, n: number, epsilon: number): number {
  return n === 0 ? 0 : Math.ceil(((1 + epsilon) * m) / n);
}

/** 64-bit hash mod n without BigInt: (hi * 2^32 + lo) mod n. */
export function mod64(hi: number, lo: number, n: number): number {
  return ((((hi % n) * (4294967296 % n)) % n) + (lo % n)) % n;
}

/**
 * The member each request goes to (an index into `members`, -1 when there is none), written into
 * `out` if given.
 */
export function place(
  scheme: Scheme,
  members: readonly Member[],
  balls: Pick<Balls, 'hi' | 'lo' | 'key'>,
  options: PlaceOptions,
  out?: Int16Array,
): Int16Array {
  const total = balls.hi.length;
  const owner = out ?? new Int16Array(total);
  const n = members.length;
  if (n === 0) {
    owner.fill(-1);
    return owner;
  }
  switch (scheme) {
    case 'jump':
      for (let i = 0; i < total; i++) owner[i] = jumpHash(balls.hi[i] as number, balls.lo[i] as number, n);
      return owner;
    case 'modulo':
      for (let i = 0; i < total; i++) owner[i] = mod64(balls.hi[i] as number, balls.lo[i] as number, n);
      return owner;
    case 'rendezvous': {
      const nodes = nodeHashes(members);
      for (let i = 0; i < total; i++) {
        owner[i] = rendezvousOwner(nodes, balls.hi[i] as number, balls.lo[i] as number);
      }
      return owner;
    }
    case 'ring': {
      const ring = buildRing(members, options.vnodes);
      for (let i = 0; i < total; i++) owner[i] = ring.owner[successor(ring, balls.hi[i] as number)] as number;
      return owner;
    }
    case 'bounded':
      return placeBounded(buildRing(members, options.vnodes), balls, options, owner);
    case 'maglev': {
      const table = maglevTable(members);
      for (let i = 0; i < total; i++) {
        owner[i] = table[mod64(balls.hi[i] as number, balls.lo[i] as number, MAGLEV_M)] as number;
      }
      return owner;
    }
  }
}

// -------------------------------------------------------------------------------------------------
// Maglev

/** The table size: a prime, the smaller of the two the paper evaluates. */
export const MAGLEV_M = 65537;

/**
 * Maglev's lookup table (Eisenbud et al. 2016, Pseudocode 1): node i prefers the slots
 * offset, offset + skip, offset + 2 skip, … (mod M), with offset = h1(name) mod M and
 * skip = h2(name) mod (M − 1) + 1 (h1 and h2: the two halves of the key hash of its name); the
 * nodes take turns, each claiming its next preferred slot still empty, until the table is full.
 * Each node ends with ⌊M/n⌋ or ⌈M/n⌉ slots. Weights are not used.
 */
export function maglevTable(members: readonly Member[], m = MAGLEV_M): Int16Array {
  // A run returns to memberships it had (a node fails and comes back): keep the last few tables.
  const name = `${m}:${members.map((x) => x.id).join(',')}`;
  const cached = maglevCache.get(name);
  if (cached) return cached;
  const table = fillMaglev(members, m);
  if (maglevCache.size >= 8) maglevCache.delete(maglevCache.keys().next().value as string);
  maglevCache.set(name, table);
  return table;
}

const maglevCache = new Map<string, Int16Array>();

function fillMaglev(members: readonly Member[], m: number): Int16Array {
  const n = members.length;
  const table = new Int16Array(m).fill(-1);
  if (n === 0) return table;
  const offset = new Float64Array(n);
  const skip = new Float64Array(n);
  members.forEach((member, i) => {
    const h = keyHash(member.id);
    offset[i] = h.lo % m;
    skip[i] = (h.hi % (m - 1)) + 1;
  });
  const next = new Float64Array(n);
  let filled = 0;
  for (;;) {
    for (let i = 0; i < n; i++) {
      let c = ((offset[i] as number) + (next[i] as number) * (skip[i] as number)) % m;
      while ((table[c] as number) >= 0) {
        next[i] = (next[i] as number) + 1;
        c = ((offset[i] as number) + (next[i] as number) * (skip[i] as number)) % m;
      }
      table[c] = i;
      next[i] = (next[i] as number) + 1;
      if (++filled === m) return table;
    }
  }
}

function placeBounded(
  ring: Ring,
  balls: Pick<Balls, 'hi' | 'lo' | 'key'>,
  options: PlaceOptions,
  owner: Int16Array,
): Int16Array {
  const total = balls.hi.length;
  const n = ring.members.length;
  const cap = capacityOf(total, n, options.epsilon);
  const load = new Int32Array(n);
  const points = ring.points.length;
  const firstOf = options.sticky ? new Map<number, number>() : null;
  for (let i = 0; i < total; i++) {
    const key = balls.key[i] as number;
    const earlier = firstOf?.get(key);
    if (earlier !== undefined) {
      owner[i] = earlier;
      load[earlier] = (load[earlier] as number) + 1;
      continue;
    }
    // n * cap >= total, so some node always has room and the walk ends within one turn.
    let p = successor(ring, balls.hi[i] as number);
    let chosen = ring.owner[p] as number;
    for (let step = 0; step < points && (load[chosen] as number) >= cap; step++) {
      p = p + 1 === points ? 0 : p + 1;
      chosen = ring.owner[p] as number;
    }
    owner[i] = chosen;
    load[chosen] = (load[chosen] as number) + 1;
    firstOf?.set(key, chosen);
  }
  return owner;
}

/** Requests per member. */
export function loadsOf(owner: Int16Array, n: number): number[] {
  const loads = new Array<number>(n).fill(0);
  for (let i = 0; i < owner.length; i++) {
    const o = owner[i] as number;
    if (o >= 0) loads[o] = (loads[o] as number) + 1;
  }
  return loads;
}

/** Population standard deviation of the loads. */
export function stdDev(loads: readonly number[]): number {
  if (loads.length === 0) return 0;
  const mean = loads.reduce((a, b) => a + b, 0) / loads.length;
  return Math.sqrt(loads.reduce((a, b) => a + (b - mean) ** 2, 0) / loads.length);
}
