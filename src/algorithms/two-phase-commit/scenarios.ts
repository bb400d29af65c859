/**
 * Named scenarios: each shows one behaviour of the protocol that the article explains. Most use a
 * fixed 40 ms latency so the timeline reads in round numbers: C starts at 1 ms, Prepare arrives at
 * 41 ms, the votes reach C at 81 ms, the decision reaches the participants at 121 ms.
 */
import { atMs as at, scenarioBuilder } from '../../sim/scenario';
import type { Micros, NamedScenario, TimedAction } from '../../sim/types';
import { twoPhaseCommitParams } from './params';
import type { TwoPhaseCommitParams } from './types';

const MS = 1000;
const FIXED_LATENCY: Partial<TwoPhaseCommitParams> = { latencyMin: 40, latencyMax: 40 };

/** A two-phase commit scenario: the default parameters with some changed, and its actions. */
export const twoPhaseCommitScenario = scenarioBuilder('two-phase-commit', twoPhaseCommitParams.defaults);
const scenario = twoPhaseCommitScenario;

/** Commit reaches P1 quickly and the others slowly, so a crash of C in between strands them. */
const SLOW_TO_P2_AND_P3: TimedAction[] = [
  at(0, { type: 'set-link-latency', from: 'C', to: 'P2', min: 150 * MS, max: 150 * MS }),
  at(0, { type: 'set-link-latency', from: 'C', to: 'P3', min: 150 * MS, max: 150 * MS }),
];

function until(ms: number): Micros {
  return ms * MS;
}

export const scenarios: NamedScenario[] = [
  {
    id: 'commit',
    title: 'Everyone votes yes: commit',
    description:
      'C sends Prepare; each participant logs PREPARED, takes its locks and votes yes. With every vote in, C logs COMMIT before it sends Commit; each participant logs COMMIT, releases its locks and acknowledges.',
    scenario: scenario(FIXED_LATENCY, []),
    until: until(200),
  },
  {
    id: 'participant-votes-no',
    title: 'One participant votes no: abort',
    description:
      'P2 aborts on its own while still working (it may), so it answers Prepare with a no vote. C logs ABORT and tells everyone; P1 and P3, already prepared, abort and release their locks.',
    scenario: scenario(FIXED_LATENCY, [at(0, { type: 'client', node: 'P2', payload: 'abort' })]),
    until: until(200),
  },
  {
    id: 'coordinator-crash-after-prepare',
    title: 'C crashes after the participants prepare: blocked',
    description:
      'Every participant has voted yes when C crashes, before deciding. The participants are in doubt: they may not commit (someone might have voted no) nor abort (C might have committed). They ask C again and again and hold their locks until it comes back.',
    scenario: scenario(FIXED_LATENCY, [at(60, { type: 'crash', node: 'C' })]),
    until: until(1500),
  },
  {
    id: 'commit-reaches-one-then-crash',
    title: 'Commit reaches P1, then C crashes: cooperative termination',
    description:
      'C decides commit; the Commit reaches P1, but the links to P2 and P3 fail and C crashes before it can resend. In doubt, P2 and P3 ask C and their peers: P1 knows the outcome and answers, so they commit without C.',
    scenario: scenario({ ...FIXED_LATENCY, cooperativeTermination: true }, [
      ...SLOW_TO_P2_AND_P3,
      // C's Commit to P2 and P3 is on the wire when the links fail; then C crashes.
      at(200, {
        type: 'partition',
        groups: [
          ['C', 'P1'],
          ['P2', 'P3'],
        ],
      }),
      at(280, { type: 'crash', node: 'C' }),
      at(400, { type: 'heal' }),
    ]),
    until: until(800),
  },
  {
    id: 'commit-reaches-one-then-crash-partitioned',
    title: 'Commit reaches P1, then C crashes and P1 is cut off: still blocked',
    description:
      'As before, but a partition cuts P1 off after it commits. P2 and P3 can ask only each other, and both are in doubt: cooperative termination helps only when someone who knows is reachable.',
    scenario: scenario({ ...FIXED_LATENCY, cooperativeTermination: true }, [
      ...SLOW_TO_P2_AND_P3,
      at(200, {
        type: 'partition',
        groups: [
          ['C', 'P1'],
          ['P2', 'P3'],
        ],
      }),
      at(280, { type: 'crash', node: 'C' }),
      // P1 stays cut off from P2 and P3.
      at(300, { type: 'partition', groups: [['C'], ['P1'], ['P2', 'P3']] }),
    ]),
    until: until(1500),
  },
  {
    id: 'coordinator-timeout-while-working',
    title: 'C times out while P3 is still working: abort',
    description:
      'P3 is busy (paused) when Prepare arrives. C stops waiting after its vote timeout and aborts; P1 and P2 release their locks. When P3 catches up its yes vote is too late: C has decided, and P3 aborts too.',
    scenario: scenario(FIXED_LATENCY, [at(20, { type: 'pause', node: 'P3', duration: 430 * MS })]),
    until: until(600),
  },
  {
    id: 'duplicated-messages',
    title: 'Every message arrives twice',
    description:
      'The network duplicates every message. A second Prepare gets the same yes vote, a second Prepared is counted once, a second Commit changes nothing but another acknowledgement.',
    scenario: scenario({ duplication: 1 }, [], 7),
    until: until(300),
  },
  {
    id: 'participant-crash-recovers-from-log',
    title: 'A prepared participant crashes and recovers from its log',
    description:
      'P2 crashes right after voting yes, and misses the Commit. When it restarts it reads PREPARED from its log: it takes its locks again and asks C, which answers from its own log: commit.',
    scenario: scenario(FIXED_LATENCY, [
      at(60, { type: 'crash', node: 'P2' }),
      at(300, { type: 'restart', node: 'P2' }),
    ]),
    until: until(500),
  },
];

export function findScenario(id: string): NamedScenario | undefined {
  return scenarios.find((s) => s.id === id);
}
