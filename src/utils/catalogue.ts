/**
 * Reading the collections for pages: drafts hidden in builds, everything sorted by `sequence`,
 * and in another language each entry shown in its translation where one exists (its English
 * entry otherwise, marked `translated: false`, so the page can say so).
 */
import { getCollection, render, type CollectionEntry, type CollectionKey } from 'astro:content';
import { ARTICLE_SECTIONS, type ArticleSection, type CollectionName } from '../content/schema';
import type { Locale } from '../i18n';
import { translatedCollections } from '../content/translations';
import { entryPath } from './paths';

/** An entry as a page of one language shows it: English ids and order, the translation's words. */
export type Shown<T extends { data: object }> = T & {
  /** False when the language has no translation of it (or the language is English). */
  translated: boolean;
  /** The translation's own entry, which renders its body. */
  translation: { data: T['data'] } | null;
  /** The English entry's fields (its names sort the A-to-Z glossary in every language). */
  original: T['data'];
};
export type ArticleEntry = Shown<CollectionEntry<ArticleSection>>;
export type GlossaryEntry = Shown<CollectionEntry<'glossary'>>;
export type ProjectEntry = Shown<CollectionEntry<'projects'>>;

const visible = (entry: { data: { draft: boolean } }) => import.meta.env.DEV || !entry.data.draft;
const bySequence = <T extends { data: { sequence: number } }>(a: T, b: T) =>
  a.data.sequence - b.data.sequence;

type Translation = CollectionEntry<CollectionName>;
const translations = new Map<string, Promise<Map<string, Translation>>>();

/** The translations of a collection into a language, by slug. */
function translationsOf(collection: CollectionName, locale: Locale) {
  const name = `${locale}-${collection}`;
  let found = translations.get(name);
  if (!found) {
    found = !translatedCollections(locale).includes(collection)
      ? Promise.resolve(new Map<string, Translation>())
      : // A translation's collection has its English collection's schema (src/content.config.ts).
        getCollection(name as CollectionKey).then(
          (entries) => new Map((entries as Translation[]).filter(visible).map((e) => [e.id, e])),
          () => new Map<string, Translation>(),
        );
    translations.set(name, found);
  }
  return found;
}

async function show<T extends CollectionEntry<CollectionName>>(
  entries: T[],
  collection: CollectionName,
  locale: Locale,
): Promise<Shown<T>[]> {
  const own = locale === 'en' ? new Map() : await translationsOf(collection, locale);
  return entries.map((entry) => {
    const translation = own.get(entry.id) as T | undefined;
    if (!translation) return { ...entry, translated: false, translation: null, original: entry.data };
    // Order, demo and links stay the English entry's: a translation changes the words only.
    const data = { ...translation.data, sequence: entry.data.sequence } as T['data'];
    if ('demo' in entry.data) Object.assign(data, { demo: entry.data.demo });
    return { ...entry, data, body: translation.body, translated: true, translation, original: entry.data };
  });
}

/** Renders what the page shows: the translation's body where there is one. */
export function renderShown(entry: Shown<CollectionEntry<CollectionName>>) {
  return render((entry.translation ?? entry) as CollectionEntry<CollectionName>);
}

export async function getArticles(section: ArticleSection, locale: Locale = 'en'): Promise<ArticleEntry[]> {
  const entries = (await getCollection(section, visible)) as CollectionEntry<ArticleSection>[];
  return (await show(entries.sort(bySequence), section, locale)) as ArticleEntry[];
}

export async function getAllArticles(locale: Locale = 'en'): Promise<ArticleEntry[]> {
  const lists = await Promise.all(ARTICLE_SECTIONS.map((section) => getArticles(section, locale)));
  return lists.flat();
}

export async function getGlossary(locale: Locale = 'en'): Promise<GlossaryEntry[]> {
  return show((await getCollection('glossary', visible)).sort(bySequence), 'glossary', locale);
}

export async function getProjects(locale: Locale = 'en'): Promise<ProjectEntry[]> {
  return show((await getCollection('projects', visible)).sort(bySequence), 'projects', locale);
}

/** "<collection>/<slug>" of every entry translated into `locale`, for mapping links. */
export async function translatedRefs(locale: Locale): Promise<Set<string>> {
  const refs = new Set<string>();
  if (locale === 'en') return refs;
  for (const collection of [...ARTICLE_SECTIONS, 'glossary', 'projects'] as const) {
    for (const slug of (await translationsOf(collection, locale)).keys()) refs.add(`${collection}/${slug}`);
  }
  return refs;
}

export interface EntrySummary {
  ref: string;
  title: string;
  summary: string;
  href: string;
}

/** Title, one-line summary and path of any entry named by a "<collection>/<slug>" reference. */
export async function describeRefs(refs: readonly string[], locale: Locale = 'en'): Promise<EntrySummary[]> {
  const [articles, glossary, projects] = await Promise.all([
    getAllArticles(locale),
    getGlossary(locale),
    getProjects(locale),
  ]);
  const index = new Map<string, EntrySummary>();
  for (const a of articles)
    index.set(`${a.collection}/${a.id}`, {
      ref: `${a.collection}/${a.id}`,
      title: a.data.title,
      summary: a.data.summary,
      href: entryPath(a.collection, a.id),
    });
  for (const g of glossary)
    index.set(`glossary/${g.id}`, {
      ref: `glossary/${g.id}`,
      title: g.data.term,
      summary: g.data.definition,
      href: entryPath('glossary', g.id),
    });
  for (const p of projects)
    index.set(`projects/${p.id}`, {
      ref: `projects/${p.id}`,
      title: p.data.name,
      summary: p.data.description,
      href: entryPath('projects', p.id),
    });
  return refs.flatMap((ref) => index.get(ref) ?? []);
}

/** Articles that use a glossary term: they list it in `related` or link to its page. */
export function articlesUsingTerm<T extends { data: { related: string[] }; body?: string | undefined }>(
  articles: readonly T[],
  slug: string,
): T[] {
  const link = `/glossary/${slug}/`;
  return articles.filter((a) => a.data.related.includes(`glossary/${slug}`) || (a.body ?? '').includes(link));
}

/** Projects that illustrate an article: they name it in `related`. */
export function projectsFor<T extends { data: { related: string[] } }>(
  projects: readonly T[],
  ref: string,
): T[] {
  return projects.filter((p) => p.data.related.includes(ref));
}
