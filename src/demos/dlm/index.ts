import { lazy } from 'react';
import type { DlmContext } from '../../algorithms/dlm/types';
import type { DemoPlugin, NodeSummary } from '../../plugin/plugin';
import type { NodeView } from '../../sim/types';
import Queues from './Queues';
import './dlm.css';

// Panels behind tabs that do not open first come with their tab.
const Clients = lazy(() => import('./Clients'));
const Timeline = lazy(() => import('./Timeline'));

const HELD = 'var(--accent)';
const WAITING = 'var(--warn)';

function timerOf(node: NodeView, name: string | null, label: string): NodeSummary['timer'] {
  const timer = name === null ? undefined : node.timers.find((t) => t.name === name);
  return timer ? { label, setAt: timer.setAt, at: timer.at } : null;
}

/** How each process reads in the topology, with the names machine.ts and the article use. */
export function describeDlmNode(node: NodeView): NodeSummary {
  const ctx = node.state as DlmContext;
  switch (ctx.role) {
    case 'client': {
      const facts: string[] = [];
      if (ctx.mode) facts.push(`holds ${ctx.mode}`);
      if (ctx.requested) facts.push(`wants ${ctx.requested}`);
      if (ctx.token !== null) facts.push(`token ${ctx.token}`);
      if (facts.length === 0) facts.push(ctx.lease === null ? 'no lease' : `lease ${ctx.lease}`);
      return {
        role: node.role,
        facts,
        timer: timerOf(node, ctx.deadlineTimer, 'lease deadline'),
        ...(ctx.mode ? { colour: HELD } : ctx.requested ? { colour: WAITING } : {}),
      };
    }
    case 'manager':
      return {
        role: 'lock manager',
        facts: [`${ctx.granted.length} granted`, `${ctx.converting.length + ctx.waiting.length} queued`],
        timer: null,
        emphasis: true,
      };
    case 'backend':
      return {
        role: ctx.kind,
        facts: [`rev ${ctx.store.revision}`, `${Object.keys(ctx.store.leases).length} leases`],
        timer: null,
      };
  }
}

/** The lock manager's views for the shared player. */
export const dlmPlugin: DemoPlugin = {
  kind: 'player',
  describeNode: describeDlmNode,
  panels: [
    { id: 'queues', title: 'Resource R: queues and the matrix', tab: 'Queues', Component: Queues },
    { id: 'clients', title: 'Each client’s mode and lease', tab: 'Clients', Component: Clients },
    { id: 'timeline', title: 'Who holds what', tab: 'Holds', Component: Timeline },
  ],
  leader: () => 'M',
  faults: {
    node: ['crash', 'restart', 'pause', 'clock-rate'],
    messages: true,
    partitions: true,
    network: true,
    client: {
      label: 'Lock request',
      placeholder: 'lock PR',
      hint: 'Send to a client: "lock PR" (any of NL CR CW PR PW EX), "convert EX" or "unlock".',
      accepts: (node) => (node.state as DlmContext).role === 'client',
    },
  },
  defaultSpeed: 0.1,
  // The run opens at its start: the manager's watch goes out at once and the first client asks 20 ms in.
  cue: () =>
    'Clients ask M for modes; M grants what the matrix allows and queues the rest. Pause a holder past its lease, or cut E off, to see leases and fencing at work.',
  roles: [
    { role: 'holds a mode', colour: HELD },
    { role: 'waits for a mode', colour: WAITING },
    { role: 'other states', colour: 'var(--muted)' },
  ],
  timerLegend: 'a client’s lease deadline on its own clock',
  messageColour: (kind) =>
    kind === 'Blocking' || kind === 'Denied'
      ? 'var(--danger)'
      : kind === 'Granted'
        ? 'var(--ok)'
        : kind === 'KeepAlive' || kind === 'KeepAliveAck'
          ? 'var(--muted)'
          : 'var(--fg)',
};

export default dlmPlugin;
