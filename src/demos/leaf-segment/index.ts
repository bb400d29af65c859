import { lazy } from 'react';
import type { DemoPlugin, NodeSummary } from '../../plugin/plugin';
import type { LeafContext } from '../../algorithms/leaf-segment/types';
import type { NodeView } from '../../sim/types';
import Buffers from './Buffers';
import Row from './Row';
import { ROLE_SHORT, serverView } from './state';
import './leaf-segment.css';

// The list of IDs handed out comes with its tab.
const HandedOut = lazy(() => import('./HandedOut'));

const DRY = 'var(--danger)';
const LOADING = 'var(--warn)';
const SERVING = 'var(--ok)';

function timerOf(node: NodeView, name: string, label: string): NodeSummary['timer'] {
  const timer = node.timers.find((t) => t.name === name);
  return timer ? { label, setAt: timer.setAt, at: timer.at } : null;
}

/** How each role reads in the topology, in the words of machine.ts and the article. */
export function describeLeafNode(node: NodeView): NodeSummary {
  const ctx = node.state as LeafContext;
  switch (ctx.role) {
    case 'client':
      return {
        role: 'client',
        facts: [`${ctx.got} IDs`, ...(ctx.failed > 0 ? [`${ctx.failed} failed`] : [])],
        timer: timerOf(node, 'ask', 'next request'),
      };
    case 'db':
      return { role: 'database', facts: [`max_id ${ctx.maxId}`, `step ${ctx.step}`], timer: null };
    case 'server': {
      const view = serverView(node);
      const current = view?.slots.find((s) => s.current);
      const other = view?.slots.find((s) => !s.current);
      const facts: string[] = [];
      if (current && current.size > 0) facts.push(`${current.size - current.used} of ${current.size} left`);
      if (other?.state === 'ready') facts.push('next ready');
      else if (view?.loading) facts.push('loading next');
      const colour =
        node.role === 'dry' ? DRY : view?.loading ? LOADING : node.role === 'serving' ? SERVING : undefined;
      return {
        role: ROLE_SHORT[node.role] ?? node.role,
        facts,
        timer: timerOf(node, 'db', 'waiting for the database'),
        ...(colour ? { colour } : {}),
      };
    }
  }
}

/** Leaf segment mode's views for the shared player. */
export const leafPlugin: DemoPlugin = {
  kind: 'player',
  describeNode: describeLeafNode,
  panels: [
    { id: 'buffers', title: 'Double buffers of the Leaf servers', tab: 'Buffers', Component: Buffers },
    { id: 'row', title: 'The leaf_alloc row', tab: 'Row', Component: Row },
    { id: 'ids', title: 'IDs handed out', tab: 'IDs', Component: HandedOut },
  ],
  leader: () => null,
  faults: {
    node: ['crash', 'restart', 'pause'],
    messages: true,
    partitions: true,
    network: true,
    client: {
      label: 'Ask for IDs',
      placeholder: '5',
      hint: 'How many IDs, from 1 to 100,000; the client asks the next server in its turn.',
      // Servers and the database ask for nothing.
      accepts: (node) => (node.state as LeafContext).role === 'client',
    },
  },
  defaultSpeed: 0.1,
  opening: (run) => {
    // Open just before the first client asks for IDs.
    if (!run.step()) return 0;
    const [entry] = run.entries(0, 1);
    return Math.max(0, (entry?.time ?? 0) - 20_000);
  },
  cue: () =>
    'Each Leaf server hands out IDs from a segment it leased from the database row; past 10% used it loads the next one into its other buffer. Cut the database off or crash a server from its menu.',
  roles: [
    { role: 'serving, next segment ready', colour: SERVING },
    { role: 'loading the next segment', colour: LOADING },
    { role: 'both buffers empty', colour: DRY },
  ],
  timerLegend: 'a server waiting for the database, or a client’s next request',
  messageKinds: [
    { kind: 'Get / Ids', colour: 'var(--fg)' },
    { kind: 'Claim / Claimed', colour: 'var(--accent)' },
  ],
  messageColour: (kind) => (kind === 'Get' || kind === 'Ids' ? 'var(--fg)' : 'var(--accent)'),
};

export default leafPlugin;
