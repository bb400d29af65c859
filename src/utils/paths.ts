/**
 * Every internal URL goes through here so the site works under a base path (GitHub Pages).
 * Content links are written root-relative ("/consensus/raft/"); the base is added at render time.
 */
export function withBase(path: string, base: string = import.meta.env.BASE_URL): string {
  if (!path.startsWith('/') || path.startsWith('//')) return path;
  const trimmed = base.endsWith('/') ? base.slice(0, -1) : base;
  return `${trimmed}${path}`;
}

export const entryPath = (collection: string, slug: string) =>
  collection === 'glossary'
    ? `/glossary/${slug}/`
    : collection === 'projects'
      ? `/projects/${slug}/`
      : `/${collection}/${slug}/`;
