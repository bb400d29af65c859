/**
 * What a client asks of a Raft server, read from the request's payload: a key-value command, a
 * configuration change, or a leadership transfer. Payloads come from scenarios, share links and
 * the player's command box, so every shape is read defensively.
 */
import type { NodeId } from '../../sim/types';
import type { Command } from './types';

/** Turns a client payload into a key-value command: `{ key, value }`, `"k=v"`, or anything else as x. */
export function toCommand(payload: unknown, request: number): Command {
  if (payload && typeof payload === 'object' && !Array.isArray(payload)) {
    const p = payload as Record<string, unknown>;
    if (p.key !== undefined)
      return { key: String(p.key).slice(0, 40), value: String(p.value ?? '').slice(0, 80), request };
  }
  if (typeof payload === 'string' && payload.includes('=')) {
    const [key = '', ...rest] = payload.split('=');
    return { key: key.slice(0, 40), value: rest.join('=').slice(0, 80), request };
  }
  if (payload === null || payload === undefined) return { key: 'x', value: String(request), request };
  return { key: 'x', value: JSON.stringify(payload).slice(0, 80), request };
}

export interface MembershipRequest {
  change: 'add' | 'remove';
  server: NodeId;
}

/**
 * A client payload `{ "addServer": "S4" }` or `{ "removeServer": "S2" }`, or the text `add S4` /
 * `remove S2` typed into the player's command box, asks for a configuration change.
 */
export function membershipRequest(payload: unknown): MembershipRequest | null {
  if (payload && typeof payload === 'object' && !Array.isArray(payload)) {
    const p = payload as Record<string, unknown>;
    if (typeof p.addServer === 'string') return { change: 'add', server: p.addServer };
    if (typeof p.removeServer === 'string') return { change: 'remove', server: p.removeServer };
    return null;
  }
  if (typeof payload === 'string') {
    const match = /^\s*(add|remove)\s+(\S+)\s*$/i.exec(payload);
    if (match)
      return { change: (match[1] as string).toLowerCase() as 'add' | 'remove', server: match[2] as string };
  }
  return null;
}

/** A client payload `{ "transferTo": "S3" }` asks for a leadership transfer. */
export function transferTarget(payload: unknown): string | null {
  if (payload && typeof payload === 'object' && !Array.isArray(payload)) {
    const target = (payload as Record<string, unknown>).transferTo;
    if (typeof target === 'string') return target;
  }
  return null;
}
