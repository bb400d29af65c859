import { formatTime } from '../../sim/format';
import type { PanelProps } from '../../plugin/plugin';
import { ballotText } from './state';
import { useObserver } from './useObserver';

/**
 * The observer's view, which no server has: the moment a value is chosen (a majority accepted one
 * proposal), shown before any learner knows, and then who has learned it.
 */
export function ChosenBanner({ world }: PanelProps) {
  const stories = useObserver();
  const multi = world.nodes.some((n) => (n.state as { config: { mode: string } }).config.mode === 'multi');
  const last = stories[stories.length - 1];
  if (!last) {
    return (
      <div className="paxos-observer" role="status" data-testid="paxos-chosen" data-chosen="">
        <p>
          <strong>Observer:</strong> nothing is chosen yet.
        </p>
      </div>
    );
  }
  const { chosen, learned } = last;
  const knows = learned.map((l) => l.node);
  const value = chosen.value.v;
  return (
    <div
      className={`paxos-observer${knows.length === 0 ? ' is-unknown' : ''}`}
      role="status"
      data-testid="paxos-chosen"
      data-chosen={value}
      data-slot={chosen.slot}
      data-learners={knows.join(',')}
    >
      <p>
        <strong>Chosen{multi ? ` (slot ${chosen.slot})` : ''}:</strong> {value} at {formatTime(chosen.time)},
        once {chosen.acceptors.join(', ')} accepted proposal {ballotText(chosen.ballot)}.{' '}
        {knows.length === 0 ? (
          <em>No learner knows yet.</em>
        ) : (
          <>Learned by {learned.map((l) => `${l.node} at ${formatTime(l.time)}`).join(', ')}.</>
        )}
        {multi && stories.length > 1 ? ` ${stories.length} slots chosen so far.` : ''}
      </p>
    </div>
  );
}
