/**
 * What the default explorer runs for the lock manager: a swarm of faults with random requests,
 * and two shapes random faults rarely draw: two readers converting up at once while others
 * arrive, and a writer that pauses past its lease.
 */
import { swarm } from '../../sim/explore';
import type { ExploreGenerator } from '../../sim/module';
import { Random } from '../../sim/random';
import type { Action, TimedAction } from '../../sim/types';
import { MODES, type Mode } from './modes';
import type { DlmParams } from './params';

const MS = 1000;

function lock(node: string, mode: Mode, hold: number | null): Action {
  return { type: 'client', node, payload: { op: 'lock', mode, hold } };
}

export const dlmSwarm = swarm({
  kinds: ['crash', 'partition', 'isolate', 'pause', 'loss', 'latency'],
  // Clients crash; the manager and the backend keep their state on disk and are not restarted here.
  crashable: (node) => /^C\d+$/.test(node),
  clientNode: (r, nodes) => r.pick(nodes.filter((n) => /^C\d+$/.test(n))),
  clientPayload: (r) => {
    const mode = r.pick(MODES);
    const p = r.float();
    if (p < 0.65) return { op: 'lock', mode, hold: r.chance(0.2) ? null : r.int(50, 900) };
    if (p < 0.9) return { op: 'convert', mode, hold: r.int(50, 900) };
    return { op: 'unlock' };
  },
  maxPause: 4_000_000,
  maxRequests: 24,
});

/** Two readers convert up at nearly the same moment while others ask for read or write modes. */
export const conversions: ExploreGenerator<DlmParams> = {
  id: 'conversions',
  title: 'Readers converting up while others arrive',
  description:
    'Two clients take PR and both convert to PW or EX; a third asks for a read or write mode meanwhile.',
  scenario(seed, { algorithm, params }) {
    const r = Random.fromSeed(seed ^ 0xd1c0);
    const clients = Math.max(3, params.clients);
    const actions: TimedAction[] = [];
    const add = (ms: number, action: Action) => actions.push({ at: Math.round(ms * MS), action });
    add(r.int(0, 40), lock('C1', 'PR', null));
    add(r.int(0, 40), lock('C2', 'PR', null));
    const up = r.int(120, 300);
    add(up + r.int(0, 30), {
      type: 'client',
      node: 'C1',
      payload: { op: 'convert', mode: r.pick(['EX', 'PW'] as const), hold: 200 },
    });
    if (r.chance(0.7))
      add(up + r.int(0, 30), {
        type: 'client',
        node: 'C2',
        payload: { op: 'convert', mode: r.pick(['EX', 'PW'] as const), hold: 200 },
      });
    else add(up + r.int(200, 600), { type: 'client', node: 'C2', payload: { op: 'unlock' } });
    for (let i = 3; i <= clients; i++)
      add(r.int(0, up + 200), lock(`C${i}`, r.pick(['PR', 'CW', 'CR', 'PW'] as const), r.int(100, 600)));
    actions.sort((a, b) => a.at - b.at);
    return { version: 1, algorithm, params: { ...params, clients, workload: false }, seed, actions };
  },
};

/** A writer pauses for longer than its lease while another waits for the same lock. */
export const pausedWriters: ExploreGenerator<DlmParams> = {
  id: 'paused-writers',
  title: 'Writers pausing past their lease',
  description: 'A client holding a write mode stops for one to two lease TTLs, then carries on and writes.',
  scenario(seed, { algorithm, params }) {
    const r = Random.fromSeed(seed ^ 0xfe0c);
    const clients = Math.max(2, params.clients);
    const ttl = params.leaseTtl * 1000;
    const actions: TimedAction[] = [];
    const add = (ms: number, action: Action) => actions.push({ at: Math.round(ms * MS), action });
    const mode = r.pick(['EX', 'PW'] as const);
    add(r.int(0, 30), lock('C1', mode, r.int(150, 400)));
    add(r.int(40, 120), { type: 'pause', node: 'C1', duration: r.int(ttl + 500, 2 * ttl) * MS });
    for (let i = 2; i <= clients; i++)
      add(r.int(30, 400), lock(`C${i}`, r.pick(['EX', 'PW', 'PR'] as const), r.int(100, 500)));
    actions.sort((a, b) => a.at - b.at);
    return { version: 1, algorithm, params: { ...params, clients, workload: false }, seed, actions };
  },
};
