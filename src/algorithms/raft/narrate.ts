/**
 * Plain-words narration of every Raft event. Why a server decided what it did comes from the
 * notes its rules left (notes.ts); the facts the sentence names come from the server's context
 * before and after the event and from what it sent. The words match the paper's names.
 */
import { listNames } from '../../sim/format';
import type { Effect, NarrationInput } from '../../sim/spec';
import type { NodeId } from '../../sim/types';
import { lastLogIndex, lastLogTerm, termAt } from './log';
import { changedMembers, type MembershipRefusal } from './membership';
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

function range(from: number, to: number): string {
  return from === to ? `entry ${from}` : `entries ${from}–${to}`;
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
        : `AppendEntries term ${m.term}: ${range(m.prevLogIndex + 1, m.prevLogIndex + m.entries.length)} (prev ${m.prevLogIndex}/${m.prevLogTerm}, commit ${m.leaderCommit})`;
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
function commitNote(before: RaftContext, after: RaftContext, effects: readonly Effect[]): string {
  if (after.commitIndex <= before.commitIndex) return '';
  const applied = effects.flatMap((e) => {
    const note = e as RaftNote;
    return e.type === 'note' && note.kind === 'apply' ? [note.command] : [];
  });
  const what = applied.length > 3 ? `${applied.length} entries` : applied.join(', ');
  const configuration =
    after.membersIndex > before.commitIndex && after.membersIndex <= after.commitIndex
      ? `; configuration ${configurationText(after.members)} at index ${after.membersIndex} is now committed`
      : '';
  return `; commitIndex moves to ${after.commitIndex}${applied.length ? ` and it applies ${what}` : ''}${configuration}`;
}

/** "; it now uses configuration {S1,S2,S3,S4} (index 7, not yet committed)", when its log changed it. */
function configurationNote(before: RaftContext, after: RaftContext): string {
  if (after.membersIndex === before.membersIndex && after.members === before.members) return '';
  const where = after.membersIndex > 0 ? `index ${after.membersIndex}` : 'the initial one';
  const state = after.membersIndex > after.commitIndex ? ', not yet committed' : '';
  const self =
    after.isMember === before.isMember
      ? ''
      : after.isMember
        ? '; it is now a member'
        : '; it is no longer a member';
  return `; it now uses configuration ${configurationText(after.members)} (${where}${state})${self}`;
}

const REFUSALS: Record<MembershipRefusal, (server: NodeId, ctx: RaftContext) => string> = {
  'unknown-server': (s) => `there is no server ${s}`,
  'already-member': (s, c) => `${s} is already in its configuration ${configurationText(c.members)}`,
  'not-member': (s, c) => `${s} is not in its configuration ${configurationText(c.members)}`,
  'last-member': (s) => `${s} is the only server left in the configuration`,
  'catching-up': (_s, c) =>
    `it is still bringing ${c.joining?.server ?? 'a new server'} up to date before adding it: one change at a time`,
  'uncommitted-change': (_s, c) =>
    `its configuration ${configurationText(c.members)} at index ${c.membersIndex} is not committed yet: one change at a time`,
  'no-commit-this-term': (_s, c) =>
    `it has not yet committed an entry of its own term ${c.currentTerm}, and a leader may change the configuration only after that (the 2015 fix to single-server changes)`,
};

function narrateMembership(
  node: NodeId,
  payload: unknown,
  before: { role: string; context: RaftContext },
  after: { role: string; context: RaftContext },
  effects: readonly Effect[],
): string | null {
  const request = membershipRequest(payload);
  if (!request) return null;
  const verb = request.change === 'add' ? `add ${request.server}` : `remove ${request.server}`;
  if (before.role !== 'leader')
    return `${node} is asked to ${verb}, but it is not the leader: only a leader changes the configuration`;
  const b = before.context;
  const a = after.context;
  if (findNote(effects, 'refused-while-transferring'))
    return `${node} is handing leadership over to ${b.transferTo ?? 'another server'} and refuses to ${verb}`;
  const note = findNote(effects, 'membership');
  if (!note) return null;
  if (note.refusal) return `${node} refuses to ${verb}: ${REFUSALS[note.refusal](request.server, b)}`;
  if (note.outcome === 'appended') {
    const members = a.members;
    const server = request.server;
    let consequence = '';
    if (!a.isMember) {
      consequence = `; ${node} leads on without counting itself until that configuration is committed, then steps down`;
    } else if (request.change === 'remove') {
      // The removed server gets no more messages, so it never learns of its removal.
      consequence = a.config.preVote
        ? `; ${server} gets nothing more from the leader and never learns it was removed, but PreVote keeps it from disturbing the cluster: servers that hear from the leader refuse it pre-votes`
        : `; ${server} gets nothing more from the leader and never learns it was removed: with PreVote off, its own elections can depose the leader`;
    }
    return `${node} appends configuration ${configurationText(members)} at index ${a.log.length} to ${verb} and uses it at once: majorities now count over ${members.length} ${members.length === 1 ? 'server' : 'servers'}${consequence}${commitNote(b, a, effects)}`;
  }
  const target = configurationText(changedMembers(b.members, request));
  return `${node} is asked to ${verb}: before appending configuration ${target} it brings ${request.server}'s log up to index ${a.joining?.until ?? b.log.length}, ${request.server} not voting meanwhile`;
}

/** "S2 sees term 4 from leader S1, adopts it, steps down from candidate and ", when a later term made it. */
function stepDown(
  node: NodeId,
  before: { role: string; context: RaftContext },
  after: RaftContext,
  from: string,
  effects: readonly Effect[],
): string {
  if (!findNote(effects, 'later-term')) return '';
  const was = before.role === 'follower' ? '' : `, steps down from ${before.role}`;
  return `${node} sees term ${after.currentTerm} ${from}, adopts it${was} and `;
}

function electionStart(
  node: NodeId,
  before: { role: string; context: RaftContext },
  after: { role: string; context: RaftContext },
  forced: boolean,
): string {
  const cause = forced ? `${node} is made to time out` : `${node} times out`;
  if (after.role === 'precandidate') {
    const again = before.role === 'precandidate' ? ' (its last round of pre-votes fell short)' : '';
    return `${cause}${again} and asks for pre-votes for term ${after.context.currentTerm + 1}; its own term stays ${after.context.currentTerm}`;
  }
  const term = after.context.currentTerm;
  const again =
    before.role === 'candidate'
      ? ` (its election for term ${before.context.currentTerm} found no winner)`
      : '';
  const won = after.role === 'leader' ? ' and, being a majority on its own, wins at once' : '';
  return `${cause}${again} and starts an election for term ${term}${won}`;
}

function notMember(node: NodeId, ctx: RaftContext, opening: string): string {
  return `${opening} ${node} is not in its configuration ${configurationText(ctx.members)}: it starts no election and waits for a leader to contact it`;
}

function narrateDelivery(input: NarrationInput<RaftContext>): string | null {
  const { before, after, message } = input;
  if (!before || !after || !message) return null;
  const node = message.to;
  const m = message.body as RaftMessage;
  const b = before.context;
  const a = after.context;
  switch (m.type) {
    case 'RequestVote': {
      const prefix = stepDown(node, before, a, `in a vote request from ${m.candidateId}`, input.effects);
      const refused = findNote(input.effects, 'vote')?.refused;
      if (refused === null)
        return `${prefix}${prefix ? 'votes' : `${node} votes`} for ${m.candidateId} in term ${m.term}`;
      const who = prefix ? 'refuses' : `${node} refuses`;
      if (refused === 'stale-term')
        return `${node} refuses ${m.candidateId}'s vote request: term ${m.term} is stale (${node} is in term ${b.currentTerm})`;
      if (refused === 'voted-for-another') {
        return `${prefix}${who} ${m.candidateId}: it already voted for ${a.votedFor ?? 'another server'} in term ${a.currentTerm}`;
      }
      if (refused === 'log-behind') {
        return `${prefix}${who} ${m.candidateId}: its own log (last term ${lastLogTerm(a)}, index ${lastLogIndex(a)}) is more up to date than ${m.candidateId}'s (last term ${m.lastLogTerm}, index ${m.lastLogIndex})`;
      }
      return `${prefix}${who} ${m.candidateId}'s vote request`;
    }
    case 'RequestVoteResponse': {
      const prefix = stepDown(node, before, a, `in ${m.from}'s answer`, input.effects);
      if (prefix) return `${prefix}becomes a follower`;
      if (before.role !== 'candidate') return `${node} is no longer a candidate and ignores ${m.from}'s vote`;
      const ignored = findNote(input.effects, 'vote-ignored')?.why;
      if (ignored === 'stale-term')
        return `${node} ignores a stale vote answer from ${m.from} (term ${m.term})`;
      if (ignored === 'refused') return `${m.from} refused to vote for ${node} in term ${m.term}`;
      const votes = findNote(input.effects, 'votes');
      if (!votes) return null;
      if (after.role === 'leader') {
        return `${node} gets ${m.from}'s vote and wins the election for term ${a.currentTerm} with ${votes.counted} of ${votes.members} votes: it is now the leader and sends heartbeats`;
      }
      return `${node} gets ${m.from}'s vote (${votes.counted} of ${votes.members} in term ${a.currentTerm}, needs ${votes.needed})`;
    }
    case 'AppendEntries':
      return narrateAppendEntries(node, m, before, after, input.effects);
    case 'AppendEntriesResponse':
      return narrateAppendResponse(node, m, before, after, input.effects);
    case 'ClientRequest':
      return narrateClient(node, m.command, before.role, b, a, input.effects, `passed on by ${m.from}`);
    case 'TimeoutNow':
      if (after.role === 'candidate' || after.role === 'leader') {
        return `${node} gets TimeoutNow from ${m.from}, which is handing over leadership, and starts an election for term ${a.currentTerm} at once`;
      }
      return `${node} ignores a TimeoutNow from ${m.from} of term ${m.term} (${node} is in term ${b.currentTerm})`;
    case 'PreVote': {
      switch (findNote(input.effects, 'pre-vote')?.refused) {
        case null:
          return `${node} would vote for ${m.candidateId} in term ${m.term}: it grants a pre-vote, changing neither its term nor its vote`;
        case 'leader':
          return `${node} is the leader and refuses ${m.candidateId}'s pre-vote`;
        case 'not-later-term':
          return `${node} refuses ${m.candidateId}'s pre-vote for term ${m.term}: it is already in term ${b.currentTerm}`;
        case 'leader-contact':
          return `${node} refuses ${m.candidateId}'s pre-vote: it heard from leader ${b.leaderId ?? 'a leader'} within the election timeout`;
        default:
          return `${node} refuses ${m.candidateId}'s pre-vote: its own log (last term ${lastLogTerm(b)}, index ${lastLogIndex(b)}) is more up to date`;
      }
    }
    case 'PreVoteResponse': {
      // Winning the pre-votes raises the term too, by starting the election: that is no step-down.
      const prefix = stepDown(node, before, a, `in ${m.from}'s answer`, input.effects);
      if (prefix) return `${prefix}becomes a follower`;
      if (before.role !== 'precandidate')
        return `${node} is not asking for pre-votes any more and ignores ${m.from}'s answer`;
      const ignored = findNote(input.effects, 'pre-vote-ignored')?.why;
      if (ignored === 'older-round')
        return `${node} ignores ${m.from}'s answer to an older round of pre-votes`;
      if (ignored === 'refused') return `${m.from} refuses ${node} a pre-vote for term ${m.proposedTerm}`;
      if (after.role === 'candidate' || after.role === 'leader') {
        return `${node} gets ${m.from}'s pre-vote: with a majority it may try, and starts an election for term ${a.currentTerm}`;
      }
      const counted = findNote(input.effects, 'pre-votes');
      return `${node} gets ${m.from}'s pre-vote (${counted?.counted ?? 0} of ${counted?.members ?? a.members.length})`;
    }
  }
}

function narrateAppendEntries(
  node: NodeId,
  m: AppendEntries,
  before: { role: string; context: RaftContext },
  after: { role: string; context: RaftContext },
  effects: readonly Effect[],
): string {
  const b = before.context;
  const a = after.context;
  const what = m.entries.length === 0 ? 'heartbeat' : 'AppendEntries';
  const note = findNote(effects, 'append');
  if (!note) {
    return `${node} leads term ${b.currentTerm} too and ignores ${m.leaderId}'s ${what}: two leaders in one term, which Election Safety forbids`;
  }
  if (note.outcome === 'stale-term') {
    return `${node} refuses a ${what} from ${m.leaderId}: term ${m.term} is stale (${node} is in term ${b.currentTerm}); its answer tells ${m.leaderId} so`;
  }
  let prefix = stepDown(node, before, a, `from leader ${m.leaderId}`, effects);
  if (!prefix && before.role === 'candidate')
    prefix = `${node} hears from ${m.leaderId}, leader of term ${m.term}, steps down to follower and `;
  const subject = prefix ? '' : `${node} `;
  if (note.outcome === 'missing') {
    return `${prefix}${subject}refuses ${m.leaderId}'s ${what}: it has no entry at index ${m.prevLogIndex} (its log ends at ${b.log.length})`;
  }
  if (note.outcome === 'mismatch') {
    return `${prefix}${subject}refuses ${m.leaderId}'s ${what}: its entry at index ${m.prevLogIndex} has term ${termAt(b.log, m.prevLogIndex)}, not ${m.prevLogTerm}`;
  }
  const commit = commitNote(b, a, effects);
  if (m.entries.length === 0)
    return `${prefix}${subject}accepts ${m.leaderId}'s heartbeat for term ${m.term}${commit}`;
  const first = m.prevLogIndex + 1;
  const last = m.prevLogIndex + m.entries.length;
  if (note.changedFrom === null)
    return `${prefix}${subject}already holds ${range(first, last)} from ${m.leaderId}: nothing to change${commit}`;
  const firstNew = note.changedFrom;
  const configuration = configurationNote(b, a);
  if (note.truncated) {
    return `${prefix}${subject}deletes its conflicting entries from index ${firstNew} (term ${termAt(b.log, firstNew)}) and takes ${range(firstNew, last)} from ${m.leaderId}${configuration}${commit}`;
  }
  return `${prefix}${subject}appends ${range(firstNew, last)} from ${m.leaderId}, leader of term ${m.term}${configuration}${commit}`;
}

function narrateAppendResponse(
  node: NodeId,
  m: AppendEntriesResponse,
  before: { role: string; context: RaftContext },
  after: { role: string; context: RaftContext },
  effects: readonly Effect[],
): string {
  const b = before.context;
  const a = after.context;
  const prefix = stepDown(node, before, a, `in ${m.from}'s answer`, effects);
  if (prefix) return `${prefix}becomes a follower`;
  if (before.role !== 'leader') return `${node} is no longer leader and ignores ${m.from}'s answer`;
  if (m.term !== b.currentTerm) return `${node} ignores a stale answer from ${m.from} (term ${m.term})`;
  if (m.success) {
    const commit = commitNote(b, a, effects);
    const moved = (a.matchIndex[m.from] ?? 0) > (b.matchIndex[m.from] ?? 0);
    const base = moved
      ? `${node} learns that ${m.from} holds its log up to index ${m.matchIndex} (matchIndex ${m.matchIndex})`
      : `${m.from} confirms ${node}'s ${m.matchIndex > 0 ? `log up to index ${m.matchIndex}` : 'leadership'}`;
    const uncountable = moved ? findNote(effects, 'uncountable-majority') : undefined;
    const held = uncountable
      ? `; index ${uncountable.index} (term ${uncountable.term}) is now on a majority, but ${node} may not mark it committed by counting: a leader counts replicas only for entries of its own term (section 5.4.2)`
      : '';
    const sent = sends(effects);
    if (findNote(effects, 'caught-up')) {
      return `${base}: ${m.from} has caught up, so ${node} appends configuration ${configurationText(a.members)} at index ${a.log.length} to add it, and uses it at once${commit}`;
    }
    const more = sent.some((x) => x.message.type === 'TimeoutNow')
      ? `; its log now up to date, ${node} sends it TimeoutNow`
      : sent.length > 0
        ? `, and sends it more`
        : '';
    const removed =
      after.role === 'follower'
        ? `; ${node} is not in that configuration: it steps down and, outside the cluster, starts no more elections`
        : '';
    return `${base}${commit}${held}${more}${removed}`;
  }
  if (findNote(effects, 'backoff') && (a.nextIndex[m.from] ?? 0) !== (b.nextIndex[m.from] ?? 0)) {
    return `${m.from} refused: ${node} moves nextIndex for ${m.from} back to ${a.nextIndex[m.from]} and retries`;
  }
  return `${node} ignores ${m.from}'s refusal of an older request`;
}

function narrateClient(
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
      return `${node} is handing leadership over to ${b.transferTo ?? 'another server'} and refuses the client request ${cmd(command)} (${how})`;
    }
    const index = a.log.length;
    return `${node} appends ${cmd(command)} (${how}) to its log at index ${index}, term ${a.currentTerm}, and replicates it${commitNote(b, a, [])}`;
  }
  const forward = sends(effects).find((s) => s.message.type === 'ClientRequest');
  if (forward)
    return `${node} is not the leader: the client request ${cmd(command)} (${how}) goes on to ${forward.to}, the leader ${node} knows`;
  return `${node} is not the leader and knows none: the client request ${cmd(command)} (${how}) fails`;
}

export function narrate(input: NarrationInput<RaftContext>): string | null {
  const { before, after, node } = input;
  switch (input.kind) {
    case 'deliver':
      return narrateDelivery(input);
    case 'timer': {
      if (!before || !after || !node) return null;
      if (input.timer === 'election') {
        if (!before.context.isMember)
          return notMember(node, before.context, `${node}'s election timer fires, but`);
        return electionStart(node, before, after, false);
      }
      if (input.timer === 'catch-up') {
        const server = before.context.joining?.server ?? 'the new server';
        return `${node} gives up adding ${server}: ${server} made no progress for an election timeout, and the configuration stays ${configurationText(after.context.members)}`;
      }
      if (input.timer === 'transfer') {
        return `${node} gives up handing leadership over to ${before.context.transferTo ?? 'another server'}: no election came of it in time; it takes client requests again`;
      }
      if (input.timer === 'leader-contact') {
        return `${node} has heard from no leader for the minimum election timeout: from now on it grants pre-votes`;
      }
      if (input.timer === 'heartbeat') {
        const msgs = sends(input.effects);
        const withEntries = msgs.filter(
          (s) => s.message.type === 'AppendEntries' && s.message.entries.length > 0,
        );
        const extra = withEntries.length
          ? ` (with entries for ${listNames(withEntries.map((s) => s.to))})`
          : '';
        return `${node} sends heartbeats to ${listNames(msgs.map((s) => s.to))}${extra}`;
      }
      return null;
    }
    case 'action': {
      const action = input.action;
      if (!action || !node) return null;
      if (action.type === 'timeout' && before && after) {
        if (before.role === 'leader')
          return `${node} is the leader and has no election timer: nothing happens`;
        if (!before.context.isMember)
          return notMember(node, before.context, `${node} is made to time out, but`);
        return electionStart(node, before, after, true);
      }
      if (action.type === 'client' && before && after) {
        const membership = narrateMembership(node, action.payload, before, after, input.effects);
        if (membership) return membership;
      }
      if (action.type === 'client' && before && after && transferTarget(action.payload) !== null) {
        const target = transferTarget(action.payload);
        if (before.role !== 'leader')
          return `${node} is not the leader: only a leader can hand over leadership`;
        if (findNote(input.effects, 'transfer-refused'))
          return `${node} cannot hand leadership over to ${target}: it is not a member of the cluster`;
        const now = sends(input.effects).some((s) => s.message.type === 'TimeoutNow');
        return now
          ? `${node} is asked to hand leadership over to ${target}: it stops taking client requests and, ${target}'s log being up to date, sends it TimeoutNow`
          : `${node} is asked to hand leadership over to ${target}: it stops taking client requests and first brings ${target}'s log up to date`;
      }
      if (action.type === 'client' && before && findNote(input.effects, 'refused-while-transferring')) {
        return `${node} is handing leadership over to ${before.context.transferTo ?? 'another server'} and refuses the client request`;
      }
      if (action.type === 'client' && before && after) {
        return narrateClient(
          node,
          toCommandOf(after.context, input),
          before.role,
          before.context,
          after.context,
          input.effects,
          'from a client',
        );
      }
      return null;
    }
    case 'crash': {
      if (!before || !node) return null;
      const c = before.context;
      return `${node} crashes. Stable storage keeps currentTerm ${c.currentTerm}, votedFor ${c.votedFor ?? 'nobody'} and ${c.log.length} log ${c.log.length === 1 ? 'entry' : 'entries'}; commitIndex ${c.commitIndex}, lastApplied ${c.lastApplied}${before.role === 'leader' ? ', nextIndex, matchIndex' : ''} and the state machine are lost`;
    }
    case 'restart': {
      if (!after || !node) return null;
      const c = after.context;
      return `${node} restarts as a follower from stable storage: term ${c.currentTerm}, votedFor ${c.votedFor ?? 'nobody'}, ${c.log.length} log ${c.log.length === 1 ? 'entry' : 'entries'}, commitIndex back to 0; its election timer is set`;
    }
    case 'drop': {
      const m = input.message;
      if (!m) return null;
      const body = m.body as RaftMessage;
      const what = body.type === 'AppendEntries' && body.entries.length === 0 ? 'heartbeat' : body.type;
      if (input.dropReason === 'loss') return `The network loses ${m.from}'s ${what} to ${m.to}`;
      if (input.dropReason === 'partition') return `The partition stops ${m.from}'s ${what} to ${m.to}`;
      return `${m.from}'s ${what} reaches ${m.to}, which is down: it is lost`;
    }
    case 'resume':
      return node ? `${node} resumes after its pause and handles what queued up meanwhile` : null;
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
export function milestone(input: NarrationInput): string | null {
  const { before, after, node } = input;
  if (!before || !after || node === undefined) return null;
  const was = before.context as RaftContext;
  const now = after.context as RaftContext;
  if (after.role === 'leader' && before.role !== 'leader')
    return `${node} is elected leader of term ${now.currentTerm}`;
  // A leader's first commit of its term: from here on, earlier entries are safe too (section 5.4.2).
  if (
    after.role === 'leader' &&
    now.commitIndex > was.commitIndex &&
    termAt(was.log, was.commitIndex) !== now.currentTerm
  ) {
    const first = termAt(now.log, now.commitIndex) === now.currentTerm;
    if (first) return `${node} commits up to entry ${now.commitIndex} in term ${now.currentTerm}`;
  }
  return null;
}
