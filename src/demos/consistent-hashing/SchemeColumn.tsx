import { keyHash } from '../../algorithms/consistent-hashing/hash';
import { SCHEME_TITLES } from '../../algorithms/consistent-hashing/place';
import type { Placement } from '../../algorithms/consistent-hashing/placementlog';
import { Histogram } from './Histogram';
import { movedMask, statsOf, type PlacementView } from './placement';
import { DRAWN, RingPicture } from './RingPicture';

const pct = (n: number, of: number) => (of > 0 ? `${((100 * n) / of).toFixed(1)}%` : '–');

/** Where the hot key's requests went: all on one node, or spread by bounded loads. */
function hotText(placement: Placement, view: PlacementView): string {
  const K = view.params.keys;
  if (view.row.hot === 0) return `the hot key cooled down; ${K} keys remain`;
  const counts = new Map<number, number>();
  for (let i = K; i < placement.owner.length; i++) {
    const o = placement.owner[i] as number;
    counts.set(o, (counts.get(o) ?? 0) + 1);
  }
  const parts = [...counts].sort((x, y) => y[1] - x[1]).map(([o, c]) => `${view.nodes[o] ?? '?'} ${c}`);
  return `hot key's ${view.row.hot} requests: ${parts.join(', ')}`;
}

/** One scheme: its keys on the circle, its load per node, and what the event at the cursor moved. */
export function SchemeColumn({ view, which }: { view: PlacementView; which: 'a' | 'b' }) {
  const placement = view.row[which];
  const stats = statsOf(view, which);
  if (!placement || !stats) return null;
  const { row, params } = view;
  const title =
    which === 'a' && params.variant === 'mod-n'
      ? `${SCHEME_TITLES[params.algorithm]} (broken: really hash mod N)`
      : SCHEME_TITLES[placement.scheme];
  const mask = movedMask(placement, view.prev?.[which]);
  const changed = row.change.kind !== 'none' && row.change.kind !== 'lookup' && row.change.kind !== 'start';
  const unweighted =
    (row.change.kind === 'weight-up' || row.change.kind === 'weight-down') &&
    (placement.scheme === 'jump' || placement.scheme === 'maglev' || placement.scheme === 'modulo');
  const lookup = row.lookup !== null ? keyHash(row.lookup).hi : null;
  const K = params.keys;
  const label = `${title}: ${K} keys on ${row.members.length} nodes${changed ? `; ${stats.movedKeys} keys moved` : ''}`;
  return (
    <section className="ch-column" data-scheme={placement.scheme} data-which={which} aria-label={title}>
      <h3 className="ch-title">{title}</h3>
      <RingPicture
        row={row}
        placement={placement}
        mask={mask}
        keys={K}
        vnodes={params.vnodes}
        nodes={view.nodes}
        lookup={lookup}
        label={label}
      />
      <p className="ch-moved" data-testid={`moved-${which}`}>
        {unweighted ? (
          <>{SCHEME_TITLES[placement.scheme]} ignores weights: nothing moved</>
        ) : changed && row.change.kind !== 'hot' ? (
          <>
            moved <strong>{stats.movedKeys}</strong> of {K} keys ({pct(stats.movedKeys, K)}); ideal{' '}
            {Math.round(stats.ideal)} ({pct(stats.ideal, K)})
            {stats.stray > 0 && (
              <>
                ; <strong className="ch-stray">{stats.stray}</strong> between nodes the change did not touch
              </>
            )}
          </>
        ) : changed ? (
          <>{hotText(placement, view)}</>
        ) : (
          <>nothing moved at this event</>
        )}
      </p>
      <Histogram row={row} placement={placement} nodes={view.nodes} buckets={placement.scheme === 'jump'} />
      <p className="ch-std">
        σ {stats.std.toFixed(1)} · max/mean {stats.mean > 0 ? (stats.max / stats.mean).toFixed(2) : '–'}
        {placement.capacity !== null && <> · capacity {placement.capacity}</>}
        {K > DRAWN && <> · first {DRAWN} keys drawn</>}
      </p>
    </section>
  );
}
