/**
 * Named scenarios, each one lesson of the article: requests are client actions (`join`, `leave`,
 * `weight 2` to a cache node; `hot 300`, `lookup user:42` to the clients C), the first at 0.2 s and one every 0.6 s after it.
 */
import { atMs as at, scenarioBuilder } from '../../sim/scenario';
import type { Action, NamedScenario } from '../../sim/types';
import { hashingParams } from './params';
import { keyHash } from './hash';
import { buildRing, ringPreference } from './place';

export const hashingScenario = scenarioBuilder('consistent-hashing', hashingParams.defaults);
const scenario = hashingScenario;

const ask = (node: string, payload: string): Action => ({ type: 'client', node, payload });
const MS = 1000;

/** The first node of user:42's preference list on the default ring of four nodes. */
function firstReplicaOf(key: string): string {
  const ring = buildRing(
    ['N1', 'N2', 'N3', 'N4'].map((id) => ({ id, weight: 1 })),
    hashingParams.defaults.vnodes,
  );
  const [first = 0] = ringPreference(ring, keyHash(key).hi, 3);
  return ring.members[first]?.id ?? 'N1';
}

export const scenarios: NamedScenario[] = [
  {
    id: 'add-node',
    title: 'A node joins, then one fails',
    description:
      'Four nodes on a ring of 100 virtual nodes each, beside hash mod N on the same 400 keys. N5 joins: on the ring about a fifth of the keys move, all of them to N5; under mod N about four in five move. Then N2 fails: only its keys move. It comes back and takes them back.',
    scenario: scenario({}, [
      at(200, ask('N5', 'join')),
      at(800, { type: 'crash', node: 'N2' }),
      at(1400, { type: 'restart', node: 'N2' }),
    ]),
    until: 1800 * MS,
  },
  {
    id: 'virtual-nodes',
    title: 'One point per node: uneven arcs',
    description:
      'With a single point per node, arcs differ wildly: one node may own half the keys and another a tenth. The load histogram shows it, and the virtual-nodes plot shows the standard deviation falling as points are added. Rendezvous, beside it, needs no points to balance.',
    scenario: scenario({ vnodes: 1, compare: 'rendezvous' }, [
      at(200, ask('N5', 'join')),
      at(800, ask('N1', 'leave')),
    ]),
    until: 1200 * MS,
  },
  {
    id: 'jump-buckets',
    title: 'Jump hash: add and remove only at the end',
    description:
      'Jump consistent hash numbers its buckets. Adding N5 and N6 moves 1/5 and then 1/6 of the keys, all to the new bucket, and removing the last bucket (N6) moves only its keys. Removing N2 from the middle renumbers the buckets after it, and keys move between nodes that did not change: the paper leaves that case to replication.',
    scenario: scenario({ algorithm: 'jump', compare: 'ring' }, [
      at(200, ask('N5', 'join')),
      at(800, ask('N6', 'join')),
      at(1400, ask('N6', 'leave')),
      at(2000, ask('N2', 'leave')),
    ]),
    until: 2400 * MS,
  },
  {
    id: 'weights',
    title: 'Rendezvous with weights',
    description:
      'N3 gets weight 2: under weighted rendezvous (score −w / ln u) it gains about a fifth of the keys, taken from every other node, and no two other nodes trade a key. The ring beside it gives N3 twice the virtual nodes. Then N1 leaves and its keys spread over the rest.',
    scenario: scenario({ algorithm: 'rendezvous', compare: 'ring' }, [
      at(200, ask('N3', 'weight 2')),
      at(800, ask('N1', 'leave')),
    ]),
    until: 1200 * MS,
  },
  {
    id: 'hot-key',
    title: 'A hot key and bounded loads',
    description:
      'A burst of 300 requests for one key arrives. On the plain ring all of them land on the key’s node, which carries twice the average. Bounded loads (ε = 0.25) cap every node at ceil(1.25 × 700 / 4) = 219 requests and pass the overflow clockwise to the next node with room. A fifth node joins, then the key cools down.',
    scenario: scenario({ algorithm: 'bounded', compare: 'ring' }, [
      at(200, ask('C', 'hot 300')),
      at(800, ask('N5', 'join')),
      at(1400, ask('C', 'hot 0')),
    ]),
    until: 1800 * MS,
  },
  {
    id: 'maglev',
    title: 'Maglev’s lookup table beside jump hash',
    description:
      'Maglev fills a table of 65,537 slots from each node’s own permutation, in turns, so every node holds the same number of slots and a lookup is one array read. When N5 joins it moves a little more than the minimum: a few keys change between nodes that stayed. Jump hash beside it moves exactly the new bucket’s share. Then N2 fails, which jump hash cannot absorb in the middle.',
    scenario: scenario({ algorithm: 'maglev', compare: 'jump' }, [
      at(200, ask('N5', 'join')),
      at(800, { type: 'crash', node: 'N2' }),
    ]),
    until: 1200 * MS,
  },
  {
    id: 'preference-list',
    title: 'The preference list: three replicas of a key',
    description: `The clients look up user:42: its preference list is the next three distinct nodes clockwise, as in Dynamo. When the first of them (${firstReplicaOf('user:42')}) fails, the next node along the ring joins the list and the other two stay.`,
    scenario: scenario({ compare: 'rendezvous' }, [
      at(200, ask('C', 'lookup user:42')),
      at(800, { type: 'crash', node: firstReplicaOf('user:42') }),
      at(1400, { type: 'restart', node: firstReplicaOf('user:42') }),
    ]),
    until: 1800 * MS,
  },
  {
    id: 'mod-n',
    title: 'Broken: hash mod N when a node joins',
    description:
      'The variant claims to be the ring but places keys by hash mod N. When N5 joins, most keys move, and most of them between nodes that were there before: add-moves-only-to-new fails at that event.',
    scenario: scenario({ variant: 'mod-n', compare: 'ring' }, [at(200, ask('N5', 'join'))]),
    until: 600 * MS,
  },
  {
    id: 'sticky-hot-key',
    title: 'Broken: bounded loads that follow a key’s first request',
    description:
      'This client remembers where it sent a key and sends every later request for it there without asking whether that node is full. The hot key’s 300 requests pile onto one node: bounded-load fails.',
    scenario: scenario({ algorithm: 'bounded', variant: 'sticky-hot-key', compare: 'bounded' }, [
      at(200, ask('C', 'hot 300')),
    ]),
    until: 600 * MS,
  },
];
