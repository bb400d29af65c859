import { useMemo, type KeyboardEvent } from 'react';
import { arc } from 'd3-shape';
import { interpolate } from 'd3-interpolate';
import type { MessageView, Micros, NodeId, WorldView } from '../sim/types';
import type { NodeSummary } from '../components/demo/plugin';
import type { Selection } from '../stores/ui';
import { colour, isReply, messageColour, roleColour } from './colours';
import { formatMicros } from './format';

export interface TopologyProps {
  world: WorldView;
  /** The moment drawn, between two events while playing. */
  time: Micros;
  reducedMotion: boolean;
  summaries: ReadonlyMap<NodeId, NodeSummary>;
  selection: Selection;
  onSelect(selection: Selection): void;
  /** Colour of a message by kind (default: the shared palette). */
  messageColour?: (kind: string) => string;
}

const SIZE = 400;
const CENTRE = SIZE / 2;
/** Node radius: smaller as the ring fills, so seven or nine servers keep clear of each other. */
export function nodeRadius(count: number): number {
  return count <= 5 ? 40 : count <= 7 ? 35 : 31;
}
const RING_R = 145;

/** Where each node sits: evenly on a circle, the first at the top, clockwise. */
export function nodePositions(ids: readonly NodeId[]): Map<NodeId, [number, number]> {
  const positions = new Map<NodeId, [number, number]>();
  ids.forEach((id, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, ids.length) - Math.PI / 2;
    const r = ids.length === 1 ? 0 : RING_R;
    positions.set(id, [CENTRE + r * Math.cos(angle), CENTRE + r * Math.sin(angle)]);
  });
  return positions;
}

/** How far `time` lies between `start` and `end`, clamped to [0, 1]. */
export function progress(time: Micros, start: Micros, end: Micros): number {
  if (end <= start) return 1;
  return Math.min(1, Math.max(0, (time - start) / (end - start)));
}

/** How far a message has travelled at `time`, from 0 (just sent) to 1 (arriving). */
export function messageProgress(message: MessageView, time: Micros): number {
  return progress(time, message.sentAt, message.deliverAt);
}

/** Whether two nodes can talk under the current partition (nodes in no group talk to everybody). */
export function connected(partitions: NodeId[][], a: NodeId, b: NodeId): boolean {
  if (partitions.length === 0) return true;
  const groupOf = (n: NodeId) => partitions.findIndex((g) => g.includes(n));
  const ga = groupOf(a);
  const gb = groupOf(b);
  return ga === -1 || gb === -1 || ga === gb;
}

const timerArc = arc<{ end: number; r: number }>()
  .innerRadius((d) => d.r + 3)
  .outerRadius((d) => d.r + 8)
  .startAngle(0)
  .endAngle((d) => d.end);

function activate(handler: () => void) {
  return (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      handler();
    }
  };
}

/** The cluster as a ring of nodes with the messages in flight between them. */
export default function Topology({
  world,
  time,
  reducedMotion,
  summaries,
  selection,
  onSelect,
  messageColour: colourOfMessage = messageColour,
}: TopologyProps) {
  const ids = useMemo(() => world.nodes.map((n) => n.id), [world.nodes]);
  const positions = useMemo(() => nodePositions(ids), [ids]);
  const nodeR = nodeRadius(ids.length);
  const links: [NodeId, NodeId][] = [];
  ids.forEach((a, i) => ids.slice(i + 1).forEach((b) => links.push([a, b])));

  return (
    <svg
      className="viz-topology"
      viewBox={`0 0 ${SIZE} ${SIZE}`}
      role="group"
      aria-label={`Cluster at ${formatMicros(time)}: ${world.nodes.length} nodes, ${world.messages.length} messages in flight`}
    >
      <g aria-hidden="true">
        {links.map(([a, b]) => {
          const [x1, y1] = positions.get(a) ?? [0, 0];
          const [x2, y2] = positions.get(b) ?? [0, 0];
          const cut = !connected(world.partitions, a, b);
          return (
            <line
              key={`${a}-${b}`}
              x1={x1}
              y1={y1}
              x2={x2}
              y2={y2}
              stroke={cut ? colour.danger : colour.border}
              strokeWidth={cut ? 1.5 : 1}
              strokeDasharray={cut ? '4 6' : undefined}
              opacity={cut ? 0.8 : 0.6}
            />
          );
        })}
      </g>
      {world.nodes.map((node) => {
        const [x, y] = positions.get(node.id) ?? [CENTRE, CENTRE];
        const summary = summaries.get(node.id) ?? { role: node.role, facts: [], timer: null };
        const paused = node.pausedUntil !== null && node.pausedUntil > world.time;
        const state = !node.up ? 'crashed' : paused ? 'paused' : summary.role;
        const selected = selection?.kind === 'node' && selection.id === node.id;
        const timer = node.up && summary.timer;
        const remaining = timer ? 1 - progress(time, timer.setAt, timer.at) : 0;
        // The name starts with the visible text, in order, so speech and sight agree.
        const visible = [node.id, state, ...summary.facts.slice(0, 2)].join(' ');
        const timerText = timer && remaining > 0 ? `, ${timer.label} at ${formatMicros(timer.at)}` : '';
        return (
          <g
            key={node.id}
            className={`viz-node${selected ? ' is-selected' : ''}`}
            transform={`translate(${x} ${y})`}
            role="button"
            tabIndex={0}
            aria-pressed={selected}
            aria-label={`${visible}${timerText}. Select for faults.`}
            data-node={node.id}
            data-role={state}
            onClick={() => onSelect(selected ? null : { kind: 'node', id: node.id })}
            onKeyDown={activate(() => onSelect(selected ? null : { kind: 'node', id: node.id }))}
          >
            {timer && remaining > 0 && (
              <path
                d={timerArc({ end: 2 * Math.PI * remaining, r: nodeR }) ?? ''}
                fill={colour.muted}
                opacity={0.55}
                aria-hidden="true"
              />
            )}
            <circle
              r={nodeR}
              fill={node.up ? colour.bg : colour.raised}
              stroke={node.up ? (summary.colour ?? roleColour(summary.role)) : colour.danger}
              strokeWidth={summary.role === 'leader' ? 5 : 3}
              strokeDasharray={!node.up ? '5 4' : paused ? '2 3' : undefined}
            />
            {selected && <circle r={nodeR + 12} fill="none" stroke={colour.fg} strokeWidth={2} />}
            {/* Trailing spaces are not drawn, but keep the words apart in the text a screen reader compares. */}
            <text y={-14} textAnchor="middle" fontWeight={700} fontSize={15} fill={colour.fg}>
              {`${node.id} `}
            </text>
            <text y={1} textAnchor="middle" fontSize={11} fill={node.up ? colour.fg : colour.danger}>
              {`${state} `}
            </text>
            {summary.facts.slice(0, 2).map((fact, i) => (
              <text key={fact} y={14 + i * 12} textAnchor="middle" fontSize={10} fill={colour.muted}>
                {`${fact} `}
              </text>
            ))}
          </g>
        );
      })}
      {world.messages.map((message) => {
        const from = positions.get(message.from);
        const to = positions.get(message.to);
        if (!from || !to) return null;
        // Reduced motion: a message sits still at a third of its way, direction still readable.
        const t = reducedMotion ? 1 / 3 : messageProgress(message, time);
        // Travel from rim to rim, not centre to centre, so a message never hides under a node.
        const distance = Math.hypot(to[0] - from[0], to[1] - from[1]) || 1;
        const rim = Math.min(0.45, (nodeR + 9) / distance);
        const [mx, my] = interpolate(from, to)(rim + (1 - 2 * rim) * t) as [number, number];
        const selected = selection?.kind === 'message' && selection.id === message.id;
        const fill = colourOfMessage(message.kind);
        const reply = isReply(message.kind);
        return (
          <g
            key={message.id}
            className={`viz-message${selected ? ' is-selected' : ''}`}
            transform={`translate(${mx} ${my})`}
            role="button"
            tabIndex={0}
            aria-pressed={selected}
            aria-label={`${message.label}, from ${message.from} to ${message.to}. Select to drop or duplicate.`}
            data-message={message.id}
            onClick={() => onSelect(selected ? null : { kind: 'message', id: message.id })}
            onKeyDown={activate(() => onSelect(selected ? null : { kind: 'message', id: message.id }))}
          >
            <circle r={12} fill="transparent" />
            <circle
              r={selected ? 9 : 7}
              fill={reply ? colour.bg : fill}
              stroke={selected ? colour.fg : fill}
              strokeWidth={selected ? 3 : 2.5}
            />
            <title>{message.label}</title>
          </g>
        );
      })}
    </svg>
  );
}
