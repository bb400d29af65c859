import type { NodeId, NodeView } from '../../sim/types';

/** The fields of a Raft server the views draw, named as in the paper's Figure 2. */
export interface RaftServerView {
  id: NodeId;
  role: string;
  up: boolean;
  currentTerm: number;
  votedFor: NodeId | null;
  log: { index: number; term: number; label: string }[];
  commitIndex: number;
  nextIndex: Record<NodeId, number>;
  matchIndex: Record<NodeId, number>;
  votesGranted: NodeId[];
  /** The configuration the server uses, or null while it is every server of the run. */
  members: NodeId[] | null;
  /** Outside its own configuration: it starts no elections and, as a leader, does not count itself. */
  outside: boolean;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function int(value: unknown, fallback = 0): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function indexMap(value: unknown): Record<NodeId, number> {
  const out: Record<NodeId, number> = {};
  const source = value instanceof Map ? Object.fromEntries(value) : record(value);
  for (const [k, v] of Object.entries(source)) if (typeof v === 'number') out[k] = v;
  return out;
}

function commandLabel(entry: Record<string, unknown>): string {
  const command = entry['command'] ?? entry['value'] ?? entry['payload'] ?? entry['data'];
  if (command === undefined || command === null) return '';
  const c = record(command);
  if (typeof c['key'] === 'string' && c['value'] !== undefined) return `${c['key']}=${String(c['value'])}`;
  return typeof command === 'string' || typeof command === 'number'
    ? String(command)
    : JSON.stringify(command);
}

type LogView = RaftServerView['log'];

/**
 * Node states and logs are immutable, and between two events only one server's state changes:
 * readings are kept per state object and per log array, so a redraw rereads only what changed.
 */
const logViews = new WeakMap<object, LogView>();
const serverViews = new WeakMap<object, RaftServerView>();

function readLog(rawLog: unknown): LogView {
  if (!Array.isArray(rawLog)) return [];
  let log = logViews.get(rawLog);
  if (!log) {
    log = rawLog.map((e: unknown, i) => {
      const entry = record(e);
      return { index: int(entry['index'], i + 1), term: int(entry['term']), label: commandLabel(entry) };
    });
    logViews.set(rawLog, log);
  }
  return log;
}

/** Reads a node's algorithm state defensively: the views must never crash on a shape they did not expect. */
export function readRaftServer(node: NodeView): RaftServerView {
  const state = node.state;
  const cached = typeof state === 'object' && state !== null ? serverViews.get(state) : undefined;
  if (cached && cached.id === node.id && cached.role === node.role && cached.up === node.up) return cached;
  const view = readState(node);
  if (typeof state === 'object' && state !== null) serverViews.set(state, view);
  return view;
}

function readState(node: NodeView): RaftServerView {
  const s = record(node.state);
  const persistent = record(s['persistent']);
  const volatile = record(s['volatile']);
  const leader = record(s['leader']);
  const pick = (key: string): unknown => s[key] ?? persistent[key] ?? volatile[key] ?? leader[key];
  const log = readLog(pick('log'));
  const votes = pick('votesGranted') ?? pick('votes');
  const votedFor = pick('votedFor');
  const members = pick('members');
  return {
    id: node.id,
    role: node.role,
    up: node.up,
    currentTerm: int(pick('currentTerm') ?? pick('term')),
    votedFor: typeof votedFor === 'string' ? votedFor : null,
    log,
    commitIndex: int(pick('commitIndex')),
    nextIndex: indexMap(pick('nextIndex')),
    matchIndex: indexMap(pick('matchIndex')),
    votesGranted: votes instanceof Set ? [...votes] : Array.isArray(votes) ? votes.map(String) : [],
    members: Array.isArray(members) ? members.map(String) : null,
    outside: pick('isMember') === false,
  };
}
