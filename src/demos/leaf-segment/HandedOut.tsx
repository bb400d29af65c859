import type { PanelProps } from '../../plugin/plugin';
import { describeRuns } from '../../algorithms/leaf-segment/narrate';
import { clients, servers } from './state';

/** The IDs each server handed out lately, and what each client last received. */
export default function HandedOut({ world }: PanelProps) {
  const list = servers(world);
  return (
    <div className="lf-handed" data-testid="leaf-ids">
      <ul className="lf-server-list">
        {list.map((s) => (
          <li key={s.id} className="lf-server">
            <p className="lf-server-head">
              <strong>{s.id}</strong> last ID {s.lastId ?? '–'}
            </p>
            {s.recent.length === 0 ? (
              <p className="lf-note">Nothing handed out since it started.</p>
            ) : (
              <ul className="lf-recent" aria-label={`Last requests ${s.id} answered, newest first`}>
                {[...s.recent].reverse().map((h) => (
                  <li key={`${h.client}-${h.request}`}>
                    to {h.client}: <span className="lf-mono">{describeRuns(h.runs)}</span>
                    {h.failed > 0 && <span className="lf-danger-text"> ({h.failed} failed)</span>}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      <ul className="lf-clients">
        {clients(world).map(({ node, client }) => (
          <li key={node.id}>
            <strong>{node.id}</strong> has {client.got} IDs
            {client.failed > 0 ? `, ${client.failed} calls failed` : ''}
            {client.last ? `; last from ${client.last.server}: ${describeRuns(client.last.runs)}` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}
