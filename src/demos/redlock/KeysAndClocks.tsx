import { linearScale } from '../../viz/scale';
import { usePlayer, usePlayerContext, useUi } from '../../plugin/context';
import type { PanelProps } from '../../plugin/plugin';
import { colour } from '../../viz/colours';
import { formatMicros } from '../../viz/format';
import { readKeys, type KeyReading } from './redlockState';

const BAR_WIDTH = 200;
const BAR_HEIGHT = 12;
/** Skew below this (1 ms) is rounding, not a clock fault worth a colour. */
const SKEW_NOTICE = 1000;

function signed(t: number): string {
  return `${t >= 0 ? '+' : '−'}${formatMicros(Math.abs(t))}`;
}

function describe(k: KeyReading): string {
  if (!k.up) return 'down: no keys in memory';
  if (k.role === 'recovering') return 'recovering: not serving yet';
  if (!k.value) return 'no lock key';
  return `lock = ${k.value}`;
}

function KeyCard({ reading }: { reading: KeyReading }) {
  const { ui } = usePlayerContext();
  const selection = useUi((s) => s.selection);
  const selected = selection?.kind === 'node' && selection.id === reading.node;
  const ttl = reading.ttl ?? 1;
  const left = reading.remaining ?? 0;
  const x = linearScale([0, ttl], [0, BAR_WIDTH], { clamp: true });
  const skewed = Math.abs(reading.skew) >= SKEW_NOTICE;
  const fast = reading.rate !== 1;
  return (
    <li
      className={`rl-key${reading.up ? '' : ' is-down'}${reading.holder ? ' is-held' : ''}`}
      data-key-node={reading.node}
      data-holder={reading.holder ?? ''}
    >
      <button
        type="button"
        className="rl-key-name"
        aria-pressed={selected}
        onClick={() => ui.getState().select(selected ? null : { kind: 'node', id: reading.node })}
      >
        {reading.node}
        <span className="visually-hidden"> (select for faults)</span>
      </button>
      <p className="rl-key-value">{describe(reading)}</p>
      {reading.value && reading.remaining !== null && (
        <>
          <svg
            className="rl-ttl"
            viewBox={`0 0 ${BAR_WIDTH} ${BAR_HEIGHT}`}
            preserveAspectRatio="none"
            aria-hidden="true"
          >
            <rect width={BAR_WIDTH} height={BAR_HEIGHT} rx={3} fill={colour.raised} stroke={colour.border} />
            <rect width={x(left)} height={BAR_HEIGHT} rx={3} fill={colour.accent} />
          </svg>
          <p className="rl-key-ttl">
            TTL left {formatMicros(left)} of {formatMicros(ttl)}
          </p>
        </>
      )}
      <p className="rl-key-clock" data-skew={reading.skew}>
        clock {formatMicros(reading.clock)}
        <br />
        <span className={skewed || fast ? 'rl-skewed' : 'muted'}>
          skew {signed(reading.skew)}
          {fast ? `, rate ×${reading.rate}` : ''}
        </span>
      </p>
    </li>
  );
}

/** Each Redis node's lock key draining by that node's own clock, and the clock against global time. */
export default function KeysAndClocks({ world }: PanelProps) {
  const time = usePlayer((s) => s.time);
  const run = usePlayer((s) => s.run);
  const readings = readKeys(world, time, run.scenario());
  const held = readings.filter((k) => k.holder !== null);
  const byHolder = new Map<string, number>();
  for (const k of held) byHolder.set(k.holder ?? '', (byHolder.get(k.holder ?? '') ?? 0) + 1);
  const summary =
    held.length === 0
      ? 'No node holds the lock key.'
      : [...byHolder].map(([client, n]) => `${client} on ${n} of ${readings.length}`).join(', ') + '.';
  return (
    <div className="rl-keys" data-testid="redlock-keys">
      <p>
        Global time {formatMicros(time)}. {summary} Each key&rsquo;s TTL drains by its own node&rsquo;s clock;
        skew is that clock minus global time.
      </p>
      <ul className="rl-key-list">
        {readings.map((k) => (
          <KeyCard key={k.node} reading={k} />
        ))}
      </ul>
    </div>
  );
}
