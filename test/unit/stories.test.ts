/**
 * The chapters every named scenario shows on the timeline: a story is told in steps a reader can
 * jump between, named after what happens, never one mark for the whole run.
 */
import { describe, expect, it } from 'vitest';
import { loadAlgorithms } from '../../src/registry';
import { createPlayerStore, MAX_CHAPTERS } from '../../src/stores/player';

const modules = await loadAlgorithms();

function chaptersOfStory(algorithm: string, scenario: string) {
  const module = modules.find((m) => m.id === algorithm);
  if (!module) throw new Error(`no module ${algorithm}`);
  const store = createPlayerStore(module);
  store.getState().loadNamed(scenario);
  return store.getState().chapters;
}

describe.each(modules.map((m) => [m.id, m] as const))('%s stories', (_id, module) => {
  it.each(module.scenarios.map((s) => [s.id, s] as const))('%s is told in named steps', (id, named) => {
    const chapters = chaptersOfStory(module.id, id);
    expect(chapters.length).toBeGreaterThan(0);
    expect(chapters.length).toBeLessThanOrEqual(MAX_CHAPTERS);
    for (const c of chapters) {
      expect(c.title.trim()).not.toBe('');
      // A range with equal ends reads as a stutter ("60 ms to 60 ms").
      expect(c.title).not.toMatch(/(\d[\d.,]* \S+) to \1\b/);
    }
    const times = new Set(named.scenario.actions.map((a) => a.at));
    if (times.size >= 3) expect(chapters.length).toBeGreaterThan(1);
  });
});

describe('turns of a story that a request causes', () => {
  it('mark the worker that refuses after its clock went back, and the one that waits', () => {
    expect(chaptersOfStory('snowflake', 'clock-back-twitter').map((c) => c.title)).toContain(
      'W2 refuses to hand out IDs',
    );
    expect(chaptersOfStory('snowflake', 'clock-back-leaf-small').map((c) => c.title)).toContain(
      'W2 waits for its clock to pass its last ID',
    );
  });

  it('group link settings made together into one step', () => {
    const titles = chaptersOfStory('raft', 'split-vote').map((c) => c.title);
    expect(titles[0]).toBe('Messages S1→S3 take 2 ms to 3 ms and 3 more');
  });
});
