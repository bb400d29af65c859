import { useMemo } from 'react';
import { decode } from '../../algorithms/snowflake/codec';
import BitGrid from './BitGrid';
import { fieldColours } from './decoder';
import { formatMicros } from '../../viz/format';
import { useIdStream } from './useIdStream';

/** The latest ID handed out, with its 64 bits and the field each belongs to. */
export default function IdBeingMade() {
  const { stream, layout } = useIdStream();
  const latest = stream.latest;
  const colours = useMemo(() => fieldColours(layout), [layout]);
  const decoded = useMemo(() => (latest ? decode(latest.id, layout) : null), [latest, layout]);
  if (!latest || !decoded) {
    return <p className="muted">No ID handed out yet: play or step the run.</p>;
  }
  return (
    <div data-testid="id-being-made" data-id={latest.id}>
      <p>
        <strong>{latest.node}</strong> handed out <code>{latest.id}</code> at {formatMicros(latest.at)} (
        {layout.title}, time {decoded.time.iso}).
      </p>
      <BitGrid
        bits={decoded.bits}
        fields={decoded.fields}
        colours={colours}
        label={`The 64 bits of ${latest.id}`}
      />
    </div>
  );
}
