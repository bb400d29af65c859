/**
 * The linear scale and round ticks the demos' small charts need, without D3's scale module (about
 * 10 KB gzip of the demo pages' budget). Ticks follow D3's rule: steps of 1, 2 or 5 times a power
 * of ten, about `count` of them, at multiples of the step.
 */

export interface LinearScale {
  (value: number): number;
  ticks(count: number): number[];
}

export function linearScale(
  [d0, d1]: readonly [number, number],
  [r0, r1]: readonly [number, number],
  { clamp = false }: { clamp?: boolean } = {},
): LinearScale {
  const span = d1 - d0;
  const scale = ((value: number) => {
    const t = span === 0 ? 0.5 : (value - d0) / span;
    return r0 + (clamp ? Math.min(1, Math.max(0, t)) : t) * (r1 - r0);
  }) as LinearScale;
  scale.ticks = (count) => ticks(Math.min(d0, d1), Math.max(d0, d1), count);
  return scale;
}

/** Round values from `start` to `stop`, about `count` of them (D3's tickStep rule). */
export function ticks(start: number, stop: number, count: number): number[] {
  if (!(count > 0) || !Number.isFinite(start) || !Number.isFinite(stop)) return [];
  if (start === stop) return [start];
  const spec = tickSpec(start, stop, count);
  if (!spec) return [];
  const [first, last, inc] = spec;
  const out: number[] = [];
  // Multiples of the step, divided rather than multiplied below 1 so that 0.1 stays 0.1.
  for (let i = first; i <= last; i++) out.push(inc < 0 ? i / -inc : i * inc);
  return out;
}

function tickSpec(start: number, stop: number, count: number): [number, number, number] | null {
  const raw = (stop - start) / count;
  const power = Math.floor(Math.log10(raw));
  const error = raw / 10 ** power;
  const factor = error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1;
  let first: number;
  let last: number;
  let inc: number;
  if (power < 0) {
    inc = 10 ** -power / factor;
    first = Math.round(start * inc);
    last = Math.round(stop * inc);
    if (first / inc < start) first++;
    if (last / inc > stop) last--;
    inc = -inc;
  } else {
    inc = 10 ** power * factor;
    first = Math.round(start / inc);
    last = Math.round(stop / inc);
    if (first * inc < start) first++;
    if (last * inc > stop) last--;
  }
  // Asked for one or so ticks where none falls: ask for twice as many.
  if (last < first && count >= 0.5 && count < 2) return tickSpec(start, stop, count * 2);
  return last < first ? null : [first, last, inc];
}

/** Equal bands for categories with a fraction of each band left as padding (D3's scaleBand). */
export function bandScale(domain: readonly string[], [r0, r1]: readonly [number, number], padding: number) {
  const n = domain.length;
  const step = n === 0 ? 0 : (r1 - r0) / Math.max(1, n - padding + padding * 2);
  const bandwidth = step * (1 - padding);
  const start = r0 + step * padding;
  const index = new Map(domain.map((d, i) => [d, i]));
  const band = (value: string): number | undefined => {
    const i = index.get(value);
    return i === undefined ? undefined : start + step * i;
  };
  return Object.assign(band, { bandwidth: () => bandwidth });
}
