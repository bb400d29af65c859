/**
 * Paxos's exploration: a swarm of faults over either mode, and a targeted schedule that makes the
 * broken variants' bugs likely: a value chosen by a part of the cluster, a crash of one of its
 * acceptors, and a second proposer that reaches a majority through it.
 */
import { swarm } from '../../sim/explore';
import type { ExploreGenerator } from '../../sim/module';
import { Random } from '../../sim/random';
import type { Action, NodeId, Scenario, TimedAction } from '../../sim/types';
import type { PaxosParams } from './params';

/** Single-decree runs propose short letters; Multi-Paxos runs commands. */
const payload = (_r: Random, n: number) => `x=${n}`;

export const swarmGenerator = swarm({
  kinds: ['crash', 'partition', 'isolate', 'timeout', 'pause', 'loss', 'duplication', 'latency'],
  maxRequests: 12,
  clientPayload: payload,
  // Requests at any server: in single-decree each is a proposer with a value of its own.
  clientNode: (r, nodes) => (r.chance(0.7) ? r.pick(nodes) : undefined),
  params: (r, p) => ({ ...p, proposers: 0, latencyMin: 5, latencyMax: r.pick([10, 20, 40]) }),
});

/** Two proposers with a crash of a shared acceptor between them, and partitions that keep the second from learning. */
export const rivalsGenerator: ExploreGenerator = {
  id: 'rivals',
  title: 'Rival proposers around an acceptor crash',
  description:
    'Three servers: one proposes while another is cut off; an acceptor that accepted crashes and restarts; then the cut-off server proposes (or leads) through it.',
  scenario(seed, { algorithm, params }): Scenario {
    const r = Random.fromSeed(seed ^ 0x7a05);
    const nodes: NodeId[] = ['S1', 'S2', 'S3'];
    const [first, middle, last] = r.chance(0.5) ? nodes : [...nodes].reverse();
    const actions: TimedAction[] = [];
    const add = (ms: number, action: Action) => actions.push({ at: Math.round(ms * 1000), action });
    const multi = (params as PaxosParams).mode === 'multi';
    add(0, { type: 'partition', groups: [[first as NodeId, middle as NodeId], [last as NodeId]] });
    if (multi) add(r.int(1, 10), { type: 'timeout', node: first as NodeId });
    add(r.int(40, 80), { type: 'client', node: first as NodeId, payload: 'x=1' });
    const crash = r.int(90, 160);
    add(crash, { type: 'crash', node: middle as NodeId });
    add(crash + r.int(1, 30), { type: 'restart', node: middle as NodeId });
    add(crash + r.int(30, 50), {
      type: 'partition',
      groups: [[first as NodeId], [middle as NodeId, last as NodeId]],
    });
    if (multi) add(crash + r.int(55, 80), { type: 'timeout', node: last as NodeId });
    add(crash + r.int(120, 200), { type: 'client', node: last as NodeId, payload: 'x=2' });
    add(crash + r.int(300, 400), { type: 'heal' });
    actions.sort((a, b) => a.at - b.at);
    return {
      version: 1,
      algorithm,
      params: { ...params, nodes: 3, proposers: 0, latencyMin: 5, latencyMax: 5 + r.int(0, 15) },
      seed,
      actions,
    };
  },
};
