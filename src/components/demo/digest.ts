import type { Run, TraceEntry } from '../../sim/types';
import { canonicalJson, Hasher, traceDigest, type HasherState } from '../../sim/digest';

/**
 * The digest of a run (the kernel's fingerprint of the trace and the nodes at the cursor) is a
 * hash of every entry in order, so the hash of a prefix can be kept and resumed. A run keeps one
 * every MARK entries, with the entry it ends on: a trace entry is the same object for as long as
 * its timeline lasts (acting in the past replaces the entries after it), so a mark whose entry
 * is still in the trace is still right. Pausing again after more events hashes only the new ones.
 */
const MARK = 1000;

interface Mark {
  /** Entries hashed: 0 .. at - 1. */
  at: number;
  entry: TraceEntry;
  state: HasherState;
}

const prefixes = new WeakMap<Run, Mark[]>();

/** The longest kept prefix of the trace up to `end` that still belongs to the run's timeline. */
function resume(run: Run, end: number): { hasher: Hasher; next: number; marks: Mark[] } {
  let marks = prefixes.get(run);
  if (!marks) {
    marks = [];
    prefixes.set(run, marks);
  }
  for (let i = marks.length - 1; i >= 0; i--) {
    const mark = marks[i] as Mark;
    if (mark.at > end) continue; // still good for a later cursor
    if (run.entries(mark.at - 1, mark.at)[0] === mark.entry) {
      return { hasher: Hasher.resume(mark.state), next: mark.at, marks };
    }
    // A fork before this mark: it and every later one describe a timeline that is gone.
    marks.length = i;
  }
  return { hasher: new Hasher(), next: 0, marks };
}

function hashEntries(run: Run, hasher: Hasher, marks: Mark[], from: number, to: number): void {
  let at = from;
  for (const entry of run.entries(from, to)) {
    hasher.update(canonicalJson(entry)).update('\n');
    at++;
    if (at % MARK === 0 && (marks.length === 0 || (marks[marks.length - 1] as Mark).at < at)) {
      marks.push({ at, entry, state: hasher.save() });
    }
  }
}

/**
 * The digest of a run up to its cursor: what the export panel shows and what the tests compare
 * with a run made in Node (the same as `traceDigest` over the entries and the nodes).
 */
export function runDigest(run: Run): string {
  return traceDigest(run.entries(0, run.cursor() + 1), run.view().nodes);
}

/** Work done between two yields to the page, at most (an entry read late may replay a block). */
const BUDGET_MS = 8;
/** Entries hashed between two looks at the clock. */
const STRIDE = 50;

/**
 * The same digest, worked out a few milliseconds at a time between tasks, so a run of 300,000
 * events never holds the page, and from the longest kept prefix. Returns a function that stops it.
 */
export function digestInSlices(run: Run, done: (digest: string) => void): () => void {
  const end = run.cursor() + 1;
  const nodes = run.view().nodes;
  const start = resume(run, end);
  const { hasher, marks } = start;
  let next = start.next;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const slice = () => {
    const t0 = performance.now();
    while (next < end && performance.now() - t0 < BUDGET_MS) {
      const to = Math.min(end, next + STRIDE);
      hashEntries(run, hasher, marks, next, to);
      next = to;
    }
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
