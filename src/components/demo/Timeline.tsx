import { formatMicros } from '../../viz/format';
import { usePlayer, usePlayerContext } from '../../plugin/context';
import { usePlayerText } from '../../plugin/i18n';
import { useReadable } from '../../plugin/hooks';
import { chapterAt, type PlayerState } from '../../stores/player';

const selectCursor = (s: PlayerState) => s.cursor;
const selectLength = (s: PlayerState) => s.length;
const selectTime = (s: PlayerState) => s.time;

/** The run as a slider over its events, with the chapters of a story marked above it. */
export default function Timeline() {
  const { player, idPrefix } = usePlayerContext();
  const cursor = useReadable(player, selectCursor);
  const length = useReadable(player, selectLength);
  const time = useReadable(player, selectTime);
  const chapters = usePlayer((s) => s.chapters);
  const finished = usePlayer((s) => s.finished);
  const current = chapterAt(chapters, cursor);
  const last = Math.max(0, length - 1);
  const t = usePlayerText();
  // Where an event sits on the slider: the range runs from -1 (the start) to the last event.
  const at = (index: number) => `${((index + 1) / Math.max(1, last + 1)) * 100}%`;

  return (
    <div className={`player-timeline${chapters.length > 0 ? ' has-chapters' : ''}`}>
      {chapters.length > 0 && (
        <ol className="player-chapter-marks" aria-label={t('player.chapters')}>
          {chapters.map((c, i) => (
            <li key={`${c.index}-${i}`} style={{ left: at(c.index) }}>
              <button
                type="button"
                className={i === current ? 'is-current' : i < current ? 'is-past' : undefined}
                aria-current={i === current ? 'step' : undefined}
                aria-label={t('player.chapter', { n: i + 1, title: c.title })}
                title={c.title}
                onClick={() => player.getState().seek(c.index)}
              >
                <span aria-hidden="true">{i + 1}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
      <label className="player-scrub" htmlFor={`${idPrefix}-scrub`}>
        <span className="visually-hidden">{t('player.timeline')}</span>
        <input
          id={`${idPrefix}-scrub`}
          type="range"
          min={-1}
          max={last}
          step={1}
          value={cursor}
          aria-valuetext={t(finished ? 'player.timeline-value-of' : 'player.timeline-value', {
            n: cursor + 1,
            length,
            time: formatMicros(Math.round(time)),
          })}
          onChange={(e) => player.getState().seek(Number(e.currentTarget.value))}
        />
      </label>
    </div>
  );
}
