import type { TraceEntry } from '../../sim/types';

/** FNV-1a over a string, 32 bits, with a chosen offset basis. */
function fnv1a(text: string, basis: number): number {
  let hash = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * A short fingerprint of a trace: equal traces give equal digests, in Node and in any browser.
 * Two independent 32-bit hashes make accidental collisions between different runs negligible here.
 */
export function traceDigest(entries: readonly TraceEntry[]): string {
  const text = JSON.stringify(entries);
  const a = fnv1a(text, 0x811c9dc5).toString(16).padStart(8, '0');
  const b = fnv1a(text, 0x01000193 ^ 0x5bd1e995)
    .toString(16)
    .padStart(8, '0');
  return `${a}${b}`;
}
