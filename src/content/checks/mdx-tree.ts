/** The parts of Sätteri's MDX syntax tree that the content checks read, and a walk over it. */
import { mdxToMdast } from 'satteri';
import type { LoadedEntry } from '../check';

export interface MdxAttribute {
  type: 'mdxJsxAttribute' | 'mdxJsxExpressionAttribute';
  name?: string;
  /** A string, an expression written in braces, or null for an attribute without a value. */
  value?: string | { type: 'mdxJsxAttributeValueExpression'; value: string } | null;
}

export interface MdxNode {
  type: string;
  /** JSX elements: the tag name, null for a fragment. */
  name?: string | null;
  attributes?: MdxAttribute[];
  /** Links, images and definitions. */
  url?: string;
  /** Text, code, expressions and import/export blocks. */
  value?: string;
  children?: MdxNode[];
  position?: { start: { line: number }; end: { line: number } };
}

/** Parses a body that compiles; its lines count from the body's first line. */
export function parseBody(body: string): MdxNode {
  return mdxToMdast(body, { features: { gfm: true } }) as unknown as MdxNode;
}

export function* walk(node: MdxNode): Generator<MdxNode> {
  yield node;
  for (const child of node.children ?? []) yield* walk(child);
}

export const isJsxElement = (node: MdxNode) =>
  node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement';

/** "file:line" of a node, in the file's own line numbers. */
export const locate = (entry: LoadedEntry, node: MdxNode) =>
  `${entry.file}:${entry.bodyLine + (node.position?.start.line ?? 1) - 1}`;
