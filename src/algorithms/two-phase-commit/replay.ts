/**
 * An exhaustive counterexample (a path of steps with no time in it) made into a scenario the
 * player runs: the path's spontaneous steps become timed actions (a crash, a participant's own
 * abort, a link that fails long enough for a timer to fire), drawn at moments from a seed until
 * the kernel's run breaks the same invariant; the kernel's shrinker then reduces it.
 */
import { Random } from '../../sim/random';
import { runToHorizon } from '../../sim/explore';
import { shrink, type Counterexample } from '../../sim/shrink';
import type { Action, NodeId, Scenario, TimedAction } from '../../sim/types';
import { nodeIds } from './cluster';
import type { Violation } from './exhaustive';
import { twoPhaseCommitParams } from './params';
import type { Variant } from './types';
import twoPhaseCommit from './index';

const MS = 1000;
const HORIZON = 3000 * MS;

/** One timed draw of the path's own steps, under the demo's default timings. */
export function pathScenario(
  path: readonly string[],
  seed: number,
  participants: number,
  variant: Variant,
  cooperativeTermination: boolean,
): Scenario {
  const params = { ...twoPhaseCommitParams.defaults, participants, variant, cooperativeTermination };
  const nodes = nodeIds(params);
  const r = Random.fromSeed(seed ^ 0x2bc);
  const latency = params.latencyMax;
  const actions: TimedAction[] = [];
  const add = (ms: number, action: Action) => actions.push({ at: Math.round(ms * MS), action });
  const others = (node: NodeId) => nodes.filter((n) => n !== node);
  const crashedAt = new Map<NodeId, number>();
  for (const step of path) {
    let m: RegExpExecArray | null;
    if ((m = /^(\S+) crashes$/.exec(step))) {
      const t = r.int(0, 4 * latency);
      crashedAt.set(m[1] as NodeId, t);
      add(t, { type: 'crash', node: m[1] as NodeId });
    } else if ((m = /^(\S+) restarts from its log$/.exec(step))) {
      const since = crashedAt.get(m[1] as NodeId) ?? 0;
      add(since + r.int(1, params.decisionTimeout * 2), { type: 'restart', node: m[1] as NodeId });
    } else if ((m = /^(\S+) aborts while working$/.exec(step))) {
      add(r.int(0, latency), { type: 'client', node: m[1] as NodeId, payload: 'abort' });
    } else if ((m = /^(\S+)'s (decision|vote) timer fires$/.exec(step))) {
      // Nothing reaches the process (or leaves it) until its timer has fired.
      const node = m[1] as NodeId;
      const timeout = m[2] === 'decision' ? params.decisionTimeout : params.voteTimeout;
      const t = r.int(latency, 3 * latency);
      add(t, { type: 'partition', groups: [[node], others(node)] });
      add(t + timeout + r.int(latency, 4 * latency), { type: 'heal' });
    }
  }
  actions.sort((a, b) => a.at - b.at);
  return { version: 1, algorithm: twoPhaseCommit.id, params, seed, actions };
}

/**
 * A player scenario breaking the invariant the exhaustive path breaks, shrunk; null when no draw
 * in `tries` does (the path relies on an order the timed network never produces).
 */
export function counterexampleOf(
  violation: Pick<Violation, 'invariant' | 'path'>,
  options: { participants: number; variant: Variant; cooperativeTermination: boolean },
  tries = 300,
): Counterexample | null {
  const counts = (v: { invariant: string }) => v.invariant === violation.invariant;
  for (let seed = 1; seed <= tries; seed++) {
    const scenario = pathScenario(
      violation.path,
      seed,
      options.participants,
      options.variant,
      options.cooperativeTermination,
    );
    const found = runToHorizon(twoPhaseCommit, scenario, HORIZON, undefined, counts).violation;
    if (found) return shrink(twoPhaseCommit, { scenario, violation: found });
  }
  return null;
}
