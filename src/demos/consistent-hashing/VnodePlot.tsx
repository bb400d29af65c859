import { useMemo } from 'react';
import { ringStdDev } from '../../algorithms/consistent-hashing/rebalance';
import type { PanelProps } from '../../plugin/plugin';
import { usePlacement } from './placement';

const COUNTS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];
const W = 320;
const H = 160;
const PAD = { left: 40, right: 10, top: 10, bottom: 28 };

/**
 * How the ring's balance improves with virtual nodes: the standard deviation of keys per node, for
 * the run's keys and current number of nodes, at 1 to 512 points per node (log scale), with the
 * mean / √v trend an arc-length argument predicts for comparison.
 */
export default function VnodePlot(_props: PanelProps) {
  const view = usePlacement();
  const keys = view?.params.keys ?? 400;
  const nodes = Math.max(1, view?.row.members.length ?? 4);
  const current = view?.params.vnodes ?? 100;
  const points = useMemo(() => COUNTS.map((v) => ({ v, std: ringStdDev(keys, nodes, v) })), [keys, nodes]);
  const mean = keys / nodes;
  // Even perfectly equal arcs leave binomial noise in the counts: √(K · (1/N) · (1 − 1/N)).
  const floor = Math.sqrt(keys * (1 / nodes) * (1 - 1 / nodes));
  const top = Math.max(1, ...points.map((p) => p.std), mean) * 1.05;
  const x = (v: number) => PAD.left + (Math.log2(v) / Math.log2(512)) * (W - PAD.left - PAD.right);
  const y = (s: number) => PAD.top + (1 - s / top) * (H - PAD.top - PAD.bottom);
  const path = points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.v).toFixed(1)},${y(p.std).toFixed(1)}`)
    .join(' ');
  const trend = COUNTS.map(
    (v, i) => `${i === 0 ? 'M' : 'L'}${x(v).toFixed(1)},${y(mean / Math.sqrt(v)).toFixed(1)}`,
  ).join(' ');
  return (
    <figure className="ch-plot" data-testid="ch-vnodes">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`Standard deviation of keys per node against virtual nodes per node: ${points.map((p) => `${p.v}: ${p.std.toFixed(1)}`).join(', ')}`}
      >
        <line
          x1={PAD.left}
          x2={W - PAD.right}
          y1={H - PAD.bottom}
          y2={H - PAD.bottom}
          className="ch-axis-line"
        />
        <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={H - PAD.bottom} className="ch-axis-line" />
        {COUNTS.map((v) => (
          <text key={v} x={x(v)} y={H - PAD.bottom + 12} textAnchor="middle" className="ch-axis">
            {v}
          </text>
        ))}
        {[0, 0.5, 1].map((f) => (
          <text key={f} x={PAD.left - 4} y={y(top * f) + 3} textAnchor="end" className="ch-axis">
            {(top * f).toFixed(0)}
          </text>
        ))}
        <text x={(W + PAD.left) / 2} y={H - 2} textAnchor="middle" className="ch-axis">
          virtual nodes per node (log scale)
        </text>
        <path d={trend} className="ch-trend" />
        <line x1={PAD.left} x2={W - PAD.right} y1={y(floor)} y2={y(floor)} className="ch-floor" />
        <path d={path} className="ch-line" />
        {points.map((p) => (
          <circle key={p.v} cx={x(p.v)} cy={y(p.std)} r={2.5} className="ch-point" />
        ))}
        {current >= 1 && current <= 512 && (
          <line x1={x(current)} x2={x(current)} y1={PAD.top} y2={H - PAD.bottom} className="ch-current" />
        )}
      </svg>
      <figcaption>
        σ of keys per node for {keys} keys on {nodes} nodes; dashed: mean/√v; dotted: the noise of counting{' '}
        {keys} random keys ({floor.toFixed(1)}), which no number of points removes. The vertical line is this
        run’s {current} virtual nodes (change it under Settings).
      </figcaption>
    </figure>
  );
}
