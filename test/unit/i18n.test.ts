import { describe, expect, it } from 'vitest';
import { CATALOGUES, LOCALES } from '../../src/i18n';
import { formatMessage, loadTable, placeholders, translator } from '../../src/sim/i18n';
import { loadAlgorithms } from '../../src/registry';
import type { AlgorithmModule } from '../../src/sim/module';
import { KERNEL_MESSAGES } from '../../src/sim/messages';
import kernelZh from '../../src/sim/messages.zh-cn';
import raftZh from '../../src/algorithms/raft/messages/zh-cn';
import { RAFT_MESSAGES } from '../../src/algorithms/raft/messages';
import { inLocale } from '../../src/sim/locale';
import raft from '../../src/algorithms/raft';
import snowflake from '../../src/algorithms/snowflake';

const keys = (o: object) => Object.keys(o).sort();

describe('message catalogues', () => {
  it('have every key in every language, with the same placeholders', () => {
    const english = CATALOGUES.en;
    for (const locale of LOCALES) {
      const catalogue = CATALOGUES[locale];
      expect(keys(catalogue), locale).toEqual(keys(english));
      for (const [key, template] of Object.entries(english))
        expect(placeholders(catalogue[key as keyof typeof english]), `${locale}: ${key}`).toEqual(
          placeholders(template),
        );
    }
  });

  it('of the kernel and of Raft translate every key, with the same placeholders', () => {
    for (const [tables, chinese] of [
      [KERNEL_MESSAGES, kernelZh],
      [RAFT_MESSAGES, raftZh],
    ] as const) {
      const declared = tables === RAFT_MESSAGES ? declaredKeys(raft) : [];
      expect(keys(chinese)).toEqual([...keys(tables.en), ...declared].sort());
      for (const [key, template] of Object.entries(tables.en))
        expect(placeholders(chinese[key] ?? ''), key).toEqual(placeholders(template));
    }
  });
});

/** Keys of the words a module declares in English in its fields: invariants and scenarios. */
function declaredKeys(module: Pick<AlgorithmModule, 'invariants' | 'scenarios'>): string[] {
  return [
    ...module.invariants.flatMap((i) => [`invariant.${i.id}.name`, `invariant.${i.id}.description`]),
    ...module.scenarios.flatMap((s) => [`scenario.${s.id}.title`, `scenario.${s.id}.description`]),
    'noun.one',
    'noun.many',
  ];
}

describe('formatting', () => {
  it('chooses plural forms and writes numbers and lists in the language', () => {
    const template = '{count, plural, one {# entry} other {# entries}}: {names}';
    expect(formatMessage(template, { count: 1, names: ['S1'] })).toBe('1 entry: S1');
    expect(formatMessage(template, { count: 3, names: ['S1', 'S2', 'S3'] })).toBe('3 entries: S1, S2 and S3');
    expect(
      formatMessage(
        '{count, plural, other {# 个条目}}：{names}',
        { count: 3, names: ['S1', 'S2', 'S3'] },
        'zh-cn',
      ),
    ).toBe('3 个条目：S1、S2和S3');
    expect(formatMessage('{n}', { n: 12345.5 })).toBe('12345.5');
  });

  it('falls back to English for a key a language lacks', () => {
    const t = translator('zh-cn', { en: { a: 'A {x}', b: 'B' }, 'zh-cn': { b: '乙' } });
    expect(t('a', { x: 1 })).toBe('A 1');
    expect(t('b')).toBe('乙');
  });
});

describe('an algorithm in a language', () => {
  it('narrates Raft in Chinese, one sentence per event, and names its invariants in Chinese', async () => {
    const module = await inLocale(raft, 'zh-cn');
    const election = raft.scenarios.find((s) => s.id === 'election');
    if (!election) throw new Error('Raft has an election scenario');
    const run = module.createRun(election.scenario);
    run.seekTime(300_000);
    const sentences = run.entries(0, run.length()).map((e) => e.narration);
    expect(sentences[0]).toMatch(/^S\d 超时，发起任期 1 的选举$/);
    for (const s of sentences) expect(s).toMatch(/[\u4e00-\u9fff]/);
    expect(module.invariants[0]?.title).toBe('选举安全性（Election Safety）');
    // The English name stays: violations carry it.
    expect(module.invariants[0]?.name).toBe('Election Safety');
  });

  it('falls back to English for an algorithm with no Chinese words', async () => {
    // As an algorithm added without any messages: everything stays English, nothing fails.
    const bare = { ...snowflake, messages: null };
    const module = await inLocale(bare, 'zh-cn');
    const first = snowflake.scenarios[0];
    if (!first) throw new Error('Snowflake has a scenario');
    const run = module.createRun(first.scenario);
    run.seekTime(2_000);
    expect(run.entries(0, 1)[0]?.narration).toBeTruthy();
    expect(module.invariants.map((i) => i.description)).toEqual(
      snowflake.invariants.map((i) => i.description),
    );
  });
});

describe('the other algorithms in Chinese', () => {
  it('translate only invariants, scenarios and nodes they declare, and still narrate in English', async () => {
    for (const module of await loadAlgorithms()) {
      const table = await loadTable(module.messages, 'zh-cn');
      const known = new Set([...Object.keys(module.messages?.en ?? {}), ...declaredKeys(module)]);
      for (const key of Object.keys(table ?? {})) expect(known.has(key), `${module.id}: ${key}`).toBe(true);
    }
  });
});
