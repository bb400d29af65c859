import type { Action, Scenario, TimedAction } from '../../sim/types';

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

/** Share links stay short enough for chat apps and browsers; a longer fragment is refused unread. */
export const MAX_FRAGMENT_LENGTH = 64_000;
/** A shared moment deeper than this would freeze the page while it replays. */
export const MAX_SHARED_CURSOR = 200_000;

const ACTION_TYPES = new Set<Action['type']>([
  'crash',
  'restart',
  'pause',
  'timeout',
  'partition',
  'heal',
  'drop',
  'duplicate',
  'set-loss',
  'set-duplication',
  'set-latency',
  'clock-jump',
  'clock-rate',
  'client',
]);

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(encoded: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(encoded)) throw new Error('it contains characters a share link never has');
  const padded = encoded.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (encoded.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function checkAction(value: unknown, where: string): TimedAction {
  if (!isRecord(value) || !isTime(value['at']) || !isRecord(value['action'])) {
    throw new Error(`${where} is not an action at a time`);
  }
  const type = value['action']['type'];
  if (typeof type !== 'string' || !ACTION_TYPES.has(type as Action['type'])) {
    throw new Error(`${where} names an unknown kind of action`);
  }
  // The algorithm's run validates the action's fields; here only its shape is checked.
  return { at: value['at'], action: value['action'] as Action };
}

/** Checks the shape of a scenario read from outside (a link or a file); the algorithm checks its params. */
export function checkScenario(value: unknown): Scenario {
  if (!isRecord(value)) throw new Error('it does not describe a scenario');
  if (value['version'] !== 1) throw new Error('it was made by an unknown version of the player');
  if (typeof value['algorithm'] !== 'string') throw new Error('it does not name an algorithm');
  if (!isRecord(value['params'])) throw new Error('its parameters are missing');
  const seed = value['seed'];
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
    throw new Error('its seed is not a whole number');
  }
  const actions = value['actions'];
  if (!Array.isArray(actions)) throw new Error('its list of actions is missing');
  if (actions.length > 10_000) throw new Error('it holds more actions than a player can replay');
  return {
    version: 1,
    algorithm: value['algorithm'],
    params: value['params'],
    seed,
    actions: actions.map((a, i) => checkAction(a, `action ${i + 1}`)),
  };
}

/** The fragment (without '#') that restores this moment. */
export function encodeMoment(moment: SharedMoment): string {
  return `s=${toBase64Url(JSON.stringify({ v: 1, s: moment.scenario, c: moment.cursor, t: moment.time }))}`;
}

/** Reads a location hash; never throws, whatever the hash holds. */
export function parseFragment(hash: string): FragmentRequest {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  if (fragment === '') return { kind: 'none' };
  if (fragment.length > MAX_FRAGMENT_LENGTH) {
    return { kind: 'invalid', reason: 'The link is too long to be a share link of this player.' };
  }
  const named = /^scenario=([a-z0-9-]{1,80})$/.exec(fragment);
  if (named?.[1]) return { kind: 'named', id: named[1] };
  if (!fragment.startsWith('s=')) return { kind: 'none' };
  try {
    const data: unknown = JSON.parse(fromBase64Url(fragment.slice(2)));
    if (!isRecord(data) || data['v'] !== 1) throw new Error('it was not made by this player');
    const cursor = data['c'];
    if (typeof cursor !== 'number' || !Number.isSafeInteger(cursor) || cursor < -1) {
      throw new Error('its moment is not an event number');
    }
    if (cursor > MAX_SHARED_CURSOR) throw new Error('its moment lies too far into the run to replay here');
    const time = data['t'];
    if (!isTime(time)) throw new Error('its time is not a moment of the run');
    return { kind: 'moment', moment: { scenario: checkScenario(data['s']), cursor, time } };
  } catch (error) {
    const why = error instanceof Error ? error.message : 'it cannot be read';
    return { kind: 'invalid', reason: `The share link in the address could not be used: ${why}.` };
  }
}
