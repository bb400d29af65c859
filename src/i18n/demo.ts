/**
 * What a demo's island is handed in the page's language: the player's words, and the kernel's and
 * the algorithm's tables of that language, read at build time and inlined in the page as props,
 * so the page's JavaScript carries no language's table but English (and only on English pages
 * none at all besides).
 */
import { ALGORITHM_IDS, loadAlgorithm } from '../registry';
import { localeTables, type LocaleTables } from '../sim/locale';
import type { Locale } from '../sim/i18n';
import { playerMessages, type PlayerMessages } from './player';

export interface DemoWords {
  locale: Locale;
  messages: PlayerMessages;
  tables?: LocaleTables;
}

export async function demoWords(demo: string, locale: Locale): Promise<DemoWords> {
  const messages = playerMessages(locale);
  if (locale === 'en' || !(ALGORITHM_IDS as readonly string[]).includes(demo)) return { locale, messages };
  const module = await loadAlgorithm(demo);
  return { locale, messages, tables: await localeTables(module.messages, locale) };
}
