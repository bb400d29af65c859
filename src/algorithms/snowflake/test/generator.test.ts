import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode } from '../codec';
import {
  type Generator,
  INITIAL_STATE,
  POLICIES,
  type Policy,
  type PolicyName,
  createGenerator,
  defaultPolicy,
  nextId,
  validateWorker,
  workerFromNumber,
} from '../generator';
import { type Layout, PRESETS, PRESET_NAMES } from '../layout';
import { type Call, drive, firstDuplicate, strictlyIncreasing } from './drive';

/** A layout with 2 sequence bits, so that short clock sequences overflow often. */
const TINY: Layout = {
  name: 'custom',
  title: 'Tiny',
  fields: [
    { name: 'timestamp', bits: 24, kind: 'time' },
    { name: 'worker', bits: 3, kind: 'node' },
    { name: 'sequence', bits: 2, kind: 'sequence' },
  ],
  unitMs: 1,
  epochMs: 0,
  width: 63,
};

function tinyPolicy(name: PolicyName): Policy {
  const policy = POLICIES[name];
  // Leaf's random start below 100 does not fit 2 bits; keep its shape with a start below 4.
  return policy.sequenceStart === 'random' ? { ...policy, sequenceStartBelow: 4 } : policy;
}

/**
 * Clock readings with stalls (many calls on one reading), small and large steps forward, and
 * jumps backwards; each reading comes with a random draw for Leaf's sequence start.
 */
const clockSequence: fc.Arbitrary<Call[]> = fc
  .tuple(
    fc.integer({ min: 20, max: 1000 }),
    fc.array(
      fc.tuple(
        fc.oneof(
          fc.constant(0),
          fc.integer({ min: 1, max: 3 }),
          fc.integer({ min: 10, max: 200 }),
          fc.integer({ min: -12, max: -1 }),
        ),
        fc.integer({ min: 1, max: 9 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      ),
      { minLength: 1, maxLength: 60 },
    ),
  )
  .map(([start, steps]) => {
    const calls: Call[] = [];
    let now = start;
    for (const [delta, repeats, random] of steps) {
      now = Math.max(0, now + delta);
      for (let i = 0; i < repeats; i++) calls.push({ now, random });
    }
    return calls;
  });

const SAFE: PolicyName[] = ['twitter', 'leaf', 'sonyflake'];
const UNSAFE: PolicyName[] = ['no-check', 'sapphire', 'flake-idgen'];

describe('safe policies under arbitrary clocks', () => {
  for (const name of SAFE) {
    it(`${name}: every ID is new and each is larger than the one before`, () => {
      const generator = createGenerator(TINY, { worker: 5 }, tinyPolicy(name));
      fc.assert(
        fc.property(clockSequence, (calls) => {
          const { ids } = drive(generator, calls);
          expect(firstDuplicate(ids)).toBeNull();
          expect(strictlyIncreasing(ids)).toBe(true);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('the real layouts stay unique through bursts beyond a full time unit and a clock stepping back', () => {
    for (const presetName of PRESET_NAMES) {
      const layout = PRESETS[presetName];
      const generator = createGenerator(layout, workerFromNumber(layout, 3));
      const perUnit = 2 ** (layout.fields.find((f) => f.kind === 'sequence')?.bits ?? 0);
      const calls: Call[] = [];
      for (let i = 0; i < perUnit + 50; i++) calls.push({ now: 5000, random: 0.37 });
      for (let i = 0; i < 20; i++) calls.push({ now: 4998, random: 0.5 });
      for (let i = 0; i < 20; i++) calls.push({ now: 5001 + Math.floor(i / 3), random: 0.9 });
      const { ids } = drive(generator, calls);
      // The burst used up unit 5000 (Leaf starts it at 37), and IDs went on in later units.
      const inFirstUnit = ids.filter((id) => decode(id, layout).time.units === 5000).length;
      expect(inFirstUnit).toBe(presetName === 'leaf' ? perUnit - 37 : perUnit);
      expect(ids.length).toBeGreaterThan(inFirstUnit);
      expect(firstDuplicate(ids)).toBeNull();
      expect(strictlyIncreasing(ids)).toBe(true);
    }
  });
});

describe('policies without a clock check', () => {
  for (const name of UNSAFE) {
    it(`${name}: a search over clock sequences finds a duplicate ID`, () => {
      const generator = createGenerator(TINY, { worker: 5 }, tinyPolicy(name));
      const outcome = fc.check(
        fc.property(clockSequence, (calls) => firstDuplicate(drive(generator, calls).ids) === null),
        { numRuns: 500, seed: 42 },
      );
      expect(outcome.failed).toBe(true);
      // The shrunk counterexample really does hand out one ID twice.
      const [calls] = outcome.counterexample ?? [[]];
      expect(firstDuplicate(drive(generator, calls).ids)).not.toBeNull();
    });
  }

  it('no-check repeats the ID handed out before a backwards jump, the moment the clock returns', () => {
    const generator = createGenerator(PRESETS.twitter, { datacenter: 1, worker: 2 }, POLICIES['no-check']);
    const { ids, results } = drive(generator, [{ now: 1000 }, { now: 1001 }, { now: 997 }, { now: 1000 }]);
    expect(results.every((r) => r.kind === 'id')).toBe(true);
    expect(ids[3]).toBe(ids[0]);
  });
});

describe('sequence overflow', () => {
  function fill(generator: Generator, now: number, random = 0) {
    let state = INITIAL_STATE;
    let issued = 0;
    for (;;) {
      const result = nextId(generator, state, now, random);
      if (result.kind !== 'id' || result.time !== now) return { result, state, issued };
      state = result.state;
      issued++;
    }
  }

  it('waits into exactly the next time unit, and the next ID starts it (Twitter, Discord, Leaf)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<PolicyName>('twitter', 'discord', 'leaf'),
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (name, now, random) => {
          const layout = PRESETS[name === 'discord' ? 'discord' : name === 'leaf' ? 'leaf' : 'twitter'];
          const generator = createGenerator(layout, workerFromNumber(layout, 7));
          const { result, state, issued } = fill(generator, now, random);
          const start = name === 'leaf' ? Math.floor(random * 100) : 0;
          expect(issued).toBe(4096 - start);
          expect(result).toMatchObject({ kind: 'wait', until: now + 1, reason: 'sequence-exhausted' });
          // Still the same unit: still waiting, nothing handed out.
          expect(nextId(generator, state, now, random).kind).toBe('wait');
          const next = nextId(generator, state, now + 1, random);
          expect(next).toMatchObject({ kind: 'id', time: now + 1, sequence: start });
        },
      ),
      { numRuns: 12 },
    );
  });

  it('Sonyflake borrows the next unit at once and holds the ID until the clock reaches it', () => {
    const generator = createGenerator(PRESETS.sonyflake, { machine: 9 });
    const { result, issued } = fill(generator, 777);
    expect(issued).toBe(256);
    expect(result).toMatchObject({ kind: 'id', time: 778, sequence: 0, releaseAt: 778 });
    expect(result.state.borrowed).toBe(1);
  });

  it('flake-idgen fails the call; sapphire wraps inside the unit and repeats the first ID', () => {
    const flake = fill(
      createGenerator(PRESETS.twitter, { datacenter: 0, worker: 1 }, POLICIES['flake-idgen']),
      50,
    );
    expect(flake.result).toMatchObject({ kind: 'error', code: 'sequence-exhausted' });

    const sapphire = createGenerator(PRESETS.discord, { worker: 0, process: 1 }, POLICIES.sapphire);
    const calls = Array.from({ length: 4097 }, () => ({ now: 60 }));
    const { ids } = drive(sapphire, calls);
    expect(ids).toHaveLength(4097);
    expect(ids[4096]).toBe(ids[0]);
  });
});

describe('a clock that moves backwards, per reference', () => {
  const AT = 10_000;

  it('Twitter refuses at once, says for how long, and leaves the sequence alone', () => {
    const generator = createGenerator(PRESETS.twitter, { datacenter: 3, worker: 4 });
    const before = drive(generator, [{ now: AT }, { now: AT }]);
    const refused = nextId(generator, before.state, AT - 3);
    expect(refused).toMatchObject({ kind: 'error', code: 'clock-moved-backwards', behindBy: 3 });
    expect(refused.kind === 'error' && refused.message).toContain('refusing to generate IDs for 3 ms');
    expect(refused.state).toEqual(before.state);
    // Once the clock is back, the sequence continues where it was: no ID is repeated.
    const after = nextId(generator, refused.state, AT);
    expect(after).toMatchObject({ kind: 'id', time: AT, sequence: 2 });
  });

  it('Leaf waits twice a small offset and goes on if the clock caught up', () => {
    const generator = createGenerator(PRESETS.leaf, { worker: 17 });
    const before = drive(generator, [{ now: AT, random: 0.5 }]);
    const wait = nextId(generator, before.state, AT - 4);
    expect(wait).toMatchObject({ kind: 'wait', until: AT - 4 + 8, reason: 'clock-behind' });
    const retry = nextId(generator, wait.state, AT + 4, 0.25);
    expect(retry).toMatchObject({ kind: 'id', time: AT + 4, sequence: 25 });
  });

  it('Leaf fails if the clock is still behind after the wait, and at once beyond 5 ms', () => {
    const generator = createGenerator(PRESETS.leaf, { worker: 17 });
    const before = drive(generator, [{ now: AT }]);
    const wait = nextId(generator, before.state, AT - 5);
    expect(wait).toMatchObject({ kind: 'wait', until: AT + 5 });
    expect(nextId(generator, wait.state, AT - 1)).toMatchObject({
      kind: 'error',
      code: 'clock-still-behind',
    });
    expect(nextId(generator, before.state, AT - 6)).toMatchObject({
      kind: 'error',
      code: 'clock-too-far-behind',
      behindBy: 6,
    });
  });

  it('Sonyflake keeps counting in its own time and never errs', () => {
    const generator = createGenerator(PRESETS.sonyflake, { machine: 1 });
    const { results } = drive(generator, [{ now: AT }, { now: AT - 50 }, { now: AT - 49 }]);
    expect(results.map((r) => r.kind)).toEqual(['id', 'id', 'id']);
    expect(results[1]).toMatchObject({ time: AT, sequence: 1 });
    expect(results[2]).toMatchObject({ time: AT, sequence: 2 });
    expect(results[2]?.state.borrowed).toBe(49);
  });
});

describe('worker ids', () => {
  it('Twitter accepts 0 to 31 for datacenter and worker and rejects anything else', () => {
    expect(() => validateWorker(PRESETS.twitter, { datacenter: 31, worker: 0 })).not.toThrow();
    for (const worker of [
      { datacenter: 32, worker: 0 },
      { datacenter: 0, worker: -1 },
      { datacenter: 1.5, worker: 0 },
    ]) {
      expect(() => createGenerator(PRESETS.twitter, worker)).toThrow(/from 0 to 31/);
    }
    expect(() => createGenerator(PRESETS.twitter, { worker: 1 })).toThrow(/datacenter is missing/);
    expect(() => createGenerator(PRESETS.twitter, { datacenter: 0, worker: 0, machine: 1 })).toThrow(
      /no field "machine"/,
    );
  });

  it('each preset takes exactly the ids its node bits can hold', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PRESET_NAMES), fc.integer({ min: 0, max: 2 ** 17 }), (name, id) => {
        const layout = PRESETS[name];
        const nodeBits = layout.fields.filter((f) => f.kind === 'node').reduce((s, f) => s + f.bits, 0);
        if (id < 2 ** nodeBits) {
          const worker = workerFromNumber(layout, id);
          const generator = createGenerator(layout, worker);
          const first = nextId(generator, INITIAL_STATE, 123);
          if (first.kind !== 'id') throw new Error('expected an ID');
          // The worker's fields land where the codec reads them.
          const values = decode(first.value, layout).values;
          for (const [field, value] of Object.entries(worker)) expect(values[field]).toBe(value);
        } else {
          expect(() => workerFromNumber(layout, id)).toThrow(/Invalid worker id/);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a single number spreads over the fields high to low', () => {
    expect(workerFromNumber(PRESETS.twitter, 37)).toEqual({ datacenter: 1, worker: 5 });
    expect(workerFromNumber(PRESETS.discord, 1 << 5)).toEqual({ worker: 1, process: 0 });
  });
});

describe('defaults and limits', () => {
  it('each preset defaults to its reference policy', () => {
    expect(defaultPolicy(PRESETS.twitter)).toMatchObject({ onOverflow: 'wait', onBackwards: 'refuse' });
    expect(defaultPolicy(PRESETS.leaf)).toMatchObject({
      onOverflow: 'wait',
      onBackwards: 'wait-then-fail',
      maxBackwardsWait: 5,
      sequenceStartBelow: 100,
    });
    expect(defaultPolicy(PRESETS.sonyflake)).toMatchObject({ onOverflow: 'borrow', onBackwards: 'borrow' });
  });

  it('refuses clock readings before the epoch and after the time field runs out', () => {
    const generator = createGenerator(TINY, { worker: 0 });
    expect(nextId(generator, INITIAL_STATE, -1)).toMatchObject({ kind: 'error', code: 'before-epoch' });
    expect(nextId(generator, INITIAL_STATE, 2 ** 24 - 1).kind).toBe('id');
    expect(nextId(generator, INITIAL_STATE, 2 ** 24)).toMatchObject({
      kind: 'error',
      code: 'epoch-exhausted',
    });
  });

  it('rejects a borrowing overflow policy that would trip its own backwards check', () => {
    expect(() =>
      createGenerator(
        PRESETS.twitter,
        { datacenter: 0, worker: 0 },
        { ...POLICIES.twitter, onOverflow: 'borrow' },
      ),
    ).toThrow(/borrow/);
  });
});
