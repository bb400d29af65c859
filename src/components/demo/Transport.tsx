import { formatMicros, formatSpeed } from '../../viz/format';
import { MAX_SPEED, MIN_SPEED, type PlayerState } from '../../stores/player';
import { usePlayer, usePlayerContext } from '../../plugin/context';
import { useReadable } from '../../plugin/hooks';
import { usePlayerText } from '../../plugin/i18n';

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
  const t = usePlayerText();

  return (
    <div className="player-transport">
      <div className="player-buttons" role="group" aria-label={t('player.playback')}>
        <button
          type="button"
          className="is-primary player-play"
          onClick={actions.togglePlay}
          disabled={(finished || budgetSpent) && !playing}
          aria-keyshortcuts="Space"
        >
          {playing ? t('player.pause') : t('player.play')}
        </button>
        <button
          type="button"
          onClick={actions.back}
          disabled={cursor < 0}
          aria-label={t('player.back')}
          aria-keyshortcuts="ArrowLeft"
        >
          ◀
        </button>
        <button
          type="button"
          onClick={actions.step}
          aria-label={t('player.step')}
          aria-keyshortcuts="ArrowRight"
        >
          ▶|
        </button>
        <button type="button" onClick={actions.reset} aria-keyshortcuts="R">
          {t('player.reset')}
        </button>
        <button type="button" onClick={onShare} aria-keyshortcuts="S">
          {t('player.share')}
        </button>
      </div>
      <label className="player-speed" htmlFor={`${idPrefix}-speed`}>
        <span>{t('player.speed', { speed: formatSpeed(speed) })}</span>
        <input
          id={`${idPrefix}-speed`}
          type="range"
          min={Math.log10(MIN_SPEED)}
          max={Math.log10(MAX_SPEED)}
          step={0.01}
          value={Math.log10(speed)}
          aria-valuetext={t('player.speed-value', { speed: formatSpeed(speed) })}
          onChange={(e) => actions.setSpeed(10 ** Number(e.currentTarget.value))}
        />
      </label>
      <div className="player-readout">
        <output data-testid="player-time" aria-label={t('player.virtual-time')}>
          t = {formatMicros(Math.round(time))}
        </output>
        <output data-testid="player-event" data-cursor={cursor} aria-label={t('player.event-position')}>
          {cursor < 0 ? t('player.start') : t('player.event', { n: cursor + 1 })}
          {finished ? t('player.of-end', { length }) : ''}
        </output>
      </div>
    </div>
  );
}
