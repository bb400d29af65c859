/**
 * The player's words in the reader's language. The page hands the island its language's part of
 * the catalogue (src/i18n/player.ts); parts and panels read it here. Without a provider (tests,
 * a demo rendered on its own) keys read as themselves.
 */
import { createContext, useContext } from 'react';
import { formatMessage, type Locale, type MessageParams } from '../sim/i18n';

export interface PlayerLanguage {
  locale: Locale;
  messages: Readonly<Record<string, string>>;
}

export const PlayerLanguageContext = createContext<PlayerLanguage>({ locale: 'en', messages: {} });

export type PlayerT = (key: string, params?: MessageParams) => string;

export function usePlayerText(): PlayerT {
  const { locale, messages } = useContext(PlayerLanguageContext);
  return (key, params) => {
    const template = messages[key];
    return template === undefined ? key : formatMessage(template, params, locale);
  };
}

export function usePlayerLocale(): Locale {
  return useContext(PlayerLanguageContext).locale;
}
