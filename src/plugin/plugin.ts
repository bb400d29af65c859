import type { ComponentType, ReactNode } from 'react';
import type { Micros, NodeId, NodeView, Run, WorldView } from '../sim/types';

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

/** What a demo's own picture is given: the world, and the fault menu of the node the reader picked. */
export interface StageProps extends PanelProps {
  selected: NodeId | null;
  onSelect(node: NodeId | null): void;
  /** The player's menu for the selected node, to show beside it. */
  menu: ReactNode;
}

/** What the menu at a node offers. */
export type NodeFault = 'crash' | 'restart' | 'pause' | 'timeout' | 'isolate' | 'clock-jump' | 'clock-rate';

/**
 * The faults that mean something for an algorithm: the player offers these and no others (a
 * Snowflake worker has no leader to isolate and takes no key-value command).
 */
export interface FaultVocabulary {
  /** What the menu at a node offers, in this order (restart only shows on a crashed node). */
  node: readonly NodeFault[];
  /** What a forced time-out does, in the algorithm's words ("Time out: start an election"). */
  timeoutLabel?: string;
  /** Messages in flight can be dropped and duplicated. */
  messages: boolean;
  /** The network can be split (and "isolate the leader" when the plugin names a leader). */
  partitions: boolean;
  /** Network-wide loss and latency. */
  network: boolean;
  /**
   * A box to send a client request: its label, a placeholder, and a line of help; `accepts` names
   * the nodes whose menu offers one (default: every node), since in some algorithms only clients take them.
   */
  client: { label: string; placeholder: string; hint: string; accepts?(node: NodeView): boolean } | null;
}

/**
 * What an algorithm's demo adds to the shared player: how its nodes read, its own panels (such as
 * Raft's logs), which faults apply, and how it opens. The algorithm's module, loaded beside it,
 * brings the rest (invariants, scenarios, parameters).
 */
export interface DemoPlugin {
  kind: 'player';
  describeNode(node: NodeView): NodeSummary;
  /** Its own panels: a tab each (`tab`, a word or two, or the title), the title heading the panel. */
  panels: { id: string; title: string; tab?: string; Component: ComponentType<PanelProps> }[];
  leader(world: WorldView): NodeId | null;
  /** Roles the legend explains, in the reader's words, with the CSS colour each is outlined in. */
  roles: { role: string; colour: string }[];
  faults: FaultVocabulary;
  /** Virtual time per real time on opening: slow enough to follow, fast enough that Play shows something at once. */
  defaultSpeed: number;
  /**
   * The moment the demo's own run opens at (virtual time), so the first thing worth watching
   * happens within a second of Play.
   */
  opening?(run: Run): Micros;
  /** One line by the picture saying what to watch now, when no chapter of a story speaks. */
  cue(world: WorldView): string;
  /**
   * The demo's own picture in place of the ring of nodes, for an algorithm whose nodes exchange no
   * messages (Snowflake's workers and their clocks).
   */
  Stage?: ComponentType<StageProps>;
  /** Whether the space-time diagram means anything here (default: it does). */
  spaceTime?: boolean;
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
