/**
 * Style attributes in an MDX body. The site's Content Security Policy allows no inline style
 * (style-src carries only the hashes of the styles Astro emits), so a style attribute in an entry
 * would be dropped by the browser: the diagram silently loses its colours or its width.
 */
import type { LoadedEntry, Problem } from '../check';
import { isJsxElement, locate, walk, type MdxNode } from './mdx-tree';

export function styleAttributeProblems(entry: LoadedEntry, tree: MdxNode): Problem[] {
  const problems: Problem[] = [];
  for (const node of walk(tree)) {
    if (!isJsxElement(node)) continue;
    if (!node.attributes?.some((a) => a.type === 'mdxJsxAttribute' && a.name === 'style')) continue;
    problems.push({
      file: locate(entry, node),
      field: 'body',
      message: `style on <${node.name}> is blocked by the site's Content Security Policy; use a class of src/styles/global.css (accent-fill, accent-stroke, diagram-wide) or an SVG attribute such as fill-opacity`,
    });
  }
  return problems;
}
