/** The decoder's logic, apart from React: reading a layout choice, decoding and encoding with reasons. */
import { decode, encode, timeUnitsAt, type DecodedId } from '../../algorithms/snowflake/codec';
import {
  PRESETS,
  formatLayout,
  isPresetName,
  parseInstant,
  parseLayout,
  placeFields,
  type Layout,
  type PlacedField,
} from '../../algorithms/snowflake/layout';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

function attempt<T>(work: () => T): Outcome<T> {
  try {
    return { ok: true, value: work() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** A preset name, or 'custom' with a compact spec such as "timestamp:41,worker:10,sequence:12,unit=1ms". */
export function readLayout(choice: string, spec: string): Outcome<Layout> {
  if (choice !== 'custom') {
    return isPresetName(choice)
      ? { ok: true, value: PRESETS[choice] }
      : { ok: false, error: `Unknown preset "${choice}".` };
  }
  if (spec.trim() === '')
    return { ok: false, error: 'Write a layout, for example timestamp:41,worker:10,sequence:12.' };
  return attempt(() => parseLayout(spec));
}

/** The spec a custom layout starts from: the chosen preset written out. */
export function specOf(layout: Layout): string {
  return formatLayout(layout);
}

/** The spec with one field's width changed, keeping every other part as it was. */
export function withWidth(layout: Layout, name: string, bits: number): string {
  return formatLayout({
    ...layout,
    fields: layout.fields.map((f) => (f.name === name ? { ...f, bits } : f)),
  });
}

export function decodeText(text: string, layout: Layout): Outcome<DecodedId> | null {
  if (text.trim() === '') return null;
  return attempt(() => decode(text, layout));
}

/** The reader's local time of an instant, with its zone, e.g. "30/04/2016, 13:18:25.796 CEST". */
export function localTime(unixMs: number, locale?: string, timeZone?: string): string {
  return new Date(unixMs).toLocaleString(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    fractionalSecondDigits: 3,
    timeZoneName: 'short',
    hour12: false,
    ...(timeZone ? { timeZone } : {}),
  });
}

/**
 * Encodes from the form: the time field given as an instant (ISO 8601 or ms since 1970), the other
 * fields as whole numbers. Every problem comes back as one message.
 */
export function encodeForm(layout: Layout, form: Readonly<Record<string, string>>): Outcome<string> {
  return attempt(() => {
    const values: Record<string, number> = {};
    const problems: string[] = [];
    for (const field of placeFields(layout)) {
      const text = (form[field.name] ?? '').trim();
      if (field.kind === 'time') {
        try {
          values[field.name] = timeUnitsAt(layout, parseInstant(text === '' ? '(empty)' : text));
        } catch (error) {
          problems.push((error as Error).message);
        }
        continue;
      }
      if (!/^\d+$/.test(text)) {
        problems.push(`${field.name} must be a whole number from 0 to ${field.max}, not "${text}".`);
        continue;
      }
      values[field.name] = Number(text);
    }
    if (problems.length > 0) throw new Error(`Cannot encode: ${problems.join(' ')}`);
    return encode(layout, values);
  });
}

/** The form filled in from a decoded ID, so decode then encode round-trips. */
export function formOf(decoded: DecodedId, layout: Layout): Record<string, string> {
  const form: Record<string, string> = {};
  for (const field of placeFields(layout)) {
    form[field.name] = field.kind === 'time' ? decoded.time.iso : String(decoded.values[field.name] ?? 0);
  }
  return form;
}

/** Colour variable of a field, by kind and order, so neighbouring node fields differ. */
export function fieldColour(field: Pick<PlacedField, 'kind'>, nodeIndex: number): string {
  if (field.kind === 'time') return 'var(--accent, #0b5cad)';
  if (field.kind === 'sequence') return 'var(--warn, #8a5a00)';
  const nodes = ['var(--ok, #1d6b35)', 'var(--danger, #b3261e)', 'var(--muted, #54595f)'];
  return nodes[nodeIndex % nodes.length] as string;
}

/** Colour of each field of a layout by name. */
export function fieldColours(layout: Layout): Map<string, string> {
  const colours = new Map<string, string>();
  let nodeIndex = 0;
  for (const field of placeFields(layout)) {
    colours.set(field.name, fieldColour(field, field.kind === 'node' ? nodeIndex++ : 0));
  }
  return colours;
}

export interface BitSegment {
  field: string | null;
  /** Bits in this segment within the row. */
  span: number;
  /** Highest and lowest bit numbers of the segment. */
  high: number;
  low: number;
}

/** Splits the 64 bits (most significant first) into rows of `perRow`, each row into runs of one field. */
export function bitRows<T extends { bit: number; field: string | null }>(
  cells: readonly T[],
  perRow: number,
): { cells: T[]; segments: BitSegment[] }[] {
  const rows: { cells: T[]; segments: BitSegment[] }[] = [];
  for (let start = 0; start < cells.length; start += perRow) {
    const row = cells.slice(start, start + perRow);
    const segments: BitSegment[] = [];
    for (const cell of row) {
      const last = segments.at(-1);
      if (last && last.field === cell.field) {
        last.span++;
        last.low = cell.bit;
      } else {
        segments.push({ field: cell.field, span: 1, high: cell.bit, low: cell.bit });
      }
    }
    rows.push({ cells: row, segments });
  }
  return rows;
}
