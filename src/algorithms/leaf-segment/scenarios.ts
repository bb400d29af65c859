/**
 * Named scenarios the article links to as `#scenario=<id>`. Times are in milliseconds. Unless a
 * scenario says otherwise: two clients each ask for 5 IDs about every 100 ms, alternating between
 * two Leaf servers, so each server hands out about 50 IDs a second; the row starts at max_id 1 with
 * step 100, so a segment lasts about two seconds.
 */
import { atMs as at, scenarioBuilder } from '../../sim/scenario';
import type { Action, NamedScenario, NodeId } from '../../sim/types';
import { leafParams } from './params';

const MS = 1000;

export const leafScenario = scenarioBuilder('leaf-segment', { ...leafParams.defaults });
const leaf = leafScenario;

function ask(client: NodeId, server: NodeId, count = 5): Action {
  return { type: 'client', node: client, payload: { count, server } };
}

/** Every link between the database and the servers takes `ms` each way. */
function slowDatabase(ms: number, servers: NodeId[]) {
  return servers.flatMap((s) => [
    at(0, { type: 'set-link-latency', from: s, to: 'DB', min: ms * MS, max: ms * MS }),
    at(0, { type: 'set-link-latency', from: 'DB', to: s, min: ms * MS, max: ms * MS }),
  ]);
}

export const scenarios: NamedScenario[] = [
  {
    id: 'two-servers',
    title: 'Two servers lease from one row',
    description:
      'L1 and L2 each lease a segment with UPDATE max_id = max_id + step, then SELECT, and hand out IDs from memory. Once a segment is more than 10% used the next one loads in the background, so the switch at its end costs no database call. The ranges interleave: each server’s IDs grow, the merged stream does not.',
    scenario: leaf({ dynamicStep: false }),
    until: 5000 * MS,
  },
  {
    id: 'database-unreachable',
    title: 'The database becomes unreachable',
    description:
      'At 1 s the database is cut off for 6 s. The servers keep handing out IDs from the segments they hold: their next loads fail, and once both buffers are spent every call fails within about 10 ms. When the network heals, the next call loads a fresh segment and IDs flow again.',
    scenario: leaf({ dynamicStep: false }, [
      at(1000, { type: 'partition', groups: [['DB'], ['C1', 'C2', 'L1', 'L2']] }),
      at(7000, { type: 'heal' }),
    ]),
    until: 8500 * MS,
  },
  {
    id: 'slow-database',
    title: 'A slow database: the next segment comes late',
    description:
      'Every database call takes 400 ms each way and the clients ask for 10 IDs at a time. The background load starts at the 10% mark but the current segment is spent before the answer comes: callers wait 10 ms and fail, until the next segment lands and the server switches to it.',
    scenario: leaf(
      { dynamicStep: false, batch: 10, servers: 1, clients: 2, dbTimeout: 2000 },
      slowDatabase(400, ['L1']),
    ),
    until: 6000 * MS,
  },
  {
    id: 'server-crash',
    title: 'A server crashes: a gap, never a duplicate',
    description:
      'L1 crashes at 1.2 s with most of its segment unused, and restarts at 2 s with empty buffers. Its first request leases a fresh range above everything leased so far: the IDs it never handed out are lost, a gap, and nothing is handed out twice.',
    scenario: leaf({ dynamicStep: false }, [
      at(1200, { type: 'crash', node: 'L1' }),
      at(2000, { type: 'restart', node: 'L1' }),
    ]),
    until: 4000 * MS,
  },
  {
    id: 'adaptive-step',
    title: 'The step adapts to traffic',
    description:
      'With the segment duration shortened from Leaf’s 15 minutes to 2 s, segments that last less than that double the next step (100, 200, 400) until the largest step, 400, caps it. The row’s step stays 100; each server’s own step grows.',
    scenario: leaf({ servers: 1, clients: 2, batch: 10, segmentDuration: 2000, maxStep: 400 }),
    until: 8000 * MS,
  },
  {
    id: 'read-then-write',
    title: 'Broken: SELECT, then UPDATE without a transaction',
    description:
      'The servers read max_id with a plain SELECT and write back the value read plus the step. L1 and L2 load at the same moment, both read max_id 1, both write 101, and both hand out 1 to 100: unique-ids is violated.',
    scenario: leaf({ variant: 'read-then-write', dynamicStep: false }, [
      at(20, ask('C1', 'L1')),
      at(20, ask('C2', 'L2')),
    ]),
    until: 1000 * MS,
  },
  {
    id: 'no-select',
    title: 'Broken: no SELECT after the UPDATE',
    description:
      'Each server updates the row but works out its range from the max_id it saw at its previous lease instead of reading the row back. L2 leased in between, so L1’s second segment is L2’s range: IDs the database never leased to L1, handed out twice.',
    scenario: leaf({ variant: 'no-select', dynamicStep: false }),
    until: 4000 * MS,
  },
];
