/**
 * The kernel's fast path (src/sim/stepper.ts) replays XState's transition selection for the
 * transitions that change only a context. Here every registered algorithm runs the scenarios of
 * each of its generators twice, once with the fast path and once with XState's own `transition`
 * alone, and both must give the same nodes (state and context) after every event, the same trace
 * and the same violations.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadAlgorithms } from '../../src/registry';
import { canonicalJson, Hasher, traceDigest } from '../../src/sim/digest';
import { nodesOf } from '../../src/sim/explore';
import type { AlgorithmModule } from '../../src/sim/module';
import { installFastPath, setFastPath, stepCounts } from '../../src/sim/fast-path';
import type { Scenario } from '../../src/sim/types';

const algorithms = await loadAlgorithms();
installFastPath();
const SEEDS = process.env.ATLAS_LONG ? 40 : 2;
const HORIZON = process.env.ATLAS_LONG ? 2_000_000 : 500_000;

function trace(module: AlgorithmModule, scenario: Scenario, horizon: number, fast: boolean) {
  setFastPath(fast);
  const run = module.createRun(scenario);
  const perEvent = new Hasher();
  while (run.time() <= horizon && run.step()) {
    const changed = run.nodes().map((n) => ({ id: n.id, up: n.up, role: n.role, context: n.context }));
    perEvent.update(canonicalJson(changed));
  }
  const view = run.view();
  return {
    nodes: perEvent.digest(),
    trace: traceDigest(run.entries(0, run.length()), { nodes: view.nodes, violations: view.violations }),
    events: run.length(),
  };
}

afterEach(() => setFastPath(true));

describe('the fast path gives what XState gives', () => {
  for (const module of algorithms) {
    const generators = module.exploration?.generators ?? [];
    for (const variant of module.variants) {
      it(`${module.id}, ${variant.id}: every generator, ${SEEDS} seeds each`, () => {
        const params = module.parseParams(
          variant.params
            ? { ...module.defaultParams, ...variant.params }
            : { ...module.defaultParams, variant: variant.id },
        );
        const nodes = nodesOf(module, params);
        const horizon = HORIZON;
        for (const generator of generators) {
          for (let seed = 1; seed <= SEEDS; seed++) {
            const settings = { algorithm: module.id, params, horizon, fast: seed % 2 === 0, nodes };
            const scenario = generator.scenario(seed, settings);
            const slow = trace(module, scenario, horizon, false);
            const fast = trace(module, scenario, horizon, true);
            expect(fast, `${generator.id} seed ${seed}`).toEqual(slow);
          }
        }
      });
    }
  }

  it('is really taken (machines whose steps change only a context take it)', () => {
    expect(stepCounts.fast).toBeGreaterThan(stepCounts.xstate);
  });
});
