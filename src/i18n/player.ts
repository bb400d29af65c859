/**
 * The player's part of one language's catalogue, handed to the island as a prop: a page carries
 * the words of its own language only, inlined in its HTML, and no other language's.
 */
import type { Locale } from '../sim/i18n';
import { CATALOGUES, type MessageKey } from './index';

export type PlayerKey = Extract<MessageKey, `player.${string}`>;
export type PlayerMessages = Readonly<Record<PlayerKey, string>>;

export function playerMessages(locale: Locale): PlayerMessages {
  return Object.fromEntries(
    Object.entries(CATALOGUES[locale]).filter(([key]) => key.startsWith('player.')),
  ) as PlayerMessages;
}
