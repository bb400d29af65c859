/**
 * Plain words for every Leaf event, from the notes the machine leaves (what it handed out, when
 * it started a load and with which step, what the database leased) and the contexts around the
 * event. A few turns of the story are chapter marks: a server's first lease, a switch of buffers,
 * a refusal, a failed load, a lease of a range that was not the server's.
 */
import { formatDuration } from '../../sim/format';
import type { NarrationInput } from '../../sim/spec';
import type { LeafNote } from './machine';
import { remaining } from './machine';
import type { IdRun, LeafContext, LeafMessage, Segment, ServerContext } from './types';

export function describeRuns(runs: readonly IdRun[]): string {
  if (runs.length === 0) return 'no IDs';
  return runs.map(([a, b]) => (a === b ? String(a) : `${a}–${b}`)).join(', ');
}

/** A segment as the article writes it: first to last. */
export function describeSegment(s: { first: number; max: number }): string {
  return `${s.first}–${s.max - 1}`;
}

export function labelMessage(m: LeafMessage): string {
  switch (m.type) {
    case 'Get':
      return `get ${m.count} ID${m.count === 1 ? '' : 's'} (request ${m.request})`;
    case 'Ids':
      return m.failed > 0 ? `${describeRuns(m.runs)}; ${m.failed} failed` : describeRuns(m.runs);
    case 'Claim':
      return `UPDATE max_id = max_id + ${m.step ?? 'step'}; SELECT`;
    case 'Claimed':
      return `max_id=${m.maxId}, step=${m.step}`;
    case 'Read':
      return 'SELECT max_id';
    case 'Row':
      return `max_id=${m.maxId}`;
    case 'Write':
      return `UPDATE max_id = ${m.maxId}`;
    case 'Written':
      return `max_id=${m.maxId}`;
  }
}

function notes(input: NarrationInput<LeafContext>): LeafNote[] {
  return input.effects.filter((e) => e.type === 'note') as LeafNote[];
}

function stepWords(n: LeafNote & { kind: 'load-start' }, c: ServerContext): string {
  const lasted = n.lasted === null ? '' : `the step was last set ${formatDuration(n.lasted)} ago`;
  const limit = formatDuration(c.config.segmentDuration);
  switch (n.how) {
    case 'row':
      return 'with the row’s own step';
    case 'doubled':
      return `with step ${n.step}, doubled: ${lasted}, under ${limit}`;
    case 'capped':
      return `with step ${n.step}: doubling would pass the largest step, ${c.config.maxStep}`;
    case 'kept':
      return `with step ${n.step}, kept: ${lasted}, between ${limit} and twice that`;
    case 'halved':
      return `with step ${n.step}, halved: ${lasted}, over twice ${limit}`;
    case 'floor':
      return `with step ${n.step}: halving would go below the row’s step`;
  }
}

function serverWords(input: NarrationInput<LeafContext>, id: string, after: ServerContext): string[] {
  const parts: string[] = [];
  for (const n of notes(input)) {
    switch (n.kind) {
      case 'served':
        parts.push(`${id} hands ${n.client} ${describeRuns(n.runs)}`);
        break;
      case 'switched':
        parts.push(
          `the current segment is used up: ${id} switches to the other buffer, ${n.first}–${n.max - 1}`,
        );
        break;
      case 'load-due': {
        const pct = Math.round((n.used / n.step) * 100);
        parts.push(
          n.used >= n.step
            ? `the current segment is used up and no load is running: ${id}’s loader thread starts on the next one`
            : `${pct}% of the current segment is used, past 10%: ${id}’s loader thread starts on the next one`,
        );
        break;
      }
      case 'init-load':
        parts.push(`${id} has never loaded a segment: it loads the first one while the caller waits`);
        break;
      case 'waiting':
        parts.push(
          after.initOk
            ? `both buffers are empty: ${n.client} waits up to ${formatDuration(after.config.waitFor)} for the load in flight`
            : `${n.client} waits for the first segment`,
        );
        break;
      case 'refused':
        parts.push(`${id} fails ${n.failed} call${n.failed === 1 ? '' : 's'} of ${n.client}: ${n.reason}`);
        break;
      case 'load-start':
        parts.push(
          n.statement === 'read'
            ? `${id}’s loader reads max_id with a plain SELECT, outside any transaction (${stepWords(n, after)})`
            : `${id}’s loader sends UPDATE leaf_alloc SET max_id = max_id + step, then SELECT, in one transaction (${stepWords(n, after)})`,
        );
        break;
      case 'leased':
        parts.push(
          n.believed
            ? `${id} takes ${n.first}–${n.max - 1} as its next segment, computed from the max_id it saw last time instead of the row it updated`
            : n.init
              ? `${id} owns ${n.first}–${n.max - 1} (max_id − step to max_id − 1): its first segment, in the current buffer`
              : `${id} owns ${n.first}–${n.max - 1}: the next segment is ready in the other buffer`,
        );
        break;
      case 'load-failed':
        parts.push(
          n.init
            ? `${id} gives up on the database: the first segment could not be loaded`
            : `${id} gives up on the database: the load failed; it keeps serving what it holds and tries again at the next call`,
        );
        break;
      case 'stale':
        parts.push(
          `a late answer to load ${n.load}, which ${id} already gave up on: that range stays unused, a gap`,
        );
        break;
      default:
        break;
    }
  }
  return parts;
}

function unused(c: ServerContext): string {
  const held: Segment[] = [];
  const current = c.segments[c.current];
  if (current && remaining(current) > 0) held.push({ ...current, first: current.next });
  const next = c.segments[c.current === 0 ? 1 : 0];
  if (c.nextReady && next) held.push(next);
  if (held.length === 0) return 'it held no unused IDs';
  return `its unused IDs ${held.map(describeSegment).join(' and ')} are lost: a gap, never a duplicate`;
}

function sentence(parts: string[]): string {
  const text = parts.join('; ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function narrate(input: NarrationInput<LeafContext>): string | null {
  const id = input.node ?? '?';
  const before = input.before?.context;
  const after = input.after?.context;
  if (input.kind === 'crash') {
    if (before?.role === 'server') return `${id} crashes: ${unused(before)}`;
    if (before?.role === 'db')
      return `The database ${id} goes down: the row is on disk, but no server can lease a segment`;
    return `${id} crashes`;
  }
  if (input.kind === 'restart') {
    if (after?.role === 'server')
      return `${id} restarts with both buffers empty; its next request leases a fresh segment`;
    if (after?.role === 'db') return `The database ${id} is back, with max_id ${after.maxId}`;
    return `${id} restarts`;
  }
  if (!after) return null;
  const body = input.message?.body as LeafMessage | undefined;
  if (after.role === 'client') {
    if (input.kind === 'timer' || input.kind === 'action') {
      const sent = input.effects.find((e) => e.type === 'send');
      if (sent?.type === 'send') {
        const m = sent.message as LeafMessage;
        if (m.type === 'Get')
          return `${id} asks ${sent.to} for ${m.count} ID${m.count === 1 ? '' : 's'} (request ${m.request})`;
      }
      return null;
    }
    if (input.kind === 'deliver' && body?.type === 'Ids') {
      const from = input.message?.from ?? '?';
      if (body.runs.length === 0) return `${id} gets no ID from ${from}: ${body.reason ?? 'refused'}`;
      return `${id} receives ${describeRuns(body.runs)} from ${from}${body.failed > 0 ? `; ${body.failed} calls failed` : ''}`;
    }
    return null;
  }
  if (after.role === 'db') {
    const granted = notes(input).find((n) => n.kind === 'granted');
    if (granted?.kind === 'granted') {
      const g = granted.grant;
      return granted.blind
        ? `${id} runs UPDATE leaf_alloc SET max_id = ${g.max}, a blind write of the value ${g.server} read plus its step: ${g.server} takes ${describeSegment(g)}`
        : `${id} runs the transaction for ${g.server}: max_id ${granted.before} → ${g.max}, and the SELECT returns ${g.max}; ${g.server} leases ${describeSegment(g)}`;
    }
    if (body?.type === 'Read')
      return `${id} answers ${input.message?.from ?? '?'}’s SELECT: max_id is ${after.maxId}`;
    return null;
  }
  const parts = serverWords(input, id, after);
  if (parts.length === 0) {
    if (input.kind === 'timer') return null;
    if (body?.type === 'Row')
      return `${id} reads max_id ${body.maxId} and writes max_id = ${body.maxId + (after.loading?.step ?? after.minStep ?? 0)} back, assuming nobody else moved it`;
    return null;
  }
  return sentence(parts);
}

/** Turns of the story, for chapter marks. */
export function milestone(input: NarrationInput<LeafContext>): string | null {
  const id = input.node ?? '?';
  const after = input.after?.context;
  const before = input.before?.context;
  if (!after || after.role !== 'server') return null;
  const first = before?.role === 'server' ? before : null;
  for (const n of notes(input)) {
    if (n.kind === 'leased' && n.init) return `${id} leases its first segment, ${n.first}–${n.max - 1}`;
    if (n.kind === 'leased' && n.believed)
      return `${id} takes ${n.first}–${n.max - 1} without reading the row`;
    // Only the first of a spell: an outage fails every call after it.
    if (n.kind === 'refused' && first?.refused === 0) return `${id} fails ${n.client}’s calls`;
    if (n.kind === 'load-failed' && first?.lastError === null) return `${id}’s load fails`;
  }
  for (const n of notes(input)) if (n.kind === 'switched') return `${id} switches to ${n.first}–${n.max - 1}`;
  return null;
}
