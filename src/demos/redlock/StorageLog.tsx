import type { PanelProps } from '../../plugin/plugin';
import type { RedlockContext } from '../../algorithms/redlock/types';
import type { WriteReading } from './redlockState';
import { useHoldings } from './useHoldings';

function verdict(w: WriteReading, fencing: boolean): { status: string; text: string } {
  if (!w.accepted) return { status: 'rejected', text: fencing ? 'rejected, stale token' : 'rejected' };
  if (w.stale) return { status: 'stale', text: 'accepted, but stale' };
  return { status: 'accepted', text: 'accepted' };
}

/** The protected storage's writes: who wrote, under which lock and token, and what S decided. */
export default function StorageLog({ world }: PanelProps) {
  const { writes } = useHoldings();
  const storage = world.nodes.find((n) => (n.state as RedlockContext).role === 'storage');
  const ctx = storage?.state as RedlockContext | undefined;
  if (!ctx || ctx.role !== 'storage') return <p>No storage in this run.</p>;
  const rejected = writes.filter((w) => !w.accepted).length;
  const stale = writes.filter((w) => w.stale).length;
  return (
    <div className="rl-storage" data-testid="redlock-storage">
      <p>
        {ctx.fencing
          ? `S checks fencing tokens (highest so far: ${ctx.highest ?? 'none'}).`
          : 'S does not check fencing tokens: it accepts every write.'}{' '}
        {writes.length === 0
          ? 'No writes yet.'
          : `${writes.length} write${writes.length === 1 ? '' : 's'}: ${rejected} rejected, ${stale} accepted although stale.`}
      </p>
      {writes.length > 0 && (
        <div className="rl-storage-scroll" role="region" aria-label="Storage write log" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Writer</th>
                <th scope="col">Lock</th>
                <th scope="col">Token</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {writes.map((w) => {
                const v = verdict(w, ctx.fencing);
                return (
                  <tr
                    key={w.position}
                    className={`is-${v.status}`}
                    data-write-status={v.status}
                    data-writer={w.from}
                  >
                    <td>{w.position}</td>
                    <th scope="row">{w.from}</th>
                    <td>{w.lockValue}</td>
                    <td>{w.token ?? '–'}</td>
                    <td>
                      <span className={`rl-verdict is-${v.status}`}>
                        {v.status === 'accepted' ? '✓ ' : '✗ '}
                        {v.text}
                      </span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
