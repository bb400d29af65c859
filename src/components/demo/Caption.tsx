import { usePlayer, usePlayerContext } from '../../plugin/context';
import { usePlayerText } from '../../plugin/i18n';
import { useReadable } from '../../plugin/hooks';
import { chapterAt, type PlayerState } from '../../stores/player';

const selectCursor = (s: PlayerState) => s.cursor;

/**
 * One line beside the picture saying what to watch: the chapter of a story and its words, with
 * Previous and Next, or the demo's cue for the moment shown.
 */
export default function Caption() {
  const { player, plugin } = usePlayerContext();
  const cursor = useReadable(player, selectCursor);
  const world = usePlayer((s) => s.world);
  const chapters = usePlayer((s) => s.chapters);
  const guided = usePlayer((s) => s.guided);
  const module = usePlayer((s) => s.module);
  const scenarioId = usePlayer((s) => s.scenarioId);
  const actions = player.getState();
  const t = usePlayerText();
  const named = module.scenarios.find((s) => s.id === scenarioId);

  if (!named || chapters.length === 0) {
    return (
      <div className="player-caption" data-testid="player-caption">
        <p className="player-cue">{plugin.cue(world)}</p>
        {module.scenarios.length > 0 && (
          <button type="button" className="player-tour" onClick={() => actions.startGuide()}>
            {t('player.tour')}
          </button>
        )}
      </div>
    );
  }

  const index = chapterAt(chapters, cursor);
  const chapter = index >= 0 ? chapters[index] : undefined;
  const position = module.scenarios.indexOf(named);
  const atEnd = index === chapters.length - 1 && cursor >= (chapter?.index ?? 0);
  const nextLabel = atEnd
    ? guided && position < module.scenarios.length - 1
      ? t('player.next-scenario')
      : t('player.the-end')
    : index < 0
      ? t('player.start-story')
      : t('player.next');
  return (
    <div className="player-caption is-story" data-testid="player-caption" data-chapter={index}>
      <div className="player-caption-text" aria-live="polite">
        <p className="player-caption-title">
          {guided ? t('player.tour-position', { n: position + 1, count: module.scenarios.length }) : ''}
          <strong>{named.title}</strong>
          {chapter
            ? t('player.chapter-position', { n: index + 1, count: chapters.length, title: chapter.title })
            : ''}
        </p>
        <p>{chapter ? chapter.caption : named.description}</p>
      </div>
      <div className="player-caption-buttons">
        <button
          type="button"
          onClick={() => actions.previousChapter()}
          disabled={cursor < 0 && (!guided || position === 0)}
        >
          {t('player.previous')}
        </button>
        <button
          type="button"
          className="is-primary"
          onClick={() => actions.nextChapter()}
          disabled={atEnd && !(guided && position < module.scenarios.length - 1)}
        >
          {nextLabel}
        </button>
        {guided ? (
          <button type="button" onClick={() => actions.stopGuide()}>
            {t('player.leave-tour')}
          </button>
        ) : (
          <button type="button" onClick={() => actions.startGuide()}>
            {t('player.tour')}
          </button>
        )}
      </div>
    </div>
  );
}
