import type { Placement, PlacementRow } from '../../algorithms/consistent-hashing/placementlog';
import { colourClass } from './placement';

const W = 240;
const H = 56;

interface Props {
  row: PlacementRow;
  placement: Placement;
  nodes: readonly string[];
  /** Jump hash numbers its buckets: say which is which. */
  buckets: boolean;
}

/** Requests per node as bars, with the mean dashed and bounded loads' capacity in red. */
export function Histogram({ row, placement, nodes, buckets }: Props) {
  const loads = placement.loads;
  const n = loads.length;
  const mean = n > 0 ? loads.reduce((a, b) => a + b, 0) / n : 0;
  const top = Math.max(1, placement.capacity ?? 0, ...loads) * 1.1;
  const y = (v: number) => H - (v / top) * (H - 12);
  const band = n > 0 ? W / n : W;
  const index = new Map(nodes.map((id, i) => [id, i]));
  const text = row.members.map((m, i) => `${m.id} ${loads[i]}`).join(', ');
  return (
    <svg
      viewBox={`0 0 ${W} ${H + 12}`}
      className="ch-histogram"
      role="img"
      aria-label={`Requests per node: ${text}`}
    >
      {row.members.map((m, i) => {
        const v = loads[i] ?? 0;
        return (
          <g key={m.id}>
            <rect
              x={i * band + band * 0.15}
              y={y(v)}
              width={band * 0.7}
              height={H - y(v)}
              className={`ch-bar ${colourClass(index.get(m.id) ?? -1)}`}
            />
            <text x={i * band + band / 2} y={H + 10} textAnchor="middle" className="ch-axis">
              {buckets ? `${i}` : m.id}
            </text>
            <text x={i * band + band / 2} y={y(v) - 2} textAnchor="middle" className="ch-axis">
              {v}
            </text>
          </g>
        );
      })}
      <line x1={0} x2={W} y1={y(mean)} y2={y(mean)} className="ch-mean" />
      {placement.capacity !== null && (
        <line x1={0} x2={W} y1={y(placement.capacity)} y2={y(placement.capacity)} className="ch-capacity" />
      )}
    </svg>
  );
}
