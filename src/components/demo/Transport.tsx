import { formatMicros, formatSpeed } from '../../viz/format';
import { MAX_SPEED, MIN_SPEED } from '../../stores/player';
import { useState, type SubmitEvent } from 'react';
import { usePlayer, usePlayerContext, useUi } from '../../plugin/context';
import { useReadable } from '../../plugin/hooks';
import type { PlayerState } from '../../stores/player';

const selectCursor = (s: PlayerState) => s.cursor;
const selectLength = (s: PlayerState) => s.length;
const selectTime = (s: PlayerState) => s.time;

/** Play, pause, step, scrub and speed: the controls every demo shares. */
export default function Transport({ onShare }: { onShare(): void }) {
  const { player, idPrefix } = usePlayerContext();
  const playing = usePlayer((s) => s.playing);
  // The readout and the timeline follow playback ten times a second: text cannot be read faster.
  const cursor = useReadable(player, selectCursor);
  const length = useReadable(player, selectLength);
  const time = useReadable(player, selectTime);
  const speed = usePlayer((s) => s.speed);
  const finished = usePlayer((s) => s.finished);
  const revision = usePlayer((s) => s.revision);
  // Once the run moves on, the link no longer describes what is shown, so it is hidden.
  const shareUrl = useUi((s) => (s.shareRevision === revision ? s.shareUrl : null));
  const actions = player.getState();
  const [goTo, setGoTo] = useState('');
  const onGoTo = (event: SubmitEvent) => {
    event.preventDefault();
    const n = Number(goTo);
    if (goTo.trim() !== '' && Number.isFinite(n)) actions.goTo(Math.round(n) - 1);
  };

  return (
    <div className="player-transport">
      <div className="player-buttons" role="group" aria-label="Playback">
        <button
          type="button"
          onClick={actions.togglePlay}
          disabled={finished && !playing}
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
          ◀ Back
        </button>
        <button
          type="button"
          onClick={actions.step}
          aria-label="Step one event"
          aria-keyshortcuts="ArrowRight"
        >
          Step ▶
        </button>
        <button type="button" onClick={actions.reset} aria-keyshortcuts="R">
          Reset
        </button>
        <button type="button" onClick={onShare} aria-keyshortcuts="S">
          Share
        </button>
      </div>
      <div className="player-readout">
        <output data-testid="player-time" aria-label="Virtual time">
          t = {formatMicros(Math.round(time))}
        </output>
        <output data-testid="player-event" data-cursor={cursor} aria-label="Event position">
          event {cursor + 1} of {length}
          {finished ? ' (end of run)' : ''}
        </output>
        <form className="player-goto" onSubmit={onGoTo}>
          <label htmlFor={`${idPrefix}-goto`}>Go to event</label>{' '}
          <input
            id={`${idPrefix}-goto`}
            type="number"
            min={0}
            step={1}
            inputMode="numeric"
            value={goTo}
            placeholder={String(cursor + 1)}
            onChange={(e) => setGoTo(e.currentTarget.value)}
          />{' '}
          <button type="submit">Go</button>
        </form>
      </div>
      {finished && length === 0 && (
        <p className="player-hint" role="status">
          Nothing happens in this scenario by itself: send a client request under Faults, or pick a scenario.
        </p>
      )}
      {shareUrl && (
        <div className="player-field player-share">
          <label htmlFor={`${idPrefix}-share`}>Share link (copied to the clipboard when allowed)</label>
          <input
            id={`${idPrefix}-share`}
            type="text"
            readOnly
            value={shareUrl}
            onFocus={(e) => e.currentTarget.select()}
            data-testid="share-url"
          />
        </div>
      )}
      <label className="player-scrub" htmlFor={`${idPrefix}-scrub`}>
        <span>Timeline</span>
        <input
          id={`${idPrefix}-scrub`}
          type="range"
          min={-1}
          max={Math.max(0, length - 1)}
          step={1}
          value={cursor}
          aria-valuetext={`event ${cursor + 1} of ${length}, ${formatMicros(Math.round(time))}`}
          onChange={(e) => actions.seek(Number(e.currentTarget.value))}
        />
      </label>
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
    </div>
  );
}
