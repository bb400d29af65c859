/**
 * Colours come from the site's CSS custom properties so both themes work; the fallbacks keep the
 * views legible when a page does not define them.
 */
export const colour = {
  bg: 'var(--bg, #ffffff)',
  raised: 'var(--bg-raised, #f3f4f1)',
  fg: 'var(--fg, #1b1d1f)',
  muted: 'var(--muted, #54595f)',
  accent: 'var(--accent, #0b5cad)',
  border: 'var(--border, #d3d6d2)',
  danger: 'var(--danger, #b3261e)',
  ok: 'var(--ok, #1d6b35)',
  warn: 'var(--warn, #8a5a00)',
} as const;

/** Role colours: leaders stand out, candidates warn, followers stay quiet. */
export function roleColour(role: string): string {
  if (role === 'leader') return colour.accent;
  if (role === 'candidate') return colour.warn;
  return colour.muted;
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

/** Message colours by kind; replies are drawn hollow in the same colour as their request. */
export function messageColour(kind: string): string {
  const k = kind.toLowerCase();
  if (k.includes('vote')) return colour.warn;
  if (k.includes('append') || k.includes('heartbeat')) return colour.accent;
  if (k.includes('client')) return colour.ok;
  return colour.fg;
}

export function isReply(kind: string): boolean {
  return /repl|response|ack|result/i.test(kind);
}
