/** Reading a server's log as Figure 2 does: last index and term, the term at an index, and which log is more up to date. */
import type { NodeId } from '../../sim/types';
import type { LogEntry, PersistentState } from './types';

export function lastLogIndex(ctx: PersistentState): number {
  return ctx.log.length;
}

export function lastLogTerm(ctx: PersistentState): number {
  return ctx.log[ctx.log.length - 1]?.term ?? 0;
}

/** The term of the entry at `index` (0 before the first entry, -1 past the end). */
export function termAt(log: readonly LogEntry[], index: number): number {
  return index === 0 ? 0 : (log[index - 1]?.term ?? -1);
}

/** Section 5.4.1: compare the terms of the last entries, then the lengths. */
export function isUpToDate(
  candidate: { lastLogTerm: number; lastLogIndex: number },
  ctx: PersistentState,
): boolean {
  const myTerm = lastLogTerm(ctx);
  return (
    candidate.lastLogTerm > myTerm ||
    (candidate.lastLogTerm === myTerm && candidate.lastLogIndex >= lastLogIndex(ctx))
  );
}

/** The latest configuration among entries 1..upTo, or the initial one when there is none. */
export function latestConfiguration(
  log: readonly LogEntry[],
  upTo: number,
  initial: readonly NodeId[],
): { members: readonly NodeId[]; index: number } {
  for (let i = upTo; i >= 1; i--) {
    const members = (log[i - 1] as LogEntry).config;
    if (members) return { members, index: i };
  }
  return { members: initial, index: 0 };
}
