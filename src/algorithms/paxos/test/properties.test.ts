/**
 * Properties over many seeds: random crashes, restarts, partitions, pauses, loss and duplication,
 * with proposals at random servers, in both modes. The correct protocol never breaks an invariant.
 * ATLAS_LONG=1 runs many more cases.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Action, TimedAction } from '../../../sim/types';
import paxos from '..';

const LONG = process.env['ATLAS_LONG'] === '1';
const RUNS = LONG ? 5000 : 250;
const MS = 1000;
const NODES = ['S1', 'S2', 'S3', 'S4', 'S5'];

function faults(nodes: string[]): fc.Arbitrary<TimedAction> {
  const node = fc.constantFrom(...nodes);
  const action: fc.Arbitrary<Action> = fc.oneof(
    node.map((n): Action => ({ type: 'crash', node: n })),
    node.map((n): Action => ({ type: 'restart', node: n })),
    node.map((n): Action => ({ type: 'timeout', node: n })),
    fc
      .subarray(nodes, { minLength: 1, maxLength: nodes.length - 1 })
      .map((side): Action => ({ type: 'partition', groups: [side, nodes.filter((n) => !side.includes(n))] })),
    fc.constant<Action>({ type: 'heal' }),
    fc.integer({ min: 0, max: 50 }).map((p): Action => ({ type: 'set-loss', rate: p / 100 })),
    fc.integer({ min: 0, max: 50 }).map((p): Action => ({ type: 'set-duplication', rate: p / 100 })),
    fc
      .tuple(node, fc.integer({ min: 1, max: 300 }))
      .map(([n, ms]): Action => ({ type: 'pause', node: n, duration: ms * MS })),
    fc
      .tuple(fc.option(node, { nil: undefined }), fc.integer({ min: 1, max: 99 }))
      .map(([n, v]): Action => ({ type: 'client', payload: `x=${v}`, ...(n ? { node: n } : {}) })),
  );
  return fc.record({ at: fc.integer({ min: 0, max: 800 * MS }), action });
}

const caseOf = fc.record({
  mode: fc.constantFrom('single', 'multi'),
  nodes: fc.constantFrom(3, 5),
  proposers: fc.integer({ min: 0, max: 3 }),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  latencyMax: fc.integer({ min: 1, max: 40 }),
  actions: fc.array(faults(NODES), { maxLength: 24 }),
});

describe('Paxos properties', () => {
  it(
    'no invariant breaks under crashes, partitions, loss, duplication and pauses, in either mode',
    () => {
      fc.assert(
        fc.property(caseOf, (c) => {
          const nodes = NODES.slice(0, c.nodes);
          const actions = c.actions
            .filter((a) => {
              const x = a.action as { node?: string; groups?: string[][] };
              if (x.node !== undefined && !nodes.includes(x.node)) return false;
              return !x.groups || x.groups.flat().every((n) => nodes.includes(n));
            })
            .sort((a, b) => a.at - b.at);
          const run = paxos.createRun(
            {
              version: 1,
              algorithm: 'paxos',
              params: {
                mode: c.mode,
                nodes: c.nodes,
                proposers: Math.min(c.proposers, c.nodes),
                latencyMin: 1,
                latencyMax: c.latencyMax,
              },
              seed: c.seed,
              actions,
            },
            { narrate: false, maxEvents: 40_000 },
          );
          run.seekTime(1500 * MS);
          expect(run.violations()).toEqual([]);
        }),
        { numRuns: RUNS, seed: 20261204 },
      );
    },
    LONG ? 3_600_000 : 60_000,
  );
});
