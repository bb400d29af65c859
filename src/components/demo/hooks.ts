import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { Micros } from '../../sim/types';
import type { PlayerStore } from '../../stores/player';

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
 * The player's drawn time for text: while playing it changes every frame, faster than anyone can
 * read, so readers of this hook re-render at most every `everyMs`; paused, on every change.
 */
export function useReadableTime(store: PlayerStore, everyMs = 100): Micros {
  const subscribe = useCallback(
    (notify: () => void) => {
      let last = -Infinity;
      return store.subscribe((state, previous) => {
        if (state.time === previous.time && state.playing === previous.playing) return;
        const now = performance.now();
        if (state.playing && now - last < everyMs) return;
        last = now;
        notify();
      });
    },
    [store, everyMs],
  );
  const read = useCallback(() => store.getState().time, [store]);
  return useSyncExternalStore(subscribe, read, read);
}
