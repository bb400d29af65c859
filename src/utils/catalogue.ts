/** Reading the collections for pages: drafts hidden in builds, everything sorted by `sequence`. */
import { getCollection, type CollectionEntry } from 'astro:content';
import { ARTICLE_SECTIONS, type ArticleSection } from '../content/schema';
import { entryPath } from './paths';

export type ArticleEntry = CollectionEntry<ArticleSection>;
export type GlossaryEntry = CollectionEntry<'glossary'>;
export type ProjectEntry = CollectionEntry<'projects'>;

const visible = (entry: { data: { draft: boolean } }) => import.meta.env.DEV || !entry.data.draft;
const bySequence = <T extends { data: { sequence: number } }>(a: T, b: T) =>
  a.data.sequence - b.data.sequence;

export async function getArticles(section: ArticleSection): Promise<ArticleEntry[]> {
  const entries = (await getCollection(section, visible)) as ArticleEntry[];
  return entries.sort(bySequence);
}

export async function getAllArticles(): Promise<ArticleEntry[]> {
  const lists = await Promise.all(ARTICLE_SECTIONS.map((section) => getArticles(section)));
  return lists.flat();
}

export async function getGlossary(): Promise<GlossaryEntry[]> {
  return (await getCollection('glossary', visible)).sort(bySequence);
}

export async function getProjects(): Promise<ProjectEntry[]> {
  return (await getCollection('projects', visible)).sort(bySequence);
}

export interface EntrySummary {
  ref: string;
  title: string;
  summary: string;
  href: string;
}

/** Title, one-line summary and path of any entry named by a "<collection>/<slug>" reference. */
export async function describeRefs(refs: readonly string[]): Promise<EntrySummary[]> {
  const [articles, glossary, projects] = await Promise.all([getAllArticles(), getGlossary(), getProjects()]);
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
export function articlesUsingTerm(articles: readonly ArticleEntry[], slug: string): ArticleEntry[] {
  const link = `/glossary/${slug}/`;
  return articles.filter((a) => a.data.related.includes(`glossary/${slug}`) || (a.body ?? '').includes(link));
}

/** Projects that illustrate an article: they name it in `related`. */
export function projectsFor(projects: readonly ProjectEntry[], ref: string): ProjectEntry[] {
  return projects.filter((p) => p.data.related.includes(ref));
}
