import type { Scenario } from './types';
import { decodeScenario, encodeScenario, LIMITS } from './scenario';

/** A moment of a run worth sharing: the scenario, the event index at the cursor, and the drawn time. */
export interface SharedMoment {
  scenario: Scenario;
  cursor: number;
  time: number;
}

/** What a URL fragment asks the player to do. */
export type FragmentRequest =
  | { kind: 'none' }
  | { kind: 'moment'; moment: SharedMoment }
  | { kind: 'named'; id: string }
  | { kind: 'invalid'; reason: string };

/** A shared moment deeper than this would freeze the page for seconds while it replays. */
export const MAX_SHARED_CURSOR = 50_000;

/**
 * The fragment (without '#') that restores this moment: the kernel's scenario link with the event
 * index, plus the drawn time, which may lie between two events.
 */
export function encodeMoment(moment: SharedMoment): string {
  return `${encodeScenario(moment.scenario, moment.cursor)}&t=${Math.max(0, Math.round(moment.time))}`;
}

function plain(message: string): string {
  return message.replace(/^link: /, '').replace(/\.$/, '');
}

/** Reads a location hash; never throws, whatever the hash holds. */
export function parseFragment(hash: string): FragmentRequest {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  if (fragment === '') return { kind: 'none' };
  const named = /^scenario=([a-z0-9-]{1,80})$/.exec(fragment);
  if (named?.[1]) return { kind: 'named', id: named[1] };
  if (fragment.startsWith('scenario=')) {
    return { kind: 'invalid', reason: 'The scenario named in the address is not a name this player uses.' };
  }
  if (!fragment.startsWith('s=')) return { kind: 'none' };
  try {
    if (fragment.length > LIMITS.fragmentChars) throw new Error('it is too long to be a share link');
    const { scenario, at } = decodeScenario(fragment);
    const cursor = at ?? -1;
    if (cursor > MAX_SHARED_CURSOR) throw new Error('its moment lies too far into the run to replay here');
    const t = new URLSearchParams(fragment).get('t');
    if (t !== null && !/^\d{1,15}$/.test(t)) throw new Error('its time is not a moment of the run');
    return { kind: 'moment', moment: { scenario, cursor, time: t === null ? 0 : Number(t) } };
  } catch (error) {
    const why = error instanceof Error ? plain(error.message) : 'it cannot be read';
    return { kind: 'invalid', reason: `The share link in the address could not be used: ${why}.` };
  }
}
