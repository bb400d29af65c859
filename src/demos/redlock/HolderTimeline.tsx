import { useWidth } from '../../plugin/hooks';
import { bandScale, linearScale } from '../../viz/scale';
import { usePlayer } from '../../plugin/context';
import type { PanelProps } from '../../plugin/plugin';
import type { RedlockContext } from '../../algorithms/redlock/types';
import { colour } from '../../viz/colours';
import { formatMicros } from '../../viz/format';
import { useHoldings } from './useHoldings';

/** Drawn at the width it is shown, so text keeps its size on a phone. */
const DEFAULT_WIDTH = 640;
const MIN_WIDTH = 280;
const ROW = 30;
const MARGIN = { top: 8, right: 14, bottom: 26, left: 40 };

/** Who believes they hold the lock, in global time; two at once is drawn in the danger colour. */
/** Axis labels as short as they can be: "500 ms", "1.5 s". */
function tickLabel(t: number): string {
  if (t === 0) return '0';
  return t < 1_000_000
    ? `${Number((t / 1000).toPrecision(6))} ms`
    : `${Number((t / 1_000_000).toPrecision(6))} s`;
}

export default function HolderTimeline({ world }: PanelProps) {
  const [figure, width] = useWidth<HTMLElement>(DEFAULT_WIDTH, { min: MIN_WIDTH });
  const time = usePlayer((s) => s.time);
  const { holdings, overlaps } = useHoldings();
  const clients = world.nodes.filter((n) => (n.state as RedlockContext).role === 'client').map((n) => n.id);
  const height = MARGIN.top + clients.length * ROW + MARGIN.bottom;
  const end = Math.max(time, 1000);
  const x = linearScale([0, end], [MARGIN.left, width - MARGIN.right]);
  const y = bandScale(clients, [MARGIN.top, MARGIN.top + clients.length * ROW], 0.25);
  const until = (t: number | null) => Math.min(t ?? time, time);
  const shown = holdings.filter((h) => h.start <= time);
  const shownOverlaps = overlaps.filter((o) => o.start <= time);
  const current = shown.filter((h) => h.end === null || h.end > time).map((h) => h.client);

  const summary =
    shownOverlaps.length > 0
      ? `Overlap: ${shownOverlaps
          .map(
            (o) =>
              `${o.clients.join(' and ')} from ${formatMicros(o.start)}${o.end !== null && o.end <= time ? ` to ${formatMicros(o.end)}` : ''}`,
          )
          .join('; ')}.`
      : shown.length === 0
        ? 'Nobody has held the lock yet.'
        : 'No two clients have held the lock at the same time.';

  return (
    <figure
      ref={figure}
      className="rl-timeline"
      data-testid="redlock-timeline"
      data-overlaps={shownOverlaps.length}
    >
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Lock holders over global time up to ${formatMicros(time)}. ${
          current.length === 0 ? 'Nobody holds it now.' : `Now held by ${current.join(' and ')}.`
        } ${summary}`}
      >
        {shownOverlaps.map((o, i) => (
          <rect
            key={`overlap-${i}`}
            className="rl-overlap"
            data-testid="redlock-overlap"
            x={x(o.start)}
            y={MARGIN.top}
            width={Math.max(2, x(until(o.end)) - x(o.start))}
            height={clients.length * ROW}
            fill={colour.danger}
            opacity={0.18}
          />
        ))}
        {clients.map((c) => (
          <g key={c}>
            <line
              x1={MARGIN.left}
              x2={width - MARGIN.right}
              y1={(y(c) ?? 0) + y.bandwidth() / 2}
              y2={(y(c) ?? 0) + y.bandwidth() / 2}
              stroke={colour.border}
            />
            <text
              x={MARGIN.left - 6}
              y={(y(c) ?? 0) + y.bandwidth() / 2 + 4}
              textAnchor="end"
              fontSize={12}
              fill={colour.fg}
            >
              {c}
            </text>
          </g>
        ))}
        {shown.map((h) => {
          const x0 = x(h.start);
          const x1 = Math.max(x0 + 2, x(until(h.end)));
          const top = y(h.client) ?? 0;
          return (
            <g key={h.value} data-holding={h.value}>
              <rect
                x={x0}
                y={top}
                width={x1 - x0}
                height={y.bandwidth()}
                rx={3}
                fill={colour.accent}
                opacity={0.85}
              />
              {/* The part of this holding that overlaps another, drawn again in the danger colour. */}
              {shownOverlaps.map((o, i) => {
                const a = Math.max(h.start, o.start);
                const b = Math.min(until(h.end), until(o.end));
                if (b <= a || !o.clients.includes(h.client)) return null;
                return (
                  <rect
                    key={i}
                    x={x(a)}
                    y={top}
                    width={Math.max(2, x(b) - x(a))}
                    height={y.bandwidth()}
                    fill={colour.danger}
                  />
                );
              })}
              {x1 - x0 > 60 && (
                <text x={x0 + 5} y={top + y.bandwidth() / 2 + 4} fontSize={11} fill={colour.bg}>
                  {h.value}
                  {h.token !== null ? ` · token ${h.token}` : ''}
                </text>
              )}
            </g>
          );
        })}
        <line
          x1={x(time)}
          x2={x(time)}
          y1={MARGIN.top - 4}
          y2={MARGIN.top + clients.length * ROW}
          stroke={colour.fg}
          strokeWidth={1.5}
        />
        <g transform={`translate(0 ${MARGIN.top + clients.length * ROW})`}>
          <line x1={MARGIN.left} x2={width - MARGIN.right} stroke={colour.muted} />
          {x.ticks(width < 480 ? 2 : 5).map((t) => (
            <g key={t} transform={`translate(${x(t)} 0)`}>
              <line y2={4} stroke={colour.muted} />
              <text y={17} textAnchor="middle" fontSize={11} fill={colour.muted}>
                {tickLabel(t)}
              </text>
            </g>
          ))}
        </g>
      </svg>
      <figcaption>
        <span
          className={shownOverlaps.length > 0 ? 'rl-danger-text' : undefined}
          data-testid="redlock-timeline-summary"
        >
          {summary}
        </span>{' '}
        <span className="muted">
          Bars: a client in <code>holding</code>, by global time; red: two holders at once.
        </span>
      </figcaption>
    </figure>
  );
}
