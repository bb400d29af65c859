/**
 * The site's languages, their catalogues and their URLs. Pages import this (both catalogues,
 * at build time); the player gets only its reader's catalogue (see src/components/demo/Demo.tsx).
 */
import { formatMessage, LOCALES, type Locale, type MessageParams } from '../sim/i18n';
import { en, type MessageKey } from './en';
import { zhCn } from './zh-cn';

export { LOCALES, DEFAULT_LOCALE, LANGUAGE_TAG, isLocale, type Locale } from '../sim/i18n';
export type { MessageKey } from './en';

export const CATALOGUES: Record<Locale, Readonly<Record<MessageKey, string>>> = { en, 'zh-cn': zhCn };

export type T = (key: MessageKey, params?: MessageParams) => string;

export function useTranslations(locale: Locale): T {
  const catalogue = CATALOGUES[locale];
  return (key, params) => formatMessage(catalogue[key], params, locale);
}

/** "/zh-cn" for Chinese, "" for English: what a path of that language starts with. */
export const localePrefix = (locale: Locale) => (locale === 'en' ? '' : `/${locale}`);

/** A root-relative path of the site (without base) in a language: "/glossary/quorum/" → "/zh-cn/glossary/quorum/". */
export const localePath = (path: string, locale: Locale) => `${localePrefix(locale)}${path}`;

/** The language of a root-relative path (without base), and the path as English has it. */
export function splitLocale(path: string): { locale: Locale; path: string } {
  for (const locale of LOCALES) {
    if (locale === 'en') continue;
    const prefix = `/${locale}`;
    if (path === prefix || path.startsWith(`${prefix}/`))
      return { locale, path: path.slice(prefix.length) || '/' };
  }
  return { locale: 'en', path };
}

export const OTHER_LOCALE: Record<Locale, Locale> = { en: 'zh-cn', 'zh-cn': 'en' };
