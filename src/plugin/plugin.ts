import type { ComponentType } from 'react';
import type { Micros, NodeId, NodeView, WorldView } from '../sim/types';

/** How one node reads in the topology view: a few short facts drawn under its name. */
export interface NodeSummary {
  /** Role as the reader sees it, e.g. "leader". */
  role: string;
  /** Lines shown inside or under the node, e.g. "term 3", "votes 2/5". */
  facts: string[];
  /** A countdown to draw around the node (e.g. the election timeout), if the node has one. */
  timer: { label: string; setAt: Micros; at: Micros } | null;
  /** Outline colour of the node (a CSS colour); by default the colour its plugin gives the role. */
  colour?: string;
  /** Drawn with a heavier outline: the node the others follow (a leader). */
  emphasis?: boolean;
}

export interface PanelProps {
  world: WorldView;
}

/**
 * What an algorithm's demo adds to the shared player: how its nodes read, its own panels (such as
 * Raft's logs), and which node leads (for the "isolate the leader" preset). The algorithm's
 * module, loaded beside it, brings the rest (invariants, scenarios, parameters).
 */
export interface DemoPlugin {
  kind: 'player';
  describeNode(node: NodeView): NodeSummary;
  panels: { id: string; title: string; Component: ComponentType<PanelProps> }[];
  leader(world: WorldView): NodeId | null;
  /** Roles the legend explains, with the CSS colour each is outlined in (the node's default). */
  roles: { role: string; colour: string }[];
  /** Message kinds the legend explains (optional), with their colour. */
  messageKinds?: { kind: string; colour: string }[];
  /** What the arc around a node stands for, in the legend (none: no arc is explained). */
  timerLegend?: string;
  /** Colour of a message by kind in the topology and the space-time diagram (default: the text colour). */
  messageColour?(kind: string): string;
  /** Drawn between the transport and the diagrams, for news that must not be missed (a blocked participant). */
  Banner?: ComponentType<PanelProps>;
}

/** A demo of a pure model that does not run on the kernel: a view of its own, shown alone. */
export interface StandaloneDemo {
  kind: 'standalone';
  Component: ComponentType;
}

/** What src/demos/<id>/index.ts exports by default. */
export type DemoEntry = DemoPlugin | StandaloneDemo;

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

/** The outline of a node in this role: the colour its plugin gives the role, or a quiet one. */
export function roleColour(plugin: Pick<DemoPlugin, 'roles'>, role: string): string | undefined {
  return plugin.roles.find((r) => r.role === role)?.colour;
}
