import { formatMicros } from '../../viz/format';
import { usePlayer, usePlayerContext } from '../../plugin/context';
import { usePlayerText } from '../../plugin/i18n';
import { invariantTitle } from '../../sim/locale';

/** The safety properties checked after every event; the first violation turns its row red. */
export default function InvariantPanel() {
  const { player } = usePlayerContext();
  const violation = usePlayer((s) => s.violation);
  const module = usePlayer((s) => s.module);
  const invariants = module.invariants;
  const t = usePlayerText();

  return (
    <div className={`player-invariants${violation ? ' is-violated' : ''}`} data-testid="invariants">
      <p className="player-invariants-status" role="status">
        {violation
          ? t('player.invariants.violated-at', {
              invariant: invariantTitle(module, violation.invariant),
              n: violation.index + 1,
              time: formatMicros(violation.time),
            })
          : invariants.length > 0
            ? t('player.invariants.hold')
            : t('player.invariants.none')}
      </p>
      <ul>
        {invariants.map((inv) => {
          const broken = violation !== null && inv.name === violation.invariant;
          return (
            <li key={inv.name} className={broken ? 'is-broken' : undefined}>
              <span className="player-invariant-mark" aria-hidden="true">
                {broken ? '✗' : '✓'}
              </span>{' '}
              <strong>{inv.title ?? inv.name}</strong>
              {broken ? t('player.invariants.violated') : ''}
              {inv.description && <span className="muted">: {inv.description}</span>}
              {broken && violation && (
                <>
                  <br />
                  <span>{violation.detail}</span>{' '}
                  <button type="button" onClick={() => player.getState().seek(violation.index)}>
                    {t('player.invariants.go-to', { n: violation.index + 1 })}
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
