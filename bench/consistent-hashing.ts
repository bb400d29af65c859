/**
 * A million keys rebalanced and counted, per scheme: `npx tsx bench/consistent-hashing.ts`
 * (`--keys N`, `--nodes N`). Each round hashes the keys, places them on n nodes, adds node n + 1,
 * places them again and counts the moves: the work the demo's Web Worker does. The machine's load
 * and the share of wall time this process had a CPU are printed beside every figure, since a busy
 * machine stretches them; `cpu ms` (median CPU time of a round) is what an idle core would take.
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { SCHEMES } from '../src/algorithms/consistent-hashing/place';
import { rebalance } from '../src/algorithms/consistent-hashing/rebalance';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const KEYS = option('keys', 1_000_000);
const NODES = option('nodes', 10);
const ROUNDS = 5;

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
console.log(
  `consistent hashing: ${KEYS.toLocaleString('en-US')} keys, ${NODES} → ${NODES + 1} nodes, ${ROUNDS} rounds each`,
);
console.log(`machine: ${cpus().length} cores, load average ${load()}`);
console.log('');
console.log('scheme       median ms   best ms   cpu ms   moved     ideal     cpu share  load (1/5/15 min)');
for (const scheme of SCHEMES) {
  const times: number[] = [];
  let moved = 0;
  let ideal = 0;
  let cpu = 0;
  const cpuMs: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = performance.now();
    const usage = process.cpuUsage();
    const report = rebalance({
      scheme,
      keys: KEYS,
      nodes: NODES,
      change: { kind: 'add' },
      vnodes: 100,
      epsilon: 0.25,
    });
    const elapsed = performance.now() - start;
    const used = process.cpuUsage(usage);
    times.push(elapsed);
    cpuMs.push((used.user + used.system) / 1000);
    cpu += (used.user + used.system) / 1000 / elapsed;
    moved = report.moved;
    ideal = report.ideal;
  }
  times.sort((a, b) => a - b);
  cpuMs.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] as number;
  console.log(
    `${scheme.padEnd(12)} ${median.toFixed(0).padStart(9)} ${(times[0] as number).toFixed(0).padStart(9)} ${(cpuMs[Math.floor(cpuMs.length / 2)] as number).toFixed(0).padStart(8)}   ${String(moved).padEnd(9)} ${String(ideal).padEnd(9)} ${(cpu / ROUNDS).toFixed(2).padStart(9)}  ${load()}`,
  );
}
