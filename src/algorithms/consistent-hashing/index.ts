/** Consistent hashing, as the player, the command line and the explorer load it. */
import { defineAlgorithm } from '../../sim/module';
import { hashingCommands } from './cli';
import { type NodeState, createSpec, nodeIds } from './cluster';
import { churn } from './explore';
import { HashingChecker } from './invariants';
import type { NodeContext } from './machine';
import { hashingParams, type HashingParams } from './params';
import { SCHEME_TITLES } from './place';
import { PlacementLog } from './placementlog';
import { CLIENTS, describeRequest, forClients, parseRequest } from './requests';
import { scenarios } from './scenarios';

export type HashingLogs = {
  /** Where every key was after each event. */
  placement: PlacementLog;
};

export const consistentHashing = defineAlgorithm<NodeContext, NodeState, HashingParams, HashingLogs>({
  id: 'consistent-hashing',
  title: 'Consistent hashing',
  summary:
    'Keys on a hash ring with virtual nodes, by jump hash, by rendezvous and with bounded loads, rebalanced as nodes join, leave, fail and change weight.',
  nodeNoun: { one: 'node', many: 'nodes' },
  params: hashingParams,
  logs: (params) => ({ placement: new PlacementLog(nodeIds(params), params) }),
  started(logs) {
    // The row before the first event: the starting membership, placed as the checker places it.
    const log = logs.placement;
    log.start(new HashingChecker(log.params as HashingParams, log.nodes).initial());
  },
  spec: (params, logs) => createSpec(params, logs.placement),
  checkAction(action) {
    if (action.type !== 'client') return;
    const request = parseRequest(action.payload);
    if (action.node === undefined) return;
    if (forClients(request) && action.node !== CLIENTS) {
      throw new Error(
        `${describeRequest(request, action.node)} is for the clients ${CLIENTS}, not ${action.node}`,
      );
    }
    if (!forClients(request) && action.node === CLIENTS) {
      throw new Error(`The clients cannot ${request.op}: send it to a cache node`);
    }
  },
  scenarios,
  invariants: [
    {
      id: 'add-moves-only-to-new',
      name: 'add-moves-only-to-new',
      description: 'When a node joins or gains weight, every key that moves, moves onto it.',
    },
    {
      id: 'remove-moves-only-removed',
      name: 'remove-moves-only-removed',
      description: 'When a node leaves, fails or loses weight, only the keys it held move.',
    },
    {
      id: 'bounded-load',
      name: 'bounded-load',
      description: 'Under bounded loads no node holds more than ceil((1 + ε) m / n) of the m requests.',
    },
    {
      id: 'matches-definition',
      name: 'matches-definition',
      description:
        'Sampled keys sit where the definition puts them: the first point clockwise, the paper’s jump code, the top score.',
    },
  ],
  variants: [
    {
      id: 'correct',
      title: 'As published',
      description: 'Each scheme as its paper gives it.',
      breaks: [],
    },
    {
      id: 'mod-n',
      title: 'Broken: hash mod N',
      description:
        'Claims to be the chosen scheme but places keys by hash mod N, so a change of N moves nearly every key.',
      breaks: ['add-moves-only-to-new', 'remove-moves-only-removed'],
    },
    {
      id: 'sticky-hot-key',
      title: 'Broken: bounded loads that follow a key’s first request',
      description:
        'Every later request for a key goes where its first one went, whether or not that node is full: a hot key overloads it.',
      breaks: ['bounded-load'],
    },
  ],
  exploration: {
    generators: [churn],
    horizon: () => 10_000_000,
    sizeParams: ['maxNodes'],
  },
  commands: hashingCommands,
  requestTitle(payload, node) {
    try {
      return describeRequest(parseRequest(payload), node);
    } catch {
      return 'A request';
    }
  },
  describeNode(node) {
    const s = node.state;
    if (s.role === 'clients') return `hot=${s.hot} lookup=${s.lookup ?? '-'}`;
    return `${s.member && node.up ? 'in ring' : 'out'} weight=${s.weight}`;
  },
  report(run) {
    const row = run.logs.placement.at(run.cursor());
    if (!row) return [];
    const line = (p: NonNullable<typeof row.b>) =>
      `${SCHEME_TITLES[p.scheme]}: loads ${row.members.map((m, i) => `${m.id}=${p.loads[i]}`).join(' ')}`;
    return [line(row.a), ...(row.b ? [line(row.b)] : [])];
  },
});

export default consistentHashing;
export type { HashingParams } from './params';
export type { NodeState } from './cluster';
export type ConsistentHashingRun = ReturnType<typeof consistentHashing.createRun>;
