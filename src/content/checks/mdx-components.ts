/**
 * Components in an MDX body. The entry pages render an entry with
 * `<Content components={{ a: ContentLink, table: ContentTable, pre: ContentCode }} />` (src/pages/[section]/[slug].astro,
 * glossary/[slug].astro, projects/[slug].astro): both replace HTML elements. @astrojs/mdx adds
 * Astro's Fragment, and that is the only capitalised component an entry gets. It cannot import
 * one either, so `<Callout>` in an entry is undefined when its page renders, and the build fails there.
 */
import type { LoadedEntry, Problem } from '../check';
import { isJsxElement, locate, walk, type MdxNode } from './mdx-tree';

/** The keys of the components map the entry pages pass to MDX (a unit test keeps them in step). */
export const PAGE_COMPONENTS: readonly string[] = ['a', 'table', 'pre'];

/** What @astrojs/mdx adds to those components for every MDX body. */
const MDX_COMPONENTS: readonly string[] = ['Fragment'];

/** A capitalised name or a member expression (`ui.Card`) is a component reference in MDX, not HTML. */
const isComponentName = (name: string) => /^[A-Z]/.test(name) || name.includes('.');

export function componentProblems(entry: LoadedEntry, tree: MdxNode): Problem[] {
  const problems: Problem[] = [];
  for (const node of walk(tree)) {
    if (!isJsxElement(node) || !node.name) continue;
    if (!isComponentName(node.name)) continue;
    if (PAGE_COMPONENTS.includes(node.name) || MDX_COMPONENTS.includes(node.name)) continue;
    problems.push({
      file: locate(entry, node),
      field: 'body',
      message: `<${node.name}> is a component the entry pages do not provide (they provide none but Fragment); write HTML, such as <aside> or <figure>`,
    });
  }
  return problems;
}
