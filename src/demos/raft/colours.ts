/** Raft's colours: roles, message kinds, and a tint per term for the logs. */
import { colour } from '../../viz/colours';

export const ROLE_COLOURS = [
  { role: 'follower', colour: colour.muted },
  { role: 'precandidate', colour: colour.muted },
  { role: 'candidate', colour: colour.warn },
  { role: 'leader', colour: colour.accent },
] as const;

/** Votes warn, replication is the accent, client traffic is green; replies are drawn hollow. */
export function raftMessageColour(kind: string): string {
  if (kind.includes('Vote')) return colour.warn;
  if (kind.startsWith('AppendEntries')) return colour.accent;
  if (kind === 'ClientRequest') return colour.ok;
  return colour.fg;
}

// Hues far apart around the wheel, drawn as a light tint so text in --fg stays readable in both themes.
const TERM_HUES = [210, 30, 130, 280, 0, 175, 55, 320];

/** A tint per term, so entries of the same term read as one colour across all logs. */
export function termTint(term: number): string {
  const hue = TERM_HUES[Math.abs(term) % TERM_HUES.length] ?? 0;
  return `hsl(${hue} 70% 50% / 0.28)`;
}

export function termStroke(term: number): string {
  const hue = TERM_HUES[Math.abs(term) % TERM_HUES.length] ?? 0;
  return `hsl(${hue} 65% 45%)`;
}
