/**
 * Named scenarios: each shows one behaviour the article explains. Requests are client actions
 * whose payload says how many IDs are wanted; local time 0 is the `startMs` parameter.
 */
import { atMs as at, scenarioBuilder } from '../../sim/scenario';
import type { NamedScenario, Scenario, TimedAction } from '../../sim/types';
import { epochEndMs } from './cluster';
import { snowflakeParams, type SnowflakeParams } from './params';

const MS = 1000;

/** A Snowflake scenario: the default parameters with some changed, and its requests. */
export const snowflakeScenario = scenarioBuilder('snowflake', snowflakeParams.defaults);
const scenario = snowflakeScenario;

/** `count` IDs from each worker every millisecond from `from` to `to` (exclusive). */
function steady(workers: number, from: number, to: number, count = 1): TimedAction[] {
  const actions: TimedAction[] = [];
  for (let ms = from; ms < to; ms++) {
    for (let w = 1; w <= workers; w++)
      actions.push(at(ms + 0.1 * w, { type: 'client', node: `W${w}`, payload: { count } }));
  }
  return actions;
}

function clockBack(
  policy: SnowflakeParams['policy'],
  preset: SnowflakeParams['preset'],
  backMs: number,
): Scenario {
  return scenario({ preset, policy, workers: 2 }, [
    ...steady(2, 0, 40),
    at(15.5, { type: 'clock-jump', node: 'W2', by: -backMs * MS }),
  ]);
}

export const scenarios: NamedScenario[] = [
  {
    id: 'steady-load',
    title: 'Steady load on three workers',
    description:
      'Three Twitter-layout workers each hand out a few IDs every millisecond. Each ID carries its millisecond, its worker id and a sequence that restarts at 0 in every new millisecond, so the merged stream is in time order.',
    scenario: scenario({ workers: 3 }, steady(3, 0, 30, 3)),
    until: 30 * MS,
  },
  {
    id: 'burst',
    title: 'A burst of 5,000 requests in one millisecond',
    description:
      'One worker is asked for 5,000 IDs at once. The 12-bit sequence holds 4,096 per millisecond: it hands out 4,096, waits for its clock to reach the next millisecond, and serves the remaining 904 there.',
    scenario: scenario({ workers: 1 }, [at(1.25, { type: 'client', node: 'W1', payload: { count: 5000 } })]),
    until: 3 * MS,
  },
  {
    id: 'clock-back-twitter',
    title: "W2's clock steps back 5 ms: Twitter refuses",
    description:
      'Under IdWorker’s rule, W2 refuses every request until its clock is past the last ID it handed out, saying for how long. No ID repeats, but for 5 ms W2 is unavailable, and once it resumes its IDs lag W1’s.',
    scenario: clockBack('reference', 'twitter', 5),
    until: 40 * MS,
  },
  {
    id: 'clock-back-leaf-small',
    title: "W2's clock steps back 3 ms: Leaf waits it out",
    description:
      'Leaf waits twice the offset when the clock is behind by at most 5 ms, then tries again. W2 sleeps 6 ms, finds its clock past the last ID and carries on; its requests queue meanwhile.',
    scenario: clockBack('reference', 'leaf', 3),
    until: 40 * MS,
  },
  {
    id: 'clock-back-leaf-large',
    title: "W2's clock steps back 10 ms: Leaf fails at once",
    description:
      'Behind by more than 5 ms, Leaf does not wait: each request fails immediately with an error until the clock has caught up with the last ID.',
    scenario: clockBack('reference', 'leaf', 10),
    until: 40 * MS,
  },
  {
    id: 'clock-back-sonyflake',
    title: "W2's clock steps back 10 ms: Sonyflake borrows time",
    description:
      'Sonyflake never looks back: it keeps counting in the time unit of its last ID and runs ahead of its clock when that unit fills. W2 never refuses and its IDs keep growing, stamped with a time its clock has not reached yet.',
    scenario: clockBack('reference', 'sonyflake', 10),
    until: 40 * MS,
  },
  {
    id: 'clock-back-no-check',
    title: "W2's clock steps back 5 ms with no check: duplicates",
    description:
      'Many small generators never compare the clock with the last ID. W2 goes back to milliseconds it already used, restarts the sequence at 0 and hands out the very IDs it gave 5 ms ago: the unique-ids invariant fails.',
    scenario: clockBack('no-check', 'twitter', 5),
    until: 40 * MS,
  },
  {
    id: 'same-worker-id',
    title: 'Two workers configured with the same id',
    description:
      'W1 and W2 were both given worker id 0. Each is correct on its own, but in the same millisecond both hand out sequence 0, 1, 2...: the same IDs. Uniqueness rests on the worker ids, which Snowflake leaves to deployment.',
    scenario: scenario({ workers: 2, sameWorkerId: true }, steady(2, 0, 10, 2)),
    until: 10 * MS,
  },
  {
    id: 'epoch-runs-out',
    title: 'The end of the epoch: 41 bits of milliseconds last 69.7 years',
    description:
      'This run starts 10 ms before Twitter’s 41-bit time field runs out, on 2080-07-10 at 17:30:30.209 UTC, 2^41 ms after the 2010 epoch. After those 10 ms no ID can encode the time, and the worker refuses every request.',
    scenario: scenario({ workers: 1, startMs: epochEndMs('twitter') - 10 }, steady(1, 0, 20, 1)),
    until: 20 * MS,
  },
];
