/**
 * Every published article links at least three glossary terms inline, in its running text, so a
 * reader can look up the vocabulary where it first appears. Listing a term in `related` does not
 * count: that only puts it in the cards under the article.
 */
import { internalLinks, type LoadedEntry, type Problem } from '../check';
import { ARTICLE_SECTIONS } from '../schema';

export const MIN_GLOSSARY_LINKS = 3;

/** The distinct glossary slugs an MDX body links to, in the order they first appear. */
export function glossaryTermsLinked(body: string): string[] {
  const slugs: string[] = [];
  for (const { href } of internalLinks(body)) {
    const slug = /^\/glossary\/([a-z0-9]+(?:-[a-z0-9]+)*)\/?(?:[#?].*)?$/.exec(href)?.[1];
    if (slug && !slugs.includes(slug)) slugs.push(slug);
  }
  return slugs;
}

export function checkGlossaryLinks(entries: LoadedEntry[]): Problem[] {
  const problems: Problem[] = [];
  for (const entry of entries) {
    if (!(ARTICLE_SECTIONS as readonly string[]).includes(entry.collection)) continue;
    // A draft is not published yet; it must meet the rule before `draft: true` is removed.
    if (entry.data['draft'] === true) continue;
    const linked = glossaryTermsLinked(entry.body);
    if (linked.length >= MIN_GLOSSARY_LINKS) continue;
    problems.push({
      file: entry.file,
      field: 'body',
      message:
        `links ${linked.length} glossary term${linked.length === 1 ? '' : 's'} inline` +
        (linked.length > 0 ? ` (${linked.join(', ')})` : '') +
        `; link at least ${MIN_GLOSSARY_LINKS}, for example [quorum](/glossary/quorum/), where each term is first used`,
    });
  }
  return problems;
}
