/**
 * Raft's exploration generators: random fault schedules, membership changes on top of them, and
 * the paper's scripted counterexamples varied in their timings. Each draws a scenario from a seed;
 * the kernel's explorer (src/sim/explore.ts) runs it and checks the invariants.
 */
import { Random } from '../../sim/random';
import type { Action, Scenario, TimedAction } from '../../sim/types';
import { nodeIds } from './cluster';
import { raftParams } from './params';
import { changeBeforeTermCommit, figure8Overwritten, twoChangesAtOnce } from './scenarios';
import type { Variant } from './types';

const MS = 1000;

export const GENERATORS = ['swarm', 'figure-8', 'membership-scripts', 'membership', 'random'] as const;
export type Generator = (typeof GENERATORS)[number];

function pickNode(r: Random, nodes: readonly string[]): string {
  return r.pick(nodes);
}

/** A random split of the nodes into two or three groups. */
function randomGroups(r: Random, nodes: readonly string[]): string[][] {
  const count = r.int(2, 4);
  const groups: string[][] = Array.from({ length: count }, () => []);
  for (const n of nodes) (groups[r.int(0, count)] as string[]).push(n);
  return groups.filter((g) => g.length > 0);
}

/**
 * A random run: 3 or 5 servers, client requests, and a schedule of crashes and restarts,
 * partitions and heals, pauses, forced timeouts, clock changes, loss and duplication, leadership
 * transfers; PreVote is on in about a third of the runs.
 */
export function randomScenario(
  seed: number,
  variant: Variant = 'correct',
  durationMs = 1500,
  fast = false,
): Scenario {
  const r = Random.fromSeed(seed ^ 0x5eed5);
  const count = r.pick([3, 5, 5]);
  const nodes = nodeIds(count);
  const actions: TimedAction[] = [];
  const add = (ms: number, action: Action) => actions.push({ at: Math.round(ms * MS), action });
  // Fast runs shrink every timing five-fold: as much happens in a fifth of the simulated time.
  const k = fast ? 0.2 : 1;
  for (let t = r.int(100, 250) * k; t < durationMs; t += r.int(15, 90) * k) {
    const action: Action = { type: 'client', payload: { key: r.pick(['x', 'y', 'z']), value: String(t) } };
    if (r.chance(0.6)) action.node = pickNode(r, nodes);
    add(t, action);
  }
  const faults = r.int(3, 10);
  for (let i = 0; i < faults; i++) {
    const t = r.int(50 * k, durationMs - 100 * k);
    const node = pickNode(r, nodes);
    switch (r.int(0, 9)) {
      case 0:
      case 1:
        add(t, { type: 'crash', node });
        add(t + r.int(20, 500) * k, { type: 'restart', node });
        break;
      case 2:
      case 3:
        add(t, { type: 'partition', groups: randomGroups(r, nodes) });
        add(t + r.int(50, 600) * k, { type: 'heal' });
        break;
      case 4:
        add(t, { type: 'pause', node, duration: Math.round(r.int(20, 400) * k * MS) });
        break;
      case 5:
        add(t, { type: 'timeout', node });
        break;
      case 6:
        add(t, { type: 'clock-rate', node, rate: r.pick([0.5, 0.8, 1.25, 2]) });
        break;
      case 8:
        // An operator asks whoever leads to hand over to `node`.
        add(t, { type: 'client', payload: { transferTo: node } });
        break;
      default:
        add(t, { type: 'set-loss', rate: r.pick([0, 0.1, 0.3]) });
        add(t + r.int(50, 400) * k, { type: 'set-loss', rate: 0 });
        break;
    }
  }
  actions.sort((a, b) => a.at - b.at);
  return {
    version: 1,
    algorithm: 'raft',
    params: {
      ...raftParams.defaults,
      nodes: count,
      electionTimeoutMin: 150 * k,
      electionTimeoutMax: 300 * k,
      heartbeatInterval: 50 * k,
      latencyMin: Math.round(r.pick([1, 5, 10]) * k),
      latencyMax: Math.round(r.pick([15, 30, 60]) * k),
      loss: r.pick([0, 0, 0.05, 0.15]),
      duplication: r.pick([0, 0, 0.05, 0.2]),
      batchSize: r.pick([1, 2, 16]),
      variant,
      preVote: r.chance(0.3),
    },
    seed,
    actions,
  };
}

/**
 * A random run (as `randomScenario` draws it) with membership changes on top: up to two servers
 * start outside the configuration, and operators ask whoever leads, now and then, to add or remove
 * a server. The changes come from a second random stream, so the faults stay those of the seed.
 */
export function membershipScenario(
  seed: number,
  variant: Variant = 'correct',
  durationMs = 1500,
  fast = false,
): Scenario {
  const base = randomScenario(seed, variant, durationMs, fast);
  const r = Random.fromSeed(seed ^ 0xc0f16);
  const count = base.params.nodes as number;
  const nodes = nodeIds(count);
  const k = fast ? 0.2 : 1;
  const actions = base.actions.slice();
  const changes = r.int(3, 10);
  for (let i = 0; i < changes; i++) {
    const t = r.int(60 * k, durationMs - 30 * k);
    const request = r.chance(0.5) ? 'addServer' : 'removeServer';
    const action: Action = { type: 'client', payload: { [request]: pickNode(r, nodes) } };
    // Mostly to the leader, sometimes to any server (which must refuse).
    if (r.chance(0.2)) action.node = pickNode(r, nodes);
    actions.push({ at: Math.round(t * MS), action });
  }
  actions.sort((a, b) => a.at - b.at);
  return { ...base, params: { ...base.params, outside: r.int(0, Math.min(3, count)) }, actions };
}

/**
 * A scripted scenario under a different seed and latencies, with the same jitter on every scripted
 * time after the first, so the interleaving of replies, heartbeats and votes changes from run to
 * run. `salt` keeps the variations of different scripts apart.
 */
function jittered(base: Scenario, seed: number, salt: number): Scenario {
  const r = Random.fromSeed(seed ^ salt);
  const jitter = r.int(0, 4) * MS;
  const actions = base.actions.map((a, i) => ({ at: a.at + (i > 0 ? jitter : 0), action: a.action }));
  return {
    ...base,
    seed,
    params: { ...base.params, latencyMin: r.int(5, 11), latencyMax: r.int(12, 16) },
    actions,
  };
}

/** The Figure 8 script, varied. */
export function figure8Variation(seed: number, variant: Variant = 'correct'): Scenario {
  return jittered(figure8Overwritten(variant), seed, 0xf18);
}

/** One of the two broken membership scripts, varied. */
export function membershipVariation(
  seed: number,
  script: 'two-changes-at-once' | 'change-before-term-commit',
  variant: Variant,
): Scenario {
  const base = script === 'two-changes-at-once' ? twoChangesAtOnce(variant) : changeBeforeTermCommit(variant);
  return jittered(base, seed, 0x4e3b);
}

/** The two published membership counterexamples in turn, varied. */
export function membershipScriptVariation(seed: number, variant: Variant): Scenario {
  return membershipVariation(
    seed,
    seed % 2 === 0 ? 'two-changes-at-once' : 'change-before-term-commit',
    variant,
  );
}

/**
 * Swarm testing over Raft's own fault kinds: each run draws which kinds happen (crashes,
 * partitions, isolation, forced time-outs, pauses, clock rates, loss, duplication, transfers,
 * membership changes) and how often, on 3 or 5 servers with up to two outside the configuration.
 */
export function swarmScenario(
  seed: number,
  variant: Variant = 'correct',
  durationMs = 1500,
  fast = false,
): Scenario {
  const r = Random.fromSeed(seed ^ 0x5a4a12);
  const count = r.pick([3, 5, 5]);
  const nodes = nodeIds(count);
  const k = fast ? 0.2 : 1;
  const kinds = [
    'crash',
    'partition',
    'isolate',
    'timeout',
    'pause',
    'clock-rate',
    'loss',
    'transfer',
    'membership',
  ] as const;
  let chosen = kinds.filter(() => r.chance(0.5));
  if (chosen.length === 0) chosen = [r.pick(kinds)];
  const actions: TimedAction[] = [];
  const end = durationMs * MS;
  const add = (ms: number, action: Action) =>
    actions.push({ at: Math.min(end - 1, Math.max(0, Math.round(ms * MS))), action });
  const at = () => r.int(0, durationMs);
  const spell = () => r.int(20, 600) * k;
  for (const kind of chosen) {
    const times = r.int(1, 9);
    for (let i = 0; i < times; i++) {
      const t = at();
      const node = pickNode(r, nodes);
      if (kind === 'crash') {
        add(t, { type: 'crash', node });
        add(t + spell(), { type: 'restart', node });
      } else if (kind === 'partition') {
        add(t, { type: 'partition', groups: randomGroups(r, nodes) });
        add(t + spell(), { type: 'heal' });
      } else if (kind === 'isolate') {
        add(t, { type: 'partition', groups: [[node], nodes.filter((n) => n !== node)] });
        add(t + spell(), { type: 'heal' });
      } else if (kind === 'timeout') add(t, { type: 'timeout', node });
      else if (kind === 'pause')
        add(t, { type: 'pause', node, duration: Math.round(r.int(20, 400) * k * MS) });
      else if (kind === 'clock-rate') add(t, { type: 'clock-rate', node, rate: r.pick([0.5, 0.8, 1.25, 2]) });
      else if (kind === 'loss') {
        add(t, { type: 'set-loss', rate: r.pick([0.1, 0.3, 0.6]) });
        add(t + spell(), { type: 'set-loss', rate: 0 });
      } else if (kind === 'transfer') add(t, { type: 'client', payload: { transferTo: node } });
      else {
        const request = r.chance(0.5) ? 'addServer' : 'removeServer';
        add(t, { type: 'client', payload: { [request]: node } });
      }
    }
  }
  const requests = r.int(1, 30);
  for (let n = 0; n < requests; n++) {
    const action: Action = { type: 'client', payload: { key: r.pick(['x', 'y']), value: String(n) } };
    if (r.chance(0.5)) action.node = pickNode(r, nodes);
    add(at(), action);
  }
  actions.sort((a, b) => a.at - b.at);
  return {
    version: 1,
    algorithm: 'raft',
    params: {
      ...raftParams.defaults,
      nodes: count,
      outside: chosen.includes('membership') ? r.int(0, Math.min(3, count)) : 0,
      electionTimeoutMin: 150 * k,
      electionTimeoutMax: 300 * k,
      heartbeatInterval: 50 * k,
      latencyMin: Math.round(r.pick([1, 5, 10]) * k),
      latencyMax: Math.round(r.pick([15, 30, 60]) * k),
      batchSize: r.pick([1, 2, 16]),
      variant,
      preVote: r.chance(0.3),
    },
    seed,
    actions,
  };
}

export function scenarioFor(
  seed: number,
  generator: Generator,
  variant: Variant,
  durationMs: number,
  fast = false,
): Scenario {
  if (generator === 'swarm') return swarmScenario(seed, variant, durationMs, fast);
  if (generator === 'figure-8') return figure8Variation(seed, variant);
  if (generator === 'membership-scripts') return membershipScriptVariation(seed, variant);
  if (generator === 'membership') return membershipScenario(seed, variant, durationMs, fast);
  return randomScenario(seed, variant, durationMs, fast);
}
