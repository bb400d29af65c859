/** Where a root-relative link of the site leads in a language (MDX bodies keep English links). */
import { ARTICLE_SECTIONS } from '../content/schema';
import { localePath, type Locale } from '../i18n';

/** "<collection>/<slug>" of an entry's path, or null for a page that is not an entry. */
export function entryRef(path: string): string | null {
  const parts = path.split('/').filter(Boolean);
  if (parts.length !== 2) return null;
  const [collection, slug] = parts as [string, string];
  if (collection === 'glossary' && slug === 'a-z') return null;
  const known =
    collection === 'glossary' ||
    collection === 'projects' ||
    (ARTICLE_SECTIONS as readonly string[]).includes(collection);
  return known ? `${collection}/${slug}` : null;
}

/**
 * The link in `locale`: a page that is not an entry (home, sections, glossary, search) exists in
 * every language; an entry's page leads to its translation where there is one, else stays English.
 */
export function localiseLink(href: string, locale: Locale, translated: ReadonlySet<string>): string {
  if (locale === 'en' || !href.startsWith('/') || href.startsWith('//')) return href;
  const cut = href.search(/[?#]/);
  const path = cut < 0 ? href : href.slice(0, cut);
  const rest = cut < 0 ? '' : href.slice(cut);
  if (/\.[a-z0-9]+$/i.test(path)) return href;
  const ref = entryRef(path.endsWith('/') ? path : `${path}/`);
  return ref === null || translated.has(ref) ? `${localePath(path, locale)}${rest}` : href;
}
