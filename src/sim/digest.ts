/**
 * A stable fingerprint of a run: the same scenario must give the same digest in Node and in the
 * browser. cyrb53 over a canonical JSON text (object keys sorted).
 */
import type { TraceEntry } from './types';

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  // Objects that say how they serialise (trace records) are hashed as that plain data.
  const own = value as { toJSON?: () => unknown };
  if (typeof own.toJSON === 'function') return canonicalJson(own.toJSON());
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** Where a hash has got to: hashing can resume from it (see `Hasher.resume`). */
export type HasherState = readonly [number, number];

export class Hasher {
  private h1 = 0xdeadbeef;
  private h2 = 0x41c6ce57;

  /** A hasher that goes on from a saved state, as if it had hashed the same text again. */
  static resume(state: HasherState): Hasher {
    const hasher = new Hasher();
    [hasher.h1, hasher.h2] = state;
    return hasher;
  }

  save(): HasherState {
    return [this.h1, this.h2];
  }

  update(text: string): this {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    this.h1 = h1;
    this.h2 = h2;
    return this;
  }

  digest(): string {
    let h1 = this.h1;
    let h2 = this.h2;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
  }
}

/** Digest of trace entries plus the final state (any plain data, e.g. the nodes of the last view). */
export function traceDigest(entries: readonly TraceEntry[], finalState: unknown): string {
  const hasher = new Hasher();
  for (const entry of entries) hasher.update(canonicalJson(entry)).update('\n');
  hasher.update(canonicalJson(finalState));
  return hasher.digest();
}
