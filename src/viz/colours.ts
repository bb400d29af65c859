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

export function isReply(kind: string): boolean {
  return /repl|response|ack|result/i.test(kind);
}

/** Messages of a demo that gives them no colours of its own. */
export function plainMessage(): string {
  return colour.fg;
}
