/**
 * Traces of every named scenario, of the default scenarios, of sampled exploration runs and of
 * share links saved earlier, compared with the digests recorded in `test/fixtures/golden/`. A
 * change to an algorithm, its narration or the kernel that alters any trace shows up here; when
 * the change is intended, rerun with UPDATE_GOLDEN=1 and explain the new digests in the commit.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadAlgorithms } from '../../src/registry';
import { scenarioFor } from '../../src/algorithms/raft/explore';
import { traceDigest } from '../../src/sim/digest';
import type { AlgorithmModule } from '../../src/sim/module';
import type { Scenario } from '../../src/sim/types';
import { createPlayerStore } from '../../src/stores/player';
import { runDigest } from '../../src/components/demo/digest';

const FILE = fileURLToPath(new URL('../fixtures/golden/digests.json', import.meta.url));
const DEFAULT_UNTIL = 2_000_000;
const algorithms = await loadAlgorithms();

interface Golden {
  scenarios: Record<string, string>;
  links: { fragment: string; digest: string; cursor: number }[];
}

function digestOf(module: AlgorithmModule, scenario: Scenario, until: number): string {
  const run = module.createRun(scenario);
  run.seekTime(until);
  const view = run.view();
  return traceDigest(run.entries(0, run.length()), { nodes: view.nodes, violations: view.violations });
}

function computeScenarios(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const module of algorithms) {
    const plain: Scenario = {
      version: 1,
      algorithm: module.id,
      params: { ...module.defaultParams },
      seed: 1,
      actions: [],
    };
    out[`${module.id}/default`] = digestOf(module, plain, DEFAULT_UNTIL);
    for (const named of module.scenarios) {
      out[`${module.id}/${named.id}`] = digestOf(module, named.scenario, named.until ?? DEFAULT_UNTIL);
    }
  }
  const raft = algorithms.find((m) => m.id === 'raft') as AlgorithmModule;
  for (const generator of ['random', 'figure-8', 'membership'] as const) {
    for (let seed = 1; seed <= 6; seed++) {
      const duration = generator === 'figure-8' ? 2300 : 1500;
      const scenario = scenarioFor(seed, generator, 'correct', duration);
      out[`raft/explore-${generator}-${seed}`] = digestOf(raft, scenario, duration * 1000);
    }
  }
  return out;
}

/** Moments a reader might have shared: a few steps, faults acted in the player, more steps. */
function computeLinks(): Golden['links'] {
  const links: Golden['links'] = [];
  for (const module of algorithms) {
    const store = createPlayerStore(module);
    const s = store.getState;
    s().jump(20);
    const first = s().world.nodes[0]?.id;
    if (first) s().act({ type: 'crash', node: first });
    s().jump(15);
    if (first) s().act({ type: 'restart', node: first });
    s().jump(10);
    links.push({ fragment: s().shareFragment(), digest: runDigest(s().run), cursor: s().cursor });
  }
  return links;
}

const update = process.env['UPDATE_GOLDEN'] === '1';

describe('recorded traces', () => {
  if (update) {
    it('records the digests', () => {
      const golden: Golden = { scenarios: computeScenarios(), links: computeLinks() };
      writeFileSync(FILE, `${JSON.stringify(golden, null, 2)}\n`);
    });
    return;
  }
  const golden = JSON.parse(readFileSync(FILE, 'utf8')) as Golden;

  it(
    'every named, default and sampled exploration scenario gives its recorded trace',
    { timeout: 60_000 },
    () => {
      const now = computeScenarios();
      expect(Object.keys(now).sort()).toEqual(Object.keys(golden.scenarios).sort());
      for (const [key, digest] of Object.entries(golden.scenarios)) expect(now[key], key).toBe(digest);
    },
  );

  it('share links saved earlier restore the same moment and trace', { timeout: 60_000 }, () => {
    for (const link of golden.links) {
      const algorithm = algorithms.find((m) => {
        const store = createPlayerStore(m);
        store.getState().applyFragment(`#${link.fragment}`);
        return store.getState().notice === null && store.getState().cursor === link.cursor;
      });
      expect(algorithm, link.fragment.slice(0, 40)).toBeDefined();
      const store = createPlayerStore(algorithm as AlgorithmModule);
      store.getState().applyFragment(`#${link.fragment}`);
      expect(runDigest(store.getState().run)).toBe(link.digest);
    }
  });
});
