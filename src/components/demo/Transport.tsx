import { formatMicros, formatSpeed } from '../../viz/format';
import { MAX_SPEED, MIN_SPEED, type PlayerState } from '../../stores/player';
import { usePlayer, usePlayerContext } from '../../plugin/context';
import { useReadable } from '../../plugin/hooks';

const selectCursor = (s: PlayerState) => s.cursor;
const selectLength = (s: PlayerState) => s.length;
const selectTime = (s: PlayerState) => s.time;

/** Play, pause, step, reset and speed: the controls every demo shares, in one row. */
export default function Transport({ onShare }: { onShare(): void }) {
  const { player, idPrefix } = usePlayerContext();
  const playing = usePlayer((s) => s.playing);
  // The readout follows playback ten times a second: text cannot be read faster.
  const cursor = useReadable(player, selectCursor);
  const length = useReadable(player, selectLength);
  const time = useReadable(player, selectTime);
  const speed = usePlayer((s) => s.speed);
  const finished = usePlayer((s) => s.finished);
  const budgetSpent = usePlayer((s) => s.budgetSpent);
  const actions = player.getState();

  return (
    <div className="player-transport">
      <div className="player-buttons" role="group" aria-label="Playback">
        <button
          type="button"
          className="is-primary player-play"
          onClick={actions.togglePlay}
          disabled={(finished || budgetSpent) && !playing}
          aria-keyshortcuts="Space"
        >
          {playing ? 'Pause' : 'Play'}
        </button>
        <button
          type="button"
          onClick={actions.back}
          disabled={cursor < 0}
          aria-label="Step back one event"
          aria-keyshortcuts="ArrowLeft"
        >
          ◀
        </button>
        <button
          type="button"
          onClick={actions.step}
          aria-label="Step one event"
          aria-keyshortcuts="ArrowRight"
        >
          ▶|
        </button>
        <button type="button" onClick={actions.reset} aria-keyshortcuts="R">
          Reset
        </button>
        <button type="button" onClick={onShare} aria-keyshortcuts="S">
          Share
        </button>
      </div>
      <label className="player-speed" htmlFor={`${idPrefix}-speed`}>
        <span>Speed {formatSpeed(speed)}</span>
        <input
          id={`${idPrefix}-speed`}
          type="range"
          min={Math.log10(MIN_SPEED)}
          max={Math.log10(MAX_SPEED)}
          step={0.01}
          value={Math.log10(speed)}
          aria-valuetext={`${formatSpeed(speed)} real time`}
          onChange={(e) => actions.setSpeed(10 ** Number(e.currentTarget.value))}
        />
      </label>
      <div className="player-readout">
        <output data-testid="player-time" aria-label="Virtual time">
          t = {formatMicros(Math.round(time))}
        </output>
        <output data-testid="player-event" data-cursor={cursor} aria-label="Event position">
          {cursor < 0 ? 'start' : `event ${cursor + 1}`}
          {finished ? ` of ${length} (end)` : ''}
        </output>
      </div>
    </div>
  );
}
