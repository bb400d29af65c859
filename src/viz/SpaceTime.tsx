import { useLayoutEffect, useMemo, useRef, type PointerEvent } from 'react';
import { SPACE_TIME_TOP, spaceTimeHeight } from './spacetime-size';
import type { MessageView, Micros, NodeId, TraceEntry } from '../sim/types';
import { colour, isReply, plainMessage } from './colours';
import { formatMicros } from './format';
import { fitViewBox, useCanvasSize, useColours, type ColourResolver, type TimeSource } from './canvas';

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
  /** While playing: the drawn time, which the canvas follows every frame without a React render. */
  liveTime?: TimeSource | undefined;
  /** The drawing's width and the height of a row, in its own units: wide and low for a strip across the player. */
  viewWidth?: number;
  rowHeight?: number;
}

const LEFT = 40;
const RIGHT = 12;
const TOP = SPACE_TIME_TOP;

/**
 * Where each lifeline runs: evenly from `top` to `bottom`, a lone one in the middle (a point
 * scale, written out so the diagram does not need D3's scales for one line of arithmetic).
 */
export function lifelineScale(nodes: readonly NodeId[], top: number, bottom: number) {
  const rows = new Map<NodeId, number>();
  const step = nodes.length > 1 ? (bottom - top) / (nodes.length - 1) : 0;
  nodes.forEach((n, i) => rows.set(n, nodes.length > 1 ? top + i * step : (top + bottom) / 2));
  return (n: NodeId): number | undefined => rows.get(n);
}

export interface Arrow {
  id: string;
  message: MessageView;
  /** Where the line ends: delivery time, drop time, or Infinity (drawn up to now) while in flight. */
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

/** How far (x, y) lies from the segment between two points. */
export function distanceToSegment(x: number, y: number, a: [number, number], b: [number, number]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / length2));
  return Math.hypot(x - (a[0] + t * dx), y - (a[1] + t * dy));
}

/** The arrows of the delivered and dropped messages among the entries given, oldest first. */
export function settledArrows(entries: readonly TraceEntry[]): Arrow[] {
  const arrows: Arrow[] = [];
  for (const e of entries) {
    if (e.message && (e.kind === 'deliver' || e.kind === 'drop')) {
      arrows.push({
        id: `${e.index}`,
        message: e.message,
        end: e.time,
        fate: e.kind === 'deliver' ? 'delivered' : 'dropped',
      });
    }
  }
  return arrows;
}

export function flyingArrows(inFlight: readonly MessageView[]): Arrow[] {
  return inFlight.map((m) => ({ id: `f${m.id}`, message: m, end: Infinity, fate: 'flying' }));
}

/**
 * Where an arrow runs at `now`: from its sending to its end, or as far as it got when still flying
 * or dropped on the way. Null when its ends are not on the diagram or it is not sent yet.
 */
export function arrowLine(
  arrow: Arrow,
  now: Micros,
  x: (t: Micros) => number,
  y: (n: NodeId) => number | undefined,
): [number, number, number, number] | null {
  const { message, end, fate } = arrow;
  const y1 = y(message.from);
  const y2 = y(message.to);
  if (y1 === undefined || y2 === undefined || message.sentAt > now) return null;
  const reachedAt = Math.min(end, now);
  const span = Math.max(1, message.deliverAt - message.sentAt);
  const reached = fate === 'delivered' ? 1 : Math.min(1, (reachedAt - message.sentAt) / span);
  return [x(message.sentAt), y1, x(reachedAt), y1 + (y2 - y1) * reached];
}

interface Look {
  colours: ColourResolver;
  colourOfMessage: (kind: string) => string;
  font: string;
}

/** Draws arrows in the context's current coordinates; strokes are grouped by look, each line its own stroke. */
function drawArrows(
  context: CanvasRenderingContext2D,
  arrows: readonly Arrow[],
  now: Micros,
  x: (t: Micros) => number,
  y: (n: NodeId) => number | undefined,
  look: Look,
): void {
  // One path of hundreds of crossing lines rasterises far slower than as many short strokes.
  const groups = new Map<string, { stroke: string; reply: boolean; flying: boolean; lines: number[] }>();
  const heads: number[] = [];
  const crosses: number[] = [];
  for (const arrow of arrows) {
    const line = arrowLine(arrow, now, x, y);
    if (!line) continue;
    const stroke = look.colourOfMessage(arrow.message.kind);
    const reply = isReply(arrow.message.kind);
    const flying = arrow.fate === 'flying';
    const key = `${stroke}|${reply}|${flying}`;
    let group = groups.get(key);
    if (!group) {
      group = { stroke, reply, flying, lines: [] };
      groups.set(key, group);
    }
    group.lines.push(...line);
    if (arrow.fate === 'delivered') heads.push(...line);
    if (arrow.fate === 'dropped') crosses.push(line[2], line[3] + 4);
  }
  context.lineWidth = 1.5;
  for (const group of groups.values()) {
    context.setLineDash(group.reply ? [4, 3] : []);
    context.globalAlpha = group.flying ? 0.7 : 1;
    context.strokeStyle = look.colours.resolve(group.stroke);
    const { lines } = group;
    for (let i = 0; i + 3 < lines.length; i += 4) {
      context.beginPath();
      context.moveTo(lines[i] ?? 0, lines[i + 1] ?? 0);
      context.lineTo(lines[i + 2] ?? 0, lines[i + 3] ?? 0);
      context.stroke();
    }
  }
  context.globalAlpha = 1;
  context.setLineDash([]);
  context.fillStyle = look.colours.resolve(colour.muted);
  for (let i = 0; i + 3 < heads.length; i += 4) {
    context.beginPath();
    arrowHead(context, heads[i] ?? 0, heads[i + 1] ?? 0, heads[i + 2] ?? 0, heads[i + 3] ?? 0);
    context.fill();
  }
  drawCrosses(context, crosses, 12, look);
}

function drawCrosses(context: CanvasRenderingContext2D, at: number[], size: number, look: Look): void {
  if (at.length === 0) return;
  context.fillStyle = look.colours.resolve(colour.danger);
  context.textAlign = 'center';
  context.font = `700 ${size}px ${look.font}`;
  for (let i = 0; i + 1 < at.length; i += 2) context.fillText('×', at[i] ?? 0, at[i + 1] ?? 0);
  context.textAlign = 'start';
}

/**
 * Delivered and dropped arrows never change once drawn, and while playing the diagram only slides
 * left. So they are drawn once, in a strip three windows wide, and each frame copies the visible
 * part of it; new arrows are added to the strip as their events happen.
 */
interface Strip {
  canvas: HTMLCanvasElement;
  /** Virtual time at the strip's left edge. */
  origin: Micros;
  /** View-box units per microsecond, and device pixels per view-box unit. */
  perMicro: number;
  scale: number;
  /** The last entry drawn into it, to tell whether new entries continue the same timeline. */
  last: TraceEntry | undefined;
  key: string;
}

const STRIP_WINDOWS = 3;

/**
 * A lifeline per node with message arrows between them: Lamport's space-time diagram, time to the
 * right. Drawn on a canvas, because the whole picture slides left every frame while playing.
 */
export default function SpaceTime({
  nodes,
  entries,
  inFlight,
  time,
  window,
  downNow,
  messageColour: colourOfMessage = plainMessage,
  liveTime,
  viewWidth: WIDTH = 640,
  rowHeight = 42,
}: SpaceTimeProps) {
  const height = spaceTimeHeight(nodes.length, rowHeight);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const size = useCanvasSize(canvasRef);
  const [colours, theme] = useColours(canvasRef);
  const strip = useRef<Strip | null>(null);
  /** The time last drawn, for tooltips. */
  const drawnAt = useRef(time);

  const settled = useMemo(() => settledArrows(entries), [entries]);
  const flying = useMemo(() => flyingArrows(inFlight), [inFlight]);
  const y = useMemo(() => lifelineScale(nodes, TOP, height - TOP), [nodes, height]);
  const down = useMemo(() => {
    const intervals = downIntervals(entries);
    for (const n of downNow) {
      const list = intervals.get(n) ?? [];
      // A node down since before the entries given: down from the left edge on.
      if (list[list.length - 1]?.[1] !== undefined || list.length === 0) list.push([-Infinity, undefined]);
      intervals.set(n, list);
    }
    return intervals;
  }, [entries, downNow]);

  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return;
    void size;
    void theme;
    const look: Look = { colours, colourOfMessage, font: colours.font() };
    const plotWidth = WIDTH - LEFT - RIGHT;
    const perMicro = plotWidth / Math.max(1, window);
    const yOf = (n: NodeId) => y(n);
    const key = `${theme}|${canvas.width}x${canvas.height}|${nodes.join()}|${window}`;
    let drawnTime = NaN;

    /** Brings the strip up to date with the entries, redrawing it only when it cannot be extended. */
    const updateStrip = (now: Micros, scale: number, offsetY: number): Strip => {
      let current = strip.current;
      const roomLeft = current !== null && now + window / 2 < current.origin + STRIP_WINDOWS * window;
      // Between events only the room left in the strip needs checking.
      if (current && roomLeft && current.key === key && current.last === entries[entries.length - 1]) {
        return current;
      }
      const lastIndex = current?.last?.index ?? -1;
      const continues =
        current !== null &&
        current.key === key &&
        current.perMicro === perMicro &&
        (current.last === undefined || entries.find((e) => e.index === lastIndex) === current.last) &&
        roomLeft;
      if (!current || !continues) {
        const stripCanvas = current?.canvas ?? document.createElement('canvas');
        stripCanvas.width = Math.ceil(STRIP_WINDOWS * plotWidth * scale);
        stripCanvas.height = canvas.height;
        current = { canvas: stripCanvas, origin: now - window, perMicro, scale, last: undefined, key };
        strip.current = current;
      }
      const fresh = current.last === undefined ? entries : entries.filter((e) => e.index > lastIndex);
      const added = settledArrows(fresh);
      const stripContext = current.canvas.getContext('2d');
      if (stripContext && added.length > 0) {
        const origin = current.origin;
        stripContext.setTransform(scale, 0, 0, scale, 0, offsetY);
        drawArrows(stripContext, added, now, (t) => (t - origin) * perMicro, yOf, look);
      }
      current.last = entries[entries.length - 1] ?? current.last;
      return current;
    };

    const draw = () => {
      const now = liveTime ? liveTime.now() : time;
      if (now === drawnTime) return;
      drawnTime = now;
      drawnAt.current = now;
      const start = Math.max(0, now - window);
      // Early in a run the diagram spans less than a window and stretches as time passes.
      const span = Math.max(1, now - start);
      const x = (t: Micros) => LEFT + ((t - start) / span) * plotWidth;
      context.setTransform(1, 0, 0, 1, 0, 0);
      context.clearRect(0, 0, canvas.width, canvas.height);
      const scale = fitViewBox(context, canvas, WIDTH, height);
      const offsetY = (canvas.height - height * scale) / 2;
      const offsetX = (canvas.width - WIDTH * scale) / 2;
      context.textAlign = 'start';

      context.setLineDash([]);
      for (const n of nodes) {
        const yy = y(n) ?? 0;
        context.font = `600 12px ${look.font}`;
        context.fillStyle = colours.resolve(colour.fg);
        context.fillText(n, 4, yy + 4);
        context.beginPath();
        context.moveTo(LEFT, yy);
        context.lineTo(WIDTH - RIGHT, yy);
        context.lineWidth = 2;
        context.strokeStyle = colours.resolve(colour.border);
        context.stroke();
      }

      if (liveTime && now >= window) {
        const current = updateStrip(now, scale, offsetY);
        // Whole device pixels: a plain copy, with no resampling of the strip.
        const from = Math.round((start - current.origin) * perMicro * scale);
        context.setTransform(1, 0, 0, 1, 0, 0);
        context.imageSmoothingEnabled = false;
        const shown = Math.round(plotWidth * scale);
        context.drawImage(
          current.canvas,
          from,
          0,
          shown,
          canvas.height,
          Math.round(offsetX + LEFT * scale),
          0,
          shown,
          canvas.height,
        );
        context.imageSmoothingEnabled = true;
        fitViewBox(context, canvas, WIDTH, height);
      } else {
        strip.current = null;
        context.save();
        context.beginPath();
        context.rect(LEFT, 0, plotWidth, height);
        context.clip();
        drawArrows(context, settled, now, x, yOf, look);
        context.restore();
      }

      const crashes: number[] = [];
      for (const n of nodes) {
        const yy = y(n) ?? 0;
        for (const [from, to] of down.get(n) ?? []) {
          if ((to ?? now) < start || from > now) continue;
          const x1 = x(Math.max(from, start));
          context.beginPath();
          context.moveTo(x1, yy);
          context.lineTo(x(Math.min(to ?? now, now)), yy);
          context.setLineDash([3, 4]);
          context.lineWidth = 3;
          context.strokeStyle = colours.resolve(colour.danger);
          context.stroke();
          if (from >= start) crashes.push(x1, yy + 5);
        }
      }
      context.setLineDash([]);
      drawCrosses(context, crashes, 14, look);

      context.save();
      context.beginPath();
      context.rect(LEFT, 0, plotWidth, height);
      context.clip();
      drawArrows(context, flying, now, x, yOf, look);
      context.restore();

      context.beginPath();
      context.moveTo(x(now), 0);
      context.lineTo(x(now), height);
      context.lineWidth = 1;
      context.globalAlpha = 0.6;
      context.strokeStyle = colours.resolve(colour.accent);
      context.stroke();
      context.globalAlpha = 1;
    };

    draw();
    if (!liveTime) return;
    return liveTime.subscribe(draw);
  }, [
    nodes,
    height,
    WIDTH,
    y,
    entries,
    settled,
    flying,
    down,
    time,
    window,
    liveTime,
    colourOfMessage,
    colours,
    size,
    theme,
  ]);

  /** The arrow under the pointer names itself in a tooltip. */
  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    const canvas = event.currentTarget;
    const box = canvas.getBoundingClientRect();
    const scale = Math.min(box.width / WIDTH, box.height / height) || 1;
    const px = (event.clientX - box.left - (box.width - WIDTH * scale) / 2) / scale;
    const py = (event.clientY - box.top - (box.height - height * scale) / 2) / scale;
    const now = drawnAt.current;
    const start = Math.max(0, now - window);
    const span = Math.max(1, now - start);
    const x = (t: Micros) => LEFT + ((t - start) / span) * (WIDTH - LEFT - RIGHT);
    let title = '';
    let nearest = 4;
    if (px >= LEFT) {
      for (const arrow of [...settled, ...flying]) {
        const line = arrowLine(arrow, now, x, (n) => y(n));
        if (!line || line[2] < LEFT) continue;
        const d = distanceToSegment(px, py, [line[0], line[1]], [line[2], line[3]]);
        if (d <= nearest) {
          nearest = d;
          title = `${arrow.message.label} (${arrow.fate})`;
        }
      }
    }
    if (canvas.title !== title) canvas.title = title;
  };

  return (
    <canvas
      ref={canvasRef}
      className="viz-spacetime"
      style={{ aspectRatio: `${WIDTH} / ${height}` }}
      role="img"
      aria-label={`Space-time diagram of the last ${formatMicros(window)}, up to ${formatMicros(time)}`}
      onPointerMove={onPointerMove}
    />
  );
}

/** An arrowhead ending just past (x2, y2), pointing along the line from (x1, y1). */
function arrowHead(path: CanvasPath, x1: number, y1: number, x2: number, y2: number): void {
  const length = Math.hypot(x2 - x1, y2 - y1) || 1;
  const ux = (x2 - x1) / length;
  const uy = (y2 - y1) / length;
  // The size of the SVG marker it replaces: 9 units long, 9 wide, its tip 1 unit past the end.
  const tipX = x2 + ux;
  const tipY = y2 + uy;
  const baseX = tipX - 9 * ux;
  const baseY = tipY - 9 * uy;
  path.moveTo(tipX, tipY);
  path.lineTo(baseX - 4.5 * uy, baseY + 4.5 * ux);
  path.lineTo(baseX + 4.5 * uy, baseY - 4.5 * ux);
  path.closePath();
}
