import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import { usePlayerText } from '../../plugin/i18n';

export interface Tab {
  id: string;
  title: ReactNode;
  /** Read aloud and used in the panel's label, when the title is not plain text. */
  label: string;
  content: ReactNode;
  /** Starts loading the panel's code when the reader points at or focuses its tab. */
  preload?: () => unknown;
}

/**
 * The player's panels as tabs (WAI-ARIA tabs pattern): one panel shows at a time, so the picture
 * and its controls stay on one screen. Arrow keys, Home and End move between tabs.
 */
export default function Tabs({
  tabs,
  idPrefix,
  selected,
  onSelect: setSelected,
}: {
  tabs: Tab[];
  idPrefix: string;
  /** The tab shown; held by the caller, so that other controls (Share) can open one. */
  selected: string | null;
  onSelect(id: string): void;
}) {
  const refs = useRef(new Map<string, HTMLButtonElement>());
  const text = usePlayerText();
  const current = tabs.find((t) => t.id === selected) ?? tabs[0];

  const move = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = tabs.findIndex((t) => t.id === current?.id);
    const next =
      event.key === 'ArrowRight'
        ? (index + 1) % tabs.length
        : event.key === 'ArrowLeft'
          ? (index - 1 + tabs.length) % tabs.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? tabs.length - 1
              : -1;
    if (next < 0) return;
    // The player's own shortcuts use these keys elsewhere; on the tab list they move between tabs.
    event.preventDefault();
    event.stopPropagation();
    const tab = tabs[next] as Tab;
    setSelected(tab.id);
    refs.current.get(tab.id)?.focus();
  };

  return (
    <div className="player-tabs">
      <div className="player-tablist" role="tablist" aria-label={text('player.panels')} onKeyDown={move}>
        {tabs.map((t) => {
          const active = t.id === current?.id;
          return (
            <button
              key={t.id}
              ref={(el) => {
                if (el) refs.current.set(t.id, el);
                else refs.current.delete(t.id);
              }}
              type="button"
              role="tab"
              id={`${idPrefix}-tab-${t.id}`}
              aria-selected={active}
              aria-controls={`${idPrefix}-panel-${t.id}`}
              tabIndex={active ? 0 : -1}
              onClick={() => setSelected(t.id)}
              onPointerEnter={t.preload}
              onFocus={t.preload}
            >
              {t.title}
            </button>
          );
        })}
      </div>
      {current && (
        <div
          className="player-tabpanel"
          role="tabpanel"
          id={`${idPrefix}-panel-${current.id}`}
          aria-labelledby={`${idPrefix}-tab-${current.id}`}
          data-testid={`panel-${current.id}`}
        >
          {current.content}
        </div>
      )}
    </div>
  );
}
