/**
 * A rebalance on many keys, counted: place K keys on n nodes, change the membership (add a node or
 * remove one), place them again, count what moved against the ideal. The command line, the
 * benchmark and the page's worker share it.
 */
import { type Member, type Scheme, keyHashes, loadsOf, place, stdDev } from './place';

export interface RebalanceRequest {
  scheme: Scheme;
  keys: number;
  nodes: number;
  /** Add N<n+1>, or remove the named node. */
  change: { kind: 'add' } | { kind: 'remove'; node: string };
  vnodes: number;
  epsilon: number;
}

export interface RebalanceReport {
  scheme: Scheme;
  keys: number;
  before: { nodes: string[]; loads: number[]; stdDev: number };
  after: { nodes: string[]; loads: number[]; stdDev: number };
  change: string;
  moved: number;
  /** Keys that had to move at the least: the changed node's share. */
  ideal: number;
  /** Moved keys that went between two nodes the change did not touch. */
  strayMoves: number;
}

export function rebalance(request: RebalanceRequest): RebalanceReport {
  const before: Member[] = Array.from({ length: request.nodes }, (_, i) => ({ id: `N${i + 1}`, weight: 1 }));
  let after: Member[];
  let changed: string;
  if (request.change.kind === 'add') {
    changed = `N${request.nodes + 1}`;
    after = [...before, { id: changed, weight: 1 }];
  } else {
    const node = request.change.node;
    if (!before.some((m) => m.id === node)) {
      throw new Error(`No node ${node} among ${before.map((m) => m.id).join(', ')}`);
    }
    changed = node;
    after = before.filter((m) => m.id !== node);
  }
  const hashes = keyHashes(request.keys);
  const key = new Int32Array(request.keys);
  for (let i = 0; i < request.keys; i++) key[i] = i;
  const balls = { hi: hashes.hi, lo: hashes.lo, key };
  const options = { vnodes: request.vnodes, epsilon: request.epsilon };
  const a = place(request.scheme, before, balls, options);
  const b = place(request.scheme, after, balls, options);
  // Compare by name without strings: each member's index in the list of every name.
  const names = [...new Set([...before, ...after].map((m) => m.id))];
  const nameOf = (list: Member[]) => Int32Array.from(list, (m) => names.indexOf(m.id));
  const fromName = nameOf(before);
  const toName = nameOf(after);
  const changedName = names.indexOf(changed);
  let moved = 0;
  let stray = 0;
  for (let i = 0; i < request.keys; i++) {
    const from = fromName[a[i] as number] as number;
    const to = toName[b[i] as number] as number;
    if (from !== to) {
      moved++;
      if (from !== changedName && to !== changedName) stray++;
    }
  }
  const loadsBefore = loadsOf(a, before.length);
  const loadsAfter = loadsOf(b, after.length);
  const share = request.change.kind === 'add' ? 1 / after.length : 1 / before.length;
  return {
    scheme: request.scheme,
    keys: request.keys,
    before: { nodes: before.map((m) => m.id), loads: loadsBefore, stdDev: stdDev(loadsBefore) },
    after: { nodes: after.map((m) => m.id), loads: loadsAfter, stdDev: stdDev(loadsAfter) },
    change: request.change.kind === 'add' ? `add ${changed}` : `remove ${changed}`,
    moved,
    ideal: Math.round(request.keys * share),
    strayMoves: stray,
  };
}

/** The standard deviation of the loads of `keys` keys on `nodes` ring nodes with v virtual nodes each. */
export function ringStdDev(keys: number, nodes: number, vnodes: number): number {
  const members = Array.from({ length: nodes }, (_, i) => ({ id: `N${i + 1}`, weight: 1 }));
  const hashes = keyHashes(keys);
  const key = new Int32Array(keys);
  const owner = place('ring', members, { hi: hashes.hi, lo: hashes.lo, key }, { vnodes, epsilon: 0 });
  return stdDev(loadsOf(owner, nodes));
}

export function formatReport(r: RebalanceReport): string {
  const pct = (n: number) => `${((100 * n) / r.keys).toFixed(2)}%`;
  const row = (nodes: string[], loads: number[]) => nodes.map((n, i) => `${n}=${loads[i]}`).join(' ');
  return [
    `${r.scheme}: ${r.keys.toLocaleString('en-US')} keys, ${r.change}`,
    `moved     ${r.moved.toLocaleString('en-US')} (${pct(r.moved)}); ideal ${r.ideal.toLocaleString('en-US')} (${pct(r.ideal)})`,
    `stray     ${r.strayMoves.toLocaleString('en-US')} moved between nodes the change did not touch`,
    `before    ${row(r.before.nodes, r.before.loads)} (std dev ${r.before.stdDev.toFixed(1)})`,
    `after     ${row(r.after.nodes, r.after.loads)} (std dev ${r.after.stdDev.toFixed(1)})`,
  ].join('\n');
}
