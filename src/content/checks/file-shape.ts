/**
 * What the content check asks of an entry as a file, before reading it as MDX: where it lives, how
 * large it is and how its text is encoded. A problem here stops the file from being read further.
 */
import { readFileSync, statSync } from 'node:fs';
import type { Problem } from '../check';

/**
 * The largest entry file: 200 KB. The longest article is about 22 KB; a page several times that is
 * several articles, and a file of megabytes is data that slows every build down (25 MB took 24 s).
 */
export const MAX_ENTRY_BYTES = 200 * 1024;

const describeSize = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Entries live directly in their collection's folder: the file name is the URL, and the pages are
 * generated from `content/<collection>/<slug>.mdx` alone, so a file in a subfolder has no page.
 */
export function locationProblem(file: string, collection: string): Problem | undefined {
  const inside = file.slice(`content/${collection}/`.length);
  if (!inside.includes('/')) return undefined;
  const name = inside.slice(inside.lastIndexOf('/') + 1);
  return {
    file,
    field: 'location',
    message: `entries live directly in content/${collection}/, not in a subfolder; move it to content/${collection}/${name}`,
  };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

/**
 * The first line holding bytes that are not UTF-8, with the first such byte. A newline byte never
 * occurs inside a multi-byte UTF-8 sequence, so each line can be decoded on its own.
 */
function firstInvalidLine(bytes: Uint8Array): { line: number; column: number; byte: number; more: number } {
  const bad: { line: number; start: number; end: number }[] = [];
  let start = 0;
  for (let i = 0, line = 1; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    try {
      utf8.decode(bytes.subarray(start, i));
    } catch {
      bad.push({ line, start, end: i });
    }
    line++;
    start = i + 1;
  }
  const first = bad[0] ?? { line: 1, start: 0, end: bytes.length };
  const text = lenient.decode(bytes.subarray(first.start, first.end));
  const column = text.indexOf('\uFFFD');
  const offset = new TextEncoder().encode(text.slice(0, Math.max(column, 0))).length;
  return {
    line: first.line,
    column: column + 1,
    byte: bytes[first.start + offset] ?? 0,
    more: bad.length - 1,
  };
}

/**
 * Reads an entry as UTF-8 text, unless it is too large to be one. Bytes that are not UTF-8 (a file
 * saved as Latin-1 or Windows-1252) would be replaced silently when read, and the build then fails
 * with a message about a missing file; here they are reported with their line. A byte order mark
 * would hide the frontmatter's opening ---.
 */
export function readEntryText(path: string, file: string): { text: string } | { problem: Problem } {
  const size = statSync(path).size;
  if (size > MAX_ENTRY_BYTES) {
    return {
      problem: {
        file,
        field: 'size',
        message: `is ${describeSize(size)}; an entry may be at most ${describeSize(MAX_ENTRY_BYTES)}: split it into several entries, or leave data out of the page`,
      },
    };
  }
  const bytes = readFileSync(path);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return {
      problem: {
        file: `${file}:1`,
        field: 'encoding',
        message: `starts with a byte order mark (the bytes EF BB BF), so the --- of the frontmatter is not at its start; save it as UTF-8 without BOM, or run: sed -i '1s/^\\xEF\\xBB\\xBF//' ${file}`,
      },
    };
  }
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    const { line, column, byte, more } = firstInvalidLine(bytes);
    const others = more > 0 ? ` (and ${more} more line${more === 1 ? '' : 's'})` : '';
    return {
      problem: {
        file: `${file}:${line}`,
        field: 'encoding',
        message: `byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} at column ${column} is not UTF-8${others}; save the file as UTF-8 (an editor set to Latin-1 or Windows-1252 writes such bytes)`,
      },
    };
  }
}
