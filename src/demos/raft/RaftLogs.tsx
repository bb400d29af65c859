import { memo } from 'react';
import type { PanelProps } from '../../plugin/plugin';
import { colour } from '../../viz/colours';
import { termStroke, termTint } from './colours';
import { readRaftServer, type RaftServerView } from './raftState';

/** How many log slots are drawn; older entries scroll out to the left. */
const MAX_SLOTS = 14;

function leaderOf(servers: RaftServerView[]): RaftServerView | undefined {
  const leaders = servers.filter((s) => s.up && s.role === 'leader');
  return leaders.sort((a, b) => b.currentTerm - a.currentTerm)[0];
}

/** Every server's log side by side: index, term (as colour and number), committed or not, and the leader's nextIndex/matchIndex. */
export default function RaftLogs({ world }: PanelProps) {
  return <LogsTable servers={world.nodes.map(readRaftServer)} />;
}

function sameIndices(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** Whether the table would draw the same: server readings are kept while a server's state is. */
function sameTable(a: RaftServerView[], b: RaftServerView[]): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) => {
      const y = b[i] as RaftServerView;
      return (
        x === y ||
        (x.id === y.id &&
          x.up === y.up &&
          x.role === y.role &&
          x.currentTerm === y.currentTerm &&
          x.commitIndex === y.commitIndex &&
          x.log === y.log &&
          String(x.members) === String(y.members) &&
          x.outside === y.outside &&
          sameIndices(x.nextIndex, y.nextIndex) &&
          sameIndices(x.matchIndex, y.matchIndex))
      );
    })
  );
}

// Most events leave every log as it was (heartbeats, votes, replies): then the table is not
// rendered again at all.
const LogsTable = memo(
  function LogsTable({ servers }: { servers: RaftServerView[] }) {
    return <Logs servers={servers} />;
  },
  (before, after) => sameTable(before.servers, after.servers),
);

function Logs({ servers }: { servers: RaftServerView[] }) {
  const leader = leaderOf(servers);
  // Once any server's configuration differs from "every server", each row says which one it uses.
  const configurations = servers.some((s) => s.members !== null);
  const longest = Math.max(0, ...servers.map((s) => s.log.length));
  const first = Math.max(1, longest + 2 - MAX_SLOTS);
  const slots = Array.from(
    { length: Math.max(1, Math.min(MAX_SLOTS, longest + 1 - first + 1)) },
    (_, i) => first + i,
  );

  return (
    // Focusable because it scrolls sideways on narrow screens.
    <div className="raft-logs" role="region" aria-label="Logs of every server" tabIndex={0}>
      <table>
        <caption className="visually-hidden">
          Logs of every server: each cell shows an entry's term; committed entries are drawn solid
        </caption>
        <thead>
          <tr>
            <th scope="col">Server</th>
            {slots.map((i) => (
              <th scope="col" key={i}>
                {i}
              </th>
            ))}
            <th scope="col">
              <abbr title="commitIndex">commit</abbr>
            </th>
            {configurations && <th scope="col">configuration</th>}
          </tr>
        </thead>
        <tbody>
          {servers.map((s) => {
            const isLeader = leader?.id === s.id;
            const next = leader?.nextIndex[s.id];
            const match = leader?.matchIndex[s.id];
            return (
              <tr key={s.id} className={s.up ? undefined : 'is-down'} data-server={s.id}>
                <th scope="row">
                  {s.id}
                  {isLeader && <span className="raft-logs-badge"> leader</span>}
                </th>
                {slots.map((i) => {
                  const entry = s.log.find((e) => e.index === i);
                  const committed = entry !== undefined && i <= s.commitIndex;
                  const marks = [
                    !isLeader && next === i ? 'next' : null,
                    !isLeader && match === i ? 'match' : null,
                  ].filter(Boolean);
                  return (
                    <td
                      key={i}
                      className={`${committed ? 'is-committed' : ''}${marks.length ? ' is-marked' : ''}`}
                      style={
                        entry
                          ? {
                              background: termTint(entry.term),
                              borderColor: committed ? termStroke(entry.term) : colour.border,
                            }
                          : undefined
                      }
                      title={
                        entry
                          ? `index ${i}, term ${entry.term}${entry.label ? `, ${entry.label}` : ''}${committed ? ', committed' : ', not committed'}`
                          : `index ${i}: empty`
                      }
                    >
                      {entry ? entry.term : ''}
                      {marks.length > 0 && <span className="raft-logs-mark">{marks.join(' ')}</span>}
                    </td>
                  );
                })}
                <td className="raft-logs-commit">{s.commitIndex}</td>
                {configurations && (
                  <td className="raft-logs-config">
                    {(s.members ?? servers.map((x) => x.id)).join(' ')}
                    {s.outside && <span className="raft-logs-badge"> outside</span>}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="raft-logs-legend">
        Numbers are terms; a solid border means committed on that server.
        {leader
          ? ` Markers show ${leader.id}'s nextIndex and matchIndex for each follower.`
          : ' No leader at the moment.'}
      </p>
    </div>
  );
}
