/**
 * Each process's state over time, for the lanes. The trace holds events, not states, so a shadow
 * run of the same scenario is stepped alongside the player's (the kernel is deterministic: the same
 * scenario gives the same trace) and a sample is taken after every event. The player's run is
 * only read, never moved.
 */
import type { AlgorithmModule, Micros, NodeId, Run } from '../../sim/types';
import { readProcess, type ProcessState } from './state';

export type LaneState = ProcessState | 'down';

export interface LaneSegment {
  from: Micros;
  to: Micros;
  state: LaneState;
  /** Holding locks during this segment. */
  locks: boolean;
}

export interface Lane {
  id: NodeId;
  segments: LaneSegment[];
  /** Times the process crashed. */
  crashes: Micros[];
}

interface Sample {
  time: Micros;
  nodes: { id: NodeId; state: LaneState; locks: boolean }[];
}

interface Cache {
  scenario: string;
  shadow: Run;
  /** samples[k] is the world after k events (samples[0]: the start). */
  samples: Sample[];
}

/** Longest history kept; beyond it the lanes stop growing (2PC runs are short). */
export const MAX_SAMPLES = 20_000;

const caches = new WeakMap<Run, Cache>();

function sample(run: Run): Sample {
  const world = run.view();
  return {
    time: world.time,
    nodes: world.nodes.map((n) => {
      const p = readProcess(n);
      return { id: n.id, state: n.up ? p.state : 'down', locks: n.up && p.locksHeld };
    }),
  };
}

/** Samples up to and including the cursor of `run`. */
export function samplesUpTo(module: AlgorithmModule, run: Run, cursor: number): Sample[] {
  const scenario = JSON.stringify(run.scenario());
  let cache = caches.get(run);
  if (!cache || cache.scenario !== scenario) {
    const shadow = module.createRun(run.scenario());
    cache = { scenario, shadow, samples: [sample(shadow)] };
    caches.set(run, cache);
  }
  const wanted = Math.min(cursor + 1, MAX_SAMPLES - 1);
  while (cache.samples.length <= wanted && cache.shadow.step()) cache.samples.push(sample(cache.shadow));
  return cache.samples.slice(0, wanted + 1);
}

/** Turns samples into one lane per process, each a list of state segments ending at `now`. */
export function lanesFrom(samples: readonly Sample[], now: Micros): Lane[] {
  const first = samples[0];
  if (!first) return [];
  return first.nodes.map((node, i) => {
    const segments: LaneSegment[] = [];
    const crashes: Micros[] = [];
    for (const s of samples) {
      const n = s.nodes[i];
      if (!n) continue;
      const last = segments[segments.length - 1];
      if (last && last.state === n.state && last.locks === n.locks) continue;
      if (last) last.to = s.time;
      if (n.state === 'down' && last?.state !== 'down') crashes.push(s.time);
      segments.push({ from: s.time, to: now, state: n.state, locks: n.locks });
    }
    const last = segments[segments.length - 1];
    if (last) last.to = Math.max(last.from, now);
    return { id: node.id, segments, crashes };
  });
}
