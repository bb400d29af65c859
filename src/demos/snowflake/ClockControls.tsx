import { useId, useState } from 'react';
import { usePlayer, usePlayerContext, useUi } from '../../plugin/context';
import type { PanelProps } from '../../plugin/plugin';
import { formatMicros } from '../../viz/format';

/** Step or skew one worker's clock at the cursor's moment; pausing a worker is in the fault panel. */
export default function ClockControls({ world }: PanelProps) {
  const { player, ui } = usePlayerContext();
  const id = useId();
  const selection = useUi((s) => s.selection);
  const time = usePlayer((s) => s.time);
  const selected = selection?.kind === 'node' ? selection.id : (world.nodes[0]?.id ?? '');
  const [jumpMs, setJumpMs] = useState(-5);
  const [rate, setRate] = useState(1.001);
  const node = world.nodes.find((n) => n.id === selected);
  return (
    <div className="sf-controls-panel" data-testid="clock-controls">
      <div className="sf-controls">
        <label htmlFor={`${id}-w`}>Worker</label>
        <select
          id={`${id}-w`}
          value={selected}
          onChange={(e) => ui.getState().select({ kind: 'node', id: e.currentTarget.value })}
        >
          {world.nodes.map((n) => (
            <option key={n.id} value={n.id}>
              {n.id}
            </option>
          ))}
        </select>
        {node && (
          <span className="muted">
            clock {formatMicros(node.clock)} at real {formatMicros(time)} (off by{' '}
            {formatMicros(node.clock - world.time)})
          </span>
        )}
      </div>
      <div className="sf-controls">
        <label htmlFor={`${id}-jump`}>Step the clock by</label>
        <input
          id={`${id}-jump`}
          type="number"
          min={-10_000}
          max={10_000}
          value={jumpMs}
          onChange={(e) => setJumpMs(Number(e.currentTarget.value) || 0)}
        />
        ms
        <button
          type="button"
          disabled={!node || jumpMs === 0}
          onClick={() =>
            player.getState().act({ type: 'clock-jump', node: selected, by: Math.round(jumpMs * 1000) })
          }
        >
          Step {selected}’s clock
        </button>
      </div>
      <div className="sf-controls">
        <label htmlFor={`${id}-rate`}>Clock rate</label>
        <input
          id={`${id}-rate`}
          type="number"
          min={0.5}
          max={2}
          step={0.001}
          value={rate}
          onChange={(e) => setRate(Number(e.currentTarget.value) || 1)}
        />
        <button
          type="button"
          disabled={!node || rate <= 0}
          onClick={() => player.getState().act({ type: 'clock-rate', node: selected, rate })}
        >
          Skew {selected}’s clock
        </button>
      </div>
      <p className="muted">
        A negative step sets the clock back, as NTP or an operator might. The request rate and the number of
        workers are under Settings.
      </p>
    </div>
  );
}
