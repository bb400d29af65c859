import type { Run } from '../../sim/types';
import { canonicalJson, Hasher, traceDigest } from '../../sim/digest';

/**
 * The digest of a run up to its cursor (the kernel's fingerprint of the trace and the nodes at the
 * cursor): what the export panel shows and what the tests compare with a run made in Node.
 */
export function runDigest(run: Run): string {
  return traceDigest(run.entries(0, run.cursor() + 1), run.view().nodes);
}

/** Entries hashed between two yields to the page: a few milliseconds of work at most. */
const SLICE = 1500;

/**
 * The same digest, worked out a slice at a time between frames, so a run of 300,000 events never
 * holds the page for longer than a slice. Returns a function that stops it.
 */
export function digestInSlices(run: Run, done: (digest: string) => void): () => void {
  const end = run.cursor() + 1;
  const nodes = run.view().nodes;
  const hasher = new Hasher();
  let next = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const slice = () => {
    const to = Math.min(end, next + SLICE);
    for (const entry of run.entries(next, to)) hasher.update(canonicalJson(entry)).update('\n');
    next = to;
    if (next < end) {
      timer = setTimeout(slice, 0);
      return;
    }
    hasher.update(canonicalJson(nodes));
    done(hasher.digest());
  };
  timer = setTimeout(slice, 0);
  return () => {
    if (timer !== null) clearTimeout(timer);
  };
}
