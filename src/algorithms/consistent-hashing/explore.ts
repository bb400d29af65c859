/**
 * The default explorer's generator: membership churn. Each run draws a cluster (the scheme, how
 * many nodes, keys and virtual nodes) and a dozen changes at random moments: joins, leaves,
 * crashes and restarts, weights, hot key bursts. A broken variant keeps the scheme it breaks.
 */
import type { ExploreGenerator } from '../../sim/module';
import { Random } from '../../sim/random';
import type { Action, Scenario, TimedAction } from '../../sim/types';
import type { HashingParams } from './params';
import { CLIENTS } from './requests';

const SCHEMES = ['ring', 'jump', 'rendezvous', 'bounded', 'maglev'] as const;

export const churn: ExploreGenerator<HashingParams> = {
  id: 'churn',
  title: 'Membership churn',
  description:
    'Random joins, leaves, crashes, restarts, weight changes and hot key bursts on a cluster of random size, keys and virtual nodes.',
  scenario(seed, { algorithm, params, horizon }): Scenario {
    const r = Random.fromSeed(seed ^ 0x4a11);
    const scheme =
      params.variant === 'sticky-hot-key'
        ? 'bounded'
        : params.variant === 'mod-n'
          ? r.pick(['ring', 'jump', 'rendezvous'] as const)
          : r.pick(SCHEMES);
    const maxNodes = r.int(2, 9);
    const p: HashingParams = {
      ...params,
      algorithm: scheme,
      compare: 'none',
      maxNodes,
      nodes: r.int(1, maxNodes + 1),
      keys: r.int(50, 601),
      vnodes: r.pick([1, 4, 16, 100]),
      epsilon: r.pick([0, 0.1, 0.25, 1]),
    };
    const actions: TimedAction[] = [];
    const count = r.int(3, 13);
    for (let i = 0; i < count; i++) {
      const node = `N${r.int(1, maxNodes + 1)}`;
      const roll = r.int(0, 7);
      const action: Action =
        roll === 0
          ? { type: 'client', node, payload: 'join' }
          : roll === 1
            ? { type: 'client', node, payload: 'leave' }
            : roll === 2
              ? { type: 'crash', node }
              : roll === 3
                ? { type: 'restart', node }
                : roll === 4
                  ? { type: 'client', node, payload: `weight ${r.pick([0.5, 1, 2, 3])}` }
                  : { type: 'client', node: CLIENTS, payload: `hot ${r.pick([0, 50, 300, 1000])}` };
      actions.push({ at: r.int(0, horizon), action });
    }
    actions.sort((x, y) => x.at - y.at);
    return { version: 1, algorithm, params: p as unknown as Record<string, unknown>, seed, actions };
  },
};
