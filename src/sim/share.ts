/**
 * The link forms a player reads from the address's fragment: a named scenario (`#scenario=<id>`,
 * optionally at a chapter), a guided tour (`#guide=<id>&chapter=<n>`), and a shared moment
 * (`#s=<scenario>&at=<event>&t=<µs>`). Links are hostile until proven otherwise: reading one never
 * throws, and what is wrong with it comes back in a reader's words.
 */
import { printable, type Problem } from './problems';
import { decodeScenario, encodeScenario, LIMITS } from './scenario';
import type { Scenario } from './types';

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
  | { kind: 'named'; id: string; chapter: number | null; guided: boolean }
  | { kind: 'invalid'; problem: Problem };

/** A shared moment deeper than this would freeze the page for seconds while it replays. */
export const MAX_SHARED_CURSOR = 50_000;

/**
 * The fragment (without '#') that restores this moment: the kernel's scenario link with the event
 * index, plus the drawn time, which may lie between two events.
 */
export function encodeMoment(moment: SharedMoment): string {
  return `${encodeScenario(moment.scenario, moment.cursor)}&t=${Math.max(0, Math.round(moment.time))}`;
}

/** The fragment of a named scenario, at a chapter and in the guided tour when asked. */
export function encodeNamed(id: string, chapter: number | null, guided: boolean): string {
  const base = guided ? `guide=${id}` : `scenario=${id}`;
  return chapter === null ? base : `${base}&chapter=${chapter}`;
}

const NAME = /^[a-z0-9-]{1,80}$/;

function invalid(summary: string, detail: string | null = null): FragmentRequest {
  return { kind: 'invalid', problem: { summary, detail: detail === null ? null : printable(detail) } };
}

function readNamed(fragment: string): FragmentRequest {
  const params = new URLSearchParams(fragment);
  const guided = params.has('guide');
  const id = params.get(guided ? 'guide' : 'scenario') ?? '';
  if (!NAME.test(id)) {
    return invalid(
      'The address names a scenario in a form this player does not use.',
      `scenario name: "${id}"`,
    );
  }
  const chapterText = params.get('chapter');
  if (chapterText !== null && !/^\d{1,3}$/.test(chapterText)) {
    return invalid('The address names a chapter that is not a number.', `chapter: "${chapterText}"`);
  }
  return { kind: 'named', id, chapter: chapterText === null ? null : Number(chapterText), guided };
}

/** Reads a location hash; never throws, whatever the hash holds. */
export function parseFragment(hash: string): FragmentRequest {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  if (fragment === '') return { kind: 'none' };
  if (fragment.startsWith('scenario=') || fragment.startsWith('guide=')) return readNamed(fragment);
  if (!fragment.startsWith('s=')) return { kind: 'none' };
  if (fragment.length > LIMITS.fragmentChars) {
    return invalid('The share link is too long to be one of ours: it may have been pasted twice.');
  }
  let decoded: ReturnType<typeof decodeScenario>;
  try {
    decoded = decodeScenario(fragment);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return invalid(
      /not base64url|not valid base64url|not UTF-8|not valid JSON|no scenario in it/.test(message)
        ? 'The share link is damaged: part of it is missing or was changed, perhaps cut off when it was copied.'
        : 'The share link describes a scenario this player cannot run.',
      message,
    );
  }
  const cursor = decoded.at ?? -1;
  if (cursor > MAX_SHARED_CURSOR) {
    return invalid(
      `The share link points ${cursor.toLocaleString('en')} events into its run, deeper than this page replays (${MAX_SHARED_CURSOR.toLocaleString('en')}).`,
      `at=${cursor}`,
    );
  }
  const t = new URLSearchParams(fragment).get('t');
  if (t !== null && (!/^\d{1,13}$/.test(t) || Number(t) > LIMITS.time)) {
    return invalid('The share link gives a moment that is not one of its run.', `t=${t.slice(0, 20)}`);
  }
  return { kind: 'moment', moment: { scenario: decoded.scenario, cursor, time: t === null ? 0 : Number(t) } };
}
