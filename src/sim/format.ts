import type { Micros } from './types';

/** "150 ms", "2.5 s", "300 µs": durations as a reader says them. */
export function formatDuration(us: Micros): string {
  const abs = Math.abs(us);
  if (abs >= 1_000_000) return `${trim(us / 1_000_000)} s`;
  if (abs >= 1_000) return `${trim(us / 1_000)} ms`;
  return `${us} µs`;
}

/** A time on the run's clock, in milliseconds: "t=1250.5 ms". */
export function formatTime(us: Micros): string {
  return `${trim(us / 1000)} ms`;
}

function trim(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

/** "S1, S2 and S3" */
export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
