import type { PanelProps } from '../../plugin/plugin';
import { database } from './state';

/** The leaf_alloc row as the database holds it, and the last leases it made. */
export default function Row({ world }: PanelProps) {
  const db = database(world);
  if (!db) return null;
  const { node, row } = db;
  const leases = [...row.recent].reverse();
  return (
    <div className="lf-row" data-testid="leaf-row">
      <table className="lf-table">
        <caption>
          leaf_alloc on {node.id}
          {node.up ? '' : ' (down)'}
        </caption>
        <thead>
          <tr>
            <th scope="col">biz_tag</th>
            <th scope="col">max_id</th>
            <th scope="col">step</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>{row.bizTag}</td>
            <td data-testid="leaf-max-id">{row.maxId}</td>
            <td>{row.step}</td>
          </tr>
        </tbody>
      </table>
      <h4 className="lf-subhead">Last leases ({row.grants} in all)</h4>
      {leases.length === 0 ? (
        <p className="lf-note">No server has leased a segment yet.</p>
      ) : (
        <ol className="lf-leases" reversed>
          {leases.map((g, i) => (
            <li key={`${row.grants - i}`}>
              {g.server} leases {g.first}–{g.max - 1} (max_id {g.first} → {g.max})
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
