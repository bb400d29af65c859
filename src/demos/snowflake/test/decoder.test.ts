import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../algorithms/snowflake/layout';
import {
  bitRows,
  decodeText,
  encodeForm,
  fieldColours,
  formOf,
  localTime,
  readLayout,
  withWidth,
} from '../decoder';

describe('the decoder', () => {
  it("reads Discord's documented ID", () => {
    const result = decodeText('175928847299117063', PRESETS.discord);
    expect(result?.ok && result.value.time.iso).toBe('2016-04-30T11:18:25.796Z');
    expect(result?.ok && result.value.values).toMatchObject({ worker: 1, process: 0, increment: 7 });
  });

  it('explains input that is not an ID, negative, or wider than 64 bits', () => {
    const errors = ['abc', '-5', String(2n ** 64n)].map((text) => {
      const result = decodeText(text, PRESETS.twitter);
      return result && !result.ok ? result.error : '';
    });
    expect(errors[0]).toMatch(/not an ID/);
    expect(errors[1]).toMatch(/negative/);
    expect(errors[2]).toMatch(/more than 64 bits/);
    expect(decodeText('   ', PRESETS.twitter)).toBeNull();
  });

  it('shows local time in the zone asked for', () => {
    expect(localTime(Date.parse('2016-04-30T11:18:25.796Z'), 'en-GB', 'Europe/Paris')).toMatch(
      /30\/04\/2016, 13:18:25\.796/,
    );
  });

  it('encodes what it decoded back to the same ID, for every preset', () => {
    for (const layout of Object.values(PRESETS)) {
      const id = layout.width === 64 ? '175928847299117063' : '1541815603606036480';
      const decoded = decodeText(id, layout);
      if (!decoded?.ok) throw new Error('decode failed');
      const encoded = encodeForm(layout, formOf(decoded.value, layout));
      expect(encoded).toEqual({ ok: true, value: id });
    }
  });

  it('names every field that cannot be encoded', () => {
    const result = encodeForm(PRESETS.twitter, {
      timestamp: 'yesterday',
      datacenter: '40',
      worker: 'x',
      sequence: '1',
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatch(/yesterday/);
      expect(result.error).toMatch(/worker must be a whole number/);
    }
    const range = encodeForm(PRESETS.twitter, {
      timestamp: '2020-01-01T00:00:00Z',
      datacenter: '40',
      worker: '1',
      sequence: '1',
    });
    expect(!range.ok && range.error).toMatch(/datacenter must be a whole number from 0 to 31/);
  });

  it('reads custom layouts and edits one width at a time', () => {
    const custom = readLayout('custom', 'timestamp:41,worker:10,sequence:12,unit=1ms');
    expect(custom.ok).toBe(true);
    if (!custom.ok) return;
    const wider = readLayout('custom', withWidth(custom.value, 'worker', 9));
    expect(wider.ok && wider.value.fields.map((f) => f.bits)).toEqual([41, 9, 12]);
    const bad = readLayout('custom', 'timestamp:60,sequence:12');
    expect(bad.ok).toBe(false);
  });
});

describe('drawing the bits', () => {
  it('splits 64 bits into rows and each row into runs of one field', () => {
    const decoded = decodeText('175928847299117063', PRESETS.discord);
    if (!decoded?.ok) throw new Error('decode failed');
    const rows16 = bitRows(decoded.value.bits, 16);
    expect(rows16).toHaveLength(4);
    // Bits 15..0: the low 4 bits of process (15..12) and the 12-bit increment.
    expect(rows16[3]?.segments.map((s) => [s.field, s.span])).toEqual([
      ['process', 4],
      ['increment', 12],
    ]);
    expect(bitRows(decoded.value.bits, 32)).toHaveLength(2);
  });

  it('gives neighbouring node fields different colours', () => {
    const colours = fieldColours(PRESETS.twitter);
    expect(colours.get('datacenter')).not.toBe(colours.get('worker'));
    expect(colours.get('timestamp')).toMatch(/--accent/);
  });
});
