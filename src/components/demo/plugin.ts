import type { ComponentType } from 'react';
import type { Micros, NodeId, NodeView, WorldView } from '../../sim/types';

/** How one node reads in the topology view: a few short facts drawn under its name. */
export interface NodeSummary {
  /** Role as the reader sees it, e.g. "leader". */
  role: string;
  /** Lines shown inside or under the node, e.g. "term 3", "votes 2/5". */
  facts: string[];
  /** A countdown to draw around the node (e.g. the election timeout), if the node has one. */
  timer: { label: string; setAt: Micros; at: Micros } | null;
  /** Outline colour of the node (a CSS colour); by default derived from the role. */
  colour?: string;
}

export interface InvariantInfo {
  name: string;
  description: string;
}

export interface PanelProps {
  world: WorldView;
}

/**
 * What an algorithm adds to the shared player: how its nodes read, its own panels (such as Raft's
 * logs), the invariants it checks, and which node leads (for the "isolate the leader" preset).
 */
export interface DemoPlugin {
  describeNode(node: NodeView): NodeSummary;
  panels: { id: string; title: string; Component: ComponentType<PanelProps> }[];
  invariants: InvariantInfo[];
  leader(world: WorldView): NodeId | null;
  /** Roles the legend explains, with the CSS colour variable each uses. */
  roles: { role: string; colour: string }[];
  /** Message kinds the legend explains (optional), with their colour. */
  messageKinds?: { kind: string; colour: string }[];
  /** What the arc around a node stands for, in the legend (default: Raft's election timer). */
  timerLegend?: string;
  /** Colour of a message by kind in the topology and the space-time diagram (default: the shared palette). */
  messageColour?(kind: string): string;
  /** Drawn between the transport and the diagrams, for news that must not be missed (a blocked participant). */
  Banner?: ComponentType<PanelProps>;
}

/**
 * A role as a word: XState reports nested states as an object ({"participant":"prepared"}), which
 * reads best as its innermost state.
 */
export function readableRole(role: string): string {
  if (!role.startsWith('{')) return role;
  try {
    let value: unknown = JSON.parse(role);
    while (typeof value === 'object' && value !== null) {
      const inner = Object.values(value)[0];
      if (inner === undefined) break;
      value = inner;
    }
    return typeof value === 'string' ? value : role;
  } catch {
    return role;
  }
}

/** Used by algorithms that bring no views of their own: the role is all that is shown. */
export const genericPlugin: DemoPlugin = {
  describeNode: (node) => ({ role: readableRole(node.role), facts: [], timer: null }),
  panels: [],
  invariants: [],
  leader: () => null,
  roles: [],
};
