import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode, formatBits, parseId, timeUnitsAt } from '../codec';
import { type Layout, PRESETS, PRESET_NAMES, parseLayout } from '../layout';

/** Any value that fits each field of a layout. */
function fieldValues(layout: Layout): fc.Arbitrary<Record<string, number>> {
  const record: Record<string, fc.Arbitrary<number>> = {};
  for (const field of layout.fields) {
    // Time values stay below 2^53 so the instant is a valid date.
    record[field.name] = fc.integer({ min: 0, max: Math.min(2 ** field.bits - 1, 2 ** 44) });
  }
  return fc.record(record);
}

describe('decode(encode(fields)) gives the fields back', () => {
  for (const name of PRESET_NAMES) {
    it(name, () => {
      const layout = PRESETS[name];
      fc.assert(
        fc.property(fieldValues(layout), (values) => {
          const id = encode(layout, values);
          expect(decode(id, layout).values).toEqual(values);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('for custom layouts too', () => {
    const customLayout = fc
      .record({
        nodes: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 0, maxLength: 3 }),
        sequence: fc.integer({ min: 1, max: 12 }),
      })
      .chain(({ nodes, sequence }) =>
        fc.record({
          // Whatever the other fields leave of the 63 bits, at most 40 for time.
          time: fc.integer({ min: 1, max: Math.min(40, 63 - sequence - nodes.reduce((a, b) => a + b, 0)) }),
          sequence: fc.constant(sequence),
          unit: fc.integer({ min: 1, max: 1000 }),
          epoch: fc.integer({ min: 0, max: 2 ** 41 }),
          nodes: fc.constant(nodes),
          sequenceFirst: fc.boolean(),
        }),
      )
      .map(({ time, sequence, unit, epoch, nodes, sequenceFirst }) => {
        const nodeSpecs = nodes.map((bits, i) => `node${i}:${bits}`);
        const rest = sequenceFirst
          ? [`sequence:${sequence}`, ...nodeSpecs]
          : [...nodeSpecs, `sequence:${sequence}`];
        return parseLayout([`time:${time}`, ...rest, `unit=${unit}ms`, `epoch=${epoch}`].join(','));
      });
    fc.assert(
      fc.property(
        customLayout.chain((layout) => fc.tuple(fc.constant(layout), fieldValues(layout))),
        ([layout, values]) => {
          expect(decode(encode(layout, values), layout).values).toEqual(values);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('real IDs', () => {
  it("Discord's documented example decodes to 2016-04-30T11:18:25.796Z, worker 1, process 0, increment 7", () => {
    const decoded = decode('175928847299117063', PRESETS.discord);
    expect(decoded.time.iso).toBe('2016-04-30T11:18:25.796Z');
    expect(decoded.time.unixMs).toBe(1462015105796);
    expect(decoded.values).toMatchObject({ worker: 1, process: 0, increment: 7 });
  });

  it('a tweet posted Thu Sep 20 22:39:00 +0000 2018 carries that second in its ID', () => {
    // created_at of tweet 1042905998564847616 is given to the second; the ID adds the millisecond.
    const decoded = decode('1042905998564847616', PRESETS.twitter);
    expect(decoded.time.iso.slice(0, 19)).toBe('2018-09-20T22:39:00');
    expect(decoded.time.iso).toBe('2018-09-20T22:39:00.971Z');
  });

  it('tweet 474971393852182528 is timestamp 1402076979493, worker 129, sequence 0 (as Twitter::ID documents)', () => {
    const decoded = decode('474971393852182528', PRESETS.twitter);
    expect(decoded.time.unixMs).toBe(1402076979493);
    // The 10 bits below the time hold datacenter and worker: 129 = 4 × 32 + 1.
    expect(decoded.values).toMatchObject({ datacenter: 4, worker: 1, sequence: 0 });
  });

  it('encoding the documented Discord fields gives the documented ID', () => {
    const layout = PRESETS.discord;
    const timestamp = timeUnitsAt(layout, Date.parse('2016-04-30T11:18:25.796Z'));
    expect(encode(layout, { timestamp, worker: 1, process: 0, increment: 7 })).toBe('175928847299117063');
  });
});

describe('the 64 bits', () => {
  it('name the field of every bit and spell the ID in binary', () => {
    const decoded = decode('175928847299117063', PRESETS.discord);
    expect(decoded.bits).toHaveLength(64);
    expect(decoded.bits[0]).toMatchObject({ bit: 63, field: 'timestamp' });
    expect(decoded.bits.filter((b) => b.field === 'worker').map((b) => b.bit)).toEqual([21, 20, 19, 18, 17]);
    const binary = decoded.bits.map((b) => b.value).join('');
    expect(BigInt(`0b${binary}`)).toBe(175928847299117063n);
    expect(
      formatBits(decoded)
        .split(' ')
        .map((g) => g.length),
    ).toEqual([42, 5, 5, 12]);
  });

  it("leave Twitter's sign bit and Sonyflake's order visible", () => {
    const twitter = decode('1042905998564847616', PRESETS.twitter);
    expect(twitter.bits[0]).toEqual({ bit: 63, value: 0, field: null });
    const sonyflake = decode(
      encode(PRESETS.sonyflake, { time: 1, sequence: 2, machine: 3 }),
      PRESETS.sonyflake,
    );
    expect(sonyflake.fields.map((f) => [f.name, f.shift])).toEqual([
      ['time', 24],
      ['sequence', 16],
      ['machine', 0],
    ]);
  });
});

describe('bad input', () => {
  it('says what is wrong with text that is not an ID', () => {
    expect(() => parseId('12a4')).toThrow(/not an ID: an ID is a whole number/);
    expect(() => parseId('')).toThrow(/not an ID/);
    expect(() => parseId('1.5')).toThrow(/not an ID/);
    expect(() => parseId('-42')).toThrow(/negative/);
    expect(() => parseId('18446744073709551616')).toThrow(/more than 64 bits/);
    expect(parseId('18446744073709551615')).toBe(2n ** 64n - 1n);
  });

  it("rejects an ID wider than the layout, such as bit 63 for Twitter's signed IDs", () => {
    expect(() => decode('9223372036854775808', PRESETS.twitter)).toThrow(/sets bit 63.*keeps bit 63 at 0/);
    expect(decode('9223372036854775808', PRESETS.discord).time.iso).toBe('2084-09-06T15:47:35.552Z');
  });

  it('refuses to encode a time before the epoch or a field out of range', () => {
    const layout = PRESETS.twitter;
    const before = timeUnitsAt(layout, Date.parse('2010-01-01T00:00:00Z'));
    expect(() => encode(layout, { timestamp: before, datacenter: 0, worker: 0, sequence: 0 })).toThrow(
      /before the epoch \(2010-11-04T01:42:54.657Z\)/,
    );
    expect(() => encode(layout, { timestamp: 1, datacenter: 32, worker: 0, sequence: 0 })).toThrow(
      /datacenter must be a whole number from 0 to 31/,
    );
    expect(() => encode(layout, { timestamp: 1, datacenter: 0, sequence: 0 })).toThrow(/worker is missing/);
  });
});
