import { useEffect, useLayoutEffect, useState, type RefObject } from 'react';
import type { Micros } from '../sim/types';

/**
 * The drawn time while it changes every frame. Views that animate subscribe to it and redraw a
 * canvas themselves, so a frame between two events costs no React render and no DOM change.
 */
export interface TimeSource {
  now(): Micros;
  /** Calls `listener` whenever the drawn time changes; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

/**
 * A canvas's own size in CSS pixels and the device pixel ratio, following layout changes. The
 * backing store is resized to match, so drawings stay sharp on every screen.
 */
export function useCanvasSize(ref: RefObject<HTMLCanvasElement | null>): {
  width: number;
  height: number;
  ratio: number;
} {
  const [size, setSize] = useState({ width: 0, height: 0, ratio: 1 });
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const measure = () => {
      const ratio = window.devicePixelRatio || 1;
      const width = canvas.clientWidth;
      const height = canvas.clientHeight;
      const pixelsWide = Math.max(1, Math.round(width * ratio));
      const pixelsHigh = Math.max(1, Math.round(height * ratio));
      // Assigning the size clears the canvas, so only on a real change.
      if (canvas.width !== pixelsWide) canvas.width = pixelsWide;
      if (canvas.height !== pixelsHigh) canvas.height = pixelsHigh;
      setSize((old) =>
        old.width === width && old.height === height && old.ratio === ratio ? old : { width, height, ratio },
      );
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(canvas);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}

/** A number that changes whenever the site's theme (light or dark) may have changed. */
export function useThemeVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const bump = () => setVersion((v) => v + 1);
    const observer = new MutationObserver(bump);
    observer.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-theme', 'class'],
    });
    const scheme = window.matchMedia('(prefers-color-scheme: dark)');
    scheme.addEventListener('change', bump);
    return () => {
      observer.disconnect();
      scheme.removeEventListener('change', bump);
    };
  }, []);
  return version;
}

/**
 * Turns the CSS colours the views use (`var(--accent, #0b5cad)`, `hsl(…)`) into colours a canvas
 * understands, as the element sees them in the current theme. Reading a computed style makes the
 * browser bring its styles up to date, so results are kept until the theme changes.
 */
export class ColourResolver {
  private readonly cache = new Map<string, string>();
  private fontFamily: string | null = null;

  constructor(private readonly element: () => HTMLElement | null) {}

  resolve(css: string): string {
    const known = this.cache.get(css);
    if (known !== undefined) return known;
    const element = this.element();
    if (!element) return css;
    const previous = element.style.color;
    element.style.color = css;
    const resolved = getComputedStyle(element).color || css;
    element.style.color = previous;
    this.cache.set(css, resolved);
    return resolved;
  }

  /** The element's font family, for text drawn on the canvas. */
  font(): string {
    const element = this.element();
    if (this.fontFamily === null && element) this.fontFamily = getComputedStyle(element).fontFamily;
    return this.fontFamily || 'sans-serif';
  }

  clear(): void {
    this.cache.clear();
    this.fontFamily = null;
  }
}

/**
 * A colour resolver for a canvas, emptied when the theme changes, and the theme's version: a
 * drawing that depends on it redraws with the new colours.
 */
export function useColours(ref: RefObject<HTMLElement | null>): [ColourResolver, number] {
  const theme = useThemeVersion();
  const [colours] = useState(() => new ColourResolver(() => ref.current));
  // Runs before the drawing effects of the same component, which are declared after this hook.
  useLayoutEffect(() => colours.clear(), [colours, theme]);
  return [colours, theme];
}

/** Maps a `width` × `height` view box into a canvas the way SVG's default `xMidYMid meet` does. */
export function fitViewBox(
  context: CanvasRenderingContext2D,
  canvas: { width: number; height: number },
  width: number,
  height: number,
): number {
  const scale = Math.min(canvas.width / width, canvas.height / height);
  context.setTransform(
    scale,
    0,
    0,
    scale,
    (canvas.width - width * scale) / 2,
    (canvas.height - height * scale) / 2,
  );
  return scale;
}
