import { memo } from 'react';
import { keyHash } from '../../algorithms/consistent-hashing/hash';
import { HOT_KEY, buildRing, keyHashes, type Scheme } from '../../algorithms/consistent-hashing/place';
import type { Placement, PlacementRow } from '../../algorithms/consistent-hashing/placementlog';
import { colourClass } from './placement';

const SIZE = 200;
const C = SIZE / 2;
const TWO32 = 4294967296;
/** Keys drawn at most; beyond that the picture shows the first ones. */
export const DRAWN = 1500;

function at(position: number, r: number): [number, number] {
  const angle = (position / TWO32) * 2 * Math.PI - Math.PI / 2;
  return [C + r * Math.cos(angle), C + r * Math.sin(angle)];
}

/** Where the hot key sits on the circle. */
const HOT = keyHash(HOT_KEY).hi;

const ringish = (s: Scheme) => s === 'ring' || s === 'bounded';

interface Props {
  row: PlacementRow;
  placement: Placement;
  mask: Uint8Array;
  keys: number;
  vnodes: number;
  nodes: readonly string[];
  /** Position of the key looked up, if any. */
  lookup: number | null;
  label: string;
}

/**
 * Keys around a circle at their hash (the high 32 bits), coloured by their node. On the ring the
 * nodes' virtual nodes are the ticks outside; for jump, rendezvous and mod N the circle is only the
 * keys' hash order, so a change shows as keys moving everywhere rather than arcs.
 */
export const RingPicture = memo(function RingPicture({
  row,
  placement,
  mask,
  keys,
  vnodes,
  nodes,
  lookup,
  label,
}: Props) {
  const hashes = keyHashes(keys);
  const shown = Math.min(keys, DRAWN);
  const ticks = ringish(placement.scheme) ? buildRing(row.members, vnodes) : null;
  const index = new Map(nodes.map((id, i) => [id, i]));
  const dots = [];
  const moved = [];
  for (let i = 0; i < shown; i++) {
    // A band rather than a line: the low bits spread the dots so dense arcs show.
    const [x, y] = at(hashes.hi[i] as number, 56 + ((hashes.lo[i] as number) % 20));
    const cls = colourClass(placement.owner[i] as number);
    if (mask[i]) moved.push(<circle key={i} cx={x} cy={y} r={2.4} className={`ch-key is-moved ${cls}`} />);
    else dots.push(<circle key={i} cx={x} cy={y} r={1.5} className={`ch-key ${cls}`} />);
  }
  return (
    <svg
      viewBox={`0 0 ${SIZE} ${SIZE}`}
      className={`ch-ring${moved.length > 0 ? ' has-moves' : ''}`}
      role="img"
      aria-label={label}
    >
      <circle cx={C} cy={C} r={80} className="ch-circle" />
      {ticks &&
        Array.from(ticks.points, (p, i) => {
          const [x1, y1] = at(p, 80);
          const [x2, y2] = at(p, ticks.points.length > 300 ? 86 : 90);
          const id = row.members[ticks.owner[i] as number]?.id ?? '';
          return (
            <line
              key={i}
              x1={x1}
              y1={y1}
              x2={x2}
              y2={y2}
              className={`ch-tick ${colourClass(index.get(id) ?? -1)}`}
            />
          );
        })}
      <g>{dots}</g>
      <g>{moved}</g>
      {lookup !== null && (
        <g className="ch-lookup">
          <line x1={C} y1={C} x2={at(lookup, 92)[0]} y2={at(lookup, 92)[1]} />
        </g>
      )}
      {row.hot > 0 && (
        <g className="ch-hot">
          <circle cx={at(HOT, 40)[0]} cy={at(HOT, 40)[1]} r={5} />
          <text x={at(HOT, 28)[0]} y={at(HOT, 28)[1]} textAnchor="middle" dominantBaseline="middle">
            hot
          </text>
        </g>
      )}
    </svg>
  );
});
