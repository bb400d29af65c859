import type { BitCell, DecodedField } from '../../algorithms/snowflake/codec';
import { bitRows } from './decoder';

interface Props {
  bits: readonly BitCell[];
  fields: readonly DecodedField[];
  colours: ReadonlyMap<string, string>;
  /** Accessible name of the drawing, e.g. "The 64 bits of 175928847299117063". */
  label: string;
}

function Rows({ bits, colours, perRow }: Pick<Props, 'bits' | 'colours'> & { perRow: 16 | 32 }) {
  return (
    <div className={`sf-bits sf-bits-${perRow}`} aria-hidden="true">
      {bitRows(bits, perRow).map((row) => (
        <div className="sf-bit-row" key={row.cells[0]?.bit ?? 0} style={{ ['--cols' as string]: perRow }}>
          {row.segments.map((segment) => (
            <span
              key={`l${segment.high}`}
              className="sf-bit-label"
              style={{
                gridColumn: `span ${segment.span}`,
                borderColor: segment.field ? colours.get(segment.field) : undefined,
              }}
            >
              {segment.field ?? 'unused'}
            </span>
          ))}
          {row.cells.map((cell) => (
            <span
              key={cell.bit}
              className={`sf-bit${cell.field ? '' : ' is-unused'}${cell.value ? ' is-one' : ''}`}
              style={cell.field ? { ['--field' as string]: colours.get(cell.field) } : undefined}
              title={`bit ${cell.bit}${cell.field ? `, ${cell.field}` : ', unused'}`}
            >
              {cell.value}
            </span>
          ))}
          <span className="sf-bit-index">{row.cells[0]?.bit}</span>
          <span className="sf-bit-index sf-bit-index-end">{row.cells.at(-1)?.bit}</span>
        </div>
      ))}
    </div>
  );
}

/** The 64 bits of an ID, most significant first, each field in its own colour and named above its bits. */
export default function BitGrid({ bits, fields, colours, label }: Props) {
  const text = fields
    .map((f) => `${f.name}, bits ${f.shift + f.bits - 1} to ${f.shift}: ${f.value}`)
    .join('; ');
  return (
    <figure className="sf-bitgrid" data-testid="bit-grid">
      <Rows bits={bits} colours={colours} perRow={16} />
      <Rows bits={bits} colours={colours} perRow={32} />
      <figcaption className="visually-hidden">
        {label}. {text}.
      </figcaption>
    </figure>
  );
}
