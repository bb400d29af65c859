import { HoldLog } from '../../algorithms/dlm/holdlog';
import type { Mode } from '../../algorithms/dlm/modes';
import { usePlayer } from '../../plugin/context';
import { useWidth } from '../../plugin/hooks';
import type { PanelProps } from '../../plugin/plugin';
import { colour } from '../../viz/colours';
import { formatMicros } from '../../viz/format';
import { clientsOf } from './state';

const ROW = 34;
const LEFT = 40;
const RIGHT = 12;

interface Bar {
  client: string;
  mode: Mode;
  kind: 'granted' | 'believes';
  start: number;
  end: number;
}

/** Who holds which mode over global time: the manager's grant above, the client's belief below. */
export default function Timeline({ world }: PanelProps) {
  const [figure, width] = useWidth<HTMLElement>(640, { min: 280 });
  const run = usePlayer((s) => s.run);
  const cursor = usePlayer((s) => s.cursor);
  const time = usePlayer((s) => s.time);
  usePlayer((s) => s.revision);
  const log = run.logs['holds'];
  if (!(log instanceof HoldLog)) return <p>No hold log in this run.</p>;
  const samples = log.samplesAt(cursor);
  const clients = clientsOf(world).map((c) => c.node.id);
  const bars: Bar[] = [];
  const open = new Map<string, Bar>();
  for (const s of samples) {
    for (const c of s.clients) {
      for (const kind of ['granted', 'believes'] as const) {
        const key = `${c.client}/${kind}`;
        const mode = c[kind];
        const cur = open.get(key);
        if (cur && cur.mode === mode) continue;
        if (cur) {
          cur.end = s.time;
          open.delete(key);
        }
        if (mode) {
          const bar: Bar = { client: c.client, mode, kind, start: s.time, end: time };
          bars.push(bar);
          open.set(key, bar);
        }
      }
    }
  }
  const end = Math.max(time, 1000);
  const x = (t: number) => LEFT + (t / end) * (width - LEFT - RIGHT);
  const height = clients.length * ROW + 22;
  const now = bars.filter((b) => b.kind === 'granted' && b.end >= time).map((b) => `${b.client} ${b.mode}`);
  return (
    <figure ref={figure} className="dlm-timeline" data-testid="dlm-timeline">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Modes held over time up to ${formatMicros(time)}. ${now.length > 0 ? `Now granted: ${now.join(', ')}.` : 'Nothing granted now.'}`}
      >
        {clients.map((c, i) => (
          <text key={c} x={LEFT - 6} y={i * ROW + 20} textAnchor="end" fontSize={12} fill={colour.fg}>
            {c}
          </text>
        ))}
        {bars.map((b, i) => {
          const row = clients.indexOf(b.client);
          const y = row * ROW + (b.kind === 'granted' ? 4 : 19);
          const w = Math.max(2, x(b.end) - x(b.start));
          return (
            <g key={i}>
              <rect
                x={x(b.start)}
                y={y}
                width={w}
                height={12}
                rx={2}
                fill={b.kind === 'granted' ? colour.accent : colour.muted}
                opacity={b.kind === 'granted' ? 0.9 : 0.6}
              />
              {w > 24 && b.kind === 'granted' && (
                <text x={x(b.start) + 3} y={y + 10} fontSize={10} fill={colour.bg}>
                  {b.mode}
                </text>
              )}
            </g>
          );
        })}
        <line x1={x(time)} x2={x(time)} y1={0} y2={clients.length * ROW} stroke={colour.fg} />
        <text x={LEFT} y={height - 4} fontSize={11} fill={colour.muted}>
          0
        </text>
        <text x={width - RIGHT} y={height - 4} fontSize={11} fill={colour.muted} textAnchor="end">
          {formatMicros(end)}
        </text>
      </svg>
      <figcaption className="muted">
        Upper bar: the mode M has granted; lower bar: the mode the client believes it holds.
      </figcaption>
    </figure>
  );
}
