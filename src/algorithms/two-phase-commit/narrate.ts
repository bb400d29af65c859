/** Plain words for every event of a two-phase commit run, and one-line message labels. */
import { listNames } from '../../sim/format';
import type { Effect, NarrationInput, SimMessage } from '../../sim/spec';
import type { Action, NodeId } from '../../sim/types';
import { FORCED_TIMER, loggedDecision, protocolStateOf } from './machine';
import type { LogRecord, TwoPhaseCommitContext, TwoPhaseCommitMessage } from './types';

export function label(message: SimMessage): string {
  const m = message as TwoPhaseCommitMessage;
  switch (m.type) {
    case 'Prepared':
      return `Prepared: ${m.rm} votes yes`;
    case 'VoteNo':
      return `VoteNo: ${m.rm} votes no`;
    case 'Ack':
      return `Ack: ${m.rm} has ${m.decision === 'commit' ? 'committed' : 'aborted'}`;
    case 'DecisionRequest':
      return `DecisionRequest: ${m.rm} asks for the outcome`;
    case 'DecisionReply':
      return `DecisionReply: ${m.from} knows ${m.decision}`;
    default:
      return m.type;
  }
}

// -------------------------------------------------------------------------------------------------
// Narration

const RECORD_WORDS: Record<LogRecord, string> = { prepared: 'PREPARED', commit: 'COMMIT', abort: 'ABORT' };

/** "sends Commit to P1, P2 and P3 and Prepared to C" from a list of effects. */
function describeSends(effects: readonly Effect[]): string | null {
  const byKind = new Map<string, NodeId[]>();
  for (const e of effects) {
    if (e.type !== 'send') continue;
    const kind = e.message.type;
    byKind.set(kind, [...(byKind.get(kind) ?? []), e.to]);
  }
  if (byKind.size === 0) return null;
  return `sends ${listNames([...byKind].map(([kind, to]) => `${kind} to ${listNames(to)}`))}`;
}

function newRecords(before: readonly LogRecord[] | undefined, after: readonly LogRecord[]): LogRecord[] {
  return after.slice(before?.length ?? 0);
}

/** What the process did: log, lock, send, in that order. */
function describeEffects(input: NarrationInput<TwoPhaseCommitContext>): string[] {
  const parts: string[] = [];
  const after = input.after?.context;
  if (!after) return parts;
  const records = newRecords(input.before?.context.log, after.log);
  if (records.length > 0 && input.effects.some((e) => e.type === 'persist')) {
    parts.push(`logs ${records.map((r) => RECORD_WORDS[r]).join(' and ')}`);
  }
  const hadLocks = input.before?.context.locksHeld ?? false;
  if (!hadLocks && after.locksHeld)
    parts.push(input.kind === 'restart' ? 'takes its locks again' : 'takes its locks');
  if (hadLocks && !after.locksHeld) parts.push('releases its locks');
  const sends = describeSends(input.effects);
  if (sends) parts.push(sends);
  return parts;
}

function sentence(subject: string, parts: readonly string[], otherwise: string): string {
  if (parts.length === 0) return `${subject}${otherwise}`;
  return `${subject}: it ${listNames(parts)}`;
}

function describeDelivery(input: NarrationInput<TwoPhaseCommitContext>): string {
  const node = input.node as NodeId;
  const body = input.message?.body as TwoPhaseCommitMessage;
  const from = input.message?.from ?? '?';
  const before = input.before;
  const after = input.after;
  const stateBefore = before ? protocolStateOf(before.context) : '';
  const stateAfter = after ? protocolStateOf(after.context) : '';
  const parts = describeEffects(input);
  const subject = `${node} receives ${body.type} from ${from}`;
  const changed = stateBefore !== stateAfter;
  switch (body.type) {
    case 'Prepare':
      if (stateBefore === 'working') return `${subject}: it votes yes; it ${listNames(parts)}`;
      if (stateBefore === 'prepared') return `${subject} again: it repeats its yes vote`;
      if (stateBefore === 'aborted') return `${subject}, but it has aborted: it votes no`;
      return `${subject}; it has already committed and ignores it`;
    case 'Prepared': {
      if (stateBefore === 'init' && after) {
        const count = after.context.prepared.length;
        const total = after.context.config.participants.length;
        if (changed) return `${node} has every yes vote: it ${listNames(parts)}`;
        if (before?.context.prepared.includes(body.rm))
          return `${subject} again: ${body.rm}'s vote is counted once`;
        return `${subject}: ${body.rm} votes yes (${count} of ${total})`;
      }
      return `${subject} after the decision: the late vote changes nothing${parts.length > 0 ? `; it ${listNames(parts)}` : ''}`;
    }
    case 'VoteNo':
      if (changed) return `${subject}: ${body.rm} votes no, so ${node} aborts; it ${listNames(parts)}`;
      return `${subject}: it has already decided`;
    case 'Commit':
    case 'Abort': {
      const outcome = body.type === 'Commit' ? 'commits' : 'aborts';
      if (changed) return `${subject}: it ${outcome}; it ${listNames(parts)}`;
      if (stateBefore === 'committed' || stateBefore === 'aborted') {
        const same = (body.type === 'Commit') === (stateBefore === 'committed');
        if (same) return sentence(`${subject}: it has already ${stateBefore}, nothing changes`, parts, '');
        return `${subject}, but it has already ${stateBefore}: it ignores it`;
      }
      return `${subject}; it ignores it`;
    }
    case 'Ack': {
      if (!after) return subject;
      if (before?.context.acks.includes(body.rm)) return `${subject} again: nothing changes`;
      const acks = after.context.acks.length;
      const total = after.context.config.participants.length;
      return `${subject}: ${body.rm} has ${body.decision === 'commit' ? 'committed' : 'aborted'} (${acks} of ${total} acknowledged)${acks === total ? `; ${node} can forget the transaction` : ''}`;
    }
    case 'DecisionRequest': {
      const asker = body.rm;
      if (stateBefore === 'working' && changed) {
        return `${subject}: it has not voted, so it aborts; it ${listNames(parts)}`;
      }
      if (parts.some((p) => p.startsWith('sends')))
        return `${subject}: it knows the outcome; it ${listNames(parts)}`;
      if (stateBefore === 'init') return `${subject}: ${node} has not decided yet and keeps collecting votes`;
      return `${subject}: it is in doubt too and cannot help ${asker}`;
    }
    case 'DecisionReply':
      if (changed)
        return `${subject}: ${body.from} knows the outcome, so ${node} ${body.decision === 'commit' ? 'commits' : 'aborts'}; it ${listNames(parts)}`;
      return `${subject}: it already knows the outcome`;
  }
}

function describeTimer(input: NarrationInput<TwoPhaseCommitContext>): string {
  const node = input.node as NodeId;
  const before = input.before ? protocolStateOf(input.before.context) : '';
  const after = input.after ? protocolStateOf(input.after.context) : '';
  const parts = describeEffects(input);
  const forced = input.timer === FORCED_TIMER;
  const context = input.after?.context;
  if (context?.config.role === 'coordinator') {
    if (input.timer === 'start') return `${node} starts two-phase commit: phase one, it ${listNames(parts)}`;
    if (before === 'init' && after === 'aborted') {
      return `${node} ${forced ? 'is made to time out' : 'times out waiting for votes'}: it aborts; it ${listNames(parts)}`;
    }
    if (parts.length > 0) return `${node} has not heard every acknowledgement: it ${listNames(parts)}`;
    return `${node}'s ${input.timer ?? ''} timer fires; nothing to do`;
  }
  if (before === 'prepared' && after === 'aborted') {
    return `${node} hears nothing and aborts on its own although it voted yes (the broken variant); it ${listNames(parts)}`;
  }
  if (before === 'prepared') return `${node} is in doubt and hears nothing: it ${listNames(parts)}`;
  return `${node}'s ${input.timer ?? ''} timer fires; nothing to do`;
}

function describeRestart(input: NarrationInput<TwoPhaseCommitContext>): string {
  const node = input.node as NodeId;
  const context = input.after?.context;
  if (!context) return `${node} restarts`;
  const sends = describeSends(input.effects);
  const then = sends ? `; it ${sends}` : '';
  const persisted = input.effects.some((e) => e.type === 'persist');
  const state = protocolStateOf(context);
  if (context.config.role === 'coordinator') {
    if (persisted)
      return `${node} restarts with no decision on its log: presumed abort, it logs ABORT${then}`;
    return `${node} restarts and reads ${state === 'committed' ? 'COMMIT' : 'ABORT'} from its log${then}`;
  }
  if (state === 'prepared') {
    return `${node} restarts and reads PREPARED from its log: in doubt, it takes its locks again${then}`;
  }
  if (persisted)
    return `${node} restarts with no PREPARED on its log: its unprepared work is lost, so it logs ABORT`;
  return `${node} restarts and reads ${state === 'committed' ? 'COMMIT' : 'ABORT'} from its log: it has ${state}`;
}

function describeCrash(input: NarrationInput<TwoPhaseCommitContext>): string {
  const node = input.node as NodeId;
  const context = input.before?.context;
  if (!context) return `${node} crashes`;
  const log = context.log.length === 0 ? 'nothing' : context.log.map((r) => RECORD_WORDS[r]).join(', ');
  const locks = context.locksHeld ? ' (its locks stay taken: the data is still reserved)' : '';
  return `${node} crashes: its volatile state is lost; its log holds ${log}${locks}`;
}

function describeAction(input: NarrationInput<TwoPhaseCommitContext>, action: Action): string | null {
  if (action.type === 'timeout') return describeTimer(input);
  if (action.type !== 'client') return null;
  const node = input.node as NodeId;
  if (action.payload !== 'abort')
    return `${node} ignores a client request it does not know (only "abort" means something here)`;
  const before = input.before ? protocolStateOf(input.before.context) : '';
  const after = input.after ? protocolStateOf(input.after.context) : '';
  if (before === 'init' && after === 'aborted') {
    return `${node} is asked to abort before it has decided (it may): it ${listNames(describeEffects(input))}`;
  }
  if (before === 'working' && after === 'aborted') {
    return `${node} aborts its transaction on its own (allowed while working): it ${listNames(describeEffects(input))}`;
  }
  if (before === 'prepared')
    return `${node} is asked to abort but has voted yes: it may not decide alone, and refuses`;
  return `${node} is asked to abort; it is ${before} and nothing changes`;
}

export function narrate(input: NarrationInput<TwoPhaseCommitContext>): string | null {
  switch (input.kind) {
    case 'deliver':
      return describeDelivery(input);
    case 'timer':
      return describeTimer(input);
    case 'restart':
      return describeRestart(input);
    case 'crash':
      return describeCrash(input);
    case 'action':
      return input.action ? describeAction(input, input.action) : null;
    default:
      return null;
  }
}

/** The turns of a commit: the coordinator's decision, and each participant learning it. */
export function milestone(input: NarrationInput<TwoPhaseCommitContext>): string | null {
  const { before, after, node } = input;
  if (!before || !after || node === undefined) return null;
  const decided = loggedDecision(after.context.log);
  if (decided === null || loggedDecision(before.context.log) !== null) return null;
  return after.context.config.role === 'coordinator'
    ? `${node} decides ${decided}`
    : `${node} learns ${decided}`;
}
