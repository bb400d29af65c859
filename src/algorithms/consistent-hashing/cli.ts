/**
 * The subcommands of `npm run sim -- consistent-hashing …`: jump, ring and rendezvous lookups, the
 * key hash, and a rebalance report, over the same pure functions as the page.
 */
import type { CliCommand, CommandInput } from '../../sim/module';
import { keyHash, parseU64, toBigInt, toHex } from './hash';
import { jumpHash } from './jump';
import { type Scheme, SCHEMES, buildRing, nodeHashes, rendezvousPreference, ringPreference } from './place';
import { formatReport, rebalance } from './rebalance';

function int(text: string | undefined, name: string, min: number, max: number, fallback?: number): number {
  if (text === undefined) {
    if (fallback === undefined) throw new Error(`Say ${name}`);
    return fallback;
  }
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} is a whole number from ${min} to ${max}, got "${text}"`);
  return n;
}

function nodesOf(input: CommandInput): { id: string; weight: number }[] {
  const text = input.values['nodes'];
  const list =
    typeof text === 'string'
      ? text
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : ['N1', 'N2', 'N3', 'N4'];
  if (list.length === 0) throw new Error('--nodes needs at least one name');
  return list.map((entry) => {
    const [id = '', w] = entry.split('=');
    const weight = w === undefined ? 1 : Number(w);
    if (!(weight > 0)) throw new Error(`Bad weight in "${entry}": write N1=2`);
    return { id, weight };
  });
}

const ok = (output: string) => ({ output, exitCode: 0 });

const jump: CliCommand = {
  name: 'jump',
  summary: 'The bucket of an unsigned 64-bit key (decimal) among n buckets, by the paper’s code',
  usage: 'jump <key> <buckets>',
  options: {},
  run({ positionals }) {
    const [keyText, bucketsText] = positionals;
    if (keyText === undefined || bucketsText === undefined) throw new Error('Usage: jump <key> <buckets>');
    const key = parseU64(keyText);
    const buckets = int(bucketsText, 'the number of buckets', 1, 2147483647);
    return ok(String(jumpHash(key.hi, key.lo, buckets)));
  },
};

const hash: CliCommand = {
  name: 'hash',
  summary: 'The key hash of a string: FNV-1a 64, then fmix64 (what the ring and jump read)',
  usage: 'hash <key>',
  options: {},
  run({ positionals }) {
    const [text] = positionals;
    if (text === undefined) throw new Error('Usage: hash <key>');
    const h = keyHash(text);
    return ok(`${toHex(h)} (${toBigInt(h)}); ring position ${h.hi}`);
  },
};

const lookupOptions = {
  nodes: { type: 'string', description: 'node names, with weights as N1=2 (default N1,N2,N3,N4)' },
  replicas: { type: 'string', description: 'length of the preference list (default 3)' },
  json: { type: 'boolean', description: 'print JSON' },
} as const;

const ring: CliCommand = {
  name: 'ring',
  summary: 'A key’s node and preference list on the hash ring with virtual nodes',
  usage: 'ring <key> [--nodes N1,N2=2,…] [--vnodes 100] [--replicas 3] [--json]',
  options: {
    ...lookupOptions,
    vnodes: { type: 'string', description: 'virtual nodes per unit of weight (default 100)' },
  },
  run(input) {
    const [key] = input.positionals;
    if (key === undefined) throw new Error('Usage: ring <key> [--nodes …]');
    const members = nodesOf(input);
    const vnodes = int(input.values['vnodes'] as string | undefined, '--vnodes', 1, 10_000, 100);
    const replicas = int(
      input.values['replicas'] as string | undefined,
      '--replicas',
      1,
      members.length,
      Math.min(3, members.length),
    );
    const r = buildRing(members, vnodes);
    const position = keyHash(key).hi;
    const list = ringPreference(r, position, replicas).map((i) => members[i]?.id ?? '?');
    if (input.values['json'])
      return ok(JSON.stringify({ key, position, node: list[0], preferenceList: list }));
    return ok(`${key} at ${position} → ${list[0]}; preference list ${list.join(', ')}`);
  },
};

const rendezvous: CliCommand = {
  name: 'rendezvous',
  summary: 'A key’s node and its top scores by rendezvous (highest random weight) hashing',
  usage: 'rendezvous <key> [--nodes N1,N2=2,…] [--replicas 3] [--json]',
  options: lookupOptions,
  run(input) {
    const [key] = input.positionals;
    if (key === undefined) throw new Error('Usage: rendezvous <key> [--nodes …]');
    const members = nodesOf(input);
    const replicas = int(
      input.values['replicas'] as string | undefined,
      '--replicas',
      1,
      members.length,
      Math.min(3, members.length),
    );
    const h = keyHash(key);
    const list = rendezvousPreference(nodeHashes(members), h.hi, h.lo, replicas).map(
      (i) => members[i]?.id ?? '?',
    );
    if (input.values['json']) return ok(JSON.stringify({ key, node: list[0], preferenceList: list }));
    return ok(`${key} → ${list[0]}; by score ${list.join(', ')}`);
  },
};

const rebalanceCommand: CliCommand = {
  name: 'rebalance',
  summary: 'Keys moved when a node is added or removed, against the ideal K/N',
  usage: 'rebalance [--algorithm ring] [--keys 100000] [--nodes 10] [--add | --remove N3] [--json]',
  options: {
    algorithm: { type: 'string', description: `${SCHEMES.join(', ')} (default ring)` },
    keys: { type: 'string', description: 'how many keys (default 100000)' },
    nodes: { type: 'string', description: 'nodes before the change (default 10)' },
    vnodes: { type: 'string', description: 'virtual nodes per node (default 100)' },
    epsilon: { type: 'string', description: 'ε of bounded loads (default 0.25)' },
    add: { type: 'boolean', description: 'add a node (the default)' },
    remove: { type: 'string', description: 'remove this node' },
    json: { type: 'boolean', description: 'print JSON' },
  },
  run(input) {
    const v = input.values;
    const scheme = (v['algorithm'] ?? 'ring') as Scheme;
    if (!SCHEMES.includes(scheme))
      throw new Error(`--algorithm is one of ${SCHEMES.join(', ')}, got "${scheme}"`);
    if (v['add'] && v['remove']) throw new Error('Give --add or --remove, not both');
    const epsilon = v['epsilon'] === undefined ? 0.25 : Number(v['epsilon']);
    if (!(epsilon >= 0)) throw new Error('--epsilon is a number at least 0');
    const report = rebalance({
      scheme,
      keys: int(v['keys'] as string | undefined, '--keys', 1, 10_000_000, 100_000),
      nodes: int(v['nodes'] as string | undefined, '--nodes', 1, 1000, 10),
      vnodes: int(v['vnodes'] as string | undefined, '--vnodes', 1, 10_000, 100),
      epsilon,
      change: typeof v['remove'] === 'string' ? { kind: 'remove', node: v['remove'] } : { kind: 'add' },
    });
    return ok(v['json'] ? JSON.stringify(report, null, 2) : formatReport(report));
  },
};

export const hashingCommands: readonly CliCommand[] = [jump, ring, rendezvous, hash, rebalanceCommand];
