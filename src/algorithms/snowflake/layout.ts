/**
 * How a generator divides 64 bits among time, identity and a counter, and the presets of the
 * reference implementations. Fields are listed from the most significant bit down and packed
 * against bit 0; any bits above them stay 0.
 */

export type FieldKind = 'time' | 'node' | 'sequence';

export interface LayoutField {
  /** The name the reference uses: "timestamp", "datacenter", "machine", "increment"... */
  name: string;
  bits: number;
  kind: FieldKind;
}

export type PresetName = 'twitter' | 'discord' | 'sonyflake' | 'leaf';

export interface Layout {
  /** A preset name, or "custom". */
  name: PresetName | 'custom';
  title: string;
  /** From the most significant field to the least. */
  fields: readonly LayoutField[];
  /** Length of one time unit in milliseconds (Sonyflake: 10). */
  unitMs: number;
  /** The instant the time field counts from, in milliseconds since 1970-01-01T00:00:00Z. */
  epochMs: number;
  /**
   * Usable bits: 63 keeps bit 63 at 0 so the ID is a positive signed 64-bit integer (Twitter);
   * 64 lets time use the top bit too (Discord's IDs are unsigned).
   */
  width: 63 | 64;
}

/** A field with its position, as the generator and the codec use it. */
export interface PlacedField extends LayoutField {
  /** Bit position of the field's least significant bit. */
  shift: number;
  /** Largest value the field holds. */
  max: bigint;
}

export const TWITTER_EPOCH_MS = 1288834974657; // 2010-11-04T01:42:54.657Z
export const DISCORD_EPOCH_MS = 1420070400000; // 2015-01-01T00:00:00.000Z
export const SONYFLAKE_EPOCH_MS = 1409529600000; // 2014-09-01T00:00:00.000Z

export const PRESETS: Readonly<Record<PresetName, Layout>> = {
  twitter: {
    name: 'twitter',
    title: 'Twitter Snowflake',
    fields: [
      { name: 'timestamp', bits: 41, kind: 'time' },
      { name: 'datacenter', bits: 5, kind: 'node' },
      { name: 'worker', bits: 5, kind: 'node' },
      { name: 'sequence', bits: 12, kind: 'sequence' },
    ],
    unitMs: 1,
    epochMs: TWITTER_EPOCH_MS,
    width: 63,
  },
  discord: {
    name: 'discord',
    title: 'Discord',
    fields: [
      { name: 'timestamp', bits: 42, kind: 'time' },
      { name: 'worker', bits: 5, kind: 'node' },
      { name: 'process', bits: 5, kind: 'node' },
      { name: 'increment', bits: 12, kind: 'sequence' },
    ],
    unitMs: 1,
    epochMs: DISCORD_EPOCH_MS,
    width: 64,
  },
  sonyflake: {
    name: 'sonyflake',
    title: 'Sonyflake',
    fields: [
      { name: 'time', bits: 39, kind: 'time' },
      { name: 'sequence', bits: 8, kind: 'sequence' },
      { name: 'machine', bits: 16, kind: 'node' },
    ],
    unitMs: 10,
    epochMs: SONYFLAKE_EPOCH_MS,
    width: 63,
  },
  leaf: {
    name: 'leaf',
    title: 'Leaf (snowflake mode)',
    fields: [
      { name: 'timestamp', bits: 41, kind: 'time' },
      { name: 'worker', bits: 10, kind: 'node' },
      { name: 'sequence', bits: 12, kind: 'sequence' },
    ],
    unitMs: 1,
    epochMs: TWITTER_EPOCH_MS,
    width: 63,
  },
};

export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(PRESETS, name);
}

export function preset(name: string): Layout {
  if (!isPresetName(name)) {
    throw new Error(
      `Unknown preset "${name}": choose one of ${PRESET_NAMES.join(', ')}, or give a custom layout.`,
    );
  }
  return PRESETS[name];
}

/** Largest instant a JavaScript Date can hold, in ms since 1970. */
const MAX_DATE_MS = 8.64e15;
/** Fields other than time are handled as JS numbers, so they must stay exact. */
const MAX_PLAIN_FIELD_BITS = 53;

/** Check a layout; returns it unchanged or throws an Error that says what is wrong. */
export function validateLayout(layout: Layout): Layout {
  const problems: string[] = [];
  if (layout.width !== 63 && layout.width !== 64) {
    problems.push(`width must be 63 (top bit kept 0) or 64, not ${String(layout.width)}`);
  }
  const names = new Set<string>();
  let total = 0;
  for (const field of layout.fields) {
    if (!/^[a-z][a-z0-9-]*$/i.test(field.name)) {
      problems.push(
        `field name "${field.name}" must start with a letter and hold only letters, digits and "-"`,
      );
    }
    if (names.has(field.name)) problems.push(`field "${field.name}" appears twice`);
    names.add(field.name);
    if (!Number.isInteger(field.bits) || field.bits < 1) {
      problems.push(
        `field "${field.name}" must have a positive whole number of bits, not ${String(field.bits)}`,
      );
    } else if (field.kind !== 'time' && field.bits > MAX_PLAIN_FIELD_BITS) {
      problems.push(
        `field "${field.name}" has ${field.bits} bits; at most ${MAX_PLAIN_FIELD_BITS} are supported`,
      );
    }
    total += Number.isFinite(field.bits) ? field.bits : 0;
  }
  const count = (kind: FieldKind) => layout.fields.filter((f) => f.kind === kind).length;
  if (count('time') !== 1) problems.push(`a layout needs exactly one time field (found ${count('time')})`);
  if (count('sequence') !== 1) {
    problems.push(`a layout needs exactly one sequence field (found ${count('sequence')})`);
  }
  if ((layout.width === 63 || layout.width === 64) && total > layout.width) {
    problems.push(
      layout.width === 63
        ? `fields add up to ${total} bits, but a positive signed 64-bit ID has only 63 (use width 64 for unsigned IDs)`
        : `fields add up to ${total} bits, more than 64`,
    );
  }
  if (!Number.isInteger(layout.unitMs) || layout.unitMs < 1) {
    problems.push(
      `the time unit must be a whole number of milliseconds of at least 1, not ${String(layout.unitMs)}`,
    );
  }
  if (!Number.isInteger(layout.epochMs) || Math.abs(layout.epochMs) > MAX_DATE_MS) {
    problems.push(
      `the epoch must be a valid instant (whole milliseconds since 1970), not ${String(layout.epochMs)}`,
    );
  }
  if (problems.length > 0) {
    throw new Error(
      `Invalid layout${layout.name === 'custom' ? '' : ` "${layout.name}"`}: ${problems.join('; ')}.`,
    );
  }
  return layout;
}

const placedCache = new WeakMap<Layout, readonly PlacedField[]>();

/** The fields with their bit positions, high to low. */
export function placeFields(layout: Layout): readonly PlacedField[] {
  const cached = placedCache.get(layout);
  if (cached) return cached;
  validateLayout(layout);
  let shift = layout.fields.reduce((sum, f) => sum + f.bits, 0);
  const placed = layout.fields.map((field) => {
    shift -= field.bits;
    return { ...field, shift, max: (1n << BigInt(field.bits)) - 1n };
  });
  placedCache.set(layout, placed);
  return placed;
}

export function totalBits(layout: Layout): number {
  return layout.fields.reduce((sum, f) => sum + f.bits, 0);
}

export function timeField(layout: Layout): PlacedField {
  return placeFields(layout).find((f) => f.kind === 'time') as PlacedField;
}

export function sequenceField(layout: Layout): PlacedField {
  return placeFields(layout).find((f) => f.kind === 'sequence') as PlacedField;
}

export function nodeFields(layout: Layout): PlacedField[] {
  return placeFields(layout).filter((f) => f.kind === 'node');
}

/** The clock reading the generator works with: whole time units since the layout's epoch. */
export function unitsSinceEpoch(layout: Layout, unixMs: number): number {
  return Math.floor((unixMs - layout.epochMs) / layout.unitMs);
}

/** The instant (ms since 1970) at which a time-field value begins. */
export function unixMsOfUnits(layout: Layout, units: number): number {
  return layout.epochMs + units * layout.unitMs;
}

/** Parse an instant given as ISO 8601 text or as milliseconds since 1970. */
export function parseInstant(text: string, what = 'time'): number {
  const trimmed = text.trim();
  if (/^-?\d+$/.test(trimmed)) {
    const ms = Number(trimmed);
    if (Math.abs(ms) <= MAX_DATE_MS) return ms;
  } else if (/^\d{4}-\d{2}-\d{2}/.test(trimmed)) {
    // A date with no zone designator is read as UTC, so results never depend on the machine.
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) || !trimmed.includes('T') ? trimmed : `${trimmed}Z`;
    const ms = new Date(zoned).getTime();
    if (Number.isFinite(ms)) return ms;
  }
  throw new Error(
    `The ${what} "${text}" is not a valid instant: give an ISO 8601 time such as 2024-01-31T12:00:00Z, or milliseconds since 1970.`,
  );
}

/** A short description of the layout, for logs and the CLI: "timestamp:41 datacenter:5 ...". */
export function describeLayout(layout: Layout): string {
  const fields = layout.fields.map((f) => `${f.name}:${f.bits}`).join(' ');
  return `${fields}, unit ${layout.unitMs} ms, epoch ${new Date(layout.epochMs).toISOString()}, width ${layout.width}`;
}

const TIME_NAMES = new Set(['time', 'timestamp', 'ts']);
const SEQUENCE_NAMES = new Set(['sequence', 'seq', 'increment', 'counter']);

function kindOfName(name: string): FieldKind {
  if (TIME_NAMES.has(name)) return 'time';
  if (SEQUENCE_NAMES.has(name)) return 'sequence';
  return 'node';
}

function parseUnit(text: string): number {
  const match = /^(\d+)\s*(ms|s)?$/.exec(text.trim());
  if (!match?.[1]) throw new Error(`The time unit "${text}" is not valid: write it as 1ms, 10ms or 1s.`);
  return Number(match[1]) * (match[2] === 's' ? 1000 : 1);
}

function parseEpoch(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return parseInstant(value, 'epoch');
  throw new Error('The epoch must be an ISO 8601 time or milliseconds since 1970.');
}

/**
 * Read a custom layout from JSON or from a compact spec.
 *
 * JSON: `{"fields":[{"name":"timestamp","bits":41},...],"unit":"1ms","epoch":"2010-11-04T01:42:54.657Z","width":63}`
 * (a field's kind follows from its name unless given: time/timestamp, sequence/seq/increment, else node).
 *
 * Compact: `timestamp:41,datacenter:5,worker:5,sequence:12,unit=1ms,epoch=2010-11-04T01:42:54.657Z`
 * (fields high to low; unit defaults to 1 ms, epoch to 1970, width to 63).
 */
export function parseLayout(spec: string): Layout {
  const text = spec.trim();
  let fields: LayoutField[];
  let unitMs = 1;
  let epochMs = 0;
  let width: number = 63;
  if (text.startsWith('{')) {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new Error(`The layout is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
    const object = raw as Record<string, unknown>;
    if (!Array.isArray(object['fields']))
      throw new Error('A JSON layout needs a "fields" array, high to low.');
    fields = (object['fields'] as unknown[]).map((item, index) => {
      const f = item as Record<string, unknown>;
      if (typeof f['name'] !== 'string' || typeof f['bits'] !== 'number') {
        throw new Error(`Layout field ${index + 1} needs a "name" (text) and "bits" (number).`);
      }
      const kind = f['kind'] ?? kindOfName(f['name']);
      if (kind !== 'time' && kind !== 'node' && kind !== 'sequence') {
        throw new Error(
          `Layout field "${f['name']}" has kind "${String(kind)}"; use time, node or sequence.`,
        );
      }
      return { name: f['name'], bits: f['bits'], kind };
    });
    if (object['unitMs'] !== undefined) unitMs = Number(object['unitMs']);
    if (object['unit'] !== undefined) unitMs = parseUnit(String(object['unit']));
    if (object['epoch'] !== undefined) epochMs = parseEpoch(object['epoch']);
    if (object['epochMs'] !== undefined) epochMs = parseEpoch(object['epochMs']);
    if (object['width'] !== undefined) width = Number(object['width']);
  } else {
    fields = [];
    for (const part of text.split(',').map((p) => p.trim())) {
      if (part === '') continue;
      const option = /^(\w+)\s*=\s*(.+)$/.exec(part);
      if (option?.[1] && option[2]) {
        const [, key, value] = option;
        if (key === 'unit') unitMs = parseUnit(value);
        else if (key === 'epoch') epochMs = parseEpoch(/^-?\d+$/.test(value) ? Number(value) : value);
        else if (key === 'width') width = Number(value);
        else throw new Error(`Unknown layout option "${key}": use unit, epoch or width.`);
        continue;
      }
      const field = /^([a-z][a-z0-9-]*)\s*:\s*(\d+)$/i.exec(part);
      if (!field?.[1] || !field[2]) {
        throw new Error(
          `Cannot read "${part}" in the layout: write fields as name:bits, options as unit=10ms.`,
        );
      }
      fields.push({ name: field[1], bits: Number(field[2]), kind: kindOfName(field[1].toLowerCase()) });
    }
  }
  return validateLayout({
    name: 'custom',
    title: 'Custom layout',
    fields,
    unitMs,
    epochMs,
    width: width as 63 | 64,
  });
}

/** A custom layout written back in the compact form `parseLayout` reads. */
export function formatLayout(layout: Layout): string {
  const fields = layout.fields.map((f) => `${f.name}:${f.bits}`);
  return [
    ...fields,
    `unit=${layout.unitMs}ms`,
    `epoch=${new Date(layout.epochMs).toISOString()}`,
    `width=${layout.width}`,
  ].join(',');
}

/** Layout from a preset name or a custom spec. */
export function resolveLayout(presetOrSpec: string): Layout {
  const text = presetOrSpec.trim();
  if (isPresetName(text)) return PRESETS[text];
  if (text.startsWith('{') || text.includes(':')) return parseLayout(text);
  return preset(text);
}

const JULIAN_YEAR_MS = 365.25 * 24 * 60 * 60 * 1000;

export interface EpochLifetime {
  /** How many distinct values the time field holds: 2^bits. */
  units: bigint;
  /** How long that is, in milliseconds (exact while below 2^53). */
  durationMs: number;
  years: number;
  /** The first instant the time field cannot represent. */
  endsAtMs: number;
  /** ISO form of endsAtMs, or null when it lies beyond what a Date can hold. */
  endsAtIso: string | null;
}

/** How long a layout's time field lasts from its epoch, and when it runs out. */
export function epochLifetime(layout: Layout): EpochLifetime {
  const bits = timeField(layout).bits;
  const units = 1n << BigInt(bits);
  const durationMs = Number(units * BigInt(layout.unitMs));
  const endsAtMs = layout.epochMs + durationMs;
  return {
    units,
    durationMs,
    years: durationMs / JULIAN_YEAR_MS,
    endsAtMs,
    endsAtIso: endsAtMs <= MAX_DATE_MS ? new Date(endsAtMs).toISOString() : null,
  };
}

/** Years (of 365.25 days) between `nowMs` and the moment the layout's time field runs out. */
export function yearsLeft(layout: Layout, nowMs: number): number {
  return (epochLifetime(layout).endsAtMs - nowMs) / JULIAN_YEAR_MS;
}

/** How many years a time field of `bits` bits lasts in units of `unitMs`. */
export function yearsForBits(bits: number, unitMs = 1): number {
  return (2 ** bits * unitMs) / JULIAN_YEAR_MS;
}
