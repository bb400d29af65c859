import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeScenario,
  encodeScenario,
  LIMITS,
  scenarioFromJson,
  scenarioToJson,
  validateScenario,
} from '../scenario';
import type { Scenario } from '../types';

const good: Scenario = {
  version: 1,
  algorithm: 'raft',
  params: { nodes: 5, variant: 'correct' },
  seed: 7,
  actions: [
    { at: 0, action: { type: 'crash', node: 'S1' } },
    { at: 1000, action: { type: 'partition', groups: [['S1', 'S2'], ['S3']] } },
    { at: 2000, action: { type: 'client', node: 'S2', payload: { key: 'x', value: '1' } } },
    { at: 3000, action: { type: 'set-link-latency', from: 'S1', to: 'S2', min: 10, max: 20 } },
  ],
};

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('validateScenario', () => {
  it('accepts a well-formed scenario unchanged', () => {
    expect(validateScenario(structuredClone(good))).toEqual(good);
  });

  it.each([
    [null, /^scenario: must be an object/],
    [{ ...good, version: 2 }, /^scenario\.version/],
    [{ ...good, algorithm: '../x' }, /^scenario\.algorithm/],
    [{ ...good, seed: 1.5 }, /^scenario\.seed: must be a whole number/],
    [{ ...good, seed: Number.NaN }, /^scenario\.seed: must be a finite number/],
    [{ ...good, seed: -1 }, /^scenario\.seed: must be between/],
    [{ ...good, params: [] }, /^scenario\.params: must be an object/],
    [{ ...good, params: { nodes: { deep: 1 } } }, /^scenario\.params\.nodes/],
    [{ ...good, params: { n: Infinity } }, /^scenario\.params\.n: must be a finite number/],
    [{ ...good, actions: 'many' }, /^scenario\.actions: must be a list/],
    [{ ...good, actions: [{ at: -5, action: { type: 'heal' } }] }, /^scenario\.actions\[0\]\.at/],
    [
      { ...good, actions: [{ at: 0, action: { type: 'explode' } }] },
      /^scenario\.actions\[0\]\.action\.type: unknown action type "explode"/,
    ],
    [{ ...good, actions: [{ at: 0, action: { type: 'crash' } }] }, /^scenario\.actions\[0\]\.action\.node/],
    [
      { ...good, actions: [{ at: 0, action: { type: 'set-loss', rate: 2 } }] },
      /\.rate: must be between 0 and 1/,
    ],
    [
      { ...good, actions: [{ at: 0, action: { type: 'set-latency', min: 10, max: 5 } }] },
      /\.max: must not be below min/,
    ],
    [{ ...good, actions: [{ at: 0, action: { type: 'pause', node: 'S1', duration: 0 } }] }, /\.duration/],
    [{ ...good, actions: [{ at: 0, action: { type: 'clock-rate', node: 'S1', rate: 0 } }] }, /\.rate/],
    [
      { ...good, actions: [{ at: 0, action: { type: 'partition', groups: [['S1'], ['S1']] } }] },
      /more than one group/,
    ],
    [{ ...good, actions: [{ at: 0, action: { type: 'heal', extra: 1 } }] }, /\.extra: is not a field/],
    [
      { ...good, actions: [{ at: 0, action: { type: 'client', payload: 'x'.repeat(5000) } }] },
      /payload: is too large/,
    ],
    [{ ...good, extra: true }, /^scenario\.extra: is not a field/],
  ])('rejects %j with a message naming the field', (raw, pattern) => {
    expect(message(() => validateScenario(raw))).toMatch(pattern);
  });

  it('caps the number of actions', () => {
    const actions = Array.from({ length: LIMITS.actions + 1 }, () => ({ at: 0, action: { type: 'heal' } }));
    expect(message(() => validateScenario({ ...good, actions }))).toMatch(/at most 10000/);
  });

  it('never throws anything but a clean Error on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        try {
          validateScenario(raw);
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
          expect((error as Error).message).toMatch(/^scenario/);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never throws anything but a clean Error on mutated scenarios', () => {
    const leaf = fc.oneof(
      fc.anything(),
      fc.constant(Number.NaN),
      fc.constant(-1),
      fc.constant(''),
      fc.constant(1e300),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.string(), leaf, (i, key, value) => {
        const raw = structuredClone(good) as unknown as { actions: { action: Record<string, unknown> }[] };
        const target = raw.actions[i]?.action as Record<string, unknown>;
        target[key || 'node'] = value;
        try {
          validateScenario(raw);
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
          expect((error as Error).message).toMatch(/^scenario\.actions\[\d\]/);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('URL and file forms', () => {
  it('round-trips through the URL fragment, with the cursor moment', () => {
    const fragment = encodeScenario(good, 42);
    expect(fragment).toMatch(/^s=[A-Za-z0-9_-]+&at=42$/);
    expect(decodeScenario(`#${fragment}`)).toEqual({ scenario: good, at: 42 });
    expect(decodeScenario(encodeScenario(good))).toEqual({ scenario: good, at: null });
  });

  it('round-trips non-ASCII payloads', () => {
    const s: Scenario = {
      ...good,
      actions: [{ at: 0, action: { type: 'client', payload: { key: 'clé', value: 'ünïcødé ✓' } } }],
    };
    expect(decodeScenario(encodeScenario(s)).scenario).toEqual(s);
  });

  it.each([
    ['', /no scenario/],
    ['#at=3', /no scenario/],
    ['s=***', /not base64url/],
    ['s=' + btoa('{not json').replace(/=+$/, ''), /not valid JSON/],
    ['s=' + btoa('{"version":9}').replace(/=+$/, ''), /^scenario\.version/],
    [`${encodeScenario(good)}&at=x`, /"at" must be an event index/],
    ['s=' + 'A'.repeat(LIMITS.fragmentChars), /too long/],
  ])('rejects the link %s cleanly', (fragment, pattern) => {
    expect(message(() => decodeScenario(fragment))).toMatch(pattern);
  });

  it('never throws anything but a clean Error on arbitrary fragments', () => {
    fc.assert(
      fc.property(fc.string(), fc.base64String(), (a, b) => {
        for (const input of [a, `s=${b}`, `s=${a}`]) {
          try {
            decodeScenario(input);
          } catch (error) {
            expect(error).toBeInstanceOf(Error);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('exports and imports the JSON file form', () => {
    const text = scenarioToJson(good);
    expect(scenarioFromJson(text)).toEqual(good);
    expect(message(() => scenarioFromJson('{'))).toMatch(/^scenario file: not valid JSON/);
  });
});
