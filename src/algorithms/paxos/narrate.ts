/**
 * Plain words for every Paxos event, in the paper's terms: prepare requests and promises, accept
 * requests and acceptances, proposal numbers written round.server ("2.S1").
 */
import { listNames } from '../../sim/format';
import type { Effect, NarrationInput } from '../../sim/spec';
import type { NodeId } from '../../sim/types';
import type { PaxosNote } from './rules';
import { ballotText as n, type PaxosContext, type PaxosMessage, type Value } from './types';

function entriesText(entries: readonly { slot: number; value: Value }[], multi: boolean): string {
  if (!multi) return entries.map((e) => e.value.v).join(', ');
  if (entries.length > 3)
    return `${entries.length} slots (${entries[0]?.slot}–${entries[entries.length - 1]?.slot})`;
  return entries.map((e) => `slot ${e.slot} = ${e.value.v}`).join(', ');
}

export function labelMessage(m: PaxosMessage): string {
  switch (m.type) {
    case 'Prepare':
      return m.firstSlot > 0
        ? `prepare(${n(m.ballot)}) for slots ${m.firstSlot} on`
        : `prepare(${n(m.ballot)})`;
    case 'Promise': {
      const acc = Object.entries(m.accepted);
      return `promise(${n(m.ballot)}) from ${m.acceptor}: ${acc.length === 0 ? 'nothing accepted' : acc.map(([s, p]) => `slot ${s} ${p.value.v} in ${n(p.ballot)}`).join(', ')}`;
    }
    case 'Nack':
      return `Nack from ${m.acceptor}: ${n(m.ballot)} is below its promise ${n(m.promised)}`;
    case 'Accept':
      return `accept(${n(m.ballot)}, ${entriesText(m.entries, m.entries.some((e) => e.slot > 0) || m.entries.length !== 1)})`;
    case 'Accepted':
      return `accepted(${n(m.ballot)}) by ${m.acceptor}: ${m.entries.map((e) => `${e.slot}=${e.value.v}`).join(', ')}`;
    case 'Chosen':
      return `chosen: ${m.entries.map((e) => `slot ${e.slot} = ${e.value.v}`).join(', ')}`;
    case 'Heartbeat':
      return `heartbeat of leader ${m.from} (${n(m.ballot)}), ${m.applied} slots learned`;
    case 'CatchUp':
      return `${m.node} asks for the log from slot ${m.firstSlot}`;
    case 'Forward':
      return `client request ${m.value.v} passed on by ${m.from}`;
  }
}

function notes(effects: readonly Effect[]): PaxosNote[] {
  return effects.filter((e) => e.type === 'note') as unknown as PaxosNote[];
}

function sent(effects: readonly Effect[]): { to: NodeId; message: PaxosMessage }[] {
  const out: { to: NodeId; message: PaxosMessage }[] = [];
  for (const e of effects) if (e.type === 'send') out.push({ to: e.to, message: e.message as PaxosMessage });
  return out;
}

function newlyLearned(
  before: PaxosContext | undefined,
  after: PaxosContext,
): { slot: number; value: Value }[] {
  return Object.entries(after.learned)
    .filter(([slot]) => before?.learned[Number(slot)] === undefined)
    .map(([slot, value]) => ({ slot: Number(slot), value }));
}

/** What else the server did: phases entered, values learned, pre-emption. */
function consequences(input: NarrationInput<PaxosContext>): string[] {
  const before = input.before?.context;
  const after = input.after?.context;
  if (!after) return [];
  const parts: string[] = [];
  const multi = after.config.mode === 'multi';
  for (const note of notes(input.effects)) {
    if (note.kind === 'preempted')
      parts.push(`it gives up its proposal ${n(before?.ballot ?? 0)}: ${n(note.by)} is higher`);
    if (note.kind === 'already-chosen')
      parts.push('it has already learned the chosen value, so it proposes nothing');
    if (note.kind === 'no-leader') parts.push('it knows no leader to pass it to, so the request is dropped');
  }
  if (
    (before?.phase !== 'preparing' && after.phase === 'preparing') ||
    (after.phase === 'preparing' && before && after.ballot !== before.ballot)
  ) {
    parts.push(
      `it starts phase 1 with proposal number ${n(after.ballot)}: prepare(${n(after.ballot)}) to the others`,
    );
  }
  if (before?.phase === 'preparing' && (after.phase === 'proposing' || after.phase === 'leader')) {
    if (after.phase === 'proposing') {
      const value = after.pending[0];
      const reported = before.reported[0];
      const why =
        reported && after.config.variant !== 'ignore-accepted'
          ? `the value of the highest accepted proposal reported (${reported.value.v} in ${n(reported.ballot)})`
          : reported
            ? `its own value, ignoring ${reported.value.v} accepted in ${n(reported.ballot)} (the broken variant)`
            : 'its own value, since no promise reported an accepted proposal';
      parts.push(`a majority promised: phase 2, accept(${n(after.ballot)}, ${value?.v ?? '?'}) with ${why}`);
    } else {
      const filled = Object.values(after.pending).filter((v) => v.v === 'no-op').length;
      const slots = Object.keys(after.pending).length;
      parts.push(
        `a majority promised: it leads with ${n(after.ballot)} and skips phase 1 for later slots${slots > 0 ? `; it proposes again ${slots} slot${slots === 1 ? '' : 's'} from the promises${filled > 0 ? `, ${filled} of them gaps filled with no-ops` : ''}` : ''}`,
      );
    }
  }
  const learned = newlyLearned(before, after);
  if (learned.length > 0) {
    parts.push(
      multi
        ? `it learns ${learned.map((l) => `slot ${l.slot} = ${l.value.v}`).join(', ')}${after.applied > (before?.applied ?? 0) ? ` and applies the log up to slot ${after.applied - 1}` : ''}`
        : `it learns that ${learned[0]?.value.v} is chosen`,
    );
  }
  return parts;
}

function withParts(subject: string, parts: readonly string[]): string {
  return parts.length === 0 ? subject : `${subject}: ${parts.join('; ')}`;
}

export function narrate(input: NarrationInput<PaxosContext>): string | null {
  const node = input.node;
  const after = input.after?.context;
  const before = input.before?.context;
  if (node === undefined || !after) return null;
  const parts = consequences(input);
  if (input.kind === 'deliver' && input.message) {
    const m = input.message.body as PaxosMessage;
    const from = input.message.from;
    const replies = sent(input.effects);
    const nack = replies.find((r) => r.message.type === 'Nack');
    switch (m.type) {
      case 'Prepare':
        if (nack)
          return `${node} receives prepare(${n(m.ballot)}) from ${from} but has promised ${n(before?.promised ?? 0)}: it refuses`;
        return withParts(
          `${node} receives prepare(${n(m.ballot)}) from ${from}: it promises to accept nothing numbered below it and reports ${Object.keys(before?.accepted ?? {}).length === 0 ? 'that it accepted nothing' : 'what it accepted'}`,
          parts.filter((p) => !p.startsWith('it starts phase 1') || after.phase === 'preparing'),
        );
      case 'Promise':
        if (before?.phase !== 'preparing' || before.ballot !== m.ballot)
          return `${node} receives a promise for ${n(m.ballot)} from ${m.acceptor}: it no longer needs it`;
        return withParts(
          `${node} receives a promise for ${n(m.ballot)} from ${m.acceptor} (${after.promises.length} of ${after.config.servers.length})`,
          parts,
        );
      case 'Nack':
        return withParts(
          `${node} hears from ${m.acceptor} that ${n(m.ballot)} is below its promise ${n(m.promised)}`,
          parts,
        );
      case 'Accept':
        if (nack)
          return `${node} receives accept(${n(m.ballot)}) from ${from} but has promised ${n(before?.promised ?? 0)}: it refuses`;
        return withParts(
          `${node} accepts proposal ${n(m.ballot)} (${entriesText(m.entries, after.config.mode === 'multi')}) from ${from} and tells ${after.config.mode === 'multi' ? from : 'every learner'}`,
          parts,
        );
      case 'Accepted':
        return withParts(`${node} hears that ${m.acceptor} accepted ${n(m.ballot)}`, parts);
      case 'Chosen':
        return withParts(`${node} hears from ${from} what was chosen`, parts);
      case 'Heartbeat':
        return withParts(`${node} receives a heartbeat from leader ${from} (${n(m.ballot)})`, parts);
      case 'CatchUp':
        return `${node} sends ${m.node} the chosen values from slot ${m.firstSlot}`;
      case 'Forward':
        return withParts(`${node} receives a client request ${m.value.v} passed on by ${from}`, parts);
    }
  }
  if (input.kind === 'timer') {
    if (input.timer === 'heartbeat')
      return `${node} sends heartbeats (and accept requests not yet answered) as leader`;
    return withParts(
      `${node}'s ${input.timer === 'propose' ? 'first proposal' : after.config.mode === 'multi' ? 'leader timeout' : 'retry timer'} fires`,
      parts,
    );
  }
  if (input.kind === 'action' && input.action?.type === 'client') {
    return withParts(`A client asks ${node} to propose ${JSON.stringify(input.action.payload ?? '')}`, parts);
  }
  if (input.kind === 'action' && input.action?.type === 'timeout')
    return withParts(`${node} is told to start phase 1 now`, parts);
  if (input.kind === 'restart') {
    const kept = after.promised > 0 || Object.keys(after.accepted).length > 0;
    return `${node} restarts: ${kept ? `from stable storage it still has its promise ${n(after.promised)} and ${Object.keys(after.accepted).length} accepted proposal(s)` : after.config.variant === 'no-persistence' ? 'it has forgotten every promise and acceptance (the broken variant)' : 'it had promised and accepted nothing'}`;
  }
  return parts.length > 0 ? withParts(node, parts) : null;
}

export function milestone(input: NarrationInput): string | null {
  const before = input.before?.context as PaxosContext | undefined;
  const after = input.after?.context as PaxosContext | undefined;
  const node = input.node;
  if (!after || node === undefined) return null;
  if (after.phase === 'leader' && before?.phase !== 'leader') return `${node} leads with ${n(after.ballot)}`;
  if (after.config.mode === 'single') {
    if (after.phase === 'preparing' && (before?.phase !== 'preparing' || before.ballot !== after.ballot))
      return `${node} prepares ${n(after.ballot)}`;
    const learned = newlyLearned(before, after)[0];
    if (learned) return `${node} learns ${learned.value.v}`;
  }
  return null;
}

export { listNames };
