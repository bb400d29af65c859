/**
 * Plain-words narration of every Raft event. Why a server decided what it did comes from the
 * notes its rules left (notes.ts); the facts the sentence names come from the server's context
 * before and after the event and from what it sent. The words match the paper's names, and come
 * from one table per language (messages/), one key per sentence, English where a key is missing.
 */
import { translator, type Translate } from '../../sim/i18n';
import type { Effect, NarrationInput } from '../../sim/spec';
import type { NodeId } from '../../sim/types';
import { lastLogIndex, lastLogTerm, termAt } from './log';
import { changedMembers, type MembershipRefusal } from './membership';
import { RAFT_MESSAGES } from './messages';
import { findNote, type RaftNote } from './notes';
import { membershipRequest, toCommand, transferTarget } from './requests';
import type {
  AppendEntries,
  AppendEntriesResponse,
  ClientRequest,
  Command,
  RaftContext,
  RaftMessage,
} from './types';

/** Raft's words when the run names no language: English. */
const ENGLISH: Translate = translator('en', RAFT_MESSAGES);

/** Message labels stay in English: they name the paper's RPCs and fields. */
function englishRange(from: number, to: number): string {
  return from === to ? `entry ${from}` : `entries ${from}–${to}`;
}

function range(t: Translate, from: number, to: number): string {
  return from === to ? t('raft.range.one', { from }) : t('raft.range.many', { from, to });
}

function cmd(c: Command): string {
  return `${c.key}=${c.value}`;
}

export function labelMessage(m: RaftMessage): string {
  switch (m.type) {
    case 'RequestVote':
      return `RequestVote term ${m.term} from ${m.candidateId} (last log: index ${m.lastLogIndex}, term ${m.lastLogTerm})`;
    case 'RequestVoteResponse':
      return `${m.voteGranted ? 'Vote granted' : 'Vote refused'} by ${m.from} (term ${m.term})`;
    case 'AppendEntries':
      return m.entries.length === 0
        ? `Heartbeat term ${m.term} from ${m.leaderId} (prev ${m.prevLogIndex}/${m.prevLogTerm}, commit ${m.leaderCommit})`
        : `AppendEntries term ${m.term}: ${englishRange(m.prevLogIndex + 1, m.prevLogIndex + m.entries.length)} (prev ${m.prevLogIndex}/${m.prevLogTerm}, commit ${m.leaderCommit})`;
    case 'AppendEntriesResponse':
      return m.success
        ? `Success from ${m.from}: matches up to ${m.matchIndex} (term ${m.term})`
        : `Refused by ${m.from} (term ${m.term}${m.conflictIndex > 0 ? `, conflict at ${m.conflictIndex}` : ''})`;
    case 'ClientRequest':
      return `Client request ${cmd(m.command)} passed on by ${m.from}`;
    case 'TimeoutNow':
      return `TimeoutNow from ${m.from} (term ${m.term}): start an election now`;
    case 'PreVote':
      return `PreVote for term ${m.term} from ${m.candidateId} (last log: index ${m.lastLogIndex}, term ${m.lastLogTerm})`;
    case 'PreVoteResponse':
      return `Pre-vote ${m.voteGranted ? 'granted' : 'refused'} by ${m.from} for term ${m.proposedTerm}`;
  }
}

function sends(effects: readonly Effect[]): { to: NodeId; message: RaftMessage }[] {
  const out: { to: NodeId; message: RaftMessage }[] = [];
  for (const e of effects) if (e.type === 'send') out.push({ to: e.to, message: e.message as RaftMessage });
  return out;
}

/** "{S1,S2,S3}" */
export function configurationText(members: readonly NodeId[]): string {
  return `{${members.join(',')}}`;
}

/** "; commitIndex moves to 4 and it applies x=1, y=2" (and says so when a configuration commits) */
function commitNote(
  t: Translate,
  before: RaftContext,
  after: RaftContext,
  effects: readonly Effect[],
): string {
  if (after.commitIndex <= before.commitIndex) return '';
  const applied = effects.flatMap((e) => {
    const note = e as RaftNote;
    return e.type === 'note' && note.kind === 'apply' ? [note.command] : [];
  });
  const what = applied.length > 3 ? t('raft.entries-count', { count: applied.length }) : applied.join(', ');
  const commit = applied.length
    ? t('raft.commit.applies', { commitIndex: after.commitIndex, what })
    : t('raft.commit', { commitIndex: after.commitIndex });
  return after.membersIndex > before.commitIndex && after.membersIndex <= after.commitIndex
    ? t('raft.commit.configuration', {
        commit,
        members: configurationText(after.members),
        index: after.membersIndex,
      })
    : commit;
}

/** "; it now uses configuration {S1,S2,S3,S4} (index 7, not yet committed)", when its log changed it. */
function configurationNote(t: Translate, before: RaftContext, after: RaftContext): string {
  if (after.membersIndex === before.membersIndex && after.members === before.members) return '';
  const where =
    after.membersIndex > 0
      ? t('raft.configuration.index', { index: after.membersIndex })
      : t('raft.configuration.initial');
  const members = configurationText(after.members);
  const clause =
    after.membersIndex > after.commitIndex
      ? t('raft.configuration.uses-uncommitted', { members, where })
      : t('raft.configuration.uses', { members, where });
  if (after.isMember === before.isMember) return clause;
  return t(after.isMember ? 'raft.configuration.now-member' : 'raft.configuration.no-longer-member', {
    clause,
  });
}

function refusal(t: Translate, why: MembershipRefusal, server: NodeId, c: RaftContext): string {
  const members = configurationText(c.members);
  switch (why) {
    case 'unknown-server':
    case 'last-member':
      return t(`raft.refusal.${why}`, { server });
    case 'already-member':
    case 'not-member':
      return t(`raft.refusal.${why}`, { server, members });
    case 'catching-up':
      return t('raft.refusal.catching-up', { joining: c.joining?.server ?? t('raft.new-server') });
    case 'uncommitted-change':
      return t('raft.refusal.uncommitted-change', { members, index: c.membersIndex });
    case 'no-commit-this-term':
      return t('raft.refusal.no-commit-this-term', { term: c.currentTerm });
  }
}

function narrateMembership(
  t: Translate,
  node: NodeId,
  payload: unknown,
  before: { role: string; context: RaftContext },
  after: { role: string; context: RaftContext },
  effects: readonly Effect[],
): string | null {
  const request = membershipRequest(payload);
  if (!request) return null;
  const server = request.server;
  const verb = t(request.change === 'add' ? 'raft.verb.add' : 'raft.verb.remove', { server });
  if (before.role !== 'leader') return t('raft.membership.not-leader', { node, verb });
  const b = before.context;
  const a = after.context;
  if (findNote(effects, 'refused-while-transferring'))
    return t('raft.membership.transferring', {
      node,
      verb,
      target: b.transferTo ?? t('raft.another-server'),
    });
  const note = findNote(effects, 'membership');
  if (!note) return null;
  if (note.refusal)
    return t('raft.membership.refused', { node, verb, reason: refusal(t, note.refusal, server, b) });
  if (note.outcome === 'appended') {
    const members = a.members;
    let consequence = '';
    if (!a.isMember) {
      consequence = t('raft.membership.consequence.self', { node });
    } else if (request.change === 'remove') {
      // The removed server gets no more messages, so it never learns of its removal.
      consequence = t(
        a.config.preVote
          ? 'raft.membership.consequence.removed-prevote'
          : 'raft.membership.consequence.removed',
        { server },
      );
    }
    return t('raft.membership.appended', {
      node,
      members: configurationText(members),
      index: a.log.length,
      verb,
      count: members.length,
      consequence,
      commit: commitNote(t, b, a, effects),
    });
  }
  return t('raft.membership.catch-up', {
    node,
    verb,
    target: configurationText(changedMembers(b.members, request)),
    server,
    until: a.joining?.until ?? b.log.length,
  });
}

/**
 * The opening of a sentence up to its verb: "S2 sees term 4 from leader S1, adopts it and " when a
 * later term made it step down, else just "S2 " (or "" with `bare`, for sentences that name it).
 */
function stepDown(
  t: Translate,
  node: NodeId,
  before: { role: string; context: RaftContext },
  after: RaftContext,
  from: string,
  effects: readonly Effect[],
): string {
  if (!findNote(effects, 'later-term')) return '';
  const term = after.currentTerm;
  return before.role === 'follower'
    ? t('raft.step-down', { node, term, from })
    : t('raft.step-down.role', { node, term, from, role: t(`raft.role.${before.role}`) });
}

function electionStart(
  t: Translate,
  node: NodeId,
  before: { role: string; context: RaftContext },
  after: { role: string; context: RaftContext },
  forced: boolean,
): string {
  const cause = t(forced ? 'raft.cause.forced' : 'raft.cause.timer', { node });
  if (after.role === 'precandidate') {
    const again = before.role === 'precandidate';
    return t(again ? 'raft.prevote.start-again' : 'raft.prevote.start', {
      cause,
      next: after.context.currentTerm + 1,
      term: after.context.currentTerm,
    });
  }
  const again = before.role === 'candidate';
  const won = after.role === 'leader';
  const key = again
    ? won
      ? 'raft.election.start-again-won'
      : 'raft.election.start-again'
    : won
      ? 'raft.election.start-won'
      : 'raft.election.start';
  return t(key, { cause, term: after.context.currentTerm, previous: before.context.currentTerm });
}

function narrateDelivery(t: Translate, input: NarrationInput<RaftContext>): string | null {
  const { before, after, message } = input;
  if (!before || !after || !message) return null;
  const node = message.to;
  const m = message.body as RaftMessage;
  const b = before.context;
  const a = after.context;
  switch (m.type) {
    case 'RequestVote': {
      const from = t('raft.from.vote-request', { candidate: m.candidateId });
      const lead = stepDown(t, node, before, a, from, input.effects) || t('raft.subject', { node });
      const refused = findNote(input.effects, 'vote')?.refused;
      const candidate = m.candidateId;
      if (refused === null) return t('raft.vote.granted', { lead, candidate, term: m.term });
      if (refused === 'stale-term')
        return t('raft.vote.stale-term', { node, candidate, term: m.term, current: b.currentTerm });
      if (refused === 'voted-for-another') {
        return t('raft.vote.voted-for-another', {
          lead,
          candidate,
          votedFor: a.votedFor ?? t('raft.another-server'),
          current: a.currentTerm,
        });
      }
      if (refused === 'log-behind') {
        return t('raft.vote.log-behind', {
          lead,
          candidate,
          lastTerm: lastLogTerm(a),
          lastIndex: lastLogIndex(a),
          theirTerm: m.lastLogTerm,
          theirIndex: m.lastLogIndex,
        });
      }
      return t('raft.vote.refused', { lead, candidate });
    }
    case 'RequestVoteResponse': {
      const lead = stepDown(t, node, before, a, t('raft.from.answer', { from: m.from }), input.effects);
      if (lead) return t('raft.becomes-follower', { lead });
      if (before.role !== 'candidate') return t('raft.vote-answer.not-candidate', { node, from: m.from });
      const ignored = findNote(input.effects, 'vote-ignored')?.why;
      if (ignored === 'stale-term') return t('raft.vote-answer.stale', { node, from: m.from, term: m.term });
      if (ignored === 'refused') return t('raft.vote-answer.refused', { node, from: m.from, term: m.term });
      const votes = findNote(input.effects, 'votes');
      if (!votes) return null;
      const counts = {
        node,
        from: m.from,
        term: a.currentTerm,
        counted: votes.counted,
        members: votes.members,
      };
      if (after.role === 'leader') return t('raft.vote-answer.won', counts);
      return t('raft.vote-answer.counted', { ...counts, needed: votes.needed });
    }
    case 'AppendEntries':
      return narrateAppendEntries(t, node, m, before, after, input.effects);
    case 'AppendEntriesResponse':
      return narrateAppendResponse(t, node, m, before, after, input.effects);
    case 'ClientRequest':
      return narrateClient(
        t,
        node,
        m.command,
        before.role,
        b,
        a,
        input.effects,
        t('raft.how.forwarded', { from: m.from }),
      );
    case 'TimeoutNow':
      if (after.role === 'candidate' || after.role === 'leader')
        return t('raft.timeout-now.started', { node, from: m.from, term: a.currentTerm });
      return t('raft.timeout-now.ignored', { node, from: m.from, term: m.term, current: b.currentTerm });
    case 'PreVote': {
      const candidate = m.candidateId;
      switch (findNote(input.effects, 'pre-vote')?.refused) {
        case null:
          return t('raft.prevote.granted', { node, candidate, term: m.term });
        case 'leader':
          return t('raft.prevote.leader', { node, candidate });
        case 'not-later-term':
          return t('raft.prevote.not-later-term', { node, candidate, term: m.term, current: b.currentTerm });
        case 'leader-contact':
          return t('raft.prevote.leader-contact', {
            node,
            candidate,
            leader: b.leaderId ?? t('raft.a-leader'),
          });
        default:
          return t('raft.prevote.log-behind', {
            node,
            candidate,
            lastTerm: lastLogTerm(b),
            lastIndex: lastLogIndex(b),
          });
      }
    }
    case 'PreVoteResponse': {
      // Winning the pre-votes raises the term too, by starting the election: that is no step-down.
      const lead = stepDown(t, node, before, a, t('raft.from.answer', { from: m.from }), input.effects);
      if (lead) return t('raft.becomes-follower', { lead });
      if (before.role !== 'precandidate') return t('raft.prevote-answer.not-asking', { node, from: m.from });
      const ignored = findNote(input.effects, 'pre-vote-ignored')?.why;
      if (ignored === 'older-round') return t('raft.prevote-answer.older-round', { node, from: m.from });
      if (ignored === 'refused')
        return t('raft.prevote-answer.refused', { node, from: m.from, term: m.proposedTerm });
      if (after.role === 'candidate' || after.role === 'leader')
        return t('raft.prevote-answer.won', { node, from: m.from, term: a.currentTerm });
      const counted = findNote(input.effects, 'pre-votes');
      return t('raft.prevote-answer.counted', {
        node,
        from: m.from,
        counted: counted?.counted ?? 0,
        members: counted?.members ?? a.members.length,
      });
    }
  }
}

function narrateAppendEntries(
  t: Translate,
  node: NodeId,
  m: AppendEntries,
  before: { role: string; context: RaftContext },
  after: { role: string; context: RaftContext },
  effects: readonly Effect[],
): string {
  const b = before.context;
  const a = after.context;
  const what = m.entries.length === 0 ? t('raft.heartbeat') : 'AppendEntries';
  const leader = m.leaderId;
  const note = findNote(effects, 'append');
  if (!note) return t('raft.append.two-leaders', { node, term: b.currentTerm, leader, what });
  if (note.outcome === 'stale-term')
    return t('raft.append.stale-term', { node, what, leader, term: m.term, current: b.currentTerm });
  let lead = stepDown(t, node, before, a, t('raft.from.leader', { leader }), effects);
  if (!lead && before.role === 'candidate')
    lead = t('raft.candidate-steps-down', { node, leader, term: m.term });
  if (!lead) lead = t('raft.subject', { node });
  if (note.outcome === 'missing')
    return t('raft.append.missing', { lead, leader, what, prevIndex: m.prevLogIndex, length: b.log.length });
  if (note.outcome === 'mismatch') {
    return t('raft.append.mismatch', {
      lead,
      leader,
      what,
      prevIndex: m.prevLogIndex,
      found: termAt(b.log, m.prevLogIndex),
      prevTerm: m.prevLogTerm,
    });
  }
  const commit = commitNote(t, b, a, effects);
  if (m.entries.length === 0) return t('raft.append.heartbeat', { lead, leader, term: m.term, commit });
  const first = m.prevLogIndex + 1;
  const last = m.prevLogIndex + m.entries.length;
  if (note.changedFrom === null)
    return t('raft.append.already', { lead, range: range(t, first, last), leader, commit });
  const firstNew = note.changedFrom;
  const configuration = configurationNote(t, b, a);
  if (note.truncated) {
    return t('raft.append.truncated', {
      lead,
      from: firstNew,
      conflictTerm: termAt(b.log, firstNew),
      range: range(t, firstNew, last),
      leader,
      configuration,
      commit,
    });
  }
  return t('raft.append.appended', {
    lead,
    range: range(t, firstNew, last),
    leader,
    term: m.term,
    configuration,
    commit,
  });
}

function narrateAppendResponse(
  t: Translate,
  node: NodeId,
  m: AppendEntriesResponse,
  before: { role: string; context: RaftContext },
  after: { role: string; context: RaftContext },
  effects: readonly Effect[],
): string {
  const b = before.context;
  const a = after.context;
  const from = m.from;
  const lead = stepDown(t, node, before, a, t('raft.from.answer', { from }), effects);
  if (lead) return t('raft.becomes-follower', { lead });
  if (before.role !== 'leader') return t('raft.answer.not-leader', { node, from });
  if (m.term !== b.currentTerm) return t('raft.answer.stale', { node, from, term: m.term });
  if (m.success) {
    const commit = commitNote(t, b, a, effects);
    const moved = (a.matchIndex[from] ?? 0) > (b.matchIndex[from] ?? 0);
    const base = moved
      ? t('raft.answer.learns', { node, from, index: m.matchIndex })
      : m.matchIndex > 0
        ? t('raft.answer.confirms-log', { node, from, index: m.matchIndex })
        : t('raft.answer.confirms-leadership', { node, from });
    const uncountable = moved ? findNote(effects, 'uncountable-majority') : undefined;
    const held = uncountable
      ? t('raft.answer.uncountable', { index: uncountable.index, term: uncountable.term, node })
      : '';
    const sent = sends(effects);
    if (findNote(effects, 'caught-up')) {
      return t('raft.answer.caught-up', {
        base,
        from,
        node,
        members: configurationText(a.members),
        index: a.log.length,
        commit,
      });
    }
    const more = sent.some((x) => x.message.type === 'TimeoutNow')
      ? t('raft.answer.timeout-now', { node })
      : sent.length > 0
        ? t('raft.answer.sends-more')
        : '';
    const removed = after.role === 'follower' ? t('raft.answer.removed', { node }) : '';
    return t('raft.answer.success', { base, commit, held, more, removed });
  }
  if (findNote(effects, 'backoff') && (a.nextIndex[from] ?? 0) !== (b.nextIndex[from] ?? 0))
    return t('raft.answer.backoff', { from, node, next: a.nextIndex[from] ?? 0 });
  return t('raft.answer.older', { node, from });
}

function narrateClient(
  t: Translate,
  node: NodeId,
  command: Command,
  role: string,
  b: RaftContext,
  a: RaftContext,
  effects: readonly Effect[],
  how: string,
): string {
  if (role === 'leader') {
    if (findNote(effects, 'refused-while-transferring')) {
      return t('raft.client.transferring', {
        node,
        target: b.transferTo ?? t('raft.another-server'),
        command: cmd(command),
        how,
      });
    }
    return t('raft.client.appended', {
      node,
      command: cmd(command),
      how,
      index: a.log.length,
      term: a.currentTerm,
      commit: commitNote(t, b, a, []),
    });
  }
  const forward = sends(effects).find((s) => s.message.type === 'ClientRequest');
  if (forward) return t('raft.client.forwarded', { node, command: cmd(command), how, to: forward.to });
  return t('raft.client.fails', { node, command: cmd(command), how });
}

export function narrate(input: NarrationInput<RaftContext>, t: Translate = ENGLISH): string | null {
  const { before, after, node } = input;
  switch (input.kind) {
    case 'deliver':
      return narrateDelivery(t, input);
    case 'timer': {
      if (!before || !after || !node) return null;
      if (input.timer === 'election') {
        if (!before.context.isMember)
          return t('raft.not-member.timer', { node, members: configurationText(before.context.members) });
        return electionStart(t, node, before, after, false);
      }
      if (input.timer === 'catch-up') {
        const server = before.context.joining?.server ?? t('raft.the-new-server');
        return t('raft.catch-up.gave-up', {
          node,
          server,
          members: configurationText(after.context.members),
        });
      }
      if (input.timer === 'transfer')
        return t('raft.transfer.gave-up', {
          node,
          target: before.context.transferTo ?? t('raft.another-server'),
        });
      if (input.timer === 'leader-contact') return t('raft.leader-contact', { node });
      if (input.timer === 'heartbeat') {
        const msgs = sends(input.effects);
        const withEntries = msgs.filter(
          (s) => s.message.type === 'AppendEntries' && s.message.entries.length > 0,
        );
        const to = msgs.map((s) => s.to);
        return withEntries.length
          ? t('raft.heartbeats.entries', { node, to, withEntries: withEntries.map((s) => s.to) })
          : t('raft.heartbeats', { node, to });
      }
      return null;
    }
    case 'action': {
      const action = input.action;
      if (!action || !node) return null;
      if (action.type === 'timeout' && before && after) {
        if (before.role === 'leader') return t('raft.timeout.leader', { node });
        if (!before.context.isMember)
          return t('raft.not-member.forced', { node, members: configurationText(before.context.members) });
        return electionStart(t, node, before, after, true);
      }
      if (action.type === 'client' && before && after) {
        const membership = narrateMembership(t, node, action.payload, before, after, input.effects);
        if (membership) return membership;
      }
      if (action.type === 'client' && before && after && transferTarget(action.payload) !== null) {
        const target = transferTarget(action.payload) ?? '';
        if (before.role !== 'leader') return t('raft.transfer.not-leader', { node });
        if (findNote(input.effects, 'transfer-refused'))
          return t('raft.transfer.not-member', { node, target });
        const now = sends(input.effects).some((s) => s.message.type === 'TimeoutNow');
        return t(now ? 'raft.transfer.now' : 'raft.transfer.catch-up', { node, target });
      }
      if (action.type === 'client' && before && findNote(input.effects, 'refused-while-transferring')) {
        return t('raft.client.transferring-bare', {
          node,
          target: before.context.transferTo ?? t('raft.another-server'),
        });
      }
      if (action.type === 'client' && before && after) {
        return narrateClient(
          t,
          node,
          toCommandOf(after.context, input),
          before.role,
          before.context,
          after.context,
          input.effects,
          t('raft.how.client'),
        );
      }
      return null;
    }
    case 'crash': {
      if (!before || !node) return null;
      const c = before.context;
      return t(before.role === 'leader' ? 'raft.crash.leader' : 'raft.crash', {
        node,
        term: c.currentTerm,
        votedFor: c.votedFor ?? t('raft.nobody'),
        count: c.log.length,
        commitIndex: c.commitIndex,
        lastApplied: c.lastApplied,
      });
    }
    case 'restart': {
      if (!after || !node) return null;
      const c = after.context;
      return t('raft.restart', {
        node,
        term: c.currentTerm,
        votedFor: c.votedFor ?? t('raft.nobody'),
        count: c.log.length,
      });
    }
    case 'drop': {
      const m = input.message;
      if (!m) return null;
      const body = m.body as RaftMessage;
      const what =
        body.type === 'AppendEntries' && body.entries.length === 0 ? t('raft.heartbeat') : body.type;
      return t(`raft.drop.${input.dropReason ?? 'down'}`, { from: m.from, to: m.to, what });
    }
    case 'resume':
      return node ? t('raft.resume', { node }) : null;
  }
}

/** The command a client action produced: the last entry the leader appended, or the payload read afresh. */
function toCommandOf(after: RaftContext, input: NarrationInput<RaftContext>): Command {
  const forward = sends(input.effects).find((s) => s.message.type === 'ClientRequest');
  if (forward) return (forward.message as ClientRequest).command;
  if (input.after?.role === 'leader' && input.before && after.log.length > input.before.context.log.length) {
    return (after.log[after.log.length - 1] as { command: Command }).command;
  }
  return toCommand(input.action?.type === 'client' ? input.action.payload : null, -1);
}

/** The turns of a Raft story: a new leader, and the first commit of each leader's term. */
export function milestone(input: NarrationInput, t: Translate = ENGLISH): string | null {
  const { before, after, node } = input;
  if (!before || !after || node === undefined) return null;
  const was = before.context as RaftContext;
  const now = after.context as RaftContext;
  if (after.role === 'leader' && before.role !== 'leader')
    return t('raft.milestone.elected', { node, term: now.currentTerm });
  // A leader's first commit of its term: from here on, earlier entries are safe too (section 5.4.2).
  if (
    after.role === 'leader' &&
    now.commitIndex > was.commitIndex &&
    termAt(was.log, was.commitIndex) !== now.currentTerm
  ) {
    const first = termAt(now.log, now.commitIndex) === now.currentTerm;
    if (first)
      return t('raft.milestone.first-commit', { node, index: now.commitIndex, term: now.currentTerm });
  }
  return null;
}
