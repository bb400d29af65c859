import { usePlayerContext } from '../../plugin/context';
import type { StageProps } from '../../plugin/plugin';
import type { NodeState } from '../../algorithms/consistent-hashing/cluster';
import { colourClass, usePlacement } from './placement';
import { SchemeColumn } from './SchemeColumn';

/**
 * Consistent hashing's picture: the cache nodes as chips (a chip opens the node's menu), buttons
 * for the changes a reader makes most, and the two schemes side by side on the same keys.
 */
export default function HashStage({ world, selected, onSelect, menu }: StageProps) {
  const { player } = usePlayerContext();
  const view = usePlacement();
  const cache = world.nodes.filter((n) => (n.state as NodeState).role === 'cache');
  const act = (node: string, payload: string) => player.getState().act({ type: 'client', node, payload });
  const spare = cache.find((n) => n.up && !(n.state as NodeState).member);
  const chosen = cache.find((n) => n.id === selected);
  const members = cache.filter((n) => n.up && (n.state as NodeState).member);
  const leaving = chosen && members.includes(chosen) ? chosen : members[members.length - 1];
  const hot = view?.row.hot ?? 0;
  return (
    <div className="ch-stage" data-testid="ch-stage">
      <div className="ch-controls">
        <ul className="ch-chips" aria-label="Cache nodes">
          {cache.map((n, i) => {
            const s = n.state as NodeState;
            const state = !n.up ? 'down' : s.member ? 'in ring' : 'spare';
            const isSelected = selected === n.id;
            return (
              <li key={n.id}>
                <button
                  type="button"
                  className={`ch-chip ${colourClass(i)} is-${state.replace(' ', '-')}`}
                  data-node={n.id}
                  data-role={state}
                  aria-pressed={isSelected}
                  onClick={() => onSelect(isSelected ? null : n.id)}
                >
                  <span className="ch-swatch" aria-hidden="true" />
                  {n.id}
                  <span className="ch-chip-state">
                    {state}
                    {s.weight !== 1 ? ` ×${s.weight}` : ''}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
        <div className="ch-actions">
          <button type="button" disabled={!spare} onClick={() => spare && act(spare.id, 'join')}>
            {spare ? `Add ${spare.id}` : 'No spare node'}
          </button>
          <button
            type="button"
            disabled={!leaving || members.length < 2}
            onClick={() => leaving && act(leaving.id, 'leave')}
          >
            Remove {leaving?.id ?? ''}
          </button>
          {chosen && chosen.up && (chosen.state as NodeState).member && (
            <button
              type="button"
              onClick={() => act(chosen.id, `weight ${(chosen.state as NodeState).weight === 1 ? 2 : 1}`)}
            >
              {chosen.id} weight {(chosen.state as NodeState).weight === 1 ? '×2' : '×1'}
            </button>
          )}
          <button type="button" onClick={() => act('C', hot > 0 ? 'hot 0' : 'hot 300')}>
            {hot > 0 ? 'Cool the hot key' : 'Hot key: 300 requests'}
          </button>
        </div>
      </div>
      {menu && <div className="ch-menu">{menu}</div>}
      {view ? (
        <div className={`ch-columns${view.row.b ? ' is-pair' : ''}`}>
          <SchemeColumn view={view} which="a" />
          {view.row.b && <SchemeColumn view={view} which="b" />}
        </div>
      ) : (
        <p className="muted">No placement yet.</p>
      )}
    </div>
  );
}
