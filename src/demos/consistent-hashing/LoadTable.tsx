import { SCHEME_TITLES } from '../../algorithms/consistent-hashing/place';
import type { PanelProps } from '../../plugin/plugin';
import { statsOf, usePlacement } from './placement';

/** The loads as numbers: requests per node for each scheme, with mean, standard deviation and moves. */
export default function LoadTable(_props: PanelProps) {
  const view = usePlacement();
  if (!view) return null;
  const { row } = view;
  const schemes = (['a', 'b'] as const).filter((w) => row[w]);
  return (
    <div className="table-scroll">
      <table className="ch-table" data-testid="ch-loads">
        <caption>
          Requests per node after this event ({view.params.keys} keys
          {row.hot > 0 ? ` and ${row.hot} hot key requests` : ''})
        </caption>
        <thead>
          <tr>
            <th scope="col">Node</th>
            {schemes.map((w) => (
              <th key={w} scope="col">
                {SCHEME_TITLES[row[w]?.scheme ?? 'ring']}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {row.members.map((m, i) => (
            <tr key={m.id}>
              <th scope="row">
                {m.id}
                {m.weight !== 1 ? ` (weight ${m.weight})` : ''}
              </th>
              {schemes.map((w) => (
                <td key={w}>{row[w]?.loads[i]}</td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          {(['std dev', 'max / mean', 'moved now'] as const).map((label) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              {schemes.map((w) => {
                const s = statsOf(view, w);
                if (!s) return <td key={w} />;
                const value =
                  label === 'std dev'
                    ? s.std.toFixed(1)
                    : label === 'max / mean'
                      ? s.mean > 0
                        ? (s.max / s.mean).toFixed(2)
                        : '–'
                      : String(s.moved);
                return <td key={w}>{value}</td>;
              })}
            </tr>
          ))}
        </tfoot>
      </table>
    </div>
  );
}
