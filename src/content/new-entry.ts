/** Templates for `npm run new`: a new entry that passes the content check from its first save. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COLLECTIONS, type CollectionName } from './schema';
import { loadEntries } from './check';

export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The next free sequence: ten past the largest in the collection, leaving room to insert between. */
export function nextSequence(root: string, collection: CollectionName): number {
  const used = loadEntries(root)
    .entries.filter((e) => e.collection === collection)
    .map((e) => (typeof e.data['sequence'] === 'number' ? e.data['sequence'] : 0));
  return used.length === 0 ? 10 : Math.floor(Math.max(...used) / 10) * 10 + 10;
}

const yamlString = (value: string) => JSON.stringify(value);

export function renderEntry(
  collection: CollectionName,
  title: string,
  sequence: number,
  today: string,
): string {
  if (collection === 'glossary') {
    return `---
term: ${yamlString(title)}
sequence: ${sequence}
aliases: []
definition: ${yamlString(`One line that defines ${title} precisely.`)}
tags: []
related: []
draft: true
updated: ${today}
---

Explain the term in a short paragraph.

**Example.** A concrete case a reader will recognise.
`;
  }
  if (collection === 'projects') {
    return `---
name: ${yamlString(title)}
sequence: ${sequence}
repository: https://github.com/OWNER/REPOSITORY
language: unknown
licence: unknown
status: active
sections: [consensus]
description: ${yamlString(`What ${title} is, in one or two sentences.`)}
related: []
tags: []
draft: true
updated: ${today}
---

What the project does, which idea of the field it illustrates, and its notable design choices.
`;
  }
  return `---
title: ${yamlString(title)}
sequence: ${sequence}
summary: ${yamlString(`One sentence that says what ${title} is and why it matters.`)}
tags: []
related: []
sources:
  - title: Replace with the paper or documentation this article relies on
    url: https://example.org/replace-me
draft: true
updated: ${today}
---

Open with the problem this idea solves.

## How it works

## What can go wrong
`;
}

export function createEntry(
  root: string,
  collectionName: string,
  title: string,
  today: string,
): { file: string; sequence: number } {
  if (!(COLLECTIONS as readonly string[]).includes(collectionName)) {
    throw new Error(`Unknown collection "${collectionName}". Choose one of: ${COLLECTIONS.join(', ')}.`);
  }
  const collection = collectionName as CollectionName;
  const slug = slugify(title);
  if (!slug) throw new Error('Give a title with at least one letter or digit, for example "Vector clocks".');
  const dir = join(root, 'content', collection);
  const file = join(dir, `${slug}.mdx`);
  if (existsSync(file)) throw new Error(`content/${collection}/${slug}.mdx already exists.`);
  const sequence = nextSequence(root, collection);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, renderEntry(collection, title, sequence, today));
  return { file: `content/${collection}/${slug}.mdx`, sequence };
}
