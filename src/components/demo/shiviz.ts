import type { NodeId, TraceEntry } from '../../sim/types';

/** The regular expression to paste into ShiViz for logs made by `toShiViz`. */
export const SHIVIZ_PARSER = '(?<event>.*)\\n(?<host>\\S+) (?<clock>\\{.*\\})';

/**
 * Writes a trace as a ShiViz log: each event on one line, then its process and vector clock.
 * A delivery merges the clock the sender had when it sent the message.
 */
export function toShiViz(entries: readonly TraceEntry[]): string {
  const clocks = new Map<NodeId, Record<NodeId, number>>();
  const sentWith = new Map<number, Record<NodeId, number>>();
  const lines = [SHIVIZ_PARSER, ''];
  for (const entry of entries) {
    const host = entry.node ?? (entry.action && 'node' in entry.action ? entry.action.node : undefined);
    if (!host) continue;
    const clock = { ...(clocks.get(host) ?? {}) };
    if (entry.kind === 'deliver' && entry.message) {
      for (const [node, tick] of Object.entries(sentWith.get(entry.message.id) ?? {})) {
        clock[node] = Math.max(clock[node] ?? 0, tick);
      }
    }
    clock[host] = (clock[host] ?? 0) + 1;
    clocks.set(host, clock);
    for (const id of entry.sent) sentWith.set(id, clock);
    lines.push(entry.narration.replace(/\s+/g, ' '), `${host} ${JSON.stringify(clock)}`);
  }
  return `${lines.join('\n')}\n`;
}
