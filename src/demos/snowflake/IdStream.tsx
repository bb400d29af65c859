import { scaleLinear } from 'd3';
import type { PanelProps } from '../../plugin/plugin';
import { colour } from '../../viz/colours';
import { formatMicros } from '../../viz/format';
import { useIdStream } from './useIdStream';
import { useWidth } from '../../plugin/hooks';

const HEIGHT = 220;
const MARGIN = { top: 10, right: 12, bottom: 28, left: 44 };
/** Entries in the list under the chart. */
const LISTED = 12;

/** Worker colour: hues spread around the wheel, drawn with the foreground colour as outline. */
function hue(node: string): string {
  const n = Number(node.replace(/\D/g, '')) || 0;
  return `hsl(${(n * 137) % 360} 65% 50%)`;
}

/**
 * IDs in the order they were handed out: x is when, y is the ID's value relative to the smallest
 * one drawn. A k-sorted stream climbs; an ID below one handed out k ms earlier is drawn as a red cross.
 */
export default function IdStream({ world }: PanelProps) {
  const { stream, windowMicros: k } = useIdStream();
  const [ref, width] = useWidth<HTMLDivElement>(640, { max: 736 });
  const { outOfOrder, recent: shown } = stream;
  const values = shown.map((i) => i.value);
  const min = values.reduce((a, b) => (b < a ? b : a), values[0] ?? 0n);
  const max = values.reduce((a, b) => (b > a ? b : a), values[0] ?? 0n);
  const span = Number(max - min) || 1;
  const t0 = shown[0]?.at ?? 0;
  const t1 = Math.max(world.time, (shown.at(-1)?.at ?? 0) + 1, t0 + 1);
  const x = scaleLinear()
    .domain([t0, t1])
    .range([MARGIN.left, width - MARGIN.right]);
  const y = scaleLinear()
    .domain([0, span])
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const yOf = (v: bigint) => y(Number(v - min));
  const ticks = x.ticks(width < 480 ? 3 : 5);
  const listed = shown.slice(-LISTED).reverse();

  return (
    <div ref={ref} className="sf-stream" data-testid="id-stream" data-out-of-order={outOfOrder}>
      <p role="status">
        {stream.count.toLocaleString('en-US')} IDs so far;{' '}
        {outOfOrder === 0
          ? `the stream is k-sorted (k = ${k / 1000} ms).`
          : `${outOfOrder} sort below an ID handed out at least ${k / 1000} ms earlier.`}
      </p>
      <ul className="sf-legend" aria-label="Worker colours">
        {world.nodes.map((n) => (
          <li key={n.id}>
            <span className="sf-swatch" style={{ background: hue(n.id) }} aria-hidden="true" /> {n.id}
          </li>
        ))}
        <li>
          <span style={{ color: colour.danger }} aria-hidden="true">
            ✗
          </span>{' '}
          out of k-sorted order
        </li>
      </ul>
      <svg
        viewBox={`0 0 ${width} ${HEIGHT}`}
        role="img"
        aria-label="IDs over time: each dot is an ID, placed by when it was handed out and by its value; red crosses break k-sorted order"
      >
        <line
          x1={MARGIN.left}
          x2={width - MARGIN.right}
          y1={HEIGHT - MARGIN.bottom}
          y2={HEIGHT - MARGIN.bottom}
          stroke={colour.border}
        />
        <line
          x1={MARGIN.left}
          x2={MARGIN.left}
          y1={MARGIN.top}
          y2={HEIGHT - MARGIN.bottom}
          stroke={colour.border}
        />
        {ticks.map((t) => (
          <text key={t} x={x(t)} y={HEIGHT - 8} fontSize={11} textAnchor="middle" fill={colour.muted}>
            {Number((t / 1000).toPrecision(6))} ms
          </text>
        ))}
        <text x={8} y={MARGIN.top + 10} fontSize={11} fill={colour.muted}>
          ID
        </text>
        {shown.map((entry, i) =>
          entry.outOfOrder ? (
            <path
              key={entry.position}
              d={`M${x(entry.at) - 4},${yOf(values[i] as bigint) - 4}l8,8m0,-8l-8,8`}
              stroke={colour.danger}
              strokeWidth={2}
            />
          ) : (
            <circle
              key={entry.position}
              cx={x(entry.at)}
              cy={yOf(values[i] as bigint)}
              r={2.5}
              fill={hue(entry.node)}
            />
          ),
        )}
      </svg>
      <ol className="sf-stream-list" aria-label="The latest IDs, newest first" tabIndex={0}>
        {listed.map((entry) => (
          <li key={entry.position} className={entry.outOfOrder ? 'is-out' : undefined}>
            {formatMicros(entry.at)} {entry.node} {entry.id}
            {entry.outOfOrder ? ' ✗ out of k-sorted order' : ''}
          </li>
        ))}
      </ol>
    </div>
  );
}
