import type { DemoPlugin, NodeSummary } from '../../plugin/plugin';
import type { RedlockContext } from '../../algorithms/redlock/types';
import type { NodeView } from '../../sim/types';
import HolderTimeline from './HolderTimeline';
import KeysAndClocks from './KeysAndClocks';
import StorageLog from './StorageLog';
import './redlock.css';

/** Outline of a client that holds the lock and of a Redis node that has the key set. */
const HELD = 'var(--accent)';

function timerOf(node: NodeView, name: string | null, label: string): NodeSummary['timer'] {
  const timer = name === null ? undefined : node.timers.find((t) => t.name === name);
  return timer ? { label, setAt: timer.setAt, at: timer.at } : null;
}

/** How each role reads in the topology, with the names used in machine.ts and the article. */
export function describeRedlockNode(node: NodeView): NodeSummary {
  const ctx = node.state as RedlockContext;
  switch (ctx.role) {
    case 'client': {
      const facts: string[] = [];
      if (ctx.value !== null) facts.push(ctx.value);
      if (node.role === 'acquiring' || node.role === 'deciding')
        facts.push(`${ctx.granted.length}/${ctx.config.redis.length} OK`);
      if (ctx.token !== null) facts.push(`token ${ctx.token}`);
      return {
        role: node.role,
        facts,
        timer: timerOf(node, ctx.validityTimer, 'validity deadline'),
        ...(node.role === 'holding' ? { colour: HELD } : {}),
      };
    }
    case 'redis': {
      const key = ctx.keys['lock'];
      return {
        role: node.role,
        facts: [key ? `lock ${key.value}` : 'no key'],
        timer: key ? timerOf(node, 'expire:lock', 'key expiry') : null,
        ...(key ? { colour: HELD } : {}),
      };
    }
    case 'storage':
      return {
        role: 'storage',
        facts: [
          `${ctx.writes.length} write${ctx.writes.length === 1 ? '' : 's'}`,
          ...(ctx.fencing ? [`max token ${ctx.highest ?? '–'}`] : []),
        ],
        timer: null,
      };
    case 'tokens':
      return { role: 'tokens', facts: [`issued ${ctx.counter}`], timer: null };
  }
}

/** Redlock's views for the shared player. */
export const redlockPlugin: DemoPlugin = {
  kind: 'player',
  describeNode: describeRedlockNode,
  panels: [
    { id: 'holders', title: 'Who believes they hold the lock', Component: HolderTimeline },
    { id: 'keys', title: 'Keys and clocks on the Redis nodes', Component: KeysAndClocks },
    { id: 'storage', title: 'Storage S: write log', Component: StorageLog },
  ],
  leader: () => null,
  roles: [
    { role: 'holds the lock, or has the key', colour: HELD },
    { role: 'other states', colour: 'var(--muted)' },
  ],
  timerLegend: 'a client’s validity or a key’s TTL',
};

export default redlockPlugin;
