/**
 * A trace in the plain-text form ShiViz reads: for each event, a line describing it, then the
 * process name and its vector clock as JSON. In ShiViz, parse it with the regular expression
 *   (?<event>.*)\n(?<host>\S*) (?<clock>{.*})
 */
import type { TraceEntry } from './types';

export const SHIVIZ_REGEX = '(?<event>.*)\\n(?<host>\\S*) (?<clock>{.*})';

export function toShiViz(entries: readonly TraceEntry[]): string {
  const clocks = new Map<string, Record<string, number>>();
  /** The sender's clock when it sent each message, merged into the receiver's on delivery. */
  const atSend = new Map<number, Record<string, number>>();
  const out: string[] = [];
  for (const e of entries) {
    if (!e.node) continue; // network-wide actions (partition, heal, ...) belong to no process
    const clock = { ...(clocks.get(e.node) ?? {}) };
    if (e.kind === 'deliver' && e.message) {
      const sent = atSend.get(e.message.id);
      if (sent) for (const [k, v] of Object.entries(sent)) clock[k] = Math.max(clock[k] ?? 0, v);
    }
    clock[e.node] = (clock[e.node] ?? 0) + 1;
    clocks.set(e.node, clock);
    for (const id of e.sent) atSend.set(id, clock);
    out.push(e.narration.replace(/\s*\n\s*/g, ' '));
    out.push(`${e.node} ${JSON.stringify(clock)}`);
  }
  return out.join('\n');
}
