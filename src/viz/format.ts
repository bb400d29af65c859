import type { Micros } from '../sim/types';

/** Virtual time for people: milliseconds with three decimals below one second, seconds above. */
export function formatMicros(t: Micros): string {
  if (Math.abs(t) < 1_000_000) return `${(t / 1000).toFixed(3)} ms`;
  return `${(t / 1_000_000).toFixed(4)} s`;
}

export function formatSpeed(speed: number): string {
  if (speed >= 1) return `${speed.toFixed(speed >= 10 ? 0 : 1)}×`;
  return `${Number(speed.toPrecision(2))}×`;
}
