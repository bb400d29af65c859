/**
 * The simulated node against real Redis. Five redis-server processes on loopback ports answer
 * the same commands as five simulated nodes; the answers must match. Without redis-server these
 * tests fail with the install command: CI installs it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisCommands } from '../commands';
import { quorum } from '../machine';
import { SimulatedRedis } from '../redis-node';
import { RespClient } from './resp';
import { startRedisServers, stopRedisServers, type RedisServer } from './redis-servers';

let servers: RedisServer[] = [];
let real: RespClient[] = [];
let keyCount = 0;

beforeAll(async () => {
  servers = await startRedisServers(5);
  real = await Promise.all(servers.map((s) => RespClient.connect(s.port)));
}, 15_000);

afterAll(async () => {
  await Promise.all(real.map((c) => c.close()));
  await stopRedisServers(servers);
});

function freshKey(): string {
  return `lock-${++keyCount}`;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** One side of the comparison: commands, and a way to let time pass on its clock. */
interface Side {
  node: RedisCommands;
  wait(ms: number): Promise<void>;
}

type Step = (side: Side, key: string) => Promise<unknown>;

interface Case {
  name: string;
  steps: Step[];
}

const cases: Case[] = [
  {
    name: 'SET NX PX on a missing key, then on an existing key',
    steps: [
      (s, k) => s.node.set(k, 'v1', { nx: true, px: 5000 }),
      (s, k) => s.node.set(k, 'v2', { nx: true, px: 5000 }),
      (s, k) => s.node.get(k),
    ],
  },
  {
    name: 'SET without NX overwrites',
    steps: [
      (s, k) => s.node.set(k, 'v1', { px: 5000 }),
      (s, k) => s.node.set(k, 'v2'),
      (s, k) => s.node.get(k),
    ],
  },
  {
    name: 'a key expires after its PX, and NX succeeds again',
    steps: [
      (s, k) => s.node.set(k, 'v1', { nx: true, px: 60 }),
      (s, k) => s.node.get(k),
      (s) => s.wait(150),
      (s, k) => s.node.get(k),
      (s, k) => s.node.set(k, 'v2', { nx: true, px: 5000 }),
    ],
  },
  {
    name: 'compare-and-delete with the right value, a wrong value, and no key',
    steps: [
      (s, k) => s.node.set(k, 'mine', { nx: true, px: 5000 }),
      (s, k) => s.node.evalCompareAndDelete(k, 'theirs'),
      (s, k) => s.node.get(k),
      (s, k) => s.node.evalCompareAndDelete(k, 'mine'),
      (s, k) => s.node.get(k),
      (s, k) => s.node.evalCompareAndDelete(k, 'mine'),
    ],
  },
  {
    name: 'compare-and-extend keeps the key past its first TTL; a wrong value extends nothing',
    steps: [
      (s, k) => s.node.set(k, 'mine', { nx: true, px: 100 }),
      (s, k) => s.node.evalCompareAndExtend(k, 'theirs', 5000),
      (s, k) => s.node.evalCompareAndExtend(k, 'mine', 5000),
      (s) => s.wait(200),
      (s, k) => s.node.get(k),
    ],
  },
  {
    name: 'a wrong-value extension leaves the old TTL running out',
    steps: [
      (s, k) => s.node.set(k, 'mine', { nx: true, px: 60 }),
      (s, k) => s.node.evalCompareAndExtend(k, 'theirs', 5000),
      (s) => s.wait(150),
      (s, k) => s.node.get(k),
      (s, k) => s.node.evalCompareAndExtend(k, 'mine', 5000),
    ],
  },
  {
    name: "plain DEL removes someone else's key",
    steps: [
      (s, k) => s.node.set(k, 'theirs', { nx: true, px: 5000 }),
      (s, k) => s.node.del(k),
      (s, k) => s.node.get(k),
      (s, k) => s.node.del(k),
    ],
  },
];

async function play(side: Side, steps: readonly Step[], key: string): Promise<unknown[]> {
  const answers: unknown[] = [];
  for (const step of steps) answers.push(await step(side, key));
  return answers;
}

describe('simulated Redis node and real Redis give the same answers', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const sim = new SimulatedRedis();
      const key = freshKey();
      const simulated = await play({ node: sim, wait: async (ms) => sim.advance(ms) }, c.steps, key);
      const actual = await play({ node: real[0] as RespClient, wait: sleep }, c.steps, key);
      expect(actual).toEqual(simulated);
      // The answers say something: not every step returned the same thing.
      expect(new Set(simulated.map((a) => JSON.stringify(a ?? null))).size).toBeGreaterThan(1);
    });
  }
});

/** Step 2 and 3 of Redlock over a set of nodes: how many said yes, and is it a majority. */
async function lockRound(nodes: readonly RedisCommands[], key: string, value: string, ttl: number) {
  const answers = await Promise.all(nodes.map((n) => n.set(key, value, { nx: true, px: ttl })));
  const granted = answers.filter((a) => a === 'OK').length;
  return { granted, acquired: granted >= quorum(nodes.length) };
}

async function extendRound(nodes: readonly RedisCommands[], key: string, value: string, ttl: number) {
  const answers = await Promise.all(nodes.map((n) => n.evalCompareAndExtend(key, value, ttl)));
  return answers.filter((a) => a === 1).length;
}

async function releaseRound(nodes: readonly RedisCommands[], key: string, value: string) {
  const answers = await Promise.all(nodes.map((n) => n.evalCompareAndDelete(key, value)));
  return answers.filter((a) => a === 1).length;
}

/** The Redlock rounds of one story, told to a set of five nodes. */
async function story(nodes: readonly RedisCommands[], key: string, squatter: string) {
  const log: unknown[] = [];
  log.push(await lockRound(nodes, key, 'C1:1', 5000)); // acquire
  log.push(await lockRound(nodes, key, 'C2:1', 5000)); // contention: refused everywhere
  log.push(await extendRound(nodes, key, 'C1:1', 5000)); // the holder extends
  log.push(await extendRound(nodes, key, 'C2:1', 5000)); // the other cannot
  log.push(await releaseRound(nodes, key, 'C2:1')); // nor release
  log.push(await releaseRound(nodes, key, 'C1:1')); // the holder releases everywhere
  log.push(await lockRound(nodes, key, 'C2:2', 5000)); // now the other gets it
  log.push(await releaseRound(nodes, key, 'C2:2'));
  // A third party holds the key on three nodes: a minority for C1, which releases everywhere.
  for (const n of nodes.slice(0, 3)) await n.set(squatter, 'C3:1', { nx: true, px: 5000 });
  log.push(await lockRound(nodes, squatter, 'C1:2', 5000));
  log.push(await releaseRound(nodes, squatter, 'C1:2'));
  log.push(await Promise.all(nodes.map((n) => n.get(squatter))));
  return log;
}

describe('Redlock rounds against five real nodes and five simulated nodes', () => {
  it('acquire, contention, extend, release and a failed minority behave the same', async () => {
    const key = freshKey();
    const squatter = freshKey();
    const simulated = await story(
      Array.from({ length: 5 }, () => new SimulatedRedis()),
      key,
      squatter,
    );
    const actual = await story(real, key, squatter);
    expect(actual).toEqual(simulated);
    expect(simulated[0]).toEqual({ granted: 5, acquired: true });
    expect(simulated[1]).toEqual({ granted: 0, acquired: false });
    expect(simulated[8]).toEqual({ granted: 2, acquired: false });
    // The failed client's release did not touch the third party's keys.
    expect(simulated[10]).toEqual(['C3:1', 'C3:1', 'C3:1', null, null]);
  });

  it('a lock taken on real nodes expires on their clocks', async () => {
    const key = freshKey();
    expect(await lockRound(real, key, 'C1:1', 80)).toEqual({ granted: 5, acquired: true });
    expect((await lockRound(real, key, 'C2:1', 80)).acquired).toBe(false);
    await sleep(200);
    expect(await lockRound(real, key, 'C2:1', 5000)).toEqual({ granted: 5, acquired: true });
  });
});
