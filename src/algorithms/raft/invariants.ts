/**
 * The five safety properties of the paper's Figure 3, checked after every event.
 *
 * Log Matching is a function of the current logs. The others need history (who led which term,
 * what was committed, what was applied), kept as ghost records that checkpoints share.
 *
 * Membership changes need no change here: the algorithm's argument for Election Safety counts
 * majorities over each server's configuration, but the checker does not count anything. It watches
 * which server actually became leader of which term and what was actually committed and applied,
 * so a broken change rule shows up as two leaders of one term or as a committed entry lost.
 */
import type { Finding, InvariantChecker, NodeStatus } from '../../sim/spec';
import type { NodeId } from '../../sim/types';
import type { LogEntry, RaftContext } from './types';

export const INVARIANTS = [
  'Election Safety',
  'Leader Append-Only',
  'Log Matching',
  'Leader Completeness',
  'State Machine Safety',
] as const;

function sameEntry(a: LogEntry, b: LogEntry): boolean {
  return a === b || (a.term === b.term && a.command.request === b.command.request);
}

function describe(e: LogEntry): string {
  return `${e.command.key}=${e.command.value} (term ${e.term})`;
}

interface Committed {
  entry: LogEntry;
  /** The term of the server that committed it. */
  term: number;
  by: NodeId;
}

const CHUNK = 256;

/**
 * A ghost list indexed by log index that checkpoints share: it is kept in chunks, a checkpoint
 * copies only the list of chunks, and the first write to a chunk after a save or a restore copies
 * that chunk alone. A restore used to copy the whole lists (tens of thousands of entries on a long
 * run), which was most of the cost of a step back.
 */
class GhostList<T> {
  private chunks: (T | undefined)[][] = [];
  /** Whether this list may write chunk i in place (it is no checkpoint's). */
  private owned: boolean[] = [];
  length = 0;

  at(i: number): T | undefined {
    return this.chunks[Math.floor(i / CHUNK)]?.[i % CHUNK];
  }

  set(i: number, value: T): void {
    const c = Math.floor(i / CHUNK);
    while (this.chunks.length <= c) {
      this.chunks.push([]);
      this.owned.push(true);
    }
    if (!this.owned[c]) {
      this.chunks[c] = (this.chunks[c] as (T | undefined)[]).slice();
      this.owned[c] = true;
    }
    (this.chunks[c] as (T | undefined)[])[i % CHUNK] = value;
    if (i >= this.length) this.length = i + 1;
  }

  /** A copy sharing every chunk; neither writes a shared chunk in place from now on. */
  share(): GhostList<T> {
    const copy = new GhostList<T>();
    copy.chunks = this.chunks.slice();
    copy.owned = this.owned.map(() => false);
    copy.length = this.length;
    this.owned.fill(false);
    return copy;
  }
}

interface Saved {
  leaders: { term: number; id: NodeId }[];
  committed: GhostList<Committed>;
  applied: GhostList<{ entry: LogEntry; by: NodeId }>;
  leaderLogs: [NodeId, { term: number; log: readonly LogEntry[] }][];
  prev: ({
    role: string;
    term: number;
    log: readonly LogEntry[];
    commitIndex: number;
    lastApplied: number;
  } | null)[];
}

const BLOCK = 64;

function mix(h: number, e: LogEntry): number {
  h = Math.imul(h ^ e.term, 0x01000193) ^ Math.imul(e.command.request + 1, 0x9e3779b1);
  return Math.imul(h ^ (h >>> 15), 0x85ebca6b);
}

/**
 * Fingerprints of a log's prefixes, one per block of 64 entries (blocks[k] covers entries
 * 1..64(k+1)), so prefixes compare quickly and a new log costs little memory. Logs mostly grow by
 * appending, so hashing restarts at the block where the new log stops sharing entries with the
 * node's previous log.
 */
const blockCache = new WeakMap<readonly LogEntry[], Int32Array>();

function blockHashes(log: readonly LogEntry[], previous?: readonly LogEntry[]): Int32Array {
  const cached = blockCache.get(log);
  if (cached) return cached;
  const full = Math.floor(log.length / BLOCK);
  const blocks = new Int32Array(full);
  let k = 0;
  const base = previous ? blockCache.get(previous) : undefined;
  if (previous && base) {
    const shared = Math.min(full, base.length);
    while (k < shared) {
      // A block is reusable when every entry in it is the very same object.
      let same = true;
      for (let i = k * BLOCK; i < (k + 1) * BLOCK; i++) {
        if (previous[i] !== log[i]) {
          same = false;
          break;
        }
      }
      if (!same) break;
      blocks[k] = base[k] as number;
      k++;
    }
  }
  let h = k > 0 ? (blocks[k - 1] as number) : 0x811c9dc5;
  for (; k < full; k++) {
    for (let i = k * BLOCK; i < (k + 1) * BLOCK; i++) h = mix(h, log[i] as LogEntry);
    blocks[k] = h;
  }
  blockCache.set(log, blocks);
  return blocks;
}

/** Whether entries 1..n of two logs agree: whole blocks by fingerprint, the rest one by one. */
function samePrefix(a: readonly LogEntry[], b: readonly LogEntry[], n: number): boolean {
  const k = Math.floor(n / BLOCK);
  if (k > 0 && blockHashes(a)[k - 1] !== blockHashes(b)[k - 1]) return false;
  for (let i = k * BLOCK; i < n; i++) if (!sameEntry(a[i] as LogEntry, b[i] as LogEntry)) return false;
  return true;
}

export class RaftChecker implements InvariantChecker<RaftContext> {
  readonly names = INVARIANTS;
  /** Every (term, leader) seen, in order. */
  private leaders: { term: number; id: NodeId }[] = [];
  private leaderOf = new Map<number, NodeId>();
  /** committed[i - 1]: the entry first known committed at index i. */
  private committed = new GhostList<Committed>();
  /** applied[i - 1]: the entry first applied at index i, and by whom. */
  private applied = new GhostList<{ entry: LogEntry; by: NodeId }>();
  /** The log each current leader had at the previous check. */
  private leaderLogs = new Map<NodeId, { term: number; log: readonly LogEntry[] }>();
  /** What each node looked like at the previous check, to see what changed. */
  private prev: Saved['prev'] = [];

  check(nodes: readonly NodeStatus<RaftContext>[], changed: number): Finding[] {
    const findings: Finding[] = [];
    const logsChanged: number[] = [];
    const from = changed >= 0 ? changed : 0;
    const to = changed >= 0 ? changed + 1 : nodes.length;
    for (let i = from; i < to; i++) {
      const node = nodes[i] as NodeStatus<RaftContext>;
      const before = this.prev[i] ?? null;
      const ctx = node.context;
      if (before && before.log === ctx.log && before.role === node.role && before.term === ctx.currentTerm) {
        if (before.commitIndex === ctx.commitIndex && before.lastApplied === ctx.lastApplied) continue;
      }
      if (!before || before.log !== ctx.log) {
        logsChanged.push(i);
        blockHashes(ctx.log, before?.log);
      }
      if (node.up) {
        this.checkLeader(node, before, findings);
        this.checkCommitted(node, before, nodes, findings);
        this.checkApplied(node, before, findings);
      }
      this.prev[i] = {
        role: node.role,
        term: ctx.currentTerm,
        log: ctx.log,
        commitIndex: node.up ? ctx.commitIndex : 0,
        lastApplied: node.up ? ctx.lastApplied : 0,
      };
    }
    if (logsChanged.length > 0) this.checkLogMatching(nodes, logsChanged, findings);
    return findings;
  }

  /** Election Safety, Leader Append-Only, and Leader Completeness for a newly elected leader. */
  private checkLeader(
    node: NodeStatus<RaftContext>,
    before: Saved['prev'][number],
    findings: Finding[],
  ): void {
    const ctx = node.context;
    if (node.role !== 'leader') {
      this.leaderLogs.delete(node.id);
      return;
    }
    const term = ctx.currentTerm;
    const newlyElected = !before || before.role !== 'leader' || before.term !== term;
    if (newlyElected) {
      const other = this.leaderOf.get(term);
      if (other !== undefined && other !== node.id) {
        findings.push({
          invariant: 'Election Safety',
          detail: `${node.id} became leader of term ${term}, but ${other} was already elected leader of term ${term}`,
        });
      }
      if (other === undefined) {
        this.leaderOf.set(term, node.id);
        this.leaders.push({ term, id: node.id });
      }
      // Leader Completeness: every entry committed in an earlier term must be in the new leader's log.
      for (let i = 0; i < this.committed.length; i++) {
        const c = this.committed.at(i);
        if (!c) continue;
        if (c.term >= term) continue;
        const mine = ctx.log[i];
        if (!mine || !sameEntry(mine, c.entry)) {
          findings.push({
            invariant: 'Leader Completeness',
            detail:
              `${node.id} became leader of term ${term} without the entry ${describe(c.entry)} at index ${i + 1}, ` +
              `which ${c.by} committed in term ${c.term}` +
              (mine
                ? `; ${node.id} has ${describe(mine)} there instead`
                : `; ${node.id}'s log ends at index ${ctx.log.length}`),
          });
          break;
        }
      }
      this.leaderLogs.set(node.id, { term, log: ctx.log });
      return;
    }
    const last = this.leaderLogs.get(node.id);
    if (last && last.term === term && last.log !== ctx.log) {
      // Leader Append-Only: the old log must be a prefix of the new one.
      const old = last.log;
      let broken = ctx.log.length < old.length ? Math.min(ctx.log.length, old.length) + 1 : 0;
      for (let i = 0; i < Math.min(old.length, ctx.log.length) && broken === 0; i++) {
        if (!sameEntry(old[i] as LogEntry, ctx.log[i] as LogEntry)) broken = i + 1;
      }
      if (broken > 0) {
        findings.push({
          invariant: 'Leader Append-Only',
          detail: `Leader ${node.id} (term ${term}) changed or removed its entry at index ${broken}: its log went from ${old.length} to ${ctx.log.length} entries`,
        });
      }
    }
    this.leaderLogs.set(node.id, { term, log: ctx.log });
  }

  /** Records newly committed entries; an entry committed in term T must be in every leader of a later term. */
  private checkCommitted(
    node: NodeStatus<RaftContext>,
    before: Saved['prev'][number],
    nodes: readonly NodeStatus<RaftContext>[],
    findings: Finding[],
  ): void {
    const ctx = node.context;
    const from = before ? before.commitIndex : 0;
    if (ctx.commitIndex <= from) return;
    for (let index = Math.max(from, 0) + 1; index <= ctx.commitIndex; index++) {
      const entry = ctx.log[index - 1];
      if (!entry) continue;
      if (index > this.committed.length) {
        this.committed.set(index - 1, { entry, term: ctx.currentTerm, by: node.id });
        // Leaders of later terms already in office must hold it too.
        for (const other of nodes) {
          if (!other.up || other.role !== 'leader' || other.context.currentTerm <= ctx.currentTerm) continue;
          const theirs = other.context.log[index - 1];
          if (!theirs || !sameEntry(theirs, entry)) {
            findings.push({
              invariant: 'Leader Completeness',
              detail: `${node.id} committed ${describe(entry)} at index ${index} in term ${ctx.currentTerm}, but ${other.id}, leader of the later term ${other.context.currentTerm}, does not hold it`,
            });
          }
        }
      }
    }
  }

  /** State Machine Safety: no two servers apply different entries at the same index. */
  private checkApplied(
    node: NodeStatus<RaftContext>,
    before: Saved['prev'][number],
    findings: Finding[],
  ): void {
    const ctx = node.context;
    const from = before ? before.lastApplied : 0;
    if (ctx.lastApplied <= from) return;
    for (let index = from + 1; index <= ctx.lastApplied; index++) {
      const entry = ctx.log[index - 1];
      if (!entry) continue;
      const first = this.applied.at(index - 1);
      if (!first) {
        this.applied.set(index - 1, { entry, by: node.id });
      } else if (!sameEntry(first.entry, entry)) {
        findings.push({
          invariant: 'State Machine Safety',
          detail: `${node.id} applied ${describe(entry)} at index ${index}, but ${first.by} had applied ${describe(first.entry)} there`,
        });
        return;
      }
    }
  }

  /**
   * Log Matching: two logs with an entry of the same index and term are identical up to it.
   * Only pairs with a log that changed need a look: the others were checked before.
   */
  private checkLogMatching(
    nodes: readonly NodeStatus<RaftContext>[],
    changed: readonly number[],
    findings: Finding[],
  ): void {
    for (const a of changed) {
      const la = (nodes[a] as NodeStatus<RaftContext>).context.log;
      for (let b = 0; b < nodes.length; b++) {
        if (b === a) continue;
        const lb = (nodes[b] as NodeStatus<RaftContext>).context.log;
        if (la === lb) continue;
        // The highest index where both have an entry of the same term.
        let top = Math.min(la.length, lb.length);
        while (top > 0 && (la[top - 1] as LogEntry).term !== (lb[top - 1] as LogEntry).term) top--;
        if (top === 0 || samePrefix(la, lb, top)) continue;
        let i = 1;
        while (i <= top && sameEntry(la[i - 1] as LogEntry, lb[i - 1] as LogEntry)) i++;
        if (i > top) continue;
        const [x, y] = a < b ? [a, b] : [b, a];
        const lx = (nodes[x] as NodeStatus<RaftContext>).context.log;
        const ly = (nodes[y] as NodeStatus<RaftContext>).context.log;
        findings.push({
          invariant: 'Log Matching',
          detail: `${nodes[x]?.id} and ${nodes[y]?.id} both hold an entry of term ${(la[top - 1] as LogEntry).term} at index ${top}, yet differ at index ${i}: ${describe(lx[i - 1] as LogEntry)} against ${describe(ly[i - 1] as LogEntry)}`,
        });
        return;
      }
    }
  }

  save(): Saved {
    return {
      leaders: this.leaders.slice(),
      committed: this.committed.share(),
      applied: this.applied.share(),
      leaderLogs: [...this.leaderLogs.entries()],
      prev: this.prev.slice(),
    };
  }

  load(saved: unknown): void {
    const s = saved as Saved;
    this.leaders = s.leaders.slice();
    this.leaderOf = new Map(this.leaders.map((l) => [l.term, l.id]));
    this.committed = s.committed.share();
    this.applied = s.applied.share();
    this.leaderLogs = new Map(s.leaderLogs);
    this.prev = s.prev.slice();
  }
}
