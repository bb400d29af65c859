import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { TraceEntry } from '../../sim/types';
import { formatMicros } from '../../viz/format';
import { usePlayer, usePlayerContext, type PlayerContextValue } from '../../plugin/context';
import { usePlayerText } from '../../plugin/i18n';
import { useReadable } from '../../plugin/hooks';
import type { PlayerState } from '../../stores/player';

/** At least this many past events stay listed above the current one. */
const BEFORE = 40;
/** The list's first entry moves in steps of this many events, so most events add one item and remove none. */
const CHUNK = 20;
const AFTER = 12;

/** Index of the first event listed when the cursor is at `cursor`. */
export function firstListed(cursor: number): number {
  return Math.max(0, Math.floor((cursor - BEFORE) / CHUNK) * CHUNK);
}

type Tense = 'past' | 'current' | 'future';

const selectCursor = (s: PlayerState) => s.cursor;
const selectLength = (s: PlayerState) => s.length;
const selectRevision = (s: PlayerState) => s.revision;

/** One event; re-rendered only when it becomes or stops being the current one. */
const LogItem = memo(function LogItem({
  entry,
  tense,
  player,
}: {
  entry: TraceEntry;
  tense: Tense;
  player: PlayerContextValue['player'];
}) {
  return (
    <li aria-current={tense === 'current' ? 'step' : undefined} data-index={entry.index}>
      <button
        type="button"
        tabIndex={tense === 'current' ? 0 : -1}
        onClick={() => player.getState().seek(entry.index)}
        className={tense === 'future' ? 'is-future' : undefined}
      >
        <span className="player-log-time">{formatMicros(entry.time)}</span> {entry.narration}
      </button>
    </li>
  );
});
/** While playing, the screen reader hears at most one event per this many milliseconds. */
const ANNOUNCE_EVERY_MS = 2500;
/** While playing, the list follows the current event at most this often. */
const SCROLL_EVERY_MS = 250;

/** The trace in words: each event's narration, the current one highlighted and announced. */
export default function EventLog() {
  const { player } = usePlayerContext();
  // While playing, the list follows ten times a second; events come faster than anyone reads.
  const cursor = useReadable(player, selectCursor);
  const length = useReadable(player, selectLength);
  const revision = useReadable(player, selectRevision);
  const playing = usePlayer((s) => s.playing);
  const run = usePlayer((s) => s.run);
  const listRef = useRef<HTMLOListElement>(null);
  const [announcement, setAnnouncement] = useState('');
  const lastAnnounced = useRef(0);

  const from = firstListed(cursor);
  const entries = run.entries(from, Math.min(length, cursor + 1 + AFTER));
  void revision; // the run is mutable: re-read its entries on every revision
  const current = cursor >= 0 ? run.entries(cursor, cursor + 1)[0] : undefined;
  const t = usePlayerText();
  const currentText = current
    ? t('player.log.now', { time: formatMicros(current.time), narration: current.narration })
    : t('player.log.start');

  useEffect(() => {
    const wait = playing ? lastAnnounced.current + ANNOUNCE_EVERY_MS - Date.now() : 0;
    const timer = setTimeout(
      () => {
        lastAnnounced.current = Date.now();
        setAnnouncement(currentText);
      },
      Math.max(0, wait),
    );
    return () => clearTimeout(timer);
  }, [currentText, playing]);

  const lastScroll = useRef(0);
  useLayoutEffect(() => {
    // Keeping the current event in view a few times a second is enough while playing.
    if (playing && performance.now() - lastScroll.current < SCROLL_EVERY_MS) return;
    lastScroll.current = performance.now();
    // Scroll the list itself (not the page) so the current event stays in view.
    const follow = () => {
      const list = listRef.current;
      const item = list?.querySelector<HTMLElement>('[aria-current="step"]');
      if (!list || !item) return;
      const top = item.offsetTop - list.offsetTop;
      if (top < list.scrollTop || top + item.offsetHeight > list.scrollTop + list.clientHeight) {
        list.scrollTop = top - list.clientHeight / 2;
      }
    };
    if (!playing) {
      follow();
      return;
    }
    // Reading positions now would force a layout in the middle of the frame. Once the frame is
    // drawn, the layout is fresh and reading it costs nothing.
    const timer = setTimeout(follow, 0);
    return () => clearTimeout(timer);
  }, [cursor, revision, playing]);

  return (
    <div className="player-log">
      <ol ref={listRef} className="player-log-list" start={from + 1} aria-label={t('player.log.events')}>
        {entries.map((e) => (
          <LogItem
            key={e.index}
            entry={e}
            tense={e.index < cursor ? 'past' : e.index === cursor ? 'current' : 'future'}
            player={player}
          />
        ))}
        {entries.length === 0 && <li className="muted">{t('player.log.empty')}</li>}
      </ol>
      <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="player-announcer">
        {announcement}
      </div>
    </div>
  );
}
