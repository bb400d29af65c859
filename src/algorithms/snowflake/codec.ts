/**
 * Taking IDs apart and putting them together. IDs come in and go out as decimal strings: a
 * JavaScript number is exact only up to 2^53, and real IDs are larger.
 */
import { type Layout, type PlacedField, placeFields, totalBits, unixMsOfUnits } from './layout';

const MAX_64 = (1n << 64n) - 1n;
const MAX_DATE_MS = 8.64e15;

export interface DecodedField {
  name: string;
  kind: PlacedField['kind'];
  bits: number;
  /** Bit position of the field's least significant bit. */
  shift: number;
  value: number;
}

/** One of the 64 bits, most significant first, with the field it belongs to (null: unused). */
export interface BitCell {
  bit: number;
  value: 0 | 1;
  field: string | null;
}

export interface DecodedId {
  /** The ID in canonical decimal form. */
  id: string;
  /** Field values by name; the time field in units since the epoch. */
  values: Record<string, number>;
  fields: DecodedField[];
  time: {
    /** Value of the time field: units since the epoch. */
    units: number;
    /** The instant, in ms since 1970 (the UI formats it in local time). */
    unixMs: number;
    /** The instant in UTC, e.g. 2016-04-30T11:18:25.796Z. */
    iso: string;
    /** Milliseconds since the layout's epoch. */
    sinceEpochMs: number;
  };
  bits: BitCell[];
}

/** Read a decimal ID; throws an Error that says why the text is not a usable 64-bit ID. */
export function parseId(input: string | bigint, layout?: Layout): bigint {
  let value: bigint;
  if (typeof input === 'bigint') {
    value = input;
  } else {
    const text = input.trim();
    if (/^-\d+$/.test(text)) {
      throw new Error(
        `The ID ${text} is negative. IDs are unsigned; a signed 64-bit column shows IDs at or above 2^63 as negative numbers (add 2^64 to recover it).`,
      );
    }
    if (!/^\d+$/.test(text)) {
      throw new Error(
        `"${input}" is not an ID: an ID is a whole number written in decimal digits, such as 175928847299117063.`,
      );
    }
    value = BigInt(text);
  }
  if (value < 0n) throw new Error(`The ID ${value} is negative; IDs are unsigned 64-bit integers.`);
  if (value > MAX_64) {
    throw new Error(`The ID ${value} needs more than 64 bits (the largest 64-bit value is ${MAX_64}).`);
  }
  if (layout) {
    const width = totalBits(layout);
    if (value >> BigInt(width) !== 0n) {
      const highest = value.toString(2).length - 1;
      const detail =
        highest === 63 && layout.width === 63
          ? `; ${layout.title} keeps bit 63 at 0 so IDs stay positive as signed 64-bit integers`
          : '';
      throw new Error(
        `The ID ${value} sets bit ${highest}, but the ${layout.title} layout uses only bits 0 to ${width - 1}${detail}.`,
      );
    }
  }
  return value;
}

/** Take an ID apart against a layout. */
export function decode(input: string | bigint, layout: Layout): DecodedId {
  const value = parseId(input, layout);
  const placed = placeFields(layout);
  const fields: DecodedField[] = [];
  const values: Record<string, number> = {};
  let timeUnits = 0n;
  for (const field of placed) {
    const raw = (value >> BigInt(field.shift)) & field.max;
    if (field.kind === 'time') timeUnits = raw;
    const number = Number(raw);
    fields.push({ name: field.name, kind: field.kind, bits: field.bits, shift: field.shift, value: number });
    values[field.name] = number;
  }
  const unixMsBig = BigInt(layout.epochMs) + timeUnits * BigInt(layout.unitMs);
  if (unixMsBig > BigInt(MAX_DATE_MS)) {
    throw new Error(`The ID ${value} decodes to a time beyond the year 275760, which no date can hold.`);
  }
  const unixMs = Number(unixMsBig);
  return {
    id: value.toString(),
    values,
    fields,
    time: {
      units: Number(timeUnits),
      unixMs,
      iso: new Date(unixMs).toISOString(),
      sinceEpochMs: unixMs - layout.epochMs,
    },
    bits: bitCells(value, placed),
  };
}

function bitCells(value: bigint, placed: readonly PlacedField[]): BitCell[] {
  const owner: (string | null)[] = new Array<string | null>(64).fill(null);
  for (const field of placed) {
    for (let bit = field.shift; bit < field.shift + field.bits; bit++) owner[bit] = field.name;
  }
  const cells: BitCell[] = [];
  for (let bit = 63; bit >= 0; bit--) {
    cells.push({ bit, value: (value >> BigInt(bit)) & 1n ? 1 : 0, field: owner[bit] ?? null });
  }
  return cells;
}

/**
 * Put an ID together from field values: the time field in units since the epoch, every node
 * field and the sequence. Throws an Error naming each missing or out-of-range field.
 */
export function encode(layout: Layout, values: Readonly<Record<string, number>>): string {
  const placed = placeFields(layout);
  const problems: string[] = [];
  for (const name of Object.keys(values)) {
    if (!placed.some((f) => f.name === name)) {
      problems.push(
        `the ${layout.title} layout has no field "${name}" (fields: ${placed.map((f) => f.name).join(', ')})`,
      );
    }
  }
  let id = 0n;
  for (const field of placed) {
    const value = values[field.name];
    if (value === undefined) {
      problems.push(`${field.name} is missing`);
      continue;
    }
    if (field.kind === 'time' && Number.isInteger(value) && value < 0) {
      problems.push(
        `the time is ${-value * layout.unitMs} ms before the epoch (${new Date(layout.epochMs).toISOString()}), which no ID can encode`,
      );
      continue;
    }
    if (!Number.isSafeInteger(value) || value < 0 || BigInt(value) > field.max) {
      const what = field.kind === 'time' ? 'time (units since the epoch)' : field.name;
      problems.push(`${what} must be a whole number from 0 to ${field.max}, not ${String(value)}`);
      continue;
    }
    id |= BigInt(value) << BigInt(field.shift);
  }
  if (problems.length > 0) throw new Error(`Cannot encode: ${problems.join('; ')}.`);
  return id.toString();
}

/** The time-field value (units since the epoch) of an instant, for `encode`. */
export function timeUnitsAt(layout: Layout, unixMs: number): number {
  return Math.floor((unixMs - layout.epochMs) / layout.unitMs);
}

/** The instant an ID's time field stands for, in ms since 1970. */
export function instantOf(layout: Layout, units: number): number {
  return unixMsOfUnits(layout, units);
}

/** The 64 bits as text, most significant first, grouped by field with spaces. */
export function formatBits(decoded: DecodedId): string {
  let out = '';
  let previous: string | null | undefined;
  for (const cell of decoded.bits) {
    if (previous !== undefined && cell.field !== previous) out += ' ';
    out += String(cell.value);
    previous = cell.field;
  }
  return out;
}
