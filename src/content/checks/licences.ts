/**
 * Every project's `licence` is a valid SPDX expression of current licence ids, or `unknown`.
 *
 * spdx-expression-parse reads the expression (AND, OR, WITH, LicenseRef-…) against the SPDX list that
 * spdx-license-ids ships; it also accepts the deprecated ids, so those are rejected here, naming the
 * id that replaces them when the replacement is clear.
 */
import { createRequire } from 'node:module';
import parseSpdx from 'spdx-expression-parse';
import type { LoadedEntry, Problem } from '../check';

const require = createRequire(import.meta.url);
const DEPRECATED = new Set<string>(require('spdx-license-ids/deprecated.json') as string[]);
const CURRENT = new Set<string>(require('spdx-license-ids') as string[]);

/** Ids whose meaning SPDX split in two: the licence text or the headers decide which applies. */
const SPLIT = /^(A?GPL|LGPL|GFDL)-[0-9.]+$/;

type Node = parseSpdx.Info;

function licencesIn(node: Node): parseSpdx.LicenseInfo[] {
  return 'conjunction' in node ? [...licencesIn(node.left), ...licencesIn(node.right)] : [node];
}

/** Why `value` is not an acceptable licence, or null when it is. */
export function licenceProblem(value: string): string | null {
  if (value === 'unknown') return null;
  let tree: Node;
  try {
    tree = parseSpdx(value);
  } catch (error) {
    const words = value.split(/[\s()]+/).filter((word) => word !== '');
    // The word after WITH names an exception, which the licence list does not hold.
    const unknownId = words.find(
      (word, i) =>
        words[i - 1] !== 'WITH' &&
        !/^(AND|OR|WITH)$/.test(word) &&
        !/^(LicenseRef|DocumentRef)-/.test(word) &&
        !CURRENT.has(word.replace(/\+$/, '')) &&
        !DEPRECATED.has(word.replace(/\+$/, '')),
    );
    const reason = unknownId
      ? `"${unknownId}" is not on the SPDX licence list`
      : `"${value}" is not an SPDX licence expression (${error instanceof Error ? error.message : String(error)})`;
    return `${reason}; use ids from https://spdx.org/licenses/, LicenseRef-… for others, or "unknown"`;
  }
  for (const { license, plus } of licencesIn(tree)) {
    if (!DEPRECATED.has(license)) continue;
    const hint = SPLIT.test(license)
      ? `; write ${license}-only or ${license}-or-later, as the project's licence text says`
      : '';
    return `"${license}" is a deprecated SPDX id${plus ? ' (with "+")' : ''}${hint}`;
  }
  return null;
}

export function checkLicences(entries: LoadedEntry[]): Problem[] {
  const problems: Problem[] = [];
  for (const entry of entries) {
    const licence = entry.data['licence'];
    if (entry.collection !== 'projects' || typeof licence !== 'string' || licence === '') continue;
    const message = licenceProblem(licence);
    if (message) problems.push({ file: entry.file, field: 'licence', message });
  }
  return problems;
}
