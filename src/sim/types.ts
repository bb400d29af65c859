/**
 * The contract between the simulation kernel, the algorithms and the player.
 *
 * Everything here is plain, serialisable data: the player and the views read it, never mutate it,
 * and it crosses a Web Worker boundary unchanged. Nothing in src/sim imports from the rest of the
 * project.
 */

/** Virtual time in integer microseconds since the start of the run. */
export type Micros = number;

/** A process name as the reader sees it: "S1", "C", "P2", "W07"... */
export type NodeId = string;

/** Faults and inputs a reader (or a scenario) can apply at a moment of virtual time. */
export type Action =
  | { type: 'crash'; node: NodeId }
  | { type: 'restart'; node: NodeId }
  | { type: 'pause'; node: NodeId; duration: Micros }
  | { type: 'timeout'; node: NodeId }
  | { type: 'partition'; groups: NodeId[][] }
  | { type: 'heal' }
  | { type: 'drop'; message: number }
  | { type: 'duplicate'; message: number }
  | { type: 'set-loss'; rate: number }
  | { type: 'set-duplication'; rate: number }
  | { type: 'set-latency'; min: Micros; max: Micros }
  /** Latency of one direction of one link, overriding the network-wide range. */
  | { type: 'set-link-latency'; from: NodeId; to: NodeId; min: Micros; max: Micros }
  | { type: 'clock-jump'; node: NodeId; by: Micros }
  | { type: 'clock-rate'; node: NodeId; rate: number }
  | { type: 'client'; node?: NodeId; payload: unknown };

/** An action placed at a time; a scenario is a list of these. */
export interface TimedAction {
  at: Micros;
  action: Action;
}

/**
 * A run, fully described. The same scenario gives the same trace on every machine.
 * `version` lets old share links keep working as the format grows.
 */
export interface Scenario {
  version: 1;
  algorithm: string;
  /** Algorithm parameters; each algorithm validates its own. */
  params: Record<string, unknown>;
  seed: number;
  actions: TimedAction[];
}

/** A message in flight, as views draw it. */
export interface MessageView {
  id: number;
  from: NodeId;
  to: NodeId;
  sentAt: Micros;
  deliverAt: Micros;
  /** Message type as the algorithm names it, e.g. "RequestVote". */
  kind: string;
  /** One-line summary for tooltips and the log. */
  label: string;
  payload: unknown;
}

/** What happened at one step of the trace. */
export interface TraceEntry {
  /** Position in the trace, from 0. */
  index: number;
  time: Micros;
  kind: 'deliver' | 'drop' | 'timer' | 'action' | 'crash' | 'restart' | 'resume';
  node?: NodeId | undefined;
  /** For deliveries: the message delivered (or lost). */
  message?: MessageView | undefined;
  /** For timers: the timer's name, e.g. "election". */
  timer?: string | undefined;
  action?: Action | undefined;
  /** Plain-words narration, e.g. "S3 times out and starts an election for term 4". */
  narration: string;
  /** Messages sent while handling this event. */
  sent: number[];
  /** A turn of the story in a few words, when the algorithm marks one here (not part of the entry's data). */
  milestone?: string | undefined;
}

export interface Violation {
  invariant: string;
  /** Why it failed, in plain words, naming nodes, terms and indices. */
  detail: string;
  /** The trace index of the event after which it was first seen. */
  index: number;
  time: Micros;
}

/** One process as views draw it. `state` is the algorithm's own plain data. */
export interface NodeView<S = unknown> {
  id: NodeId;
  up: boolean;
  pausedUntil: Micros | null;
  /** The process's local clock reading at the current moment. */
  clock: Micros;
  /** XState state value of the node's machine, e.g. "leader". */
  role: string;
  state: S;
  /** Pending timers of this node: name and when they fire (global time). */
  timers: { name: string; at: Micros; setAt: Micros }[];
}

/** The whole world at the cursor, for the views. */
export interface WorldView<S = unknown> {
  time: Micros;
  /** Index of the last processed trace entry, or -1 at the start. */
  cursor: number;
  nodes: NodeView<S>[];
  messages: MessageView[];
  partitions: NodeId[][];
  violations: Violation[];
}

/**
 * A run the player drives. It owns the trace: moving the cursor never changes history, `act`
 * at a past moment forks (the future after the cursor is discarded and the action recorded in
 * the scenario). Seeking anywhere is fast: checkpoints plus replay.
 */
export interface Run<S = unknown> {
  /** The scenario so far, including actions the reader applied: share it to reproduce the run. */
  scenario(): Scenario;
  /** Events processed so far on the current timeline. */
  length(): number;
  /** Index of the last processed event at the cursor, -1 at the start. */
  cursor(): number;
  /** Virtual time at the cursor. */
  time(): Micros;
  /** Move one event forwards, computing it when at the end. False when the run is over. */
  step(): boolean;
  /** Move one event backwards. */
  back(): void;
  /** Move the cursor to after the event at `index` (-1: the start). */
  seek(index: number): void;
  /** Move the cursor to the last event at or before time `t`, computing events as needed. */
  seekTime(t: Micros): void;
  /** Apply an action at the cursor's time; the future after the cursor is discarded. */
  act(action: Action): void;
  /** The world at the cursor. */
  view(): WorldView<S>;
  /** Trace entries with index in [from, to). */
  entries(from: number, to: number): TraceEntry[];
  /** First invariant violation on the current timeline at or before the cursor, if any. */
  firstViolation(): Violation | null;
  /** True when no event is left at the end of the trace. */
  finished(): boolean;
  /** True when the run computes no more events because it reached its event budget. */
  budgetSpent(): boolean;
}

/** A named, documented scenario an article can load with one click. */
export interface NamedScenario {
  id: string;
  title: string;
  /** What the reader should watch for. */
  description: string;
  scenario: Scenario;
  /** Where to stop for the interesting moment, if any. */
  until?: Micros;
}

/** A control the player renders for a parameter of an algorithm. */
export type ParamSpec =
  | { key: string; label: string; kind: 'int'; min: number; max: number; step?: number; unit?: string }
  | { key: string; label: string; kind: 'number'; min: number; max: number; step?: number; unit?: string }
  | { key: string; label: string; kind: 'boolean' }
  | { key: string; label: string; kind: 'choice'; options: { value: string; label: string }[] };
