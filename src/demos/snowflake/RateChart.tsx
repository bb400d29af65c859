import { scaleSymlog } from 'd3';
import type { PanelProps } from '../../plugin/plugin';
import { colour } from '../../viz/colours';
import { ceilingPerUnit } from './ids';
import { useIdStream } from './useIdStream';
import { useWidth } from '../../plugin/hooks';

const ROW = 16;
const LEFT = 40;
const RIGHT = 70;

/**
 * IDs per time unit for each worker: the latest unit (solid) and the busiest so far (outline),
 * against the layout's ceiling of 2^(sequence bits) per unit (the dashed line).
 */
export default function RateChart({ world }: PanelProps) {
  const { stream, layout } = useIdStream();
  const [ref, width] = useWidth<HTMLDivElement>(640, { max: 736 });
  const ceiling = ceilingPerUnit(layout);
  const { units } = stream;
  const top = Math.max(ceiling, ...[...units.values()].map((u) => u.peak));
  // A log-like scale: one ID and the ceiling of thousands both stay visible.
  const x = scaleSymlog()
    .domain([0, top])
    .range([LEFT, width - RIGHT]);
  const ticks = [1, 10, 100, 1000, 10_000, 100_000].filter((t) => t < top * 0.6);
  const height = world.nodes.length * ROW + 40;
  const unit = layout.unitMs === 1 ? 'ms' : `${layout.unitMs} ms`;
  return (
    <div ref={ref} className="sf-rate" data-testid="rate-chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`IDs per ${unit} for each worker against the ceiling of ${ceiling}`}
      >
        {world.nodes.map((node, i) => {
          const yTop = 4 + i * ROW;
          const now = units.get(node.id)?.latest.count ?? 0;
          const best = units.get(node.id)?.peak ?? 0;
          return (
            <g key={node.id}>
              <text x={4} y={yTop + 11} fontSize={11} fill={colour.fg}>
                {node.id}
              </text>
              <rect
                x={LEFT}
                y={yTop + 1}
                width={x(best) - LEFT}
                height={ROW - 4}
                fill="none"
                stroke={colour.muted}
              />
              <rect
                x={LEFT}
                y={yTop + 1}
                width={x(now) - LEFT}
                height={ROW - 4}
                fill={now >= ceiling ? colour.warn : colour.accent}
              />
              <text x={width - RIGHT + 4} y={yTop + 11} fontSize={11} fill={colour.fg}>
                {now}/{best}
              </text>
            </g>
          );
        })}
        {ticks.map((t) => (
          <text key={t} x={x(t)} y={height - 22} fontSize={10} textAnchor="middle" fill={colour.muted}>
            {t.toLocaleString('en-US')}
          </text>
        ))}
        <line
          x1={x(ceiling)}
          x2={x(ceiling)}
          y1={0}
          y2={height - 34}
          stroke={colour.danger}
          strokeDasharray="4 3"
        />
        <text x={x(ceiling)} y={height - 6} fontSize={11} textAnchor="middle" fill={colour.fg}>
          ceiling {ceiling.toLocaleString('en-US')} per {unit}
        </text>
      </svg>
      <p className="muted">
        Each bar: IDs in the worker’s latest {unit} (filled) and its busiest so far (outline), as
        latest/busiest, on a logarithmic scale.
      </p>
    </div>
  );
}
