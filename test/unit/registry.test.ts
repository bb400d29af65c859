/** Every registry line names a demo folder, and an algorithm module whose id is the line's own. */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALGORITHM_IDS, DEMO_IDS, loadAlgorithm, loadDemo } from '../../src/registry';

describe('the registry', () => {
  it('lists every demo folder and every algorithm module once', () => {
    const folders = (dir: string) =>
      readdirSync(new URL(`../../src/${dir}/`, import.meta.url), { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort();
    expect([...DEMO_IDS].sort()).toEqual(folders('demos'));
    for (const id of ALGORITHM_IDS) expect(folders('algorithms')).toContain(id);
  });

  it.each(DEMO_IDS.map((id) => [id]))('%s loads its demo, and its module under its own id', async (id) => {
    const demo = await loadDemo(id);
    expect(['player', 'standalone']).toContain(demo.kind);
    if (demo.kind === 'player') {
      const module = await loadAlgorithm(id);
      expect(module.id).toBe(id);
      const names = module.invariants.map((i) => i.name);
      expect(new Set(names).size).toBe(names.length);
      expect(module.scenarios.length).toBeGreaterThan(0);
    }
  });
});
