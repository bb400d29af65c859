import type { StageProps } from '../../plugin/plugin';
import { formatMicros } from '../../viz/format';
import { workerOf } from './worker';

const STATE_WORDS: Record<string, string> = {
  ready: 'ready',
  waitingForClock: 'waiting for its clock',
  refusing: 'refusing',
};

/**
 * Snowflake's picture: workers share nothing and send nothing, so in place of a ring of messages,
 * each worker as a card with its clock, its sequence and the last ID it handed out. A card opens
 * the worker's fault menu (stop it, step its clock back).
 */
export default function Workers({ world, selected, onSelect, menu }: StageProps) {
  return (
    <ul className="sf-workers" aria-label={`${world.nodes.length} workers at ${formatMicros(world.time)}`}>
      {world.nodes.map((node) => {
        const w = workerOf(node);
        const state = !node.up
          ? 'crashed'
          : node.pausedUntil !== null
            ? 'paused'
            : (STATE_WORDS[node.role] ?? node.role);
        const isSelected = selected === node.id;
        return (
          <li
            key={node.id}
            className={`sf-worker is-${node.up ? 'up' : 'down'}${isSelected ? ' is-selected' : ''}`}
          >
            <button
              type="button"
              className="sf-worker-card"
              data-node={node.id}
              data-role={state}
              aria-pressed={isSelected}
              onClick={() => onSelect(isSelected ? null : node.id)}
            >
              <span className="sf-worker-name">{node.id}</span>
              <span className="sf-worker-state">{state}</span>
              <span className="sf-worker-fact">
                clock <time>{w.clockIso.replace('T', ' ').replace('Z', '')}</time>
              </span>
              <span className="sf-worker-fact">
                sequence {w.sequence} · {w.issued.toLocaleString('en')} IDs
                {w.refused > 0 ? ` · ${w.refused} refused` : ''}
              </span>
              <span className="sf-worker-id">{w.lastId ?? 'no ID yet'}</span>
            </button>
            {isSelected && menu && <div className="sf-worker-menu">{menu}</div>}
          </li>
        );
      })}
    </ul>
  );
}
