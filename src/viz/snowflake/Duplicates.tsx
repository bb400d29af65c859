import type { PanelProps } from '../../components/demo/plugin';
import { formatMicros } from '../format';
import { useIdStream } from './useIdStream';

/** Green while every ID is new; red from the first ID handed out twice, naming both. */
export default function Duplicates({ world }: PanelProps) {
  const { ids, recorder, analysis } = useIdStream();
  const duplicate = analysis.duplicate;
  // The invariant checker sees every ID even when the stream stopped recording.
  const flagged = world.violations.find((v) => v.invariant === 'unique-ids');
  const broken = duplicate !== null || flagged !== undefined;
  return (
    <div
      className="sf-duplicates"
      data-testid="duplicate-detector"
      data-state={broken ? 'duplicate' : 'clear'}
    >
      {broken ? (
        <p>
          <strong>✗ Duplicate ID.</strong>{' '}
          {duplicate
            ? `${duplicate.second.node} handed out ${duplicate.id} at ${formatMicros(duplicate.second.at)}; ${duplicate.first.node} had already handed it out at ${formatMicros(duplicate.first.at)}.`
            : flagged?.detail}
        </p>
      ) : (
        <p>
          <strong>✓ No duplicates</strong> among {ids.length.toLocaleString('en-US')} IDs
          {recorder.truncated ? ' drawn (the latest ones; the invariant checker watches them all)' : ''}.
        </p>
      )}
    </div>
  );
}
