/**
 * Reading two-phase commit's view state for the views. The kernel's `role` of these nodes is the
 * raw XState value (JSON), so everything here reads the node's `state` data instead.
 */
import type { NodeId, NodeView } from '../../sim/types';
import { colour } from '../../viz/colours';

export type ProcessState = 'init' | 'working' | 'prepared' | 'committed' | 'aborted';

/** One process as the views draw it, named as in machine.ts and the article. */
export interface TpcProcess {
  id: NodeId;
  coordinator: boolean;
  up: boolean;
  state: ProcessState;
  log: string[];
  decision: 'commit' | 'abort' | null;
  /** Coordinator: the participants whose yes vote it has counted. */
  prepared: NodeId[];
  /** Coordinator: the participants that acknowledged the decision. */
  acks: NodeId[];
  locksHeld: boolean;
  locksHeldSince: number | null;
  inDoubt: boolean;
}

const STATES: readonly ProcessState[] = ['init', 'working', 'prepared', 'committed', 'aborted'];

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function names(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Defensive: a view must never crash on a shape it did not expect. */
export function readProcess(node: NodeView): TpcProcess {
  const s = record(node.state);
  const raw = s['state'];
  const coordinator = s['role'] === 'coordinator';
  const state = STATES.includes(raw as ProcessState)
    ? (raw as ProcessState)
    : coordinator
      ? 'init'
      : 'working';
  const decision = s['decision'] === 'commit' || s['decision'] === 'abort' ? s['decision'] : null;
  const since = s['locksHeldSince'];
  return {
    id: node.id,
    coordinator,
    up: node.up,
    state,
    log: names(s['log']),
    decision,
    prepared: names(s['prepared']),
    acks: names(s['acks']),
    locksHeld: s['locksHeld'] === true,
    locksHeldSince: typeof since === 'number' ? since : null,
    inDoubt: s['inDoubt'] === true,
  };
}

/** Colour of a protocol state, from the site's palette so both themes work. */
export function stateColour(state: ProcessState | 'down'): string {
  switch (state) {
    case 'prepared':
      return colour.warn;
    case 'committed':
      return colour.ok;
    case 'aborted':
    case 'down':
      return colour.danger;
    case 'init':
      return colour.accent;
    default:
      return colour.muted;
  }
}

/** Message colours: the decision in its outcome's colour, votes and requests apart. */
export function tpcMessageColour(kind: string): string {
  switch (kind) {
    case 'Commit':
      return colour.ok;
    case 'Abort':
    case 'VoteNo':
      return colour.danger;
    case 'Prepare':
    case 'Prepared':
      return colour.accent;
    case 'DecisionRequest':
    case 'DecisionReply':
      return colour.warn;
    default:
      return colour.fg;
  }
}

export type Vote = 'yes' | 'no' | 'none';

/**
 * A participant's vote as its own log shows it: PREPARED is a yes; an abort without PREPARED is a
 * no (it aborted while working, or voted no); otherwise it has not voted.
 */
export function voteOf(p: TpcProcess): Vote {
  if (p.log.includes('prepared')) return 'yes';
  if (p.log.includes('abort')) return 'no';
  return 'none';
}

/** The decision as the coordinator's log holds it. */
export function coordinatorOf(processes: readonly TpcProcess[]): TpcProcess | undefined {
  return processes.find((p) => p.coordinator);
}
