import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { swarm, type FaultKind } from '../explore';
import { readScenarioFile } from '../shrink';
import type { Scenario } from '../types';

const NODES = ['A', 'B', 'C', 'D'];
const settings = (horizon: number) => ({
  algorithm: 'fixture',
  params: { loss: 0.015 },
  nodes: NODES,
  horizon,
  fast: false,
});

/** The fault kinds a scenario's actions come from (client requests and the undoing actions aside). */
function kindsOf(s: Scenario): Set<string> {
  const kinds = new Set<string>();
  for (const { action } of s.actions) {
    if (!['client', 'heal', 'restart'].includes(action.type)) kinds.add(action.type);
  }
  return kinds;
}

describe('swarm runs', () => {
  const kinds: FaultKind[] = ['crash', 'pause', 'timeout', 'loss', 'clock-jump'];
  const generator = swarm({ kinds });

  it('draw the same scenario from the same seed, inside the horizon, with only the kinds allowed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 1000, max: 5_000_000 }),
        (seed, h) => {
          const s = generator.scenario(seed, settings(h));
          expect(generator.scenario(seed, settings(h))).toEqual(s);
          for (const { at, action } of s.actions) {
            expect(at).toBeGreaterThanOrEqual(0);
            expect(at).toBeLessThan(h);
            expect(['crash', 'restart', 'pause', 'timeout', 'set-loss', 'clock-jump', 'client']).toContain(
              action.type,
            );
          }
          const times = s.actions.map((a) => a.at);
          expect(times).toEqual([...times].sort((a, b) => a - b));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('give each run its own subset of the fault kinds', () => {
    const subsets = new Set<string>();
    for (let seed = 1; seed <= 300; seed++) {
      subsets.add([...kindsOf(generator.scenario(seed, settings(1_000_000)))].sort().join(','));
    }
    // Five kinds make 31 non-empty subsets: a swarm meets most of them, a fixed mix one.
    expect(subsets.size).toBeGreaterThan(20);
    expect(subsets.has('crash')).toBe(true);
    expect(subsets.has('pause')).toBe(true);
  });

  it('restore the loss rate the parameters set after a lossy spell', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const losses = generator
        .scenario(seed, settings(1_000_000))
        .actions.flatMap(({ action }) => (action.type === 'set-loss' ? [action.rate] : []));
      // Spells draw whole percents; each is followed by the parameters' own 1.5 %.
      expect(losses.filter((r) => r === 0.015)).toHaveLength(losses.length / 2);
    }
  });
});

describe('scenario files with a moment', () => {
  const scenario: Scenario = { version: 1, algorithm: 'fixture', params: {}, seed: 3, actions: [] };

  it('read back the scenario and the event they open at', () => {
    const file = JSON.stringify({ ...scenario, at: 12, t: 3400 });
    expect(readScenarioFile(file)).toEqual({ scenario, cursor: 12, time: 3400 });
  });

  it('read a plain scenario file as opening at the start', () => {
    expect(readScenarioFile(JSON.stringify(scenario))).toEqual({ scenario, cursor: null, time: null });
  });

  it('refuse a damaged file with the scenario check’s reason', () => {
    expect(() => readScenarioFile('{"version": 1, "at": 3')).toThrow(/not valid JSON/);
    expect(() => readScenarioFile(JSON.stringify({ ...scenario, version: 2, at: 1 }))).toThrow(/version/);
  });
});
