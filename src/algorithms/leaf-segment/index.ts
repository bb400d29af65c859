/** Meituan Leaf's segment mode, as the player, the command line and the explorer load it. */
import { swarm } from '../../sim/explore';
import { defineAlgorithm, type ExploreGenerator } from '../../sim/module';
import { Random } from '../../sim/random';
import type { TimedAction } from '../../sim/types';
import { clientIds, createLeafSpec, serverIds } from './cluster';
import { LEASED_RANGE, PER_SERVER_ORDER, UNIQUE_IDS } from './invariants';
import { parseRequest } from './machine';
import { describeRuns } from './narrate';
import { leafParams, type LeafParams } from './params';
import { scenarios } from './scenarios';
import type { LeafContext } from './types';

/**
 * Loads that coincide: now and then every client asks a different server for a large batch at
 * the same moment, so several servers cross their 10% mark (or lease their first segment) together.
 */
const rush: ExploreGenerator<LeafParams> = {
  id: 'rush',
  title: 'Servers loading at the same moment',
  description: 'Every client asks a different server for many IDs at once, a few times a run.',
  scenario(seed, { algorithm, params, horizon }) {
    const r = Random.fromSeed(seed ^ 0x1eaf);
    const clients = clientIds(params);
    const servers = serverIds(params);
    const actions: TimedAction[] = [];
    for (let i = r.int(1, 4); i > 0; i--) {
      const at = r.int(0, Math.max(1, horizon - 200_000));
      const count = r.int(1, params.step);
      clients.forEach((node, k) =>
        actions.push({
          at,
          action: { type: 'client', node, payload: { count, server: servers[k % servers.length] } },
        }),
      );
    }
    actions.sort((a, b) => a.at - b.at);
    return { version: 1, algorithm, params: { ...params }, seed, actions };
  },
};

export const leafSegment = defineAlgorithm<LeafContext, LeafContext, LeafParams>({
  id: 'leaf-segment',
  title: 'Leaf segment mode',
  summary:
    'Leaf servers lease ranges of IDs from one database row and hand them out from a double buffer, through database outages, slow queries and crashes.',
  nodeNoun: { one: 'node', many: 'nodes' },
  params: leafParams,
  spec: () => createLeafSpec(),
  checkAction: (action) => {
    if (action.type === 'client' && !parseRequest(action.payload))
      throw new Error('a request asks for a whole number of IDs, from 1 to 100,000');
  },
  scenarios,
  invariants: [
    { id: UNIQUE_IDS, name: UNIQUE_IDS, description: 'No ID is handed out twice, by one server or by two.' },
    {
      id: PER_SERVER_ORDER,
      name: PER_SERVER_ORDER,
      description: 'The IDs one server hands out strictly increase, across its restarts too.',
    },
    {
      id: LEASED_RANGE,
      name: LEASED_RANGE,
      description: 'Every ID a server hands out lies in a range the database leased to that server.',
    },
  ],
  variants: [
    {
      id: 'correct',
      title: 'Leaf: UPDATE max_id = max_id + step, then SELECT, in one transaction',
      description:
        'The row lock serialises leases, and each server reads back the max_id its update produced.',
      breaks: [],
    },
    {
      id: 'read-then-write',
      title: 'Broken: SELECT max_id, then a blind UPDATE',
      description:
        'Two servers that load at once read the same max_id, write the same value back and serve the same range.',
      breaks: [UNIQUE_IDS],
    },
    {
      id: 'no-select',
      title: 'Broken: no SELECT after the UPDATE',
      description:
        'A server works its range out from the max_id it saw last time; once another server has leased in between, it serves that server’s range.',
      breaks: [LEASED_RANGE, UNIQUE_IDS],
    },
  ],
  exploration: {
    generators: [
      swarm({
        kinds: ['crash', 'partition', 'isolate', 'pause', 'loss', 'duplication', 'latency'],
        clientPayload: (r) => ({ count: r.int(1, 60) }),
        clientNode: (r, nodes) => r.pick(nodes.filter((n) => n.startsWith('C'))),
        maxPause: 1_000_000,
        maxSpell: 2_000_000,
        // Small steps and short segment durations: many more leases, and the step both doubling and halving.
        params: (r, p) => ({
          ...p,
          step: r.pick([10, 30, 100]),
          dynamicStep: r.chance(0.5),
          segmentDuration: r.pick([100, 1000, 900_000]),
          waitFor: r.pick([0, 10, 50]),
          dbTimeout: r.pick([20, 200]),
        }),
        description:
          'Each run draws which of crashes, partitions, pauses, loss, duplication and slow links happen and how often, and its own step, segment duration and time-outs, under the clients’ steady requests.',
      }),
      rush,
    ],
    horizon: () => 3_000_000,
    sizeParams: ['servers', 'clients'],
  },
  requestTitle(payload, node) {
    const request = parseRequest(payload);
    const n = request?.count ?? 1;
    const to = request?.server ? ` from ${request.server}` : '';
    return `${node ?? 'A client'} asks for ${n === 1 ? 'an ID' : `${n} IDs`}${to}`;
  },
  describeNode(node) {
    const s = node.state;
    switch (s.role) {
      case 'db':
        return `max_id=${s.maxId} step=${s.step} leases=${s.grants}`;
      case 'client':
        return `got=${s.got} failed=${s.failed} last=${s.last ? describeRuns(s.last.runs) : '-'}`;
      case 'server': {
        const seg = (i: 0 | 1) => {
          const x = s.segments[i];
          return x ? `${x.next}/${x.first}-${x.max - 1}` : '-';
        };
        return `current=${s.current} [${seg(0)}] [${seg(1)}] nextReady=${s.nextReady} step=${s.step} served=${s.served} refused=${s.refused}`;
      }
    }
  },
  report(run) {
    const lines: string[] = [];
    for (const n of run.nodes()) {
      const c = n.context;
      if (c.role === 'server' && c.refused > 0) lines.push(`${n.id} failed ${c.refused} calls`);
    }
    return lines;
  },
});

export default leafSegment;
export { LEASED_RANGE, PER_SERVER_ORDER, UNIQUE_IDS } from './invariants';
export type { LeafContext, LeafParams } from './types';
export type LeafRun = ReturnType<typeof leafSegment.createRun>;
