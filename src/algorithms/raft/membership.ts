/**
 * Membership changes, one server at a time (dissertation, chapter 4). A configuration is a log
 * entry, and every server uses the latest one in its log as soon as it holds it, committed or not.
 * Two configurations that differ by one server share a server in any two of their majorities, so
 * they cannot elect two leaders in one term, provided that only one change is in progress at a
 * time and that a leader changes nothing before it has committed an entry of its own term (the
 * fix published in 2015: otherwise an uncommitted change of an earlier leader and a change of the
 * current one can still diverge).
 */
import type { NodeId } from '../../sim/types';
import { termAt } from './log';
import type { MembershipRequest } from './requests';
import type { RaftContext } from './types';

export type MembershipRefusal =
  | 'unknown-server'
  | 'already-member'
  | 'not-member'
  | 'last-member'
  | 'catching-up'
  | 'uncommitted-change'
  | 'no-commit-this-term';

/** Why a leader must refuse this change now, or null when it may make it. */
export function refuseMembershipChange(
  ctx: RaftContext,
  request: MembershipRequest,
): MembershipRefusal | null {
  const { server } = request;
  if (server !== ctx.config.id && !ctx.config.peers.includes(server)) return 'unknown-server';
  const member = ctx.members.includes(server);
  if (request.change === 'add' && member) return 'already-member';
  if (request.change === 'remove' && !member) return 'not-member';
  if (request.change === 'remove' && ctx.members.length === 1) return 'last-member';
  const variant = ctx.config.variant;
  if (variant !== 'two-changes-at-once') {
    if (ctx.joining !== null) return 'catching-up';
    if (ctx.membersIndex > ctx.commitIndex) return 'uncommitted-change';
  }
  if (variant !== 'change-before-term-commit' && termAt(ctx.log, ctx.commitIndex) !== ctx.currentTerm) {
    return 'no-commit-this-term';
  }
  return null;
}

const bySlot = (a: NodeId, b: NodeId) => a.localeCompare(b, 'en', { numeric: true });

/** The configuration a request asks for, servers in slot order. */
export function changedMembers(members: readonly NodeId[], request: MembershipRequest): NodeId[] {
  return request.change === 'add'
    ? [...members, request.server].sort(bySlot)
    : members.filter((m) => m !== request.server);
}
