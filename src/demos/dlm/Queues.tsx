import { COMPATIBILITY, MODES, matrixFor, type Mode } from '../../algorithms/dlm/modes';
import type { NodeId } from '../../sim/types';
import type { PanelProps } from '../../plugin/plugin';
import { managerOf } from './state';

/** The resource's three queues, and the matrix with the cells that decided the latest request lit. */
export default function Queues({ world }: PanelProps) {
  const m = managerOf(world);
  if (!m) return <p>No lock manager in this run.</p>;
  const mode = (c: NodeId) => m.locks[c];
  const queue = (title: string, ids: NodeId[], show: (c: NodeId) => string, testid: string) => (
    <section className="dlm-queue" aria-label={title} data-testid={testid}>
      <h4>{title}</h4>
      {ids.length === 0 ? (
        <p className="muted">empty</p>
      ) : (
        <ol>
          {ids.map((c) => (
            <li key={c}>
              <strong>{c}</strong> {show(c)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
  const d = m.decision;
  const matrix = matrixFor(m.config.matrix);
  const lit = new Map<Mode, boolean>();
  for (const a of d?.against ?? []) lit.set(a.mode, a.compatible);
  const summary = d
    ? `${d.client} ${d.conversion ? 'converts to' : 'asks for'} ${d.requested}: ${d.outcome}${
        d.against.length > 0 ? `, against ${d.against.map((a) => `${a.client} ${a.mode}`).join(', ')}` : ''
      }${d.queuedBehind.length > 0 ? `, behind ${d.queuedBehind.join(', ')}` : ''}.`
    : 'No request yet.';
  return (
    <div className="dlm-queues" data-testid="dlm-queues">
      <div className="dlm-queue-row">
        {queue('Granted', m.granted, (c) => mode(c)?.granted ?? '', 'dlm-granted')}
        {queue(
          'Conversion',
          m.converting,
          (c) => `${mode(c)?.granted ?? ''} → ${mode(c)?.requested ?? ''}`,
          'dlm-converting',
        )}
        {queue('Waiting', m.waiting, (c) => mode(c)?.requested ?? '', 'dlm-waiting')}
      </div>
      <div className="dlm-matrix-wrap" role="region" aria-label="Compatibility matrix" tabIndex={0}>
        <table className="dlm-matrix" data-testid="dlm-matrix">
          <caption>
            Requested (rows) against held (columns). <span data-testid="dlm-decision">{summary}</span>
            {m.config.matrix !== 'seed' && (
              <strong className="dlm-danger"> This manager’s matrix is broken.</strong>
            )}
          </caption>
          <thead>
            <tr>
              <th scope="col">req \ held</th>
              {MODES.map((h) => (
                <th scope="col" key={h}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {MODES.map((r) => (
              <tr key={r} className={d?.requested === r ? 'is-row' : undefined}>
                <th scope="row">{r}</th>
                {MODES.map((h) => {
                  const yes = matrix[r][h];
                  const wrong = yes !== COMPATIBILITY[r][h];
                  const deciding = d?.requested === r && lit.has(h);
                  const cls = [yes ? 'yes' : 'no', deciding ? 'is-lit' : '', wrong ? 'is-wrong' : '']
                    .join(' ')
                    .trim();
                  return (
                    <td key={h} className={cls} data-deciding={deciding ? 'true' : undefined}>
                      {yes ? '✓' : '✗'}
                      <span className="visually-hidden">{yes ? ' compatible' : ' incompatible'}</span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {m.deadlocks.length > 0 && (
        <p data-testid="dlm-deadlocks">
          Deadlocks broken: {m.deadlocks.map((x) => `${x.cycle.join(' ⇄ ')} (victim ${x.victim})`).join('; ')}
          .
        </p>
      )}
    </div>
  );
}
