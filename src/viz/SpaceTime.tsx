import { useId, useMemo } from 'react';
import { scaleLinear, scalePoint } from 'd3-scale';
import type { MessageView, Micros, NodeId, TraceEntry } from '../sim/types';
import { colour, isReply, messageColour } from './colours';
import { formatMicros } from './format';

export interface SpaceTimeProps {
  nodes: NodeId[];
  /** Trace entries up to the cursor (older ones outside the window are ignored). */
  entries: TraceEntry[];
  inFlight: MessageView[];
  time: Micros;
  /** How much virtual time the diagram spans, ending at `time`. */
  window: Micros;
  /** Nodes down at `time`, in case their crash lies before the entries given. */
  downNow: NodeId[];
  /** Colour of a message by kind (default: the shared palette). */
  messageColour?: (kind: string) => string;
}

const WIDTH = 640;
const ROW = 42;
const LEFT = 40;
const RIGHT = 12;
const TOP = 16;

interface Arrow {
  id: string;
  message: MessageView;
  /** Where the line ends: delivery time, drop time, or now for messages still in flight. */
  end: Micros;
  fate: 'delivered' | 'dropped' | 'flying';
}

/** Crash intervals per node, read from the trace: [crashedAt, restartedAt or undefined]. */
export function downIntervals(entries: TraceEntry[]): Map<NodeId, [Micros, Micros | undefined][]> {
  const down = new Map<NodeId, [Micros, Micros | undefined][]>();
  for (const e of entries) {
    const node = e.node ?? (e.action && 'node' in e.action ? e.action.node : undefined);
    if (!node) continue;
    const crashed = e.kind === 'crash' || e.action?.type === 'crash';
    const restarted = e.kind === 'restart' || e.action?.type === 'restart';
    const list = down.get(node) ?? [];
    const last = list[list.length - 1];
    if (crashed && (!last || last[1] !== undefined)) list.push([e.time, undefined]);
    if (restarted && last && last[1] === undefined) last[1] = e.time;
    down.set(node, list);
  }
  return down;
}

/** A lifeline per node with message arrows between them: Lamport's space-time diagram, time to the right. */
export default function SpaceTime({
  nodes,
  entries,
  inFlight,
  time,
  window,
  downNow,
  messageColour: colourOfMessage = messageColour,
}: SpaceTimeProps) {
  const markerId = useId().replace(/:/g, '');
  const height = TOP * 2 + ROW * Math.max(1, nodes.length - 1);
  const start = Math.max(0, time - window);
  const x = scaleLinear()
    .domain([start, Math.max(start + 1, time)])
    .range([LEFT, WIDTH - RIGHT]);
  const y = scalePoint<NodeId>()
    .domain(nodes)
    .range([TOP, height - TOP]);

  const visible = useMemo(() => entries.filter((e) => e.time >= start), [entries, start]);
  const arrows: Arrow[] = [];
  for (const e of visible) {
    if (e.message && (e.kind === 'deliver' || e.kind === 'drop')) {
      arrows.push({
        id: `${e.index}`,
        message: e.message,
        end: e.time,
        fate: e.kind === 'deliver' ? 'delivered' : 'dropped',
      });
    }
  }
  for (const m of inFlight) {
    if (m.sentAt <= time) arrows.push({ id: `f${m.id}`, message: m, end: time, fate: 'flying' });
  }
  const down = downIntervals(entries);
  for (const n of downNow) {
    const list = down.get(n) ?? [];
    if (list[list.length - 1]?.[1] !== undefined || list.length === 0) list.push([start, undefined]);
    down.set(n, list);
  }

  return (
    <svg
      className="viz-spacetime"
      viewBox={`0 0 ${WIDTH} ${height}`}
      role="img"
      aria-label={`Space-time diagram of the last ${formatMicros(window)}, up to ${formatMicros(time)}`}
    >
      <defs>
        <marker
          id={markerId}
          viewBox="0 0 8 8"
          refX="7"
          refY="4"
          markerWidth="6"
          markerHeight="6"
          orient="auto"
        >
          <path d="M0,0 L8,4 L0,8 z" fill={colour.muted} />
        </marker>
      </defs>
      {nodes.map((n) => {
        const yy = y(n) ?? 0;
        return (
          <g key={n}>
            <text x={4} y={yy + 4} fontSize={12} fontWeight={600} fill={colour.fg}>
              {n}
            </text>
            <line x1={LEFT} x2={WIDTH - RIGHT} y1={yy} y2={yy} stroke={colour.border} strokeWidth={2} />
            {(down.get(n) ?? []).map(([from, to]) => {
              if ((to ?? time) < start) return null;
              const x1 = x(Math.max(from, start));
              const x2 = x(Math.min(to ?? time, time));
              return (
                <g key={from}>
                  <line
                    x1={x1}
                    x2={x2}
                    y1={yy}
                    y2={yy}
                    stroke={colour.danger}
                    strokeWidth={3}
                    strokeDasharray="3 4"
                  />
                  {from >= start && (
                    <text
                      x={x1}
                      y={yy + 5}
                      textAnchor="middle"
                      fontSize={14}
                      fontWeight={700}
                      fill={colour.danger}
                    >
                      ×
                    </text>
                  )}
                </g>
              );
            })}
          </g>
        );
      })}
      {arrows.map(({ id, message, end, fate }) => {
        const y1 = y(message.from);
        const y2 = y(message.to);
        if (y1 === undefined || y2 === undefined) return null;
        const x1 = x(Math.max(message.sentAt, start));
        const span = Math.max(1, message.deliverAt - message.sentAt);
        // A message still flying (or dropped on the way) is drawn as far as it got.
        const reached = fate === 'delivered' ? 1 : Math.min(1, (end - message.sentAt) / span);
        const x2 = x(Math.min(end, time));
        const yEnd = y1 + (y2 - y1) * reached;
        const stroke = colourOfMessage(message.kind);
        return (
          <g key={id}>
            <line
              x1={x1}
              y1={y1}
              x2={x2}
              y2={yEnd}
              stroke={stroke}
              strokeWidth={1.5}
              strokeDasharray={isReply(message.kind) ? '4 3' : undefined}
              markerEnd={fate === 'delivered' ? `url(#${markerId})` : undefined}
              opacity={fate === 'flying' ? 0.7 : 1}
            >
              <title>{`${message.label} (${fate})`}</title>
            </line>
            {fate === 'dropped' && (
              <text
                x={x2}
                y={yEnd + 4}
                textAnchor="middle"
                fontSize={12}
                fontWeight={700}
                fill={colour.danger}
              >
                ×
              </text>
            )}
          </g>
        );
      })}
      <line
        x1={x(time)}
        x2={x(time)}
        y1={0}
        y2={height}
        stroke={colour.accent}
        strokeWidth={1}
        opacity={0.6}
      />
    </svg>
  );
}
