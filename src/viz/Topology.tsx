import {
  memo,
  useCallback,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent,
  type ReactNode,
} from 'react';
import type { MessageView, Micros, NodeId, WorldView } from '../sim/types';
import type { NodeSummary } from '../plugin/plugin';
import type { Selection } from '../stores/ui';
import { colour, isReply, plainMessage } from './colours';
import { formatMicros } from './format';
import { fitViewBox, useCanvasSize, useColours, type TimeSource } from './canvas';

export interface TopologyProps {
  world: WorldView;
  /** The moment drawn, between two events when paused there. */
  time: Micros;
  reducedMotion: boolean;
  summaries: ReadonlyMap<NodeId, NodeSummary>;
  selection: Selection;
  onSelect(selection: Selection): void;
  /** Colour of a message by kind (default: the shared palette). */
  messageColour?: (kind: string) => string;
  /**
   * While playing: the drawn time, which the canvas layers follow on their own every frame. The
   * SVG then renders only when the world or the selection changes.
   */
  liveTime?: TimeSource | undefined;
  /** Content shown beside the selected node or message (the player's fault menu), or nothing. */
  menu?: ReactNode;
}

const SIZE = 400;
const CENTRE = SIZE / 2;
/** Node radius: smaller as the ring fills, so seven or nine servers keep clear of each other. */
export function nodeRadius(count: number): number {
  return count <= 5 ? 40 : count <= 7 ? 35 : 31;
}
const RING_R = 145;
/** How far from a message's centre a click or tap still picks it, in view-box units. */
export const MESSAGE_HIT_RADIUS = 12;
/** Timer arcs are redrawn when they change by at least this fraction of a turn (about a pixel). */
const ARC_STEP = 1 / 512;

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

/**
 * Where a message is drawn at `time`, or null when an end is not on the ring. It travels from rim
 * to rim, not centre to centre, so it never hides under a node; with reduced motion it sits still
 * at a third of its way, its direction still readable.
 */
export function messagePoint(
  message: MessageView,
  time: Micros,
  positions: ReadonlyMap<NodeId, [number, number]>,
  nodeR: number,
  reducedMotion: boolean,
): [number, number] | null {
  const from = positions.get(message.from);
  const to = positions.get(message.to);
  if (!from || !to) return null;
  const t = reducedMotion ? 1 / 3 : messageProgress(message, time);
  const distance = Math.hypot(to[0] - from[0], to[1] - from[1]) || 1;
  const rim = Math.min(0.45, (nodeR + 9) / distance);
  const along = rim + (1 - 2 * rim) * t;
  return [from[0] + (to[0] - from[0]) * along, from[1] + (to[1] - from[1]) * along];
}

export interface DrawnMessage {
  id: number;
  x: number;
  y: number;
}

/** The message drawn nearest to (x, y) within the hit radius; later ones win ties, as they are drawn on top. */
export function hitMessage(drawn: readonly DrawnMessage[], x: number, y: number): DrawnMessage | null {
  let best: DrawnMessage | null = null;
  let bestDistance = MESSAGE_HIT_RADIUS;
  for (const m of drawn) {
    const d = Math.hypot(m.x - x, m.y - y);
    if (d <= bestDistance) {
      best = m;
      bestDistance = d;
    }
  }
  return best;
}

/** Whether two nodes can talk under the current partition (nodes in no group talk to everybody). */
export function connected(partitions: NodeId[][], a: NodeId, b: NodeId): boolean {
  if (partitions.length === 0) return true;
  const groupOf = (n: NodeId) => partitions.findIndex((g) => g.includes(n));
  const ga = groupOf(a);
  const gb = groupOf(b);
  return ga === -1 || gb === -1 || ga === gb;
}

function activate(handler: () => void) {
  return (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      handler();
    }
  };
}

/** How much of a node's timer is left at `time`, in steps of ARC_STEP so a redraw shows a change. */
function timerLeft(summary: NodeSummary | undefined, up: boolean, time: Micros): number {
  const timer = up ? summary?.timer : null;
  if (!timer) return 0;
  return Math.ceil((1 - progress(time, timer.setAt, timer.at)) / ARC_STEP) * ARC_STEP;
}

interface MessageTargetProps {
  id: number;
  label: string;
  from: NodeId;
  to: NodeId;
  /** Whether the target stands where the message is drawn; not while playing, when only the canvas follows it. */
  placed: boolean;
  x: number;
  y: number;
  selected: boolean;
  onSelect(selection: Selection): void;
  onFocusChange(id: number | null): void;
}

/**
 * A message as a control: focusable, named, activated by click or keyboard. The canvas draws it;
 * this transparent disc only catches pointers and carries the focus ring while it stands still.
 */
const MessageTarget = memo(function MessageTarget({
  id,
  label,
  from,
  to,
  placed,
  x,
  y,
  selected,
  onSelect,
  onFocusChange,
}: MessageTargetProps) {
  const toggle = () => onSelect(selected ? null : { kind: 'message', id });
  return (
    <g
      className="viz-message"
      transform={placed ? `translate(${x} ${y})` : undefined}
      role="button"
      tabIndex={0}
      aria-pressed={selected}
      aria-label={`${label}, from ${from} to ${to}. Select to drop or duplicate.`}
      data-message={id}
      onClick={toggle}
      onKeyDown={activate(toggle)}
      onFocus={() => onFocusChange(id)}
      onBlur={() => onFocusChange(null)}
    >
      <circle r={MESSAGE_HIT_RADIUS} fill="transparent" />
      <title>{label}</title>
    </g>
  );
});

/** The cluster as a ring of nodes with the messages in flight between them. */
export default function Topology({
  world,
  time,
  reducedMotion,
  summaries,
  selection,
  onSelect,
  messageColour: colourOfMessage = plainMessage,
  liveTime,
  menu,
}: TopologyProps) {
  // Every event brings a new world object: keyed by value, the ring and its links stay the same objects.
  const idKey = world.nodes.map((n) => n.id).join('\u0000');
  const ids = useMemo(() => (idKey === '' ? [] : idKey.split('\u0000')), [idKey]);
  const positions = useMemo(() => nodePositions(ids), [ids]);
  const nodeR = nodeRadius(ids.length);
  const partitionKey = JSON.stringify(world.partitions);
  const partitions = useMemo(() => JSON.parse(partitionKey) as NodeId[][], [partitionKey]);
  // The links change only with a partition: the same elements let React skip them on every event.
  const linkLines = useMemo(() => {
    const links: [NodeId, NodeId][] = [];
    ids.forEach((a, i) => ids.slice(i + 1).forEach((b) => links.push([a, b])));
    return (
      <g aria-hidden="true">
        {links.map(([a, b]) => {
          const [x1, y1] = positions.get(a) ?? [0, 0];
          const [x2, y2] = positions.get(b) ?? [0, 0];
          const cut = !connected(partitions, a, b);
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
    );
  }, [ids, positions, partitions]);

  const svgRef = useRef<SVGSVGElement>(null);
  const messageCanvas = useRef<HTMLCanvasElement>(null);
  const timerCanvas = useRef<HTMLCanvasElement>(null);
  const size = useCanvasSize(messageCanvas);
  const timerSize = useCanvasSize(timerCanvas);
  const [colours, theme] = useColours(messageCanvas);
  const [timerColours] = useColours(timerCanvas);
  const drawn = useRef<DrawnMessage[]>([]);
  const spriteCache = useRef({ theme: -1, images: new Map<string, HTMLCanvasElement>() });
  const [focused, setFocused] = useState<number | null>(null);

  // Handlers handed to the memoised targets must not change on every render.
  const onSelectRef = useRef(onSelect);
  useLayoutEffect(() => {
    onSelectRef.current = onSelect;
  });
  const select = useCallback((s: Selection) => onSelectRef.current(s), []);

  const selectedMessage = selection?.kind === 'message' ? selection.id : null;
  // While playing, messages move every frame: only the canvas follows them.
  const moving = liveTime !== undefined && !reducedMotion;

  useLayoutEffect(() => {
    const canvas = messageCanvas.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return;
    void theme; // a new theme means new colours
    let drawnTime = NaN;
    // Each look of a message (colour, request or reply, selected) is rasterised once and then
    // copied: a hundred small copies cost far less than a hundred anti-aliased circles.
    const sprites = spriteCache.current;
    if (sprites.theme !== theme) {
      sprites.images.clear();
      sprites.theme = theme;
    }
    const sprite = (body: string, ring: string, radius: number, width: number, scale: number) => {
      const key = `${body}|${ring}|${radius}|${width}|${scale}`;
      let image = sprites.images.get(key);
      if (!image) {
        image = document.createElement('canvas');
        const half = Math.ceil((radius + width) * scale) + 1;
        image.width = image.height = 2 * half;
        const c = image.getContext('2d');
        if (c) {
          c.setTransform(scale, 0, 0, scale, half, half);
          c.beginPath();
          c.arc(0, 0, radius, 0, 2 * Math.PI);
          c.fillStyle = body;
          c.fill();
          c.lineWidth = width;
          c.strokeStyle = ring;
          c.stroke();
        }
        sprites.images.set(key, image);
      }
      return image;
    };
    const draw = () => {
      const at = liveTime ? liveTime.now() : time;
      if (at === drawnTime) return;
      drawnTime = at;
      context.setTransform(1, 0, 0, 1, 0, 0);
      context.clearRect(0, 0, canvas.width, canvas.height);
      const scale = fitViewBox(context, canvas, SIZE, SIZE);
      const offsetX = (canvas.width - SIZE * scale) / 2;
      const offsetY = (canvas.height - SIZE * scale) / 2;
      context.setTransform(1, 0, 0, 1, 0, 0);
      const points: DrawnMessage[] = [];
      let focusAt: [number, number] | null = null;
      for (const message of world.messages) {
        const point = messagePoint(message, at, positions, nodeR, reducedMotion);
        if (!point) continue;
        const [x, y] = point;
        points.push({ id: message.id, x, y });
        const selected = message.id === selectedMessage;
        const fill = colours.resolve(colourOfMessage(message.kind));
        const image = sprite(
          isReply(message.kind) ? colours.resolve(colour.bg) : fill,
          selected ? colours.resolve(colour.fg) : fill,
          selected ? 9 : 7,
          selected ? 3 : 2.5,
          scale,
        );
        context.drawImage(
          image,
          offsetX + x * scale - image.width / 2,
          offsetY + y * scale - image.height / 2,
        );
        if (moving && message.id === focused) focusAt = point;
      }
      if (focusAt) {
        // The target carries the focus ring when still; while moving, the ring is drawn here.
        fitViewBox(context, canvas, SIZE, SIZE);
        context.beginPath();
        context.arc(focusAt[0], focusAt[1], MESSAGE_HIT_RADIUS + 1, 0, 2 * Math.PI);
        context.lineWidth = 3;
        context.strokeStyle = colours.resolve('var(--focus, var(--accent, #0b5cad))');
        context.stroke();
      }
      drawn.current = points;
      // What the benchmark counts: the messages this canvas actually drew.
      if (canvas.dataset['drawn'] !== String(points.length)) canvas.dataset['drawn'] = String(points.length);
    };
    draw();
    // With reduced motion nothing moves between events, so the canvas waits for the next render.
    if (!liveTime || reducedMotion) return;
    return liveTime.subscribe(draw);
  }, [
    world.messages,
    positions,
    nodeR,
    reducedMotion,
    selectedMessage,
    focused,
    moving,
    colourOfMessage,
    colours,
    liveTime,
    time,
    size,
    theme,
  ]);

  useLayoutEffect(() => {
    const canvas = timerCanvas.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return;
    const colours = timerColours;
    void theme;
    void timerSize;
    let drawnKey = '';
    const draw = () => {
      const at = liveTime ? liveTime.now() : time;
      const left = world.nodes.map((node) => timerLeft(summaries.get(node.id), node.up, at));
      const key = left.join(' ');
      if (key === drawnKey) return;
      drawnKey = key;
      context.setTransform(1, 0, 0, 1, 0, 0);
      context.clearRect(0, 0, canvas.width, canvas.height);
      fitViewBox(context, canvas, SIZE, SIZE);
      context.fillStyle = colours.resolve(colour.muted);
      context.globalAlpha = 0.55;
      world.nodes.forEach((node, i) => {
        const remaining = left[i] ?? 0;
        const centre = positions.get(node.id);
        if (remaining <= 0 || !centre) return;
        // Clockwise from twelve o'clock, as much of the ring as the timer has left.
        const start = -Math.PI / 2;
        const end = start + 2 * Math.PI * Math.min(1, remaining);
        context.beginPath();
        context.arc(centre[0], centre[1], nodeR + 8, start, end);
        context.arc(centre[0], centre[1], nodeR + 3, end, start, true);
        context.closePath();
        context.fill();
      });
      context.globalAlpha = 1;
    };
    draw();
    if (!liveTime) return;
    return liveTime.subscribe(draw);
  }, [world.nodes, summaries, positions, nodeR, liveTime, time, timerSize, timerColours, theme]);

  /** Canvas-drawn messages take the click when one lies under the pointer. */
  const onClickCapture = (event: MouseEvent<SVGSVGElement>) => {
    const hit = pointerHit(event);
    if (!hit) return;
    event.stopPropagation();
    onSelect(selectedMessage === hit.id ? null : { kind: 'message', id: hit.id });
  };
  const onPointerMove = (event: PointerEvent<SVGSVGElement>) => {
    event.currentTarget.style.cursor = pointerHit(event) ? 'pointer' : '';
  };
  const pointerHit = (event: MouseEvent<SVGSVGElement>): DrawnMessage | null => {
    const matrix = svgRef.current?.getScreenCTM();
    if (!matrix) return null;
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    return hitMessage(drawn.current, point.x, point.y);
  };

  const shownTime = liveTime ? world.time : time;
  // The menu stands beside what it acts on: the node, or the message where it is drawn paused.
  const anchor: [number, number] | null =
    selection?.kind === 'node'
      ? (positions.get(selection.id) ?? null)
      : selection?.kind === 'message'
        ? (() => {
            const message = world.messages.find((m) => m.id === selection.id);
            return message ? messagePoint(message, time, positions, nodeR, reducedMotion) : null;
          })()
        : null;
  return (
    <div className="viz-topology" data-moving={moving}>
      <svg
        ref={svgRef}
        viewBox={`0 0 ${SIZE} ${SIZE}`}
        role="group"
        aria-label={`Cluster at ${formatMicros(shownTime)}: ${world.nodes.length} nodes, ${world.messages.length} messages in flight`}
        onClickCapture={onClickCapture}
        onPointerMove={onPointerMove}
      >
        {linkLines}
        {world.nodes.map((node) => {
          const [x, y] = positions.get(node.id) ?? [CENTRE, CENTRE];
          const summary = summaries.get(node.id) ?? { role: node.role, facts: [], timer: null };
          const paused = node.pausedUntil !== null && node.pausedUntil > world.time;
          const state = !node.up ? 'crashed' : paused ? 'paused' : summary.role;
          const selected = selection?.kind === 'node' && selection.id === node.id;
          const timer = node.up && summary.timer;
          const remaining = timer ? 1 - progress(shownTime, timer.setAt, timer.at) : 0;
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
              <circle
                r={nodeR}
                fill={node.up ? colour.bg : colour.raised}
                stroke={node.up ? (summary.colour ?? colour.muted) : colour.danger}
                strokeWidth={summary.emphasis ? 5 : 3}
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
          const point = moving ? null : messagePoint(message, time, positions, nodeR, reducedMotion);
          return (
            <MessageTarget
              key={message.id}
              id={message.id}
              label={message.label}
              from={message.from}
              to={message.to}
              placed={point !== null}
              x={point?.[0] ?? 0}
              y={point?.[1] ?? 0}
              selected={message.id === selectedMessage}
              onSelect={select}
              onFocusChange={setFocused}
            />
          );
        })}
      </svg>
      {/* Drawn over the SVG; pointers pass through to it, where clicks are matched to messages. */}
      <canvas ref={timerCanvas} className="viz-topology-timers" aria-hidden="true" />
      <canvas ref={messageCanvas} className="viz-topology-messages" aria-hidden="true" />
      {menu && anchor && (
        <div
          className={`viz-topology-menu${anchor[0] > CENTRE ? ' is-left' : ' is-right'}`}
          style={{ left: `${(anchor[0] / SIZE) * 100}%`, top: `${(anchor[1] / SIZE) * 100}%` }}
        >
          {menu}
        </div>
      )}
    </div>
  );
}
