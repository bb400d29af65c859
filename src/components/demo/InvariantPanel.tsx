import { formatMicros } from '../../viz/format';
import { usePlayer, usePlayerContext } from '../../plugin/context';

/** The safety properties checked after every event; the first violation turns its row red. */
export default function InvariantPanel() {
  const { player } = usePlayerContext();
  const violation = usePlayer((s) => s.violation);
  const module = usePlayer((s) => s.module);
  const invariants = module.invariants;

  return (
    <div className={`player-invariants${violation ? ' is-violated' : ''}`} data-testid="invariants">
      <p className="player-invariants-status" role="status">
        {violation
          ? `${violation.invariant} was violated at event ${violation.index + 1} (${formatMicros(violation.time)}).`
          : invariants.length > 0
            ? 'All invariants hold so far.'
            : 'This demo checks no invariants.'}
      </p>
      <ul>
        {invariants.map((inv) => {
          const broken = violation !== null && inv.name === violation.invariant;
          return (
            <li key={inv.name} className={broken ? 'is-broken' : undefined}>
              <span className="player-invariant-mark" aria-hidden="true">
                {broken ? '✗' : '✓'}
              </span>{' '}
              <strong>{inv.name}</strong>
              {broken ? ' (violated)' : ''}
              {inv.description && <span className="muted">: {inv.description}</span>}
              {broken && violation && (
                <>
                  <br />
                  <span>{violation.detail}</span>{' '}
                  <button type="button" onClick={() => player.getState().seek(violation.index)}>
                    Go to event {violation.index + 1}
                  </button>
                </>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
