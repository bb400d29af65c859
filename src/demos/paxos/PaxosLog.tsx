import { memo } from 'react';
import type { PanelProps } from '../../plugin/plugin';
import type { Value } from '../../algorithms/paxos/types';
import { ballotText, readServer, type ServerReading } from './state';
import { useObserver } from './useObserver';

/** How many slots are drawn; older ones scroll out to the left. */
const MAX_SLOTS = 8;

function short(value: Value): string {
  return value.v === 'no-op' ? '∅' : value.v.length > 5 ? `${value.v.slice(0, 4)}…` : value.v;
}

/**
 * Every acceptor's promise and accepted proposals, and every learner's log: one row per server,
 * one cell per slot (single-decree has one). A cell shows the accepted value and its proposal
 * number; a learned value is drawn solid, a no-op as ∅.
 */
export default function PaxosLog({ world }: PanelProps) {
  const stories = useObserver();
  const chosen = new Map(stories.map((s) => [s.slot, s.chosen.value.v]));
  return <Table servers={world.nodes.map(readServer)} chosen={chosen} />;
}

const Table = memo(function Table({
  servers,
  chosen,
}: {
  servers: ServerReading[];
  chosen: Map<number, string>;
}) {
  const highest = Math.max(
    0,
    ...servers.flatMap((s) =>
      [...Object.keys(s.state.accepted), ...Object.keys(s.state.learned)].map(Number),
    ),
  );
  const first = Math.max(0, highest + 1 - MAX_SLOTS);
  const slots = Array.from({ length: highest - first + 1 }, (_, i) => first + i);
  return (
    <div className="paxos-log" role="region" aria-label="Acceptors and learners" tabIndex={0}>
      <table>
        <caption className="visually-hidden">
          Each server’s promise, and per slot what it accepted (value and proposal number) and whether it has
          learned the value
        </caption>
        <thead>
          <tr>
            <th scope="col">Server</th>
            <th scope="col">promised</th>
            {slots.map((slot) => (
              <th scope="col" key={slot} className={chosen.has(slot) ? 'is-chosen' : undefined}>
                {slots.length === 1 && slot === 0 ? 'accepted' : `slot ${slot}`}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {servers.map((s) => (
            <tr key={s.id} className={s.up ? undefined : 'is-down'} data-server={s.id}>
              <th scope="row">
                {s.id}
                {s.phase === 'leader' && <span className="paxos-log-badge"> leader</span>}
              </th>
              <td className="paxos-log-promised">{ballotText(s.state.promised)}</td>
              {slots.map((slot) => {
                const accepted = s.state.accepted[slot];
                const learned = s.state.learned[slot];
                const shown = learned ?? accepted?.value;
                const classes = [
                  learned ? 'is-learned' : '',
                  shown?.v === 'no-op' ? 'is-noop' : '',
                  accepted && chosen.get(slot) === accepted.value.v ? 'is-chosen' : '',
                ]
                  .filter(Boolean)
                  .join(' ');
                return (
                  <td
                    key={slot}
                    className={classes || undefined}
                    data-slot={slot}
                    title={`slot ${slot}: ${accepted ? `accepted ${accepted.value.v} in ${ballotText(accepted.ballot)}` : 'nothing accepted'}${learned ? `; learned ${learned.v}` : ''}`}
                  >
                    {shown ? short(shown) : ''}
                    {accepted && <span className="paxos-log-ballot">{ballotText(accepted.ballot)}</span>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="paxos-log-legend">
        A cell: the value accepted and its proposal number (round.server); a solid border means that server
        has learned the value; ∅ is a no-op filling a gap. A highlighted column is chosen.
      </p>
    </div>
  );
});
