/**
 * The catalogue's promises to readers, checked against the real content/ tree on disk:
 * every project the seed lists named has an entry, moves are recorded, unknown facts are
 * admitted in prose, and each section and the glossary carry enough entries.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEntries, normaliseRepository, type LoadedEntry } from '../../src/content/check';
import { ARTICLE_SECTIONS, glossarySchema, projectSchema } from '../../src/content/schema';

const root = join(import.meta.dirname, '..', '..');
const { entries } = loadEntries(root);
const inCollection = (name: string) => entries.filter((entry) => entry.collection === name);

/** Canonical repositories of the projects named in the seed lists (reference catalogue table). */
const SEED_REPOSITORIES = [
  'https://github.com/mumrah/flake-java',
  'https://github.com/twitter-archive/snowflake',
  'https://github.com/Meituan-Dianping/Leaf',
  'https://github.com/apache/shardingsphere-elasticjob',
  'https://github.com/antirez/disque',
  'https://github.com/mcuadros/ofelia',
  'https://github.com/eropple/taskbotjs',
  'https://github.com/siaorg/sia-task',
  'https://github.com/antirez/redlock-rb',
  'https://github.com/ronnylt/redlock-php',
  'https://github.com/go-redsync/redsync',
  'https://github.com/redisson/redisson',
  'https://github.com/alexandreLamarre/dlock',
  'https://github.com/apache/incubator-seata',
  'https://github.com/changmingxie/tcc-transaction',
  'https://github.com/prontera/spring-cloud-rest-tcc',
  'https://github.com/liuyangming/ByteTCC',
  'https://github.com/unshiftio/liferaft',
  'https://github.com/lni/dragonboat',
  'https://github.com/pierrre/imageserver',
  'https://github.com/dsys/match',
  'https://github.com/westerndigitalcorporation/blb',
  // The seed list says only "BFS", which fits both of these.
  'https://github.com/baidu/bfs',
  'https://github.com/Terry-Mao/bfs',
  'https://github.com/alibaba/tfs',
  'https://github.com/happyfish100/fastdfs',
  'https://github.com/mogilefs/MogileFS-Server',
  'https://github.com/minio/minio',
  'https://github.com/dragonflyoss/dragonfly',
];

/** Former addresses (several still linked by the seed lists) and where each project lives now. */
const SEED_MOVES: Record<string, string> = {
  'https://github.com/twitter/snowflake': 'https://github.com/twitter-archive/snowflake',
  'https://github.com/dangdangdotcom/elastic-job': 'https://github.com/apache/shardingsphere-elasticjob',
  'https://github.com/elasticjob/elastic-job-lite': 'https://github.com/apache/shardingsphere-elasticjob',
  'https://github.com/hjr265/redsync.go': 'https://github.com/go-redsync/redsync',
  'https://github.com/mrniko/redisson': 'https://github.com/redisson/redisson',
  'https://github.com/alibaba/fescar': 'https://github.com/apache/incubator-seata',
  'https://github.com/seata/seata': 'https://github.com/apache/incubator-seata',
  'https://github.com/pavlovml/match': 'https://github.com/dsys/match',
};

/** Seed projects that stopped and point to a continuation elsewhere. */
const SEED_SUCCESSORS: Record<string, string> = {
  'https://github.com/antirez/redlock-rb': 'https://github.com/leandromoreira/redlock-rb',
  'https://github.com/antirez/disque': 'https://github.com/antirez/disque-module',
};

const projectEntries = inCollection('projects');
const projects = projectEntries.flatMap((entry) => {
  const parsed = projectSchema.safeParse(entry.data);
  return parsed.success ? [{ entry, data: parsed.data }] : [];
});
const byRepository = new Map(projects.map((p) => [normaliseRepository(p.data.repository), p]));
const projectAt = (url: string) => byRepository.get(normaliseRepository(url));

const words = (body: string) =>
  body
    .replace(/\]\([^)]*\)/g, ']')
    .split(/\s+/)
    .filter(Boolean).length;
const slugsOf = (list: LoadedEntry[]) => list.map((entry) => entry.slug);

describe('projects collection', () => {
  it('has frontmatter that satisfies the project schema in every entry', () => {
    const invalid = projectEntries.filter((entry) => !projectSchema.safeParse(entry.data).success);
    expect(slugsOf(invalid)).toEqual([]);
  });

  it('has an entry for every project the seed lists name', () => {
    const missing = SEED_REPOSITORIES.filter((url) => !projectAt(url));
    expect(missing).toEqual([]);
  });

  it('gives every project its own repository', () => {
    const normalised = projects.map((p) => normaliseRepository(p.data.repository));
    const duplicates = normalised.filter((url, i) => normalised.indexOf(url) !== i);
    expect(duplicates).toEqual([]);
  });

  it('goes beyond the seed lists with at least thirty more systems', () => {
    const seeds = new Set(SEED_REPOSITORIES.map(normaliseRepository));
    const others = projects.filter((p) => !seeds.has(normaliseRepository(p.data.repository)));
    expect(others.length).toBeGreaterThanOrEqual(30);
  });

  it('records each former repository address on the entry of the project that moved', () => {
    for (const [former, current] of Object.entries(SEED_MOVES)) {
      const project = projectAt(current);
      expect(project, current).toBeDefined();
      expect(project?.data.movedFrom.map(normaliseRepository), current).toContain(
        normaliseRepository(former),
      );
    }
  });

  it('records the successor of each seed project that was continued elsewhere', () => {
    for (const [original, successor] of Object.entries(SEED_SUCCESSORS)) {
      expect(projectAt(original)?.data.successor, original).toBe(successor);
    }
  });

  it('says in both BFS entries that the seed list name is ambiguous, and links each to the other', () => {
    const baidu = projectAt('https://github.com/baidu/bfs');
    const terryMao = projectAt('https://github.com/Terry-Mao/bfs');
    expect(baidu?.entry.body).toMatch(/ambiguous/);
    expect(terryMao?.entry.body).toMatch(/ambiguous/);
    expect(baidu?.entry.body).toContain(`/projects/${terryMao?.entry.slug}/`);
    expect(terryMao?.entry.body).toContain(`/projects/${baidu?.entry.slug}/`);
  });

  it('admits in the prose of the page when the licence is unknown', () => {
    const silent = projects.filter(
      (p) => p.data.licence === 'unknown' && !/licen[cs]e[^.]*\bunknown\b/i.test(p.entry.body),
    );
    expect(slugsOf(silent.map((p) => p.entry))).toEqual([]);
  });

  it('admits in the prose of the page when the first release year is not recorded', () => {
    const silent = projects.filter(
      (p) => p.data.firstRelease === undefined && !/first\s+release/i.test(p.entry.body),
    );
    expect(slugsOf(silent.map((p) => p.entry))).toEqual([]);
  });

  it('describes each project in 80 to 200 words', () => {
    const outside = projects
      .map((p) => ({ slug: p.entry.slug, count: words(p.entry.body) }))
      .filter(({ count }) => count < 80 || count > 200);
    expect(outside).toEqual([]);
  });

  it('uses each sequence number once', () => {
    const sequences = projects.map((p) => p.data.sequence);
    expect(new Set(sequences).size).toBe(sequences.length);
  });
});

describe('glossary collection', () => {
  const glossaryEntries = inCollection('glossary');

  it('defines at least forty terms, each valid against the glossary schema', () => {
    const invalid = glossaryEntries.filter((entry) => !glossarySchema.safeParse(entry.data).success);
    expect(slugsOf(invalid)).toEqual([]);
    expect(glossaryEntries.length).toBeGreaterThanOrEqual(40);
  });

  it('gives every term a worked example', () => {
    const withoutExample = glossaryEntries.filter((entry) => !entry.body.includes('**Example.**'));
    expect(slugsOf(withoutExample)).toEqual([]);
  });
});

describe('article sections', () => {
  // Each section is written separately; this fails until all of them have landed.
  it.each(ARTICLE_SECTIONS)('%s has at least five articles', (section) => {
    expect(inCollection(section).length).toBeGreaterThanOrEqual(5);
  });
});
