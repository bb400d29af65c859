import type { PanelProps } from '../../plugin/plugin';
import { formatMicros } from '../../viz/format';
import { useIdStream } from './useIdStream';

/** Green while every ID is new; red from the first ID handed out twice, naming both. */
export default function Duplicates({ world }: PanelProps) {
  const { stream } = useIdStream();
  const duplicate = stream.duplicate;
  // The log and the checker see the same IDs; the checker's words stand in if the log has none.
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
          <strong>✓ No duplicates</strong> among {stream.count.toLocaleString('en-US')} IDs.
        </p>
      )}
    </div>
  );
}
