/**
 * What an algorithm hands the kernel: its node machine, how to build and rebuild nodes, what
 * survives a crash, how to narrate and how to check its invariants. The kernel knows nothing
 * else about the algorithm.
 */
import type { AnyStateMachine } from 'xstate';
import type { Translate } from './i18n';
import type { Action, Micros, NodeId, Violation } from './types';

/** A message as machines send it; it is delivered to the receiving machine as its event. */
export interface SimMessage {
  readonly type: string;
}

/**
 * Effects a node machine emits (XState `emit`). The machine decides; the kernel does: it turns
 * sends and timers into future events and keeps the persistent state on "disk".
 */
export type Effect =
  | { type: 'send'; to: NodeId; message: SimMessage }
  /** A timer in local-clock microseconds; with min/max the kernel draws the duration uniformly. */
  | { type: 'set-timer'; name: string; duration: Micros }
  | { type: 'set-timer'; name: string; min: Micros; max: Micros }
  | { type: 'cancel-timer'; name: string }
  /** Write the persistent part of the context to stable storage (it survives a crash). */
  | { type: 'persist' }
  /** Why the machine decided what it did, for narration: the kernel carries it and does nothing. */
  | NoteEffect
  /** Several effects from one step, carried out in order. */
  | { type: 'batch'; effects: readonly Effect[] };

/**
 * A note an algorithm's machine leaves for its narration ("vote refused: my log is more up to
 * date"), so that narration says why without working the decision out again. Each algorithm
 * defines its own kinds and fields.
 */
export interface NoteEffect {
  readonly type: 'note';
  readonly kind: string;
}

/**
 * Events the kernel sends to a node machine, besides the messages themselves. `now` is the node's
 * local clock reading as it handles the event (microseconds; it follows clock jumps and rates), so
 * a machine that needs its clock reads it here instead of keeping a copy of its own.
 */
export type KernelEvent =
  | { type: 'timeout'; timer: string; now?: Micros }
  | { type: 'client'; request: number; payload: unknown; now?: Micros };

/** A node as invariants and narration see it. */
export interface NodeStatus<C = unknown> {
  readonly id: NodeId;
  readonly up: boolean;
  readonly role: string;
  readonly context: C;
}

/** Everything known about one processed event, for the algorithm's narration. */
export interface NarrationInput<C = unknown> {
  kind: 'deliver' | 'drop' | 'timer' | 'action' | 'crash' | 'restart' | 'resume';
  time: Micros;
  node?: NodeId;
  message?: { id: number; from: NodeId; to: NodeId; body: SimMessage };
  /** Why a message was dropped: "loss", "partition", "down". */
  dropReason?: 'loss' | 'partition' | 'down';
  timer?: string;
  action?: Action;
  before?: { role: string; context: C };
  after?: { role: string; context: C };
  effects: readonly Effect[];
  nodes: readonly NodeId[];
}

/** Where in the run a check happens. */
export interface CheckedEvent {
  readonly index: number;
  readonly time: Micros;
}

/** A problem found by a checker, before the kernel stamps it with the event index and time. */
export interface Finding {
  invariant: string;
  detail: string;
}

/**
 * Invariants are functions of the global state checked after every event. Some need history
 * (who led which term, what was committed), so a checker may keep ghost state; save/load let the
 * kernel checkpoint it with the rest of the world.
 */
export interface InvariantChecker<C = unknown> {
  readonly names: readonly string[];
  /**
   * `changed` is the index of the only node whose state may have changed, or -1 for any; `event`
   * is the trace position and global time of the event just processed (nodes know only their
   * local clocks).
   */
  check(nodes: readonly NodeStatus<C>[], changed: number, event: CheckedEvent): Finding[];
  save(): unknown;
  load(saved: unknown): void;
}

export interface NetworkDefaults {
  latencyMin: Micros;
  latencyMax: Micros;
  loss: number;
  duplication: number;
}

export interface SimulationSpec<C = unknown, S = unknown, P = Record<string, unknown>> {
  nodeIds(params: P): NodeId[];
  machine: AnyStateMachine;
  /** Input of a fresh node at the start of the run. */
  input(node: NodeId, nodes: readonly NodeId[], params: P): unknown;
  /** The part of the context that survives a crash. */
  persistent(context: C): unknown;
  /** Input of a node restarting from its persistent state only. */
  restartInput(node: NodeId, nodes: readonly NodeId[], params: P, persisted: unknown): unknown;
  network(params: P): NetworkDefaults;
  /** The timer a "timeout" action fires at once (e.g. Raft's election timer). */
  forcedTimer: string;
  /** Who receives a client request that names no node; null when nobody can take it. */
  clientTarget(nodes: readonly NodeStatus<C>[]): NodeId | null;
  /** The plain data views draw for a node. */
  viewState(context: C): S;
  /** One-line summary of a message for tooltips and the log. */
  label(message: SimMessage): string;
  /**
   * Plain words for an event, or null to use the kernel's generic sentence. `text` gives the
   * algorithm's own messages (its `messages` in defineAlgorithm) in the run's language, English
   * for a key that language lacks; without it, or for an algorithm that keeps no messages, English.
   */
  narrate(input: NarrationInput<C>, text?: Translate): string | null;
  /**
   * A few words when the event is a turn of the story ("S2 is elected leader of term 3"), or null.
   * The player marks these as chapters on the timeline; it is asked whenever narration is.
   */
  milestone?(input: NarrationInput<C>, text?: Translate): string | null;
  createChecker(): InvariantChecker<C>;
}

export type { Violation };
