/**
 * Majorities, counted in one place. A majority is always one of the configuration a server uses
 * (dissertation, section 4.1): servers outside it neither vote nor count towards a commit.
 */
import type { NodeId } from '../../sim/types';

/** More than half of a configuration of `size` servers. */
export function majority(size: number): number {
  return Math.floor(size / 2) + 1;
}

/** How many of these servers belong to the configuration. */
export function countIn(servers: readonly NodeId[], members: readonly NodeId[]): number {
  let count = 0;
  for (const s of servers) if (members.includes(s)) count++;
  return count;
}

/** Whether these servers (votes, pre-votes) make a majority of the configuration. */
export function isQuorum(servers: readonly NodeId[], members: readonly NodeId[]): boolean {
  return countIn(servers, members) >= majority(members.length);
}

/**
 * How many servers of the leader's configuration hold its log up to `index`: itself when it is a
 * member (a leader being removed does not count itself, dissertation 4.2.2), and each other
 * member whose matchIndex has reached it.
 */
export function replicas(
  self: NodeId,
  selfIsMember: boolean,
  members: readonly NodeId[],
  matchIndex: Readonly<Record<NodeId, number>>,
  index: number,
): number {
  let count = selfIsMember ? 1 : 0;
  for (const peer of members) if (peer !== self && (matchIndex[peer] ?? 0) >= index) count++;
  return count;
}
