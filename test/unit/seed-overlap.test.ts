/**
 * Facts carry over from the seed documents, sentences do not: no file under content/ may share a run
 * of eight or more consecutive words with a seed text. The seeds are the project's inputs, vendored in
 * test/fixtures/seeds/ so that the test runs on a clean clone.
 *
 * Both sides are compared as lower-case words with punctuation dropped. URLs are removed first: an
 * address is a fact to cite (a repository, a paper), and a long one split into words would otherwise
 * count as a run of its own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const RUN = 8;
const root = join(import.meta.dirname, '..', '..');
const seedDir = join(root, 'test', 'fixtures', 'seeds');

function words(text: string): string[] {
  return (
    text
      .replace(/https?:\/\/\S+/g, ' ')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

function runs(list: string[], length: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + length <= list.length; i++) out.push(list.slice(i, i + length).join(' '));
  return out;
}

function filesUnder(dir: string, ending: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith(ending))
    .map((d) => join(d.parentPath, d.name))
    .sort();
}

/** Runs of `length` words that `text` shares with any of `seeds`, each reported once. */
function sharedRuns(text: string, seeds: Set<string>, length = RUN): string[] {
  return [...new Set(runs(words(text), length).filter((run) => seeds.has(run)))];
}

describe('content written in our own words', () => {
  const seedFiles = filesUnder(seedDir, '.txt');
  const seedRuns = new Set(seedFiles.flatMap((file) => runs(words(readFileSync(file, 'utf8')), RUN)));

  it('has the seed texts to compare against', () => {
    expect(seedFiles.length).toBeGreaterThanOrEqual(4);
    expect(seedRuns.size).toBeGreaterThan(500);
  });

  it('finds a copied sentence, whatever its case and punctuation', () => {
    const copied =
      'As the list puts it: elastic-job is a DISTRIBUTED scheduled job solution, composed of two parts.';
    expect(sharedRuns(copied, seedRuns)).not.toEqual([]);
  });

  it(`shares no run of ${RUN} consecutive words between any content file and a seed`, () => {
    const copies = filesUnder(join(root, 'content'), '.mdx').flatMap((file) =>
      sharedRuns(readFileSync(file, 'utf8'), seedRuns).map((run) => `${relative(root, file)}: "${run}"`),
    );
    expect(copies).toEqual([]);
  });
});
