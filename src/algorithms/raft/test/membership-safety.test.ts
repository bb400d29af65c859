/** The five properties of Figure 3 hold while servers are added and removed under random faults. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { membershipScenario } from '../explore';
import { runWithoutViolation } from './property';

/** Simulated time per run, every timing shrunk five-fold: about 1.5 s of a normal run. */
const DURATION_MS = 300;
const RUNS = 3000;

describe('safety under random faults and membership changes', () => {
  it('no invariant ever fails for the correct algorithm', () => {
    let changed = 0;
    let committed = 0;
    let shrunk = 0;
    let joined = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 30 }), (offset) => {
        const run = runWithoutViolation(
          membershipScenario(77 + offset, 'correct', DURATION_MS, true),
          DURATION_MS,
        );
        const nodes = run.nodes();
        const initial = nodes[0]?.context.config.initialMembers ?? [];
        const latest = nodes.reduce((a, n) => (n.context.membersIndex > a.context.membersIndex ? n : a));
        if (latest.context.membersIndex > 0) changed++;
        // Committed configuration entries, as any server knows them.
        const configurations = nodes.flatMap((n) =>
          n.context.log.slice(0, n.context.commitIndex).flatMap((e) => (e.config ? [e.config] : [])),
        );
        if (configurations.length > 0) committed++;
        if (configurations.some((c) => c.length < initial.length)) shrunk++;
        if (configurations.some((c) => c.some((m) => !initial.includes(m)))) joined++;
      }),
      { numRuns: RUNS, seed: 77 },
    );
    // The runs were not vacuous: most changed the configuration and many committed a change; in
    // many a server was removed, and in some a server from outside joined.
    expect(changed / RUNS).toBeGreaterThan(0.5);
    expect(committed / RUNS).toBeGreaterThan(0.4);
    expect(shrunk / RUNS).toBeGreaterThan(0.3);
    expect(joined / RUNS).toBeGreaterThan(0.1);
  }, 60_000);
});
