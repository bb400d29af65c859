import { clockIsoAt } from '../../algorithms/snowflake/cluster';
import type { PanelProps } from '../../plugin/plugin';
import { ceilingPerUnit } from './ids';
import { useIdStream } from './useIdStream';
import { workerOf } from './worker';

/** Each worker's sequence filling up within its current time unit, against what the unit holds. */
export default function SequenceFill({ world }: PanelProps) {
  const { stream, layout, startMs } = useIdStream();
  const ceiling = ceilingPerUnit(layout);
  const unit = layout.unitMs === 1 ? 'millisecond' : `${layout.unitMs} ms unit`;
  return (
    <ul className="sf-rows" data-testid="sequence-fill">
      {world.nodes.map((node) => {
        const w = workerOf(node);
        // IDs in the unit of its latest ID (none yet while an ID minted in borrowed time waits).
        const current = stream.units.get(node.id)?.current;
        const used = w.lastId !== null && current?.time === w.lastTime ? current.count : 0;
        const share = Math.min(1, used / ceiling);
        const state = !node.up
          ? 'crashed'
          : w.wakeLocal !== null
            ? 'waiting for its clock'
            : w.lastRefusal && w.refused > 0 && node.role === 'refusing'
              ? 'refusing'
              : node.role;
        return (
          <li key={node.id} data-worker={node.id} data-used={used}>
            <strong>{node.id}</strong>
            <span
              className={`sf-meter${share >= 1 ? ' is-full' : ''}`}
              role="meter"
              aria-label={`${node.id}: sequence used in this ${unit}`}
              aria-valuemin={0}
              aria-valuemax={ceiling}
              aria-valuenow={used}
            >
              <span style={{ width: `${share * 100}%` }} />
            </span>
            <span className="sf-row-text">
              {used.toLocaleString('en-US')} of {ceiling.toLocaleString('en-US')} in {unit} {w.lastTime};
              sequence {w.sequence}; clock {clockIsoAt(startMs, node.clock)}; {state}
              {w.queue > 0 ? `; ${w.queue} queued` : ''}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
