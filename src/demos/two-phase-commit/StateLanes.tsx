import { useMemo } from 'react';
import { linearScale } from '../../viz/scale';
import type { PanelProps } from '../../plugin/plugin';
import { usePlayer } from '../../plugin/context';
import { formatDuration } from '../../sim/format';
import { colour } from '../../viz/colours';
import { StateLog } from '../../algorithms/two-phase-commit/statelog';
import { useWidth } from '../../plugin/hooks';
import { lanesOf, type LaneState } from './history';
import { stateColour } from './state';

const ROW = 30;
const LEFT = 36;
const RIGHT = 10;
const TOP = 6;
const AXIS = 22;

const LEGEND: LaneState[] = ['init', 'working', 'prepared', 'committed', 'aborted', 'down'];

/** A lane per process, coloured by its state over time from the start of the run to the cursor. */
export default function StateLanes({ world }: PanelProps) {
  const [ref, width] = useWidth<HTMLDivElement>(640);
  const run = usePlayer((s) => s.run);
  const revision = usePlayer((s) => s.revision);
  const cursor = usePlayer((s) => s.cursor);
  const time = usePlayer((s) => s.time);
  const lanes = useMemo(() => {
    // A fork rewrites the log after the cursor: the revision says so.
    void revision;
    const log = run.logs['states'];
    if (!(log instanceof StateLog)) throw new Error('The state lanes need a two-phase commit run');
    return lanesOf(log, cursor, world.time);
  }, [run, cursor, revision, world.time]);

  const end = Math.max(time, 1000);
  const x = linearScale([0, end], [LEFT, width - RIGHT]);
  const height = TOP + ROW * lanes.length + AXIS;
  const now = lanes.map((l) => `${l.id} ${l.segments[l.segments.length - 1]?.state ?? 'unknown'}`).join(', ');

  return (
    <div className="tpc-lanes" ref={ref}>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Each process's state from the start to ${formatDuration(Math.round(time))}. Now: ${now}.`}
      >
        {lanes.map((lane, i) => {
          const y = TOP + i * ROW;
          return (
            <g key={lane.id} data-lane={lane.id}>
              <text x={4} y={y + ROW / 2 + 4} fontSize={12} fontWeight={600} fill={colour.fg}>
                {lane.id}
              </text>
              {lane.segments.map((s) => {
                const x1 = x(s.from);
                const w = Math.max(1, x(Math.min(s.to, end)) - x1);
                const c = stateColour(s.state);
                return (
                  <g key={`${s.from}-${s.state}-${s.locks}`} data-state={s.state}>
                    <rect
                      x={x1}
                      y={y + 3}
                      width={w}
                      height={ROW - 8}
                      fill={c}
                      fillOpacity={s.state === 'down' ? 0.12 : 0.3}
                      stroke={c}
                      strokeDasharray={s.state === 'down' ? '3 3' : undefined}
                    />
                    {s.locks && (
                      <line
                        x1={x1}
                        x2={x1 + w}
                        y1={y + ROW - 7}
                        y2={y + ROW - 7}
                        stroke={colour.fg}
                        strokeWidth={2.5}
                        strokeDasharray="6 3"
                      />
                    )}
                    {w > 62 && (
                      <text x={x1 + 4} y={y + ROW / 2 + 2} fontSize={11} fill={colour.fg}>
                        {s.state}
                      </text>
                    )}
                  </g>
                );
              })}
              {lane.crashes.map((t) => (
                <text
                  key={t}
                  x={x(t)}
                  y={y + ROW / 2 + 5}
                  textAnchor="middle"
                  fontSize={16}
                  fontWeight={700}
                  fill={colour.danger}
                >
                  ×
                </text>
              ))}
            </g>
          );
        })}
        <g transform={`translate(0 ${TOP + ROW * lanes.length})`}>
          <line x1={LEFT} x2={width - RIGHT} y1={2} y2={2} stroke={colour.border} />
          {x.ticks(Math.max(2, Math.floor(width / 110))).map((t) => (
            <g key={t} transform={`translate(${x(t)} 0)`}>
              <line y1={2} y2={6} stroke={colour.muted} />
              <text y={17} textAnchor="middle" fontSize={10} fill={colour.muted}>
                {t === 0 ? '0' : formatDuration(t)}
              </text>
            </g>
          ))}
        </g>
        <line x1={x(time)} x2={x(time)} y1={0} y2={TOP + ROW * lanes.length} stroke={colour.accent} />
      </svg>
      <p className="tpc-legend">
        {LEGEND.map((s) => (
          <span key={s}>
            <span className="tpc-swatch" style={{ background: stateColour(s) }} aria-hidden="true" /> {s}
          </span>
        ))}
        <span>
          <span className="tpc-locks-mark" aria-hidden="true" /> locks held
        </span>
        <span>
          <span aria-hidden="true" className="tpc-crash">
            ×
          </span>{' '}
          crash
        </span>
      </p>
    </div>
  );
}
