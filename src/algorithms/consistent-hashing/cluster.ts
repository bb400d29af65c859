/**
 * How a consistent-hashing cluster maps onto the kernel: cache nodes N1..Nn, of which the first
 * `nodes` start in the ring and the rest are spares, and the clients C. Nobody sends a message;
 * every event is a change a reader or a scenario makes (a join, a leave, a crash, a weight, a hot
 * key burst, a lookup), and the checker places every key after it.
 */
import type { NarrationInput, NodeStatus, SimulationSpec } from '../../sim/spec';
import type { NodeId } from '../../sim/types';
import { HashingChecker, INITIAL_JOIN } from './invariants';
import { type NodeContext, type NodeInput, hashingMachine } from './machine';
import type { HashingParams } from './params';
import { pointsOf } from './place';
import type { PlacementLog } from './placementlog';
import { CLIENTS, describeRequest, parseRequest } from './requests';

export function nodeIds(params: HashingParams): NodeId[] {
  return [...Array.from({ length: params.maxNodes }, (_, i) => `N${i + 1}`), CLIENTS];
}

/** A cache node's start: the first `nodes` are in the ring, joined in name order before time 0. */
function inputOf(node: NodeId, nodes: readonly NodeId[], params: HashingParams): NodeInput {
  if (node === CLIENTS) return { role: 'clients', hot: 0, lookup: null };
  const i = nodes.indexOf(node);
  return { role: 'cache', member: i < params.nodes, weight: 1, joinedAt: i - INITIAL_JOIN };
}

/** What survives a crash: all of it (a node's place in the ring is configuration). */
type Persisted = NodeInput;

function persistent(context: NodeContext): Persisted {
  return context.role === 'cache'
    ? { role: 'cache', member: context.member, weight: context.weight, joinedAt: context.joinedAt }
    : { role: 'clients', hot: context.hot, lookup: context.lookup };
}

export interface NodeState {
  role: 'cache' | 'clients';
  member: boolean;
  weight: number;
  joinedAt: number;
  hot: number;
  lookup: string | null;
}

function viewState(context: NodeContext): NodeState {
  return context.role === 'cache'
    ? {
        role: 'cache',
        member: context.member,
        weight: context.weight,
        joinedAt: context.joinedAt,
        hot: 0,
        lookup: null,
      }
    : { role: 'clients', member: false, weight: 0, joinedAt: 0, hot: context.hot, lookup: context.lookup };
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

export function narrator(params: HashingParams) {
  const points = (w: number) => plural(pointsOf(w, params.vnodes), 'virtual node');
  const ringish = params.algorithm === 'ring' || params.algorithm === 'bounded';
  return function narrate(input: NarrationInput<NodeContext>): string | null {
    const node = input.node;
    const before = input.before?.context;
    const after = input.after?.context ?? before;
    if (!node || !after) return null;
    if (input.kind === 'crash') {
      if (after.role === 'clients') return 'The clients stop; their traffic stays as it was';
      return after.member
        ? `${node} fails and drops out of the ring: only the keys it held move, each to the node that comes next for it`
        : `${node} stops; it was not in the ring, so no key moves`;
    }
    if (input.kind === 'restart') {
      if (after.role === 'clients') return 'The clients are back';
      return after.member
        ? `${node} restarts and takes its old place again: the keys it held come back to it`
        : `${node} restarts as a spare`;
    }
    if (input.kind !== 'action' || input.action?.type !== 'client') return null;
    const request = parseRequest(input.action.payload);
    const changed = after.last?.changed !== false;
    if (after.role === 'clients') {
      if (request.op === 'lookup')
        return `The clients look up ${request.key}: its node and preference list are marked`;
      if (request.op === 'hot') {
        if (!changed) return `The hot key burst is already ${request.count} requests`;
        return request.count === 0
          ? 'The hot key cools down: its extra requests are gone'
          : `A burst of ${plural(request.count, 'request')} for one key arrives: without bounds, all of them land on the key's node`;
      }
      return `The clients cannot ${request.op}: say that to a cache node`;
    }
    if (!changed) {
      if (request.op === 'join') return `${node} is already in the ring`;
      if (request.op === 'leave') return `${node} is not in the ring`;
      if (request.op === 'weight') return `${node} already has weight ${request.weight}`;
      return `${node} takes no ${request.op} request: send it to the clients C`;
    }
    if (request.op === 'join') {
      return ringish
        ? `${node} joins the ring with ${points(after.role === 'cache' ? after.weight : 1)}: it takes over the arcs just before its points`
        : `${node} joins as the newest node`;
    }
    if (request.op === 'leave') {
      return params.algorithm === 'jump'
        ? `${node} leaves: if it held the last bucket only its keys move; otherwise every bucket after it is renumbered and keys move between nodes that stayed`
        : `${node} leaves: only the keys it held should move`;
    }
    if (request.op === 'weight' && after.role === 'cache') {
      const up = before?.role === 'cache' && request.weight > before.weight;
      return `${node} gets weight ${request.weight}${ringish ? ` (${points(request.weight)})` : ''}: it should ${up ? 'gain' : 'lose'} keys and no other node should trade any`;
    }
    return describeRequest(request, node);
  };
}

function milestone(input: NarrationInput<NodeContext>): string | null {
  const node = input.node;
  const after = input.after?.context ?? input.before?.context;
  if (!node || !after) return null;
  // The kernel asks only about events a machine handles: crashes and restarts are no chapters.
  if (input.kind !== 'action' || input.action?.type !== 'client') return null;
  if (after.last?.changed === false) return null;
  const request = parseRequest(input.action.payload);
  if (request.op === 'lookup') return `Where ${request.key} lives`;
  return describeRequest(request, node);
}

export function createSpec(
  params: HashingParams,
  log?: PlacementLog,
): SimulationSpec<NodeContext, NodeState, HashingParams> {
  return {
    nodeIds,
    machine: hashingMachine,
    input: inputOf,
    persistent,
    restartInput: (node, nodes, p, persisted) =>
      (persisted as Persisted | undefined) ?? inputOf(node, nodes, p),
    network: () => ({ latencyMin: 0, latencyMax: 0, loss: 0, duplication: 0 }),
    forcedTimer: 'none',
    clientTarget: (nodes: readonly NodeStatus<NodeContext>[]) =>
      nodes.find((n) => n.id === CLIENTS)?.id ?? null,
    viewState,
    label: (message) => message.type,
    narrate: narrator(params),
    milestone,
    createChecker: () => new HashingChecker(params, nodeIds(params), log),
  };
}
