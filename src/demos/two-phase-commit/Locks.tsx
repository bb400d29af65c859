import type { WorldView } from '../../sim/types';
import type { PanelProps } from '../../plugin/plugin';
import { blockingReport, type TwoPhaseCommitViewState } from '../../algorithms/two-phase-commit';
import { formatDuration } from '../../sim/format';
import { readProcess } from './state';

function report(world: WorldView) {
  return blockingReport(world as WorldView<TwoPhaseCommitViewState>);
}

/**
 * The blocking report, drawn above the diagrams while anyone is in doubt: blocking is not a safety
 * violation, so the invariant panel stays green, and this is where the reader sees it.
 */
export function BlockingBanner({ world }: PanelProps) {
  const blocked = report(world);
  if (blocked.length === 0) return null;
  return (
    <div className="tpc-blocked" role="status" data-testid="blocking-report">
      <p>
        <strong>Blocked.</strong> {blocked.map((b) => b.sentence).join('; ')}.
      </p>
      <details className="tpc-blocked-why">
        <summary>Why it cannot decide alone</summary>
        <p>
          A prepared participant may neither commit (someone may have voted no) nor abort (the coordinator may
          have committed): it waits for the outcome, and every transaction that needs its rows waits with it.
        </p>
      </details>
    </div>
  );
}

/** Who holds locks and since when, and the participants in doubt. */
export default function Locks({ world }: PanelProps) {
  const participants = world.nodes.map(readProcess).filter((p) => !p.coordinator);
  const blocked = report(world);
  const holding = participants.filter((p) => p.locksHeld || p.inDoubt);
  return (
    <div className="tpc-locks" data-testid="tpc-locks">
      <p>
        {holding.length === 0
          ? 'No participant holds locks.'
          : `${holding.length} of ${participants.length} participants hold their locks${blocked.length > 0 ? `; ${blocked.length} in doubt` : ''}.`}
      </p>
      <div className="tpc-table-scroll" role="region" aria-label="Locks held" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">Participant</th>
              <th scope="col">Locks</th>
              <th scope="col">Since</th>
              <th scope="col">Held for</th>
              <th scope="col">In doubt</th>
            </tr>
          </thead>
          <tbody>
            {participants.map((p) => {
              const held = p.locksHeld || p.inDoubt;
              const since = held ? p.locksHeldSince : null;
              return (
                <tr key={p.id} data-participant={p.id} data-locks={held ? 'held' : 'free'}>
                  <th scope="row">{p.id}</th>
                  <td className={held ? 'is-held' : undefined}>
                    {held ? (p.up ? 'held' : 'held (down, retaken on restart)') : 'free'}
                  </td>
                  <td>{since === null ? '–' : `t = ${formatDuration(since)}`}</td>
                  <td>{since === null ? '–' : formatDuration(Math.max(0, world.time - since))}</td>
                  <td>{p.inDoubt ? 'yes' : 'no'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
