import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkContent, formatProblem, internalLinks, type Problem } from '../../src/content/check';
import { glossaryTermsLinked } from '../../src/content/checks/glossary-links';
import { licenceProblem } from '../../src/content/checks/licences';
import { MAX_ENTRY_BYTES } from '../../src/content/checks/file-shape';
import { PAGE_COMPONENTS } from '../../src/content/checks/mdx-components';
import { glossarySchema } from '../../src/content/schema';

const fixture = (name: string) => join(import.meta.dirname, '..', 'fixtures', 'content', name);
const problemsOf = (name: string) => checkContent(fixture(name)).problems;
const lines = (problems: Problem[]) => problems.map(formatProblem);

describe('content check on fixtures, one per failure class', () => {
  it('passes a valid tree', () => {
    const { problems, entries } = checkContent(fixture('valid'));
    expect(lines(problems)).toEqual([]);
    expect(entries).toHaveLength(5);
  });

  it('pairs translations with their English entries and warns of stale ones, naming both dates', () => {
    const { problems, warnings, translations } = checkContent(fixture('translations'));
    expect(translations.map((t) => t.file).sort()).toEqual([
      'content/zh-cn/consensus/raft.mdx',
      'content/zh-cn/glossary/lock.mdx',
      'content/zh-cn/glossary/quorum.mdx',
    ]);
    // A translation with no English entry is a failure; a stale one is a warning only.
    expect(lines(problems)).toEqual([
      "content/zh-cn/glossary/lock.mdx: file name: translates content/glossary/lock.mdx, which does not exist: a translation keeps its English entry's collection and slug",
    ]);
    expect(lines(warnings)).toEqual([
      'content/zh-cn/consensus/raft.mdx: updated: stale: translated 2026-11-20, but content/consensus/raft.mdx was updated 2026-11-25',
    ]);
  });

  it('names the file and the field of a schema error', () => {
    const problems = lines(problemsOf('schema-error'));
    expect(problems).toContainEqual(expect.stringMatching(/^content\/consensus\/paxos\.mdx: summary: /));
    expect(problems).toContainEqual(expect.stringMatching(/^content\/projects\/foo\.mdx: status: .*active/));
  });

  it('reports a duplicate sequence within a collection, naming the other file', () => {
    expect(lines(problemsOf('duplicate-sequence'))).toEqual([
      'content/consensus/raft.mdx: sequence: 10 is already used by content/consensus/paxos.mdx; sequence must be unique within "consensus"',
    ]);
  });

  it('reports a reference to a missing entry', () => {
    expect(lines(problemsOf('missing-reference'))).toEqual([
      'content/consensus/raft.mdx: related[0]: "glossary/quorom" does not exist (no file content/glossary/quorom.mdx)',
    ]);
  });

  it('reports an internal link to a page that does not exist, with its line', () => {
    expect(lines(problemsOf('broken-link'))).toEqual([
      'content/consensus/raft.mdx:13: body: links to /consensus/paxos/, which is not a page of the site',
    ]);
  });

  it('reports two projects with the same repository, even spelled differently', () => {
    expect(lines(problemsOf('duplicate-repository'))).toEqual([
      'content/projects/etcd.mdx: repository: https://github.com/etcd-io/etcd is already the repository of content/projects/etcd-again.mdx; one entry per project',
    ]);
  });

  it('reports a malformed URL in the field that holds it', () => {
    expect(lines(problemsOf('malformed-url'))).toEqual([
      'content/consensus/raft.mdx: sources[0].url: must be an absolute http(s) URL',
    ]);
  });

  it('reports an SVG attribute in camelCase, which browsers would ignore', () => {
    expect(lines(problemsOf('svg-attribute'))).toEqual([
      'content/consensus/raft.mdx:11: body: SVG attribute textAnchor is ignored by browsers here; write text-anchor',
    ]);
  });

  it('reports a brace in prose, which MDX would run as code, but not one in code or a tag', () => {
    expect(lines(problemsOf('prose-brace'))).toEqual([
      'content/consensus/raft.mdx:15: body: a "{" in prose is read by MDX as code; write \\{ or put it in backticks',
    ]);
  });

  it('reports a deprecated or unknown SPDX licence id, and accepts current ids, expressions and unknown', () => {
    expect(lines(problemsOf('licence'))).toEqual([
      'content/projects/deprecated.mdx: licence: "GPL-3.0" is a deprecated SPDX id; write GPL-3.0-only or GPL-3.0-or-later, as the project\'s licence text says',
      'content/projects/unknown-id.mdx: licence: "Foo-1.0" is not on the SPDX licence list; use ids from https://spdx.org/licenses/, LicenseRef-… for others, or "unknown"',
    ]);
  });

  it('reports a published article that links fewer than three glossary terms inline', () => {
    expect(lines(problemsOf('glossary-links'))).toEqual([
      'content/consensus/raft.mdx: body: links 2 glossary terms inline (quorum, lease); link at least 3, for example [quorum](/glossary/quorum/), where each term is first used',
    ]);
  });

  it('refuses an entry in a subfolder of its collection, which would have no page', () => {
    expect(lines(problemsOf('subfolder'))).toEqual([
      'content/consensus/more/raft.mdx: location: entries live directly in content/consensus/, not in a subfolder; move it to content/consensus/raft.mdx',
    ]);
  });

  it('reports MDX the build cannot compile, such as an unclosed tag, with its line', () => {
    expect(lines(problemsOf('unclosed-tag'))).toEqual([
      'content/glossary/majority.mdx:9: body: does not compile as MDX: Expected a closing tag for `<p>` before the end of `paragraph`',
      'content/glossary/quorum.mdx:10: body: does not compile as MDX: Expected a closing tag for `<div>`',
    ]);
  });

  it('reports a component the entry pages do not provide, which would be undefined when rendered', () => {
    expect(lines(problemsOf('unknown-component'))).toEqual([
      'content/glossary/quorum.mdx:10: body: <Callout> is a component the entry pages do not provide (they provide none but Fragment); write HTML, such as <aside> or <figure>',
      'content/glossary/quorum.mdx:17: body: <ui.Badge> is a component the entry pages do not provide (they provide none but Fragment); write HTML, such as <aside> or <figure>',
    ]);
  });

  it('reports bytes that are not UTF-8 with their line and column, instead of reading them as U+FFFD', () => {
    expect(lines(problemsOf('not-utf8'))).toEqual([
      'content/glossary/quorum.mdx:10: encoding: byte 0xE9 at column 43 is not UTF-8 (and 1 more line); save the file as UTF-8 (an editor set to Latin-1 or Windows-1252 writes such bytes)',
    ]);
  });

  it('requires updated to be a real YYYY-MM-DD date, where a coercing schema showed 1970-01-01', () => {
    expect(lines(problemsOf('updated-not-a-date'))).toEqual([
      'content/glossary/heartbeat.mdx: updated: must be a real date written YYYY-MM-DD, such as 2026-11-25, not "last week"',
      'content/glossary/lease.mdx: updated: must be a real date written YYYY-MM-DD, such as 2026-11-25, not "2026-02-30"',
      'content/glossary/quorum.mdx: updated: must be a real date written YYYY-MM-DD, such as 2026-11-25, not true',
      'content/glossary/saga.mdx: updated: is required: the date of the last real change, written YYYY-MM-DD, such as 2026-11-25',
      'content/glossary/snapshot.mdx: updated: must be a real date written YYYY-MM-DD, such as 2026-11-25, not "2026-11-25T10:00:00Z"',
      'content/glossary/term.mdx: updated: must be a real date written YYYY-MM-DD, such as 2026-11-25, not 12345',
    ]);
  });

  it('says a file starts with a byte order mark, and how to remove it', () => {
    expect(lines(problemsOf('bom'))).toEqual([
      "content/glossary/quorum.mdx:1: encoding: starts with a byte order mark (the bytes EF BB BF), so the --- of the frontmatter is not at its start; save it as UTF-8 without BOM, or run: sed -i '1s/^\\xEF\\xBB\\xBF//' content/glossary/quorum.mdx",
    ]);
  });

  it('refuses a file larger than an entry may be, before reading it', () => {
    // A fixture tree made on the spot: the repository should not carry a file this size.
    const root = mkdtempSync(join(tmpdir(), 'atlas-too-large-'));
    try {
      const source = join(fixture('valid'), 'content', 'glossary', 'quorum.mdx');
      mkdirSync(join(root, 'content', 'glossary'), { recursive: true });
      const padding = `\n${'A line of an entry that goes on and on. '.repeat(2)}\n`.repeat(3_000);
      writeFileSync(join(root, 'content', 'glossary', 'quorum.mdx'), readFileSync(source, 'utf8') + padding);
      expect(MAX_ENTRY_BYTES).toBe(200 * 1024);
      expect(lines(checkContent(root).problems)).toEqual([
        'content/glossary/quorum.mdx: size: is 241 KB; an entry may be at most 200 KB: split it into several entries, or leave data out of the page',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('reports frontmatter that is not YAML instead of crashing', () => {
    expect(lines(problemsOf('bad-yaml'))).toEqual([
      expect.stringMatching(/^content\/consensus\/raft\.mdx: frontmatter: is not valid YAML: /),
    ]);
  });
});

describe('markup that would run code, embed a document or change the whole page', () => {
  const problems = lines(problemsOf('unsafe-markup'));
  const of = (name: string) => problems.filter((p) => p.startsWith(`content/glossary/${name}.mdx:`));

  it('refuses a raw <script>', () => {
    expect(of('script')).toEqual([
      "content/glossary/script.mdx:10: body: <script> runs code in the reader's browser; entries may not contain it",
    ]);
  });

  it('refuses an event handler attribute, on the line where it is written', () => {
    expect(of('event-handler')).toEqual([
      "content/glossary/event-handler.mdx:8: body: onerror on <img> runs code in the reader's browser; entries have no event handlers",
      "content/glossary/event-handler.mdx:12: body: onClick on <svg> runs code in the reader's browser; entries have no event handlers",
    ]);
  });

  it('refuses a javascript: URL in Markdown links, definitions, href and src', () => {
    expect(of('javascript-url')).toEqual([
      'content/glossary/javascript-url.mdx:8: body: links to a javascript: URL, which runs code when followed',
      'content/glossary/javascript-url.mdx:8: body: href on <a> is a javascript: URL, which runs code when followed',
      'content/glossary/javascript-url.mdx:10: body: src on <img> is a javascript: URL, which runs code when followed',
      'content/glossary/javascript-url.mdx:12: body: href on <a> is a javascript: URL, which runs code when followed',
      'content/glossary/javascript-url.mdx:14: body: links to a javascript: URL, which runs code when followed',
    ]);
  });

  it('refuses <iframe>, <object>, <embed> and <style>', () => {
    expect(of('embedding')).toEqual([
      'content/glossary/embedding.mdx:8: body: <iframe> embeds another document; entries may not contain it',
      'content/glossary/embedding.mdx:10: body: <object> embeds a plugin or another document; entries may not contain it',
      'content/glossary/embedding.mdx:12: body: <embed> embeds a plugin or another document; entries may not contain it',
      'content/glossary/embedding.mdx:14: body: <style> restyles the whole page (use the classes of src/styles/global.css); entries may not contain it',
    ]);
  });

  it('refuses import and export, which no entry uses', () => {
    expect(of('import-export')).toEqual([
      'content/glossary/import-export.mdx:8: body: import and export are not allowed in an entry: the page provides everything an entry may use',
    ]);
  });

  it('refuses code in attributes: spreads, expressions, Astro directives, animated links', () => {
    expect(of('code-in-attributes')).toEqual([
      'content/glossary/code-in-attributes.mdx:8: body: <div> spreads attributes from code ({...}), which may carry event handlers; write each attribute',
      'content/glossary/code-in-attributes.mdx:10: body: title={…} on <div> must be a plain number, string or boolean, not code',
      'content/glossary/code-in-attributes.mdx:12: body: set:html on <div> is an Astro directive, which entries may not use',
      'content/glossary/code-in-attributes.mdx:14: body: <set> animates href, which could make it run code',
    ]);
  });

  it('refuses a style attribute, which the Content Security Policy would block', () => {
    const reason =
      "is blocked by the site's Content Security Policy; use a class of src/styles/global.css (accent-fill, accent-stroke, diagram-wide) or an SVG attribute such as fill-opacity";
    expect(lines(problemsOf('style-attribute'))).toEqual([
      `content/glossary/quorum.mdx:10: body: style on <rect> ${reason}`,
      `content/glossary/quorum.mdx:12: body: style on <text> ${reason}`,
    ]);
  });

  it('allows the same words in code, literal values in braces and ordinary links', () => {
    expect(of('allowed')).toEqual([]);
  });
});

describe('the updated date as Astro reads it', () => {
  // Astro parses frontmatter with js-yaml, which makes an unquoted 2026-11-25 a Date.
  const updated = glossarySchema.shape.updated;
  it('is the Date of a day, at midnight UTC', () => {
    expect(updated.parse(new Date(Date.UTC(2026, 10, 25)))).toEqual(new Date('2026-11-25T00:00:00Z'));
    expect(updated.parse('2026-11-25')).toEqual(new Date('2026-11-25T00:00:00Z'));
  });
  it('is not another moment, nor a number or a boolean', () => {
    for (const value of [new Date(Date.UTC(2026, 10, 25, 10)), 12345, true, new Date(Number.NaN)])
      expect(updated.safeParse(value).success, String(value)).toBe(false);
  });
});

describe('components the entry pages provide', () => {
  it('are the keys of the components map every entry view passes to MDX', () => {
    // The pages of every language render entries through these views.
    const pages = ['Article.astro', 'GlossaryTerm.astro', 'Project.astro'];
    for (const page of pages) {
      const source = readFileSync(join(import.meta.dirname, '..', '..', 'src', 'views', page), 'utf8');
      const map = /<Content components=\{\{([^}]*)\}\}/.exec(source)?.[1] ?? '';
      const keys = [...map.matchAll(/(\w+)\s*:/g)].map((m) => m[1]);
      expect(keys, page).toEqual([...PAGE_COMPONENTS]);
    }
  });
});

describe('internal link extraction', () => {
  it('finds markdown and JSX links but not code', () => {
    const body = [
      'See [a](/a/) and <a href="/b/">b</a>.',
      '`[c](/c/)`',
      '```',
      '[d](/d/)',
      '```',
      '[e](https://x.org/)',
    ].join('\n');
    expect(internalLinks(body).map((l) => l.href)).toEqual(['/a/', '/b/']);
  });
});

describe('licence values', () => {
  it.each(['MIT', 'Apache-2.0', 'LGPL-3.0-only', 'AGPL-3.0-or-later', 'MIT OR Apache-2.0', 'unknown'])(
    'accepts %s',
    (value) => expect(licenceProblem(value)).toBeNull(),
  );
  it.each(['GPL-2.0', 'LGPL-3.0', 'AGPL-3.0', 'GPL-2.0+', 'Apache-2.0 OR GPL-3.0'])(
    'rejects the deprecated %s',
    (value) => expect(licenceProblem(value)).toMatch(/deprecated SPDX id/),
  );
  it.each(['BSD', 'mit', 'Apache 2.0', 'Unknown', ''])('rejects %j, which is not an SPDX id', (value) =>
    expect(licenceProblem(value)).toMatch(/SPDX/),
  );
});

describe('glossary links in an article body', () => {
  it('counts distinct terms, ignoring code and links elsewhere', () => {
    const body = [
      'A [quorum](/glossary/quorum/) and again [a quorum](/glossary/quorum/#example).',
      '<a href="/glossary/lease/">lease</a>, [Raft](/consensus/raft/) and `[term](/glossary/term/)`.',
      '```',
      '[split brain](/glossary/split-brain/)',
      '```',
    ].join('\n');
    expect(glossaryTermsLinked(body)).toEqual(['quorum', 'lease']);
  });
});

describe('npm run check:content', () => {
  it('exits non-zero and prints file, field and reason for a bad tree', () => {
    let output = '';
    let status = 0;
    try {
      execFileSync('npx', ['tsx', 'scripts/check-content.ts', fixture('missing-reference')], {
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (error) {
      const failure = error as { status: number; stderr: string };
      status = failure.status;
      output = failure.stderr;
    }
    expect(status).toBe(1);
    expect(output).toContain('content/consensus/raft.mdx: related[0]: "glossary/quorom" does not exist');
  });
});
