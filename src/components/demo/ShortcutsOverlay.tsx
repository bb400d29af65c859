import { useEffect, useRef } from 'react';
import { useUi, usePlayerContext } from '../../plugin/context';

export const SHORTCUTS: [string, string][] = [
  ['Space', 'play or pause'],
  ['→ / ←', 'step one event forwards / back'],
  ['Shift + → / ←', 'jump ten events'],
  ['Home / End', 'go to the start / the last computed event'],
  ['r', 'reset to the start of the scenario'],
  ['s', 'make a share link'],
  ['?', 'show or hide this list'],
];

/** The list of keyboard shortcuts, opened with "?" inside the player. */
export default function ShortcutsOverlay() {
  const { ui, idPrefix } = usePlayerContext();
  const open = useUi((s) => s.shortcutsOpen);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    // Focus moves into the list and returns to where it was, so the shortcuts keep working after.
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    closeRef.current?.focus();
    return () => before?.focus();
  }, [open]);
  if (!open) return null;
  return (
    <div
      className="player-shortcuts"
      role="dialog"
      aria-modal="false"
      aria-labelledby={`${idPrefix}-shortcuts-title`}
    >
      <h3 id={`${idPrefix}-shortcuts-title`}>Keyboard shortcuts</h3>
      <p className="muted">They work while the focus is inside the player and not in a text field.</p>
      <dl>
        {SHORTCUTS.map(([key, what]) => (
          <div key={key}>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <button type="button" ref={closeRef} onClick={() => ui.getState().setShortcutsOpen(false)}>
        Close
      </button>
    </div>
  );
}
