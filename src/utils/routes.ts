/** The static paths of the pages every language has; src/pages and src/pages/zh-cn both use them. */
import { ARTICLE_SECTIONS } from '../content/schema';
import type { Locale } from '../i18n';
import { getAllArticles, getArticles, getGlossary, getProjects } from './catalogue';

export const sectionPaths = () =>
  ARTICLE_SECTIONS.map((section) => ({ params: { section }, props: { section } }));

export async function articlePaths(locale: Locale) {
  const paths = [];
  for (const section of ARTICLE_SECTIONS) {
    const articles = await getArticles(section, locale);
    for (const [i, entry] of articles.entries()) {
      paths.push({
        params: { section, slug: entry.id },
        props: { entry, previous: articles[i - 1], next: articles[i + 1] },
      });
    }
  }
  return paths;
}

export async function glossaryPaths(locale: Locale) {
  return (await getGlossary(locale)).map((entry) => ({ params: { slug: entry.id }, props: { entry } }));
}

export async function projectPaths(locale: Locale) {
  return (await getProjects(locale)).map((entry) => ({ params: { slug: entry.id }, props: { entry } }));
}

export async function embedPaths(locale: Locale) {
  return (await getAllArticles(locale))
    .filter((a) => a.data.demo)
    .map((article) => ({ params: { demo: article.data.demo }, props: { article } }));
}
