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
    { id: 'holders', title: 'Who believes they hold the lock', tab: 'Holders', Component: HolderTimeline },
    {
      id: 'keys',
      title: 'Keys and clocks on the Redis nodes',
      tab: 'Keys and clocks',
      Component: KeysAndClocks,
    },
    { id: 'storage', title: 'Storage S: write log', tab: 'Storage', Component: StorageLog },
  ],
  leader: () => null,
  faults: {
    node: ['crash', 'restart', 'pause', 'clock-jump', 'clock-rate'],
    messages: true,
    partitions: true,
    network: true,
    client: {
      label: 'Client request',
      placeholder: 'acquire',
      hint: 'Send to a client: "acquire", "extend" or "release".',
      // A Redis node or the storage asks for no lock.
      accepts: (node) => (node.state as RedlockContext).role === 'client',
    },
  },
  defaultSpeed: 0.05,
  opening: (run) => {
    // Open just before the first client asks for the lock.
    if (!run.step()) return 0;
    const [entry] = run.entries(0, 1);
    return Math.max(0, (entry?.time ?? 0) - 20_000);
  },
  cue: () =>
    'Each client asks every Redis node to set the lock’s key; with a majority in time it holds the lock until its validity runs out. Pause a client or jump a clock to see two holders.',
  roles: [
    { role: 'holds the lock, or has the key', colour: HELD },
    { role: 'other states', colour: 'var(--muted)' },
  ],
  timerLegend: 'a client’s validity or a key’s TTL',
};

export default redlockPlugin;
