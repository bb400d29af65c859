import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { PlayerState, PlayerStore } from '../stores/player';

/** Follows the reader's reduced-motion preference, live. */
export function useReducedMotion(): boolean {
  const [reduced, setReduced] = useState(false);
  useEffect(() => {
    const query = window.matchMedia('(prefers-reduced-motion: reduce)');
    setReduced(query.matches);
    const onChange = () => setReduced(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return reduced;
}

/** Offers a text as a file download. */
export function download(filename: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * A value of the player's state for text and lists that follow playback. While playing it can
 * change every frame, faster than anyone reads, so readers of this hook re-render at most every
 * `everyMs` then; paused, on every change. `select` must return a primitive.
 */
export function useReadable<T extends string | number | boolean | null>(
  store: PlayerStore,
  select: (state: PlayerState) => T,
  everyMs = 100,
): T {
  const subscribe = useCallback(
    (notify: () => void) => {
      let last = -Infinity;
      let trailing: ReturnType<typeof setTimeout> | undefined;
      const unsubscribe = store.subscribe((state, previous) => {
        if (select(state) === select(previous) && state.playing === previous.playing) return;
        clearTimeout(trailing);
        const now = performance.now();
        if (state.playing && now - last < everyMs) {
          // The last change before a quiet spell still shows, a moment later.
          trailing = setTimeout(() => {
            last = performance.now();
            notify();
          }, everyMs);
          return;
        }
        last = now;
        notify();
      });
      return () => {
        clearTimeout(trailing);
        unsubscribe();
      };
    },
    [store, select, everyMs],
  );
  const read = useCallback(() => select(store.getState()), [store, select]);
  return useSyncExternalStore(subscribe, read, read);
}

/**
 * The rendered width of an element, followed as it resizes, so a drawing sized in pixels keeps its
 * text at its real size on a phone and on a desktop. Clamped to [min, max].
 */
export function useWidth<T extends HTMLElement>(fallback: number, { min = 0, max = Infinity } = {}) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      const measured = Math.round(entry?.contentRect.width ?? 0);
      if (measured > 0) setWidth(Math.min(max, Math.max(min, measured)));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [min, max]);
  return [ref, width] as const;
}
