import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkContent, formatProblem } from '../../src/content/check';
import { createEntry, slugify } from '../../src/content/new-entry';
import { COLLECTIONS } from '../../src/content/schema';

const copyOfValidTree = () => {
  const root = mkdtempSync(join(tmpdir(), 'atlas-new-'));
  cpSync(join(import.meta.dirname, '..', 'fixtures', 'content', 'valid'), root, { recursive: true });
  return root;
};

describe('npm run new', () => {
  it.each(COLLECTIONS)('creates an entry in %s that passes the content check', (collection) => {
    const root = copyOfValidTree();
    const { file } = createEntry(root, collection, 'Vector Clocks (Fidge & Mattern)', '2026-11-25');
    expect(file).toBe(`content/${collection}/vector-clocks-fidge-mattern.mdx`);
    expect(checkContent(root).problems.map(formatProblem)).toEqual([]);
  });

  it('takes the next free sequence after the largest in the collection', () => {
    const root = copyOfValidTree();
    expect(createEntry(root, 'consensus', 'Paxos', '2026-11-25').sequence).toBe(20);
    expect(createEntry(root, 'consensus', 'Zab', '2026-11-25').sequence).toBe(30);
    expect(createEntry(root, 'cache', 'Hot keys', '2026-11-25').sequence).toBe(10);
    expect(readFileSync(join(root, 'content/consensus/zab.mdx'), 'utf8')).toContain('sequence: 30');
  });

  it('refuses an unknown collection, an existing file and an empty title with a clear message', () => {
    const root = copyOfValidTree();
    expect(() => createEntry(root, 'recipes', 'X', '2026-11-25')).toThrow(/Unknown collection "recipes"/);
    expect(() => createEntry(root, 'consensus', 'Raft', '2026-11-25')).toThrow(/raft\.mdx already exists/);
    expect(() => createEntry(root, 'consensus', '!!!', '2026-11-25')).toThrow(/at least one letter/);
  });

  it('makes URL-safe slugs', () => {
    expect(slugify('  Two-Phase  Commit: the blocking problem ')).toBe(
      'two-phase-commit-the-blocking-problem',
    );
    expect(slugify('Café Übersicht')).toBe('cafe-ubersicht');
  });
});
