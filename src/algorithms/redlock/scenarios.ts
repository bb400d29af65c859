/**
 * Named scenarios the article links to as `#scenario=<id>`: each side of the Redlock debate, one
 * broken assumption at a time. Times are in milliseconds; the defaults are a 1 s TTL (validity
 * 988 ms after a 12 ms drift allowance), 1 to 5 ms latency and a 50 ms per-node timeout.
 */
import { atMs as at, scenarioBuilder } from '../../sim/scenario';
import type { Action, NamedScenario, NodeId, TimedAction } from '../../sim/types';
import { redlockParams, type RedlockParams } from './params';

const MS = 1000;

/** A scripted Redlock scenario: clients act only when the scenario says so. */
export const redlockScenario = scenarioBuilder('redlock', { ...redlockParams.defaults, workload: false });
const redlock = redlockScenario;

function acquire(node: NodeId): Action {
  return { type: 'client', node, payload: { op: 'acquire' } };
}

/**
 * Kleppmann's setting: C1 reaches only A, B and C, and C2 only C, D and E; node C is shared.
 * Partitions in turn do it: D and E are cut off while C1 acquires, A and B from before C2 tries.
 */
function splitReach(): TimedAction[] {
  return [
    at(0, { type: 'partition', groups: [['D', 'E']] }),
    at(90, { type: 'heal' }),
    at(120, { type: 'partition', groups: [['A', 'B']] }),
    at(2500, { type: 'heal' }),
  ];
}

/** C1 holds the lock and is still working when C2 tries. */
const longWork: Partial<RedlockParams> = { workTime: 600 };

export const scenarios: NamedScenario[] = [
  {
    id: 'uncontended',
    title: 'One client, five nodes',
    description:
      'C1 sends SET NX PX to all five nodes at once, gets five OKs, holds the lock for its work, writes to the storage and releases with the compare-and-delete script.',
    scenario: redlock({ clients: 1 }, [at(10, acquire('C1'))]),
  },
  {
    id: 'minority-locked',
    title: 'Only a minority answers',
    description:
      'C, D and E are cut off. C1 locks A and B only: two of five is not a majority, so it fails and unlocks every node, including the three that never answered, before giving up.',
    scenario: redlock({ clients: 1, retryCount: 0 }, [
      at(0, { type: 'partition', groups: [['C', 'D', 'E']] }),
      at(10, acquire('C1')),
    ]),
  },
  {
    id: 'majority-locked',
    title: 'A majority is enough',
    description:
      'D and E are cut off. C1 locks A, B and C: three of five is a majority, with validity left, so it holds the lock although two nodes never answered.',
    scenario: redlock({ clients: 1 }, [
      at(0, { type: 'partition', groups: [['D', 'E']] }),
      at(10, acquire('C1')),
    ]),
  },
  {
    id: 'slow-acquisition',
    title: 'Slow acquisition: validity gone',
    description:
      'C1 asks one node at a time and every round trip takes 120 ms. All five say yes, but 600 ms have passed against a 500 ms TTL: TTL − elapsed − drift is negative, so C1 refuses the lock and unlocks everywhere.',
    scenario: redlock({ clients: 1, ttl: 500, nodeTimeout: 150, acquisition: 'sequential', retryCount: 0 }, [
      ...['A', 'B', 'C', 'D', 'E'].flatMap((n) => [
        at(0, { type: 'set-link-latency', from: 'C1', to: n, min: 60 * MS, max: 60 * MS }),
        at(0, { type: 'set-link-latency', from: n, to: 'C1', min: 60 * MS, max: 60 * MS }),
      ]),
      at(10, acquire('C1')),
    ]),
  },
  {
    id: 'slow-acquisition-node-redlock',
    title: 'Slow acquisition, as node-redlock decides',
    description:
      'The same slow acquisition, but the client accepts any majority without checking the remaining validity, as node-redlock does: it believes it holds a lock whose keys are about to expire.',
    scenario: redlock(
      {
        clients: 2,
        ttl: 500,
        nodeTimeout: 150,
        acquisition: 'sequential',
        retryCount: 0,
        validityCheck: 'node-redlock',
      },
      [
        ...['A', 'B', 'C', 'D', 'E'].flatMap((n) => [
          at(0, { type: 'set-link-latency', from: 'C1', to: n, min: 60 * MS, max: 60 * MS }),
          at(0, { type: 'set-link-latency', from: n, to: 'C1', min: 60 * MS, max: 60 * MS }),
        ]),
        at(10, acquire('C1')),
        at(830, acquire('C2')),
      ],
    ),
  },
  {
    id: 'split-votes',
    title: 'Split votes: both back off',
    description:
      'E is down. C1 reaches A and B first, C2 reaches C and D first: each has two of five, neither a majority. Both unlock everywhere and retry after a random delay; the one that retries first wins.',
    scenario: redlock({ clients: 2 }, [
      at(0, { type: 'crash', node: 'E' }),
      ...['A', 'B'].map((n) =>
        at(0, { type: 'set-link-latency', from: 'C2', to: n, min: 20 * MS, max: 20 * MS }),
      ),
      ...['C', 'D'].map((n) =>
        at(0, { type: 'set-link-latency', from: 'C1', to: n, min: 20 * MS, max: 20 * MS }),
      ),
      at(10, acquire('C1')),
      at(10, acquire('C2')),
      // Back to a uniform network, so the retries race fairly.
      at(40, { type: 'set-latency', min: 1 * MS, max: 5 * MS }),
      ...['A', 'B'].map((n) =>
        at(40, { type: 'set-link-latency', from: 'C2', to: n, min: 1 * MS, max: 5 * MS }),
      ),
      ...['C', 'D'].map((n) =>
        at(40, { type: 'set-link-latency', from: 'C1', to: n, min: 1 * MS, max: 5 * MS }),
      ),
    ]),
  },
  {
    id: 'restart-without-persistence',
    title: 'Restart without persistence: two holders',
    description:
      'C1 locks A, B and C (D and E are out of its reach). C crashes and restarts with persistence off: its key is gone. C2 locks C, D and E. Both believe they hold the lock.',
    scenario: redlock(longWork, [
      ...splitReach(),
      at(10, acquire('C1')),
      at(100, { type: 'crash', node: 'C' }),
      at(110, { type: 'restart', node: 'C' }),
      at(150, acquire('C2')),
    ]),
  },
  {
    id: 'restart-delayed',
    title: 'Delayed restart: safe',
    description:
      'The same crash, but C stays out of service for a TTL after restarting, so every lock it granted has expired first. C2 gets only D and E and keeps retrying until C serves again; the two never overlap.',
    scenario: redlock({ ...longWork, delayedRestart: true }, [
      ...splitReach(),
      at(10, acquire('C1')),
      at(100, { type: 'crash', node: 'C' }),
      at(110, { type: 'restart', node: 'C' }),
      at(150, acquire('C2')),
    ]),
  },
  {
    id: 'clock-jump',
    title: 'Clock jump: the counterexample',
    description:
      "Kleppmann's first counterexample. C1 locks A, B and C. C's clock jumps forward by 2 s and the key expires there early. C2 locks C, D and E. Both believe they hold the lock: Redlock assumes bounded clock error.",
    scenario: redlock(longWork, [
      ...splitReach(),
      at(10, acquire('C1')),
      at(100, { type: 'clock-jump', node: 'C', by: 2000 * MS }),
      at(150, acquire('C2')),
    ]),
  },
  {
    id: 'clock-drift',
    title: 'Clock drift beyond the allowance',
    description:
      "No jump, only rates: C1's clock runs 3% slow and every node's 3% fast, far more than the 1% allowance. The keys expire about 40 ms before C1's deadline, and C2, retrying every few milliseconds, gets in while C1 still believes it holds the lock.",
    scenario: redlock({ workTime: 1500, retryDelay: 20, retryJitter: 10, retryCount: 100 }, [
      at(0, { type: 'clock-rate', node: 'C1', rate: 0.97 }),
      ...['A', 'B', 'C', 'D', 'E'].map((node) => at(0, { type: 'clock-rate', node, rate: 1.03 })),
      at(0, acquire('C1')),
      at(10, acquire('C2')),
    ]),
  },
  {
    id: 'pause-during-acquisition',
    title: 'Pause during acquisition: caught',
    description:
      "The reply's point. C1 sends its requests and pauses at once for 1.5 s; the OKs wait in its inbox while the keys expire and C2 takes the lock. C1 wakes and reads five OKs, but its clock says the validity is gone: it refuses the lock.",
    scenario: redlock({}, [
      at(10, acquire('C1')),
      at(11, { type: 'pause', node: 'C1', duration: 1500 * MS }),
      at(1300, acquire('C2')),
    ]),
  },
  {
    id: 'process-pause',
    title: 'Process pause: the counterexample',
    description:
      'C1 holds the lock, then stops for a 1.5 s pause before writing. Its keys expire everywhere, C2 acquires and writes. C1 wakes, still believing it holds the lock, and writes too: the storage accepts the stale write.',
    scenario: redlock({}, [
      at(10, acquire('C1')),
      at(200, { type: 'pause', node: 'C1', duration: 1500 * MS }),
      at(1100, acquire('C2')),
    ]),
  },
  {
    id: 'process-pause-fencing',
    title: 'Process pause with fencing tokens',
    description:
      'The same pause, with a token counter: C1 gets token 1, C2 token 2. Both still believe they hold the lock, but the storage has seen token 2 when C1 writes with token 1, and rejects it.',
    scenario: redlock({ fencing: true }, [
      at(10, acquire('C1')),
      at(200, { type: 'pause', node: 'C1', duration: 1500 * MS }),
      at(1100, acquire('C2')),
    ]),
  },
  {
    id: 'plain-del-release',
    title: 'Release with plain DEL',
    description:
      "C1 works past its validity; C2 takes the lock. C1 finishes and releases with a plain DEL, deleting C2's keys. C3 acquires while C2 still holds the lock.",
    scenario: redlock({ clients: 3, workTime: 1200, release: 'del' }, [
      at(10, acquire('C1')),
      at(1100, acquire('C2')),
      at(1300, acquire('C3')),
    ]),
  },
  {
    id: 'compare-and-delete-release',
    title: 'Release with compare-and-delete',
    description:
      "The same timeline with the release script: C1's release finds C2's value and deletes nothing. C3 must wait until C2's keys are gone.",
    scenario: redlock({ clients: 3, workTime: 1200 }, [
      at(10, acquire('C1')),
      at(1100, acquire('C2')),
      at(1300, acquire('C3')),
    ]),
  },
];

export function findScenario(id: string): NamedScenario | undefined {
  return scenarios.find((s) => s.id === id);
}
