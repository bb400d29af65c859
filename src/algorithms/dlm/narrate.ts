/** Plain words for every event of a lock manager run, from the messages and the notes the rules left. */
import { listNames } from '../../sim/format';
import type { NarrationInput } from '../../sim/spec';
import { MODE_NAMES } from './modes';
import type { ClientContext, Decision, DlmContext, DlmMessage, ManagerContext } from './types';

export function labelMessage(m: DlmMessage): string {
  switch (m.type) {
    case 'LeaseGrant':
      return m.dialect === 'redis'
        ? `Expiry of ${m.ttl} s for my keys (PX)`
        : m.dialect === 'jetstream'
          ? `Key TTL of ${m.ttl} s`
          : `LeaseGrant TTL ${m.ttl} s`;
    case 'LeaseGranted':
      return `Lease ${m.lease}, TTL ${m.ttl} s`;
    case 'KeepAlive':
      return m.dialect === 'redis'
        ? `PEXPIRE my keys (${m.lease})`
        : m.dialect === 'jetstream'
          ? `KV touch my keys (${m.lease})`
          : `KeepAlive lease ${m.lease}`;
    case 'KeepAliveAck':
      return m.ttl > 0 ? `Lease ${m.lease} kept (${m.ttl} s)` : `Lease ${m.lease} not found`;
    case 'WriteData':
      return m.fenced ? `Write if rev(${m.key}) = ${m.token}` : `Write (token ${m.token}, unchecked)`;
    case 'WriteResult':
      return m.accepted ? `Write accepted at rev ${m.revision}` : 'Write refused: stale token';
    case 'Enqueue':
      return `Lock ${m.mode}`;
    case 'Convert':
      return `Convert to ${m.mode}`;
    case 'Dequeue':
      return 'Unlock';
    case 'Released':
      return 'Released';
    case 'Granted':
      return `Granted ${m.mode}, token ${m.token}`;
    case 'Denied':
      return `Denied ${m.mode}: ${m.reason}`;
    case 'Blocking':
      return `Blocking AST: ${m.by} wants ${m.mode}`;
    case 'Txn': {
      if (m.dialect !== 'etcd') return dialectLabel(m);
      const puts = m.txn.success.map((op) => (op.type === 'put' ? `put ${op.value}` : op.type)).join(', ');
      const cmp = m.txn.compare.map((c) => `${c.target}=${String(c.value)}`).join(' ');
      return `Txn ${cmp ? `if ${cmp} ` : ''}${puts}`;
    }
    case 'TxnReply':
      return m.result.ok
        ? m.result.succeeded
          ? `Txn ok, rev ${m.result.revision}`
          : 'Txn compare failed'
        : 'Txn: lease not found';
    case 'Watch':
      return `Watch ${m.prefix}`;
    case 'WatchEvents':
      return m.events.map((e) => `${e.type} ${e.key}`).join(', ');
    case 'Range':
      return `Range ${m.prefix}`;
    case 'RangeReply':
      return `${m.kvs.length} keys at rev ${m.revision}`;
  }
}

/** A transaction as the EX-only backends would say it: one key set if absent, then deleted. */
function dialectLabel(m: DlmMessage & { type: 'Txn' }): string {
  const op = m.txn.success[0];
  if (!op) return 'no-op';
  const creates = m.txn.compare.some((c) => c.target === 'create' && c.value === 0);
  if (op.type === 'delete') return m.dialect === 'redis' ? `DEL ${op.key}` : `KV purge ${op.key}`;
  if (op.type !== 'put') return op.type;
  if (m.dialect === 'redis') return creates ? `SET ${op.key} NX PX` : `SET ${op.key} XX`;
  return creates ? `KV create ${op.key}` : `KV update ${op.key}`;
}

function decisionWords(d: Decision): string {
  const blockers = d.against.filter((a) => !a.compatible);
  const what = `${d.client}'s ${d.conversion ? 'conversion to' : 'request for'} ${d.requested}`;
  switch (d.outcome) {
    case 'granted':
      return d.against.length === 0
        ? `${what} is granted: nobody else holds the resource`
        : `${what} is granted: the matrix lets ${d.requested} join ${listNames(d.against.map((a) => `${a.client}'s ${a.mode}`))}`;
    case 'refused':
      return `${what} is refused: this backend supports EX only`;
    case 'queued':
      if (blockers.length > 0)
        return `${what} waits in the ${d.conversion ? 'conversion' : 'waiting'} queue: ${d.requested} is incompatible with ${listNames(blockers.map((a) => `${a.client}'s ${a.mode}`))}`;
      return `${what} waits: it is compatible, but ${listNames(d.queuedBehind)} queued first`;
  }
}

type GrantedSend = { to: string; message: DlmMessage & { type: 'Granted' } };

function grantsSent(input: NarrationInput<DlmContext>): GrantedSend[] {
  return input.effects.filter(
    (e) => e.type === 'send' && e.message.type === 'Granted',
  ) as unknown as GrantedSend[];
}

function notes(input: NarrationInput<DlmContext>): Record<string, unknown>[] {
  return input.effects.filter((e) => e.type === 'note') as unknown as Record<string, unknown>[];
}

function narrateManager(input: NarrationInput<DlmContext>): string | null {
  const before = input.before?.context as ManagerContext | undefined;
  const after = input.after?.context as ManagerContext | undefined;
  if (!after) return null;
  const parts: string[] = [];
  for (const n of notes(input)) {
    if (n['kind'] === 'deadlock')
      parts.push(
        `M's deadlock search finds ${listNames(n['cycle'] as string[])} waiting for each other and denies ${String(n['victim'])}'s request`,
      );
    if (n['kind'] === 'lease-gone') parts.push(`${String(n['client'])}'s lease has ended: M drops its lock`);
    if (n['kind'] === 'release') parts.push(`${String(n['client'])} unlocks`);
  }
  if (after.decision && after.decision.seq !== before?.decision?.seq)
    parts.push(decisionWords(after.decision));
  for (const g of grantsSent(input))
    parts.push(
      `the backend has the grant at revision ${g.message.token}: M tells ${g.to} it holds ${g.message.mode}`,
    );
  if (parts.length === 0) return null;
  const text = parts.join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function narrateClient(input: NarrationInput<DlmContext>): string | null {
  const before = input.before?.context as ClientContext | undefined;
  const after = input.after?.context as ClientContext | undefined;
  if (!after || after.outcome === before?.outcome) return null;
  return `${input.node ?? ''} ${after.outcome}.`;
}

function sentLabels(input: NarrationInput<DlmContext>): string[] {
  return input.effects.flatMap((e) =>
    e.type === 'send' ? [`“${labelMessage(e.message as DlmMessage)}” to ${e.to}`] : [],
  );
}

/** What a process did when nothing it decided is worth a sentence of its own. */
function plain(input: NarrationInput<DlmContext>): string | null {
  const node = input.node ?? '';
  const sent = sentLabels(input);
  if (input.kind === 'deliver' && input.message) {
    const got = `${node} gets “${labelMessage(input.message.body as DlmMessage)}” from ${input.message.from}`;
    return sent.length > 0 ? `${got} and answers ${sent.join(', ')}.` : `${got}.`;
  }
  if (input.kind === 'timer') {
    if (input.timer === 'keepalive') return `${node} sends a keep-alive for its lease.`;
    if (input.timer === 'resync')
      return `${node} reads the lock prefix again, in case a watch event was lost.`;
    if (input.timer === 'deadlock-search')
      return `${node} searches its queues for a deadlock and finds none.`;
    if (input.timer?.startsWith('deadline:'))
      return `${node}'s older keep-alive deadline passes; a later one is in force.`;
    if (sent.length > 0) return `${node}'s ${input.timer ?? ''} timer fires: it sends ${sent.join(', ')}.`;
  }
  return null;
}

export function narrate(input: NarrationInput<DlmContext>): string | null {
  const role = input.after?.context.role ?? input.before?.context.role;
  if (input.kind === 'deliver' || input.kind === 'timer' || input.kind === 'action') {
    if (role === 'manager') return narrateManager(input) ?? plain(input);
    if (role === 'client') return narrateClient(input) ?? plain(input);
    if (role === 'backend') {
      for (const n of notes(input))
        if (n['kind'] === 'lease-expired')
          return `E's lease ${String(n['lease'])} runs out with no keep-alive: it deletes ${(n['keys'] as string[]).join(', ') || 'no keys'} and tells the watchers.`;
      return plain(input);
    }
  }
  return null;
}

export function milestone(input: NarrationInput<DlmContext>): string | null {
  for (const n of notes(input)) {
    if (n['kind'] === 'deadlock') return `Deadlock: ${String(n['victim'])} is the victim`;
    if (n['kind'] === 'lease-expired' && (n['keys'] as string[]).length > 0)
      return `E ends lease ${String(n['lease'])}`;
    if (n['kind'] === 'lease-lost' && n['mode'])
      return `${String(n['client'])} stops believing in its ${String(n['mode'])}`;
  }
  if (input.after?.context.role === 'manager') {
    const [g] = grantsSent(input);
    if (g) return `${g.to} holds ${g.message.mode}`;
  }
  return null;
}

export { MODE_NAMES };
