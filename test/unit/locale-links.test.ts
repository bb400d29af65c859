/** Links inside a translation are written in English; the page maps them to the reader's language. */
import { describe, expect, it } from 'vitest';
import { localiseLink } from '../../src/utils/locale-links';

const translated = new Set(['glossary/quorum', 'consensus/raft']);

describe('a link on a Chinese page', () => {
  it('leads to the translation of an entry that has one', () => {
    expect(localiseLink('/glossary/quorum/', 'zh-cn', translated)).toBe('/zh-cn/glossary/quorum/');
    expect(localiseLink('/consensus/raft/#scenario=election', 'zh-cn', translated)).toBe(
      '/zh-cn/consensus/raft/#scenario=election',
    );
  });

  it('stays English for an entry with no translation, so it never leads to a missing page', () => {
    expect(localiseLink('/glossary/lease/', 'zh-cn', translated)).toBe('/glossary/lease/');
  });

  it('leads to the Chinese section, glossary and search pages, which always exist', () => {
    expect(localiseLink('/consensus/', 'zh-cn', translated)).toBe('/zh-cn/consensus/');
    expect(localiseLink('/glossary/', 'zh-cn', translated)).toBe('/zh-cn/glossary/');
  });

  it('leaves files, other sites and English pages alone', () => {
    expect(localiseLink('/favicon.svg', 'zh-cn', translated)).toBe('/favicon.svg');
    expect(localiseLink('https://raft.github.io/', 'zh-cn', translated)).toBe('https://raft.github.io/');
    expect(localiseLink('/glossary/quorum/', 'en', translated)).toBe('/glossary/quorum/');
  });
});
