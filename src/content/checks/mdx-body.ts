/**
 * Compiles every entry's MDX body with the compiler the build uses: Sätteri, the default processor
 * of @astrojs/mdx, with the options the build passes it. Markup the build cannot compile (an
 * unclosed tag, a stray closing tag, an expression that is not JavaScript) is reported with the
 * file and the line, rather than as a build error. A body that compiles is then read as a tree by
 * the checks of what it may contain.
 */
import { mdxToJs } from 'satteri';
import type { LoadedEntry, Problem } from '../check';
import { componentProblems } from './mdx-components';
import { parseBody } from './mdx-tree';
import { styleAttributeProblems } from './style-attributes';
import { unsafeMarkupProblems } from './unsafe-markup';

/** The options @astrojs/mdx gives Sätteri, as far as they decide what compiles. */
const BUILD_OPTIONS = {
  jsxImportSource: 'astro',
  elementAttributeNameCase: 'html',
  features: { gfm: true, smartPunctuation: true },
} as const;

/** Sätteri's messages read "line:column: reason (line:column) (rule)", counted from the body. */
function describeCompileError(error: unknown, bodyLine: number): { line: number; reason: string } {
  const text = error instanceof Error ? error.message : String(error);
  const at = /^(\d+):(\d+):\s*/.exec(text);
  const toFileLine = (line: string) => bodyLine + Number(line) - 1;
  const line = at ? toFileLine(at[1] ?? '1') : bodyLine;
  const reason = text
    .slice(at?.[0].length ?? 0)
    .replace(/\s*\([a-z-]+:[a-z-]+\)$/, '')
    .replace(/\s*\((\d+):\d+\)/g, (_, other: string) =>
      toFileLine(other) === line ? '' : ` (line ${toFileLine(other)})`,
    )
    .trim();
  return { line, reason };
}

export function checkMdxBodies(entries: LoadedEntry[]): Problem[] {
  const problems: Problem[] = [];
  for (const entry of entries) {
    try {
      mdxToJs(entry.body, BUILD_OPTIONS);
    } catch (error) {
      const { line, reason } = describeCompileError(error, entry.bodyLine);
      problems.push({
        file: `${entry.file}:${line}`,
        field: 'body',
        message: `does not compile as MDX: ${reason}`,
      });
      continue;
    }
    const tree = parseBody(entry.body);
    problems.push(
      ...componentProblems(entry, tree),
      ...unsafeMarkupProblems(entry, tree),
      ...styleAttributeProblems(entry, tree),
    );
  }
  return problems;
}
