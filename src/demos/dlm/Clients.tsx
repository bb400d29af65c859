import type { PanelProps } from '../../plugin/plugin';
import { formatMicros } from '../../viz/format';
import { backendOf, clientsOf, managerOf } from './state';

/** Each client's mode as it believes it, as the manager granted it, and its lease on both sides. */
export default function Clients({ world }: PanelProps) {
  const m = managerOf(world);
  const b = backendOf(world);
  const rows = clientsOf(world);
  return (
    <div className="dlm-clients-scroll" role="region" aria-label="Clients, modes and leases" tabIndex={0}>
      <table className="dlm-clients" data-testid="dlm-clients">
        <thead>
          <tr>
            <th scope="col">Client</th>
            <th scope="col">Believes</th>
            <th scope="col">Granted by M</th>
            <th scope="col">Token</th>
            <th scope="col">Lease</th>
            <th scope="col">Own deadline in</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ node, ctx }) => {
            const granted = m?.locks[node.id]?.granted ?? null;
            const alive = ctx.lease !== null && b !== null && b.store.leases[String(ctx.lease)] !== undefined;
            const deadline = ctx.deadlineTimer
              ? node.timers.find((t) => t.name === ctx.deadlineTimer)
              : undefined;
            const stale = node.up && ctx.mode !== null && granted !== ctx.mode;
            return (
              <tr key={node.id} className={stale ? 'is-stale' : undefined}>
                <th scope="row">{node.id}</th>
                <td>
                  {node.up ? (ctx.mode ?? '–') + (ctx.requested ? ` (wants ${ctx.requested})` : '') : 'down'}
                </td>
                <td>{granted ?? '–'}</td>
                <td>{ctx.token ?? '–'}</td>
                <td>{ctx.lease === null ? '–' : `${ctx.lease}${alive ? '' : ' (ended at E)'}`}</td>
                <td>{deadline ? formatMicros(Math.max(0, deadline.at - world.time)) : '–'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted">
        A row is marked when a client believes in a mode the manager no longer grants it.
      </p>
    </div>
  );
}
