import { describe, expect, it } from 'vitest';
import {
  type Layout,
  PRESETS,
  epochLifetime,
  formatLayout,
  parseInstant,
  parseLayout,
  placeFields,
  resolveLayout,
  validateLayout,
  yearsForBits,
  yearsLeft,
} from '../layout';

describe('presets', () => {
  it('place the fields where the references put them', () => {
    const shifts = (layout: Layout) => Object.fromEntries(placeFields(layout).map((f) => [f.name, f.shift]));
    expect(shifts(PRESETS.twitter)).toEqual({ timestamp: 22, datacenter: 17, worker: 12, sequence: 0 });
    expect(shifts(PRESETS.discord)).toEqual({ timestamp: 22, worker: 17, process: 12, increment: 0 });
    expect(shifts(PRESETS.sonyflake)).toEqual({ time: 24, sequence: 16, machine: 0 });
    expect(shifts(PRESETS.leaf)).toEqual({ timestamp: 22, worker: 12, sequence: 0 });
  });

  it('count from the published epochs', () => {
    expect(new Date(PRESETS.twitter.epochMs).toISOString()).toBe('2010-11-04T01:42:54.657Z');
    expect(new Date(PRESETS.discord.epochMs).toISOString()).toBe('2015-01-01T00:00:00.000Z');
    expect(new Date(PRESETS.sonyflake.epochMs).toISOString()).toBe('2014-09-01T00:00:00.000Z');
    expect(PRESETS.leaf.epochMs).toBe(PRESETS.twitter.epochMs);
  });
});

describe('how long an epoch lasts', () => {
  it('41 bits of milliseconds last about 69.7 years', () => {
    expect(yearsForBits(41)).toBeCloseTo(69.68, 2);
    expect(epochLifetime(PRESETS.twitter).years).toBeCloseTo(69.68, 2);
    expect(epochLifetime(PRESETS.twitter).endsAtIso?.slice(0, 7)).toBe('2080-07');
  });

  it('Discord lasts to 2154 and Sonyflake, in 10 ms units, to 2188', () => {
    expect(epochLifetime(PRESETS.discord).years).toBeCloseTo(139.37, 2);
    expect(epochLifetime(PRESETS.discord).endsAtIso?.slice(0, 4)).toBe('2154');
    expect(epochLifetime(PRESETS.sonyflake).years).toBeCloseTo(174.2, 1);
    expect(epochLifetime(PRESETS.sonyflake).endsAtIso?.slice(0, 4)).toBe('2188');
  });

  it('counts the years left from a given moment', () => {
    const at2020 = Date.parse('2020-07-10T17:30:30.209Z');
    expect(yearsLeft(PRESETS.twitter, at2020)).toBeCloseTo(60, 1);
    expect(epochLifetime(parseLayout('time:60,sequence:3')).endsAtIso).toBeNull();
  });
});

describe('validation', () => {
  const base = PRESETS.twitter;

  it('rejects more than 63 bits for signed IDs, and more than 64 ever', () => {
    const wide = { ...base, fields: [...base.fields, { name: 'extra', bits: 1, kind: 'node' as const }] };
    expect(() => validateLayout(wide)).toThrow(/64 bits, but a positive signed 64-bit ID has only 63/);
    expect(() => validateLayout({ ...wide, width: 64 })).not.toThrow();
    const wider = {
      ...wide,
      width: 64 as const,
      fields: [...wide.fields, { name: 'more', bits: 1, kind: 'node' as const }],
    };
    expect(() => validateLayout(wider)).toThrow(/65 bits, more than 64/);
  });

  it('wants positive widths, one time and one sequence field, and a real epoch and unit', () => {
    const zero = { ...base, fields: base.fields.map((f) => (f.name === 'worker' ? { ...f, bits: 0 } : f)) };
    expect(() => validateLayout(zero)).toThrow(/"worker" must have a positive whole number of bits/);
    const noSequence = { ...base, fields: base.fields.filter((f) => f.kind !== 'sequence') };
    expect(() => validateLayout(noSequence)).toThrow(/exactly one sequence field \(found 0\)/);
    expect(() => validateLayout({ ...base, epochMs: Number.NaN })).toThrow(/epoch must be a valid instant/);
    expect(() => validateLayout({ ...base, epochMs: 1e17 })).toThrow(/epoch must be a valid instant/);
    expect(() => validateLayout({ ...base, unitMs: 0.5 })).toThrow(/time unit/);
  });
});

describe('custom layouts', () => {
  it('read the compact form and write it back', () => {
    const layout = parseLayout(
      'timestamp:41,datacenter:5,worker:5,sequence:12,unit=1ms,epoch=2010-11-04T01:42:54.657Z',
    );
    expect(layout.fields).toEqual(PRESETS.twitter.fields);
    expect(layout.epochMs).toBe(PRESETS.twitter.epochMs);
    expect(parseLayout(formatLayout(PRESETS.sonyflake))).toMatchObject({
      fields: PRESETS.sonyflake.fields,
      unitMs: 10,
      epochMs: PRESETS.sonyflake.epochMs,
    });
  });

  it('read JSON', () => {
    const layout = parseLayout(
      '{"fields":[{"name":"ts","bits":42},{"name":"shard","bits":10},{"name":"seq","bits":12}],"unit":"1ms","epoch":"2015-01-01T00:00:00Z","width":64}',
    );
    expect(layout.fields.map((f) => f.kind)).toEqual(['time', 'node', 'sequence']);
    expect(layout.width).toBe(64);
    expect(layout.epochMs).toBe(PRESETS.discord.epochMs);
  });

  it('explain what they cannot read', () => {
    expect(() => parseLayout('{"fields": 3}')).toThrow(/"fields" array/);
    expect(() => parseLayout('{oops')).toThrow(/not valid JSON/);
    expect(() => parseLayout('time:41,worker=3')).toThrow(/Unknown layout option "worker"/);
    expect(() => parseLayout('time:41,sequence:12,unit=fast')).toThrow(/time unit "fast"/);
    expect(() => parseLayout('time:41,sequence:12,epoch=yesterday')).toThrow(/not a valid instant/);
    expect(() => parseLayout('time:41,seq 12')).toThrow(/Cannot read "seq 12"/);
    expect(() => resolveLayout('instagram')).toThrow(/Unknown preset "instagram"/);
  });

  it('read instants as UTC unless told otherwise', () => {
    expect(parseInstant('2024-01-31T12:00:00')).toBe(Date.parse('2024-01-31T12:00:00Z'));
    expect(parseInstant('2024-01-31T12:00:00+02:00')).toBe(Date.parse('2024-01-31T10:00:00Z'));
    expect(parseInstant('1420070400000')).toBe(PRESETS.discord.epochMs);
  });
});
