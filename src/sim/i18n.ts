/**
 * Messages in several languages, for the kernel, the algorithms, the player and the pages alike.
 * A catalogue maps keys to templates:
 *   "{node} votes for {candidate}"                     a parameter
 *   "{count, plural, one {# entry} other {# entries}}" plural categories from Intl.PluralRules
 * Numbers are written with Intl.NumberFormat (no grouping: they are indexes, terms and ids), lists of names with Intl.ListFormat, both in the
 * catalogue's language. A key missing from a language falls back to English, so an algorithm that
 * ships no translation still narrates.
 */

export const LOCALES = ['en', 'zh-cn'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

export const isLocale = (value: unknown): value is Locale =>
  typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

/** BCP 47 tag for Intl and the `lang` attribute. */
export const LANGUAGE_TAG: Record<Locale, string> = { en: 'en', 'zh-cn': 'zh-CN' };
/** The tag Intl formats with: British English, as the site is written ("S1, S2 and S3"). */
const INTL_TAG: Record<Locale, string> = { en: 'en-GB', 'zh-cn': 'zh-CN' };

export type Catalogue = Readonly<Record<string, string>>;
export type MessageParam = string | number | readonly string[];
export type MessageParams = Readonly<Record<string, MessageParam>>;
export type Translate = (key: string, params?: MessageParams) => string;

/** One algorithm's (or the kernel's) messages: English complete, other languages as far as they go. */
export interface MessageTables {
  en: Catalogue;
  'zh-cn'?: Catalogue;
}

/**
 * Words as an algorithm (or the kernel) ships them: English in the code, every other language a
 * table loaded when a reader of that language needs it, so a page carries one language only.
 */
export interface Messages {
  en: Catalogue;
  load?: Partial<Record<Locale, () => Promise<{ default: Catalogue }>>>;
}

/** The table of one language, loaded (undefined for English, or a language not shipped). */
export async function loadTable(
  messages: Messages | null | undefined,
  locale: Locale,
): Promise<Catalogue | undefined> {
  if (locale === 'en') return undefined;
  const load = messages?.load?.[locale];
  return load ? (await load()).default : undefined;
}

/** The tables a translator reads: English, and the loaded table of `locale`. */
export const tablesFor = (en: Catalogue, locale: Locale, table: Catalogue | undefined): MessageTables =>
  locale === 'en' || !table ? { en } : { en, [locale]: table };

const formats = new Map<string, Intl.NumberFormat | Intl.PluralRules | Intl.ListFormat>();
function cached<T extends Intl.NumberFormat | Intl.PluralRules | Intl.ListFormat>(
  key: string,
  make: () => T,
): T {
  let value = formats.get(key) as T | undefined;
  if (!value) formats.set(key, (value = make()));
  return value;
}

function renderParam(value: MessageParam | undefined, tag: string, name: string): string {
  if (value === undefined) return `{${name}}`;
  if (typeof value === 'string') return value;
  if (typeof value === 'number')
    return cached(
      `n${tag}`,
      () => new Intl.NumberFormat(tag, { maximumFractionDigits: 3, useGrouping: false }),
    ).format(value);
  return cached(`l${tag}`, () => new Intl.ListFormat(tag, { type: 'conjunction' })).format(value);
}

/** "{n, plural, =0 {none} one {# entry} other {# entries}}"; a case holds text and "#" only. */
const PLURAL = /\{(\w+), plural,((?:\s*=?\w+ \{[^{}]*\})+)\s*\}/g;
const CASE = /(=?\w+) \{([^{}]*)\}/g;

/** Fills a template in the language `locale`. */
export function formatMessage(template: string, params: MessageParams = {}, locale: Locale = 'en'): string {
  const tag = INTL_TAG[locale];
  return template
    .replace(PLURAL, (_, name: string, body: string) => {
      const n = Number(params[name]);
      const cases = new Map([...body.matchAll(CASE)].map((c) => [c[1], c[2] ?? '']));
      const category = cached(`p${tag}`, () => new Intl.PluralRules(tag)).select(n);
      const chosen = cases.get(`=${n}`) ?? cases.get(category) ?? cases.get('other') ?? '';
      return chosen.replaceAll('#', renderParam(n, tag, name));
    })
    .replace(/\{(\w+)\}/g, (_whole, name: string) => renderParam(params[name], tag, name));
}

/** A translator for one language over some tables; a key missing there is taken from English. */
export function translator(locale: Locale, tables: MessageTables): Translate {
  const own = locale === 'en' ? undefined : tables[locale];
  return (key, params) => {
    const template = own?.[key] ?? tables.en[key];
    if (template === undefined) return key;
    return formatMessage(template, params, own?.[key] !== undefined ? locale : 'en');
  };
}

/** The placeholder names a template uses, for the test that every language takes the same ones. */
export function placeholders(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(/\{\s*([A-Za-z_][\w]*)\s*(?:,|\})/g))
    if (match[1]) names.add(match[1]);
  return [...names].sort();
}
