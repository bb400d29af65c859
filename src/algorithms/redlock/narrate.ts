/**
 * Plain-words narration of every Redlock event, worked out from the node's role and context
 * before and after the event and from what it sent. The words follow the algorithm's steps.
 */
import { formatDuration, listNames } from '../../sim/format';
import type { NarrationInput } from '../../sim/spec';
import { describeCommand, describeReply } from './commands';
import { parseOp, quorum } from './machine';
import type { ClientContext, RedisNodeContext, RedlockContext, RedlockMessage, ReplyMessage } from './types';

export function labelMessage(m: RedlockMessage): string {
  switch (m.type) {
    case 'Command':
      return describeCommand(m.cmd);
    case 'Reply':
      return `${describeReply(m.reply)} (${describeCommand(m.cmd)})`;
    case 'TokenRequest':
      return `Token request for ${m.value}`;
    case 'TokenGrant':
      return `Token ${m.token} for ${m.value}`;
    case 'Write':
      return `Write "${m.data}"${m.token === null ? '' : ` with token ${m.token}`}`;
    case 'WriteResult':
      return m.accepted ? 'Write accepted' : `Write rejected (highest token ${m.highest ?? '-'})`;
  }
}

function keysOf(r: RedisNodeContext): string {
  const entries = Object.entries(r.keys);
  if (entries.length === 0) return 'no keys';
  return entries.map(([k, v]) => `${k}=${v.value}`).join(', ');
}

function sent(input: NarrationInput<RedlockContext>, type: string): RedlockMessage[] {
  const out: RedlockMessage[] = [];
  for (const e of input.effects)
    if (e.type === 'send' && e.message.type === type) out.push(e.message as RedlockMessage);
  return out;
}

function tally(c: ClientContext): string {
  return `${c.granted.length} of ${c.config.redis.length} granted, ${quorum(c.config.redis.length)} needed`;
}

/** What a client's decision or state change means, from the state it ended in. */
function clientOutcome(id: string, after: ClientContext, role: string, was: string): string | null {
  if (was !== role) {
    switch (role) {
      case 'deciding':
        return `every node has answered or timed out (${tally(after)}): ${id} reads its clock before deciding`;
      case 'holding':
        if (was === 'fencing')
          return `${id} has fencing token ${after.token ?? '-'}: it holds the lock and starts its work`;
        return after.deadlinePassed
          ? `${id} has a majority (${tally(after)}) but its validity is already gone; like node-redlock it takes the lock anyway`
          : `${id} has a majority (${tally(after)}) before its validity deadline: it holds the lock until its clock reaches the deadline`;
      case 'fencing':
        return `${id} has a majority (${tally(after)}) with validity left, and asks F for a fencing token`;
      case 'retrying':
        return `${id} fails (${after.outcome.replace(/^attempt \d+ failed: /, '')}): it unlocks every node and retries after a random delay`;
      case 'expired':
        return `${id}'s validity ends on its own clock: it no longer believes it holds the lock`;
      case 'idle':
        if (after.outcome.startsWith('gave up'))
          return `${id} fails its last attempt (${after.outcome.replace(/^gave up after .*?: /, '')}), unlocks every node and gives up`;
        if (after.outcome.startsWith('released'))
          return `${id} releases the lock with ${after.config.release === 'del' ? 'a plain DEL' : 'the compare-and-delete script'} on every node`;
        return null;
      default:
        return null;
    }
  }
  return null;
}

function narrateClient(input: NarrationInput<RedlockContext>, id: string): string | null {
  const before = input.before?.context as ClientContext | undefined;
  const after = input.after?.context as ClientContext | undefined;
  const was = input.before?.role ?? '';
  const role = input.after?.role ?? '';
  if (!before || !after) return null;
  const outcome = clientOutcome(id, after, role, was);
  const body = input.message?.body as RedlockMessage | undefined;

  if (input.kind === 'action' && input.action?.type === 'client') {
    const op = parseOp(input.action.payload);
    if (role === 'acquiring' && was !== 'acquiring') {
      const how = after.config.acquisition === 'parallel' ? 'to every node at once' : 'to one node at a time';
      return `${id} starts acquiring: SET lock ${after.value ?? ''} NX PX ${after.config.ttl / 1000} ${how}; its validity deadline is ${formatDuration(after.config.ttl - after.config.drift)} away on its clock (TTL − drift of ${formatDuration(after.config.drift)})`;
    }
    if (op?.op === 'extend' && after.extension && !before.extension)
      return `${id} asks every node to extend its key to ${after.config.ttl / 1000} ms (extension ${after.extensions} of at most 3)`;
    if (outcome) return outcome;
    return `${id} ignores the request "${op?.op ?? 'unknown'}" while ${was}`;
  }
  if (input.kind === 'deliver' && body) {
    const from = input.message?.from ?? '?';
    if (body.type === 'Reply') {
      const r = body as ReplyMessage;
      const what = `${describeReply(r.reply)} from ${from} to ${describeCommand(r.cmd)}`;
      if (outcome) return `${what}; ${outcome}`;
      if (was === 'acquiring' && r.cmd.op === 'set' && r.cmd.value === after.value && after !== before) {
        const next = after.queue.length < before.queue.length ? `; ${id} asks the next node` : '';
        return `${id} gets ${what} (${tally(after)})${next}`;
      }
      if (r.cmd.op === 'cax' && after.extension !== before.extension)
        return `${id} gets ${what}: ${after.extension?.granted.length ?? 0} of ${after.config.redis.length} extended so far`;
      if (r.cmd.op === 'cad' || r.cmd.op === 'del') return `${id} gets ${what}`;
      return `${id} gets a late ${what} and ignores it`;
    }
    if (body.type === 'WriteResult') {
      const verdict = body.accepted
        ? `S accepted ${id}'s write`
        : `S rejected ${id}'s write (it has seen token ${body.highest ?? '-'})`;
      return `${verdict}${outcome ? `; ${outcome}` : ''}`;
    }
    if (body.type === 'TokenGrant')
      return outcome ?? `${id} gets token ${body.token} too late and ignores it`;
  }
  if (input.kind === 'timer') {
    const timer = input.timer ?? '';
    if (timer === 'node-timeout') {
      const late = after.refused.filter((n) => !before.refused.includes(n));
      const who = late.length > 0 ? listNames(late) : 'a node';
      const them = late.length > 1 ? 'them as failures' : 'it as a failure';
      return `${id} stops waiting for ${who} after ${formatDuration(after.config.nodeTimeout)} and counts ${them}${outcome ? `; ${outcome}` : ''}`;
    }
    if (timer.startsWith('validity:')) {
      if (role === 'idle' && after.outcome === 'released after expiry')
        return `${id}'s validity ends on its own clock while its write is on the way: it releases the lock on every node`;
      if (outcome) return outcome;
      if (after.deadlinePassed && !before.deadlinePassed)
        return `${id}'s validity deadline passes before it has decided: TTL − elapsed − drift is no longer positive`;
      return `An old validity deadline of ${id} passes; it no longer matters`;
    }
    if (timer === 'read-clock') {
      if (outcome) return outcome;
      if (was === 'holding') {
        return after.outcome.startsWith('extended')
          ? `${id} has a majority of extensions in time: its validity now runs from the start of the extension`
          : `${id}'s extension failed (no majority): it keeps its old deadline`;
      }
      return `${id} reads its clock`;
    }
    if (timer === 'retry')
      return `${id} retries after its random delay: attempt ${after.attempt}${outcome ? `; ${outcome}` : ''}`;
    if (timer === 'work') {
      if (sent(input, 'Write').length > 0)
        return `${id} finishes its work while it believes it holds the lock, and writes to S${after.token === null ? '' : ` with token ${after.token}`}`;
      return `${id} finishes its work, but its validity has ended: it does not write, and releases`;
    }
    if (timer === 'next-request')
      return `${id} comes back for the lock: SET lock ${after.value ?? ''} NX PX ${after.config.ttl / 1000} to ${after.config.acquisition === 'parallel' ? 'every node at once' : 'one node at a time'}`;
    if (timer === 'extend-timeout') return `${id} stops waiting for extension replies and reads its clock`;
  }
  return outcome;
}

function narrateRedis(input: NarrationInput<RedlockContext>, id: string): string | null {
  const before = input.before?.context as RedisNodeContext | undefined;
  const after = input.after?.context as RedisNodeContext | undefined;
  const role = input.after?.role ?? '';
  if (input.kind === 'crash') {
    if (!before || Object.keys(before.keys).length === 0) return `${id} crashes; it holds no keys`;
    const kept = before.persistence === 'fsync' ? 'they are on disk' : 'without persistence they are lost';
    return `${id} crashes holding ${keysOf(before)}; ${kept}`;
  }
  if (input.kind === 'restart' && after) {
    const keys = `restarts with ${keysOf(after)}`;
    return role === 'recovering'
      ? `${id} ${keys}, and stays out of service for ${formatDuration(after.restartDelay)} (the TTL) so every lock it granted expires first`
      : `${id} ${keys}`;
  }
  if (!before || !after) return null;
  const body = input.message?.body as RedlockMessage | undefined;
  if (input.kind === 'deliver' && body?.type === 'Command') {
    if (input.before?.role === 'recovering')
      return `${id} is still recovering: it does not answer ${describeCommand(body.cmd)} from ${body.from}`;
    const reply = sent(input, 'Reply')[0] as ReplyMessage | undefined;
    return `${id} runs ${describeCommand(body.cmd)} for ${body.from} and answers ${reply ? describeReply(reply.reply) : 'nothing'}`;
  }
  if (input.kind === 'timer' && input.timer?.startsWith('expire:')) {
    const key = input.timer.slice('expire:'.length);
    const value = before.keys[key]?.value;
    return value === undefined
      ? `An expiry timer for ${key} fires on ${id}, but the key is gone already`
      : `${key}=${value} expires on ${id}, measured by ${id}'s own clock`;
  }
  if (input.kind === 'timer' && input.timer === 'recovered')
    return `${id} has waited out the TTL and serves again`;
  return null;
}

export function narrate(input: NarrationInput<RedlockContext>): string | null {
  const id = input.node;
  if (
    input.kind === 'action' &&
    input.action &&
    input.action.type !== 'client' &&
    input.action.type !== 'timeout'
  )
    return null;
  if (input.kind === 'drop' && input.message) {
    const { from, to, body } = input.message;
    const what = `${labelMessage(body as RedlockMessage)} from ${from} to ${to}`;
    if (input.dropReason === 'down') return `${what} arrives, but ${to} is down`;
    if (input.dropReason === 'partition') return `The partition stops ${what}`;
    return `The network loses ${what}`;
  }
  if (input.kind === 'resume' || id === undefined) return null;
  if (input.kind === 'action' && input.action?.type === 'timeout') {
    if (input.after?.role === 'acquiring' && input.before?.role === 'retrying')
      return `${id} is told not to wait any longer: it retries at once`;
    return `${id} has no retry waiting: nothing happens`;
  }
  const ctx = input.after?.context ?? input.before?.context;
  if (!ctx) {
    if (input.kind === 'crash') return `${id} crashes`;
    return null;
  }
  switch (ctx.role) {
    case 'client':
      if (input.kind === 'crash') return `${id} crashes; whatever it believed about the lock dies with it`;
      if (input.kind === 'restart') return `${id} restarts idle, remembering nothing`;
      return narrateClient(input, id);
    case 'redis':
      return narrateRedis(input, id);
    case 'storage': {
      const body = input.message?.body as RedlockMessage | undefined;
      if (body?.type === 'Write' && ctx.role === 'storage') {
        const w = ctx.writes[ctx.writes.length - 1];
        if (!w) return null;
        const token = w.token === null ? '' : ` with token ${w.token}`;
        return w.accepted
          ? `S accepts the write from ${w.from}${token}`
          : `S rejects the write from ${w.from}${token}: it has already seen token ${ctx.highest ?? '-'}`;
      }
      if (input.kind === 'crash') return 'S crashes; its data is on disk';
      if (input.kind === 'restart') return 'S restarts with its data';
      return null;
    }
    case 'tokens': {
      const body = input.message?.body as RedlockMessage | undefined;
      if (body?.type === 'TokenRequest')
        return `F hands ${body.from} fencing token ${ctx.counter}: one more than any before`;
      if (input.kind === 'crash') return 'F crashes; its counter is on disk';
      if (input.kind === 'restart') return `F restarts; its counter is still ${ctx.counter}`;
      return null;
    }
  }
}
