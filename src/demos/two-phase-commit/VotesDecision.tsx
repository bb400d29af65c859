import type { PanelProps } from '../../plugin/plugin';
import { coordinatorOf, readProcess, voteOf, type Vote } from './state';

const VOTE_WORDS: Record<Vote, string> = {
  yes: 'yes',
  no: 'no',
  none: 'not yet',
};

/** Each participant's vote, whether C has counted it, C's decision and who acknowledged it. */
export default function VotesDecision({ world }: PanelProps) {
  const processes = world.nodes.map(readProcess);
  const c = coordinatorOf(processes);
  const participants = processes.filter((p) => !p.coordinator);
  const counted = c?.prepared.length ?? 0;
  const decision = c?.decision ?? null;
  const headline = !c
    ? 'No coordinator in this run.'
    : decision
      ? `${c.id} decided ${decision.toUpperCase()}${c.up ? '' : ' and is down'}: the decision is on its log.`
      : `${c.id} has not decided${c.up ? '' : ' and is down'}: ${counted} of ${participants.length} yes votes counted.`;

  return (
    <div className="tpc-votes" data-testid="tpc-votes" data-decision={decision ?? 'none'}>
      <p className={`tpc-decision${decision ? ` is-${decision}` : ''}`}>{headline}</p>
      <p className="muted tpc-note">
        A yes vote is PREPARED on the participant&apos;s log; a no is an abort before it.
      </p>
      <div className="tpc-table-scroll" role="region" aria-label="Votes and outcomes" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">Participant</th>
              <th scope="col">Vote</th>
              <th scope="col">Counted by {c?.id ?? 'C'}</th>
              <th scope="col">Outcome</th>
              <th scope="col">Acknowledged</th>
            </tr>
          </thead>
          <tbody>
            {participants.map((p) => {
              const vote = voteOf(p);
              return (
                <tr key={p.id} data-participant={p.id} data-vote={vote} data-outcome={p.decision ?? 'none'}>
                  <th scope="row">
                    {p.id}
                    {p.up ? '' : ' (down)'}
                  </th>
                  <td className={`tpc-vote is-${vote}`}>{VOTE_WORDS[vote]}</td>
                  <td>{c?.prepared.includes(p.id) ? 'yes' : 'no'}</td>
                  <td className={p.decision ? `is-${p.decision}` : undefined}>
                    {p.decision === 'commit' ? 'committed' : p.decision === 'abort' ? 'aborted' : p.state}
                  </td>
                  <td>{c?.acks.includes(p.id) ? 'yes' : 'no'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
