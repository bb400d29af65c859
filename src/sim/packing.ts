/**
 * Packing checkpoints (see ANCHOR in run.ts): an anchor keeps equal arrays shared, and a packed
 * checkpoint keeps each long array that is a prefix of one of its anchor's as that prefix.
 * Call `installPacking()` once; runs pack the checkpoints they make from then on.
 */
import { providePacking } from './run';
import type { WorldSnapshot } from './world';

export function installPacking(): void {
  providePacking({ share: shareEqualArrays, pack, unpack, isPacked: (c) => packed.has(c) });
}

/** An array a packed checkpoint keeps as the first `length` elements of another (see ANCHOR). */
class Prefix {
  constructor(
    readonly of: readonly unknown[],
    readonly length: number,
  ) {}
}

const packed = new WeakSet<WorldSnapshot>();
/** Arrays shorter than this cost less whole than compared. */
const LONG = 64;

/**
 * A copy of plain data (objects and arrays, to `depth` levels) in which `leaf` may replace
 * values; objects on the way are copied where something under them changed, never changed.
 * Class instances other than `Prefix` are left alone: contexts and ghost state are plain data.
 */
function rewrite(value: unknown, depth: number, leaf: (v: unknown) => unknown): unknown {
  const replaced = leaf(value);
  if (replaced !== value) return replaced;
  if (depth === 0 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (v === null || typeof v !== 'object') continue;
      const w = rewrite(v, depth - 1, leaf);
      if (w !== v) (copy ??= value.slice())[i] = w;
    }
    return copy ?? value;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const obj = value as Record<string, unknown>;
  let copy: Record<string, unknown> | null = null;
  for (const key in obj) {
    const v = obj[key];
    if (v === null || typeof v !== 'object') continue;
    const w = rewrite(v, depth - 1, leaf);
    if (w !== v) (copy ??= { ...obj })[key] = w;
  }
  return copy ?? value;
}

/** Rewrites what a checkpoint holds of the algorithm's data: contexts, stable storage, ghost state. */
function rewriteSnapshot(s: WorldSnapshot, leaf: (v: unknown) => unknown): WorldSnapshot {
  const processes = s.processes.map((p) => {
    const context = rewrite(p.context, 2, leaf);
    const disk = rewrite(p.disk, 2, leaf);
    if (context === p.context && disk === p.disk) return p;
    const snap = p.snap && context !== p.context ? ({ ...p.snap, context } as typeof p.snap) : p.snap;
    return { ...p, context, disk, snap };
  });
  return { ...s, processes, checker: rewrite(s.checker, 4, leaf) };
}

/**
 * An anchor with equal arrays shared: where two nodes' contexts (or stable storage, or the
 * checker's ghost state) hold arrays with the same elements, such as followers' logs that have
 * caught up with the leader's, all but one are replaced by that one (immutable data: sharing
 * changes nothing a reader can see, and what was one array stays one).
 */
function shareEqualArrays(s: WorldSnapshot): WorldSnapshot {
  const pool = new Map<number, unknown[][]>();
  const seen = new Map<unknown[], unknown[]>();
  return rewriteSnapshot(s, (v) => {
    if (!Array.isArray(v) || v.length < LONG) return v;
    const known = seen.get(v);
    if (known) return known;
    const same = pool.get(v.length) ?? [];
    let found = same.find((c) => c.every((x, i) => x === v[i]));
    if (!found) {
      found = v;
      same.push(v);
      pool.set(v.length, same);
    }
    seen.set(v, found);
    return found;
  });
}

function pack(s: WorldSnapshot, anchor: WorldSnapshot): WorldSnapshot {
  const whole: unknown[][] = [];
  rewriteSnapshot(anchor, (v) => {
    if (Array.isArray(v) && v.length >= LONG) whole.push(v);
    return v;
  });
  const done = new Map<unknown[], unknown>();
  const result = rewriteSnapshot(s, (v) => {
    if (!Array.isArray(v) || v.length < LONG) return v;
    const known = done.get(v);
    if (known) return known;
    const n = v.length;
    let found: unknown = v;
    for (const w of whole) {
      if (w.length < n || w[0] !== v[0] || w[n - 1] !== v[n - 1]) continue;
      let i = 1;
      while (i < n && w[i] === v[i]) i++;
      if (i === n) {
        found = new Prefix(w, n);
        break;
      }
    }
    done.set(v, found);
    return found;
  });
  packed.add(result);
  return result;
}

/** The checkpoint whole again. One array packed twice (a log and its stable copy) is one array again. */
function unpack(s: WorldSnapshot): WorldSnapshot {
  const rebuilt = new Map<Prefix, unknown[]>();
  return rewriteSnapshot(s, (v) => {
    if (!(v instanceof Prefix)) return v;
    let array = rebuilt.get(v);
    if (!array) {
      array = v.of.slice(0, v.length);
      rebuilt.set(v, array);
    }
    return array;
  });
}
