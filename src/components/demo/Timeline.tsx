import { formatMicros } from '../../viz/format';
import { usePlayer, usePlayerContext } from '../../plugin/context';
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
  // Where an event sits on the slider: the range runs from -1 (the start) to the last event.
  const at = (index: number) => `${((index + 1) / Math.max(1, last + 1)) * 100}%`;
  const of = finished ? ` of ${length}` : '';

  return (
    <div className={`player-timeline${chapters.length > 0 ? ' has-chapters' : ''}`}>
      {chapters.length > 0 && (
        <ol className="player-chapter-marks" aria-label="Chapters">
          {chapters.map((c, i) => (
            <li key={`${c.index}-${i}`} style={{ left: at(c.index) }}>
              <button
                type="button"
                className={i === current ? 'is-current' : i < current ? 'is-past' : undefined}
                aria-current={i === current ? 'step' : undefined}
                aria-label={`Chapter ${i + 1}: ${c.title}`}
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
        <span className="visually-hidden">Timeline</span>
        <input
          id={`${idPrefix}-scrub`}
          type="range"
          min={-1}
          max={last}
          step={1}
          value={cursor}
          aria-valuetext={`event ${cursor + 1}${of}, ${formatMicros(Math.round(time))}`}
          onChange={(e) => player.getState().seek(Number(e.currentTarget.value))}
        />
      </label>
    </div>
  );
}
