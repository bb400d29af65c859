/**
 * Named scenarios, each one behaviour the article walks through. Most use a fixed 10 ms latency,
 * so the timeline reads in round numbers: S1 prepares at 1 ms, the promises are back at 21 ms,
 * its accept request arrives at 31 ms and the acceptances reach the learners at 41 ms.
 */
import { atMs as at, scenarioBuilder } from '../../sim/scenario';
import type { NamedScenario } from '../../sim/types';
import { paxosParams, type PaxosParams } from './params';

const MS = 1000;
export const paxosScenario = scenarioBuilder('paxos', paxosParams.defaults);
const FIXED: Partial<PaxosParams> = { latencyMin: 10, latencyMax: 10 };
const MULTI: Partial<PaxosParams> = { ...FIXED, mode: 'multi' };

export const scenarios: NamedScenario[] = [
  {
    id: 'plain-round',
    title: 'One proposer, one round: A is chosen',
    description:
      'S1 sends prepare(1.S1); every acceptor promises, reporting that it accepted nothing, so S1 proposes its own value A. At 31 ms a majority has accepted: A is chosen, though nobody knows it yet; each learner finds out as the acceptances reach it.',
    scenario: paxosScenario(FIXED, []),
    until: 120 * MS,
  },
  {
    id: 'duelling-proposers',
    title: 'Duelling proposers: a livelock',
    description:
      'S1 and S2 both propose, and each retries at once when it sees a higher proposal number. Each prepare arrives just before the other’s accept request, so every proposal is refused and nothing is ever chosen (section 2.4 of the paper).',
    scenario: paxosScenario({ ...FIXED, nodes: 3, proposers: 2, stagger: 5, retry: 'eager' }, []),
    until: 300 * MS,
  },
  {
    id: 'duelling-backoff',
    title: 'Duelling proposers with random back-off',
    description:
      'The same duel, but a pre-empted proposer waits a random time, doubling with each defeat, before it tries again. One of them soon gets through both phases undisturbed, and its value is chosen.',
    scenario: paxosScenario({ ...FIXED, nodes: 3, proposers: 2, stagger: 5, retry: 'backoff' }, []),
    until: 800 * MS,
  },
  {
    id: 'acceptor-crash-between-phases',
    title: 'An acceptor crashes between the phases',
    description:
      'S2 promises 1.S1 and crashes before the accept request arrives. It restarts from stable storage still holding its promise, so it may accept only proposals numbered 1.S1 or higher; the accept request is, and A is chosen by all three.',
    scenario: paxosScenario({ ...FIXED, nodes: 3 }, [
      at(12, { type: 'crash', node: 'S2' }),
      at(25, { type: 'restart', node: 'S2' }),
    ]),
    until: 200 * MS,
  },
  {
    id: 'chosen-while-proposer-crashes',
    title: 'A is chosen as its proposer crashes; the next proposer must keep it',
    description:
      'S1’s accept request reaches every acceptor, so A is chosen at 31 ms; then a partition swallows most acceptances and S1 crashes. S2 and S3 never learn A. Later a client asks S2 to propose B: the promises report A accepted in 1.S1, so S2 must propose A, not B, and the remaining learners learn A.',
    scenario: paxosScenario(FIXED, [
      at(32, { type: 'partition', groups: [['S1'], ['S2'], ['S3'], ['S4', 'S5']] }),
      at(35, { type: 'crash', node: 'S1' }),
      at(60, { type: 'heal' }),
      at(80, { type: 'client', node: 'S2', payload: 'B' }),
    ]),
    until: 200 * MS,
  },
  {
    id: 'multi-paxos-leader',
    title: 'Multi-Paxos: a leader skips phase 1',
    description:
      'S1 runs phase 1 once for every slot and becomes the leader. Each client request then costs one round trip: an accept request for the next slot and the acceptances; the log is applied in slot order.',
    scenario: paxosScenario(MULTI, [
      at(5, { type: 'timeout', node: 'S1' }),
      at(40, { type: 'client', payload: 'x=1' }),
      at(60, { type: 'client', payload: 'y=2' }),
      at(80, { type: 'client', payload: 'z=3' }),
    ]),
    until: 200 * MS,
  },
  {
    id: 'leader-change-no-op',
    title: 'Multi-Paxos: a new leader fills a gap with a no-op',
    description:
      'S1 leads. Its request for slot 1 never leaves a brief partition, slot 2 reaches everyone, and S1 crashes. The next leader runs phase 1 for every slot from 1: the promises report x=3 in slot 2 and nothing in slot 1, so it proposes x=3 again and fills slot 1 with a no-op.',
    scenario: paxosScenario(MULTI, [
      at(5, { type: 'timeout', node: 'S1' }),
      at(40, { type: 'client', payload: 'x=1' }),
      at(61, { type: 'partition', groups: [['S1'], ['S2', 'S3', 'S4', 'S5']] }),
      at(61.5, { type: 'client', node: 'S1', payload: 'x=2' }),
      at(63, { type: 'heal' }),
      at(64, { type: 'client', node: 'S1', payload: 'x=3' }),
      at(70, { type: 'crash', node: 'S1' }),
      at(500, { type: 'restart', node: 'S1' }),
    ]),
    until: 700 * MS,
  },
  {
    id: 'minority-partition',
    title: 'Multi-Paxos: the leader is cut off with a minority',
    description:
      'S1 leads; a partition leaves it with S2 only. Its proposals reach no majority and nothing more is chosen on its side. S3, S4 and S5 elect a leader with a higher proposal number and go on; when the partition heals, S1 is refused and follows the new leader.',
    scenario: paxosScenario(MULTI, [
      at(5, { type: 'timeout', node: 'S1' }),
      at(40, { type: 'client', payload: 'x=1' }),
      at(80, {
        type: 'partition',
        groups: [
          ['S1', 'S2'],
          ['S3', 'S4', 'S5'],
        ],
      }),
      at(90, { type: 'client', node: 'S1', payload: 'x=2' }),
      at(450, { type: 'client', node: 'S3', payload: 'x=3' }),
      at(500, { type: 'client', node: 'S4', payload: 'x=4' }),
      at(600, { type: 'heal' }),
    ]),
    until: 900 * MS,
  },
];
