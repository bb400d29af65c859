/**
 * Markup in an MDX body that would run code in a reader's browser, embed another document or
 * change the whole page: MDX passes all of it through to the built HTML. An entry is text,
 * diagrams and links, and none of the existing entries needs any of this.
 */
import type { LoadedEntry, Problem } from '../check';
import { isJsxElement, locate, walk, type MdxAttribute, type MdxNode } from './mdx-tree';

/** Elements an entry may not contain, and why. */
const REFUSED_ELEMENTS = new Map([
  ['script', "runs code in the reader's browser"],
  ['style', 'restyles the whole page (use the classes of src/styles/global.css)'],
  ['iframe', 'embeds another document'],
  ['frame', 'embeds another document'],
  ['frameset', 'embeds other documents'],
  ['object', 'embeds a plugin or another document'],
  ['embed', 'embeds a plugin or another document'],
  ['applet', 'embeds a plugin'],
  ['base', 'changes where every link of the page leads'],
  ['link', 'loads resources into the whole page'],
  ['meta', 'changes the whole page from inside its text'],
]);

/** Astro's template directives: set:html injects raw HTML, the others run or ship code. */
const DIRECTIVE = /^(set|is|define|client|server|transition):/;

/** A value in braces that is a plain number, string or boolean, such as `tabIndex={0}`. */
const LITERAL = /^\s*(-?\d+(\.\d+)?|true|false|"[^"\\]*"|'[^'\\]*')\s*$/;

/** Browsers ignore ASCII whitespace and control characters around and inside a URL's scheme. */
// eslint-disable-next-line no-control-regex
const IGNORED_IN_SCHEME = /[\u0000-\u0020]/g;
const isJavaScriptUrl = (value: string) =>
  value.replace(IGNORED_IN_SCHEME, '').toLowerCase().startsWith('javascript:');

/** The line of an attribute inside a tag that may span several lines. */
function attributeLine(entry: LoadedEntry, node: MdxNode, written: string): string {
  const first = node.position?.start.line ?? 1;
  const last = node.position?.end.line ?? first;
  const lines = entry.body.split('\n');
  for (let line = first; line <= last; line++) {
    if (lines[line - 1]?.includes(written)) return `${entry.file}:${entry.bodyLine + line - 1}`;
  }
  return locate(entry, node);
}

function attributeProblems(entry: LoadedEntry, node: MdxNode, attribute: MdxAttribute): Problem[] {
  const body = (at: string, message: string): Problem[] => [{ file: at, field: 'body', message }];
  if (attribute.type === 'mdxJsxExpressionAttribute') {
    return body(
      attributeLine(entry, node, '{...'),
      `<${node.name}> spreads attributes from code ({...}), which may carry event handlers; write each attribute`,
    );
  }
  const name = attribute.name ?? '';
  const at = attributeLine(entry, node, `${name}=`);
  if (/^on/i.test(name.slice(name.lastIndexOf(':') + 1))) {
    return body(
      at,
      `${name} on <${node.name}> runs code in the reader's browser; entries have no event handlers`,
    );
  }
  if (DIRECTIVE.test(name)) {
    return body(at, `${name} on <${node.name}> is an Astro directive, which entries may not use`);
  }
  const { value } = attribute;
  const expression = typeof value === 'object' && value !== null ? value.value : undefined;
  // A style attribute is reported, whatever its value, by the check of style attributes.
  if (expression !== undefined && name !== 'style' && !LITERAL.test(expression)) {
    return body(at, `${name}={…} on <${node.name}> must be a plain number, string or boolean, not code`);
  }
  const text = typeof value === 'string' ? value : (expression ?? '').replace(/^\s*["']|["']\s*$/g, '');
  // An SVG animation's values are a list: any of them may be the URL it sets.
  if ((name === 'values' ? text.split(';') : [text]).some(isJavaScriptUrl)) {
    return body(at, `${name} on <${node.name}> is a javascript: URL, which runs code when followed`);
  }
  if (name === 'attributeName' && /^(on|href$|xlink:href$)/i.test(text)) {
    return body(at, `<${node.name}> animates ${text}, which could make it run code`);
  }
  return [];
}

export function unsafeMarkupProblems(entry: LoadedEntry, tree: MdxNode): Problem[] {
  const problems: Problem[] = [];
  for (const node of walk(tree)) {
    if (node.type === 'mdxjsEsm') {
      problems.push({
        file: locate(entry, node),
        field: 'body',
        message:
          'import and export are not allowed in an entry: the page provides everything an entry may use',
      });
    } else if ((node.type === 'link' || node.type === 'image' || node.type === 'definition') && node.url) {
      if (isJavaScriptUrl(node.url)) {
        problems.push({
          file: locate(entry, node),
          field: 'body',
          message: `links to a javascript: URL, which runs code when followed`,
        });
      }
    } else if (isJsxElement(node) && node.name) {
      const reason = REFUSED_ELEMENTS.get(node.name.toLowerCase());
      if (reason) {
        problems.push({
          file: locate(entry, node),
          field: 'body',
          message: `<${node.name}> ${reason}; entries may not contain it`,
        });
      }
      for (const attribute of node.attributes ?? [])
        problems.push(...attributeProblems(entry, node, attribute));
    }
  }
  return problems;
}
