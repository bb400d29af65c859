import { formatMicros } from '../../viz/format';
import type { InvariantInfo } from './plugin';
import { usePlayer, usePlayerContext } from './context';

function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '');
  return norm(a) === norm(b);
}

/** The safety properties checked after every event; the first violation turns its row red. */
export default function InvariantPanel() {
  const { player, plugin } = usePlayerContext();
  const violation = usePlayer((s) => s.violation);
  const module = usePlayer((s) => s.module);
  // An algorithm may list its own invariants; otherwise its views' list is used.
  const own = (module as { invariants?: unknown }).invariants;
  const listed: InvariantInfo[] = Array.isArray(own)
    ? own.flatMap((i: unknown) => {
        const r = i as Partial<InvariantInfo>;
        return typeof r.name === 'string' ? [{ name: r.name, description: r.description ?? '' }] : [];
      })
    : plugin.invariants;
  const invariants =
    violation && !listed.some((i) => sameName(i.name, violation.invariant))
      ? [...listed, { name: violation.invariant, description: '' }]
      : listed;

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
          const broken = violation !== null && sameName(inv.name, violation.invariant);
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
