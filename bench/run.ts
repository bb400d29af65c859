/**
 * Benchmarks of the simulation kernel with Raft (never part of `npm test`):
 * - throughput: a 5-node cluster, a client request every 50 ms, the leader crashed every 3 s and
 *   restarted 1 s later, 60 s of simulated time; delivered messages per wall-clock second and per
 *   CPU-second, best and median of 16 rounds (the harness counts entry kinds and reads no narration);
 * - seek: random seeks in a 100,000-event trace; p50, p95 and max.
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Random } from '../src/sim/random';
import type { Scenario, TimedAction } from '../src/sim/types';
import raft from '../src/algorithms/raft';
import type { RaftRun } from '../src/algorithms/raft';
import { raftParams } from '../src/algorithms/raft/params';

const MS = 1000;
const SIMULATED = 60_000 * MS;

/**
 * A leader crash every 3 s, restarted 1 s later. Client requests are scripted in the scenario
 * (see `benchmarkScenario`); the crashes are acted live, because who leads depends on the run.
 */
function drive(run: RaftRun, until: number): { delivered: number; crashes: number } {
  let delivered = 0;
  let crashes = 0;
  let nextCrash = 3000 * MS;
  const restarts: { at: number; node: string }[] = [];
  let seen = 0;
  for (;;) {
    const nextAction = Math.min(nextCrash, restarts[0]?.at ?? Infinity);
    // Process every event before the next action.
    for (;;) {
      const t = peek(run);
      if (t === null || t >= nextAction || t > until) break;
      run.step();
    }
    if (nextAction > until) break;
    for (const e of run.entries(seen, run.length())) if (e.kind === 'deliver') delivered++;
    seen = run.length();
    if (restarts[0] && restarts[0].at === nextAction) {
      const { node } = restarts.shift() as { at: number; node: string };
      run.act({ type: 'restart', node });
    } else {
      const leader = run.nodes().find((n) => n.up && n.role === 'leader');
      if (leader) {
        run.act({ type: 'crash', node: leader.id });
        restarts.push({ at: nextCrash + 1000 * MS, node: leader.id });
        crashes++;
      }
      nextCrash += 3000 * MS;
    }
  }
  for (const e of run.entries(seen, run.length())) if (e.kind === 'deliver') delivered++;
  return { delivered, crashes };
}

function peek(run: RaftRun): number | null {
  return (run as unknown as { world: { peekTime(): number | null } }).world.peekTime();
}

/** Five servers with the default settings, and a client request every 50 ms for the whole minute. */
function benchmarkScenario(): Scenario {
  const actions: TimedAction[] = [];
  for (let at = 50 * MS; at <= SIMULATED; at += 50 * MS) {
    actions.push({ at, action: { type: 'client', payload: { key: 'k', value: String(at / MS) } } });
  }
  return { version: 1, algorithm: 'raft', params: { ...raftParams.defaults }, seed: 42, actions };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

interface Throughput {
  delivered: number;
  events: number;
  seconds: number;
  cpuSeconds: number;
  crashes: number;
  scenario: Scenario;
}

function throughput(): Throughput {
  const run = raft.createRun(benchmarkScenario());
  const cpu = process.cpuUsage();
  const start = performance.now();
  const { delivered, crashes } = drive(run, SIMULATED);
  const seconds = (performance.now() - start) / 1000;
  const cpuSeconds = process.cpuUsage(cpu).user / 1e6;
  return { delivered, events: run.length(), seconds, cpuSeconds, crashes, scenario: run.scenario() };
}

function seekBench(scenario: Scenario): { events: number; samples: number[]; cpu: number[]; build: number } {
  const run = raft.createRun(scenario);
  const t0 = performance.now();
  while (run.length() < 100_000 && run.step()) {
    /* build the trace */
  }
  const build = (performance.now() - t0) / 1000;
  const random = Random.fromSeed(7);
  const samples: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 200; i++) {
    const target = random.int(-1, run.length());
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    run.seek(target);
    samples.push(performance.now() - start);
    cpu.push(process.cpuUsage(cpuStart).user / 1000);
    if (run.cursor() !== target) throw new Error(`seek landed on ${run.cursor()}, not ${target}`);
  }
  const sorted = (xs: number[]) => xs.sort((a, b) => a - b);
  return { events: run.length(), samples: sorted(samples), cpu: sorted(cpu), build };
}

// Sixteen rounds: the first includes JIT warm-up, and one round is only a tenth of a CPU-second,
// so on a busy machine the best of many is the fairest figure. Best wall-clock and best CPU
// rounds are chosen separately (CPU time includes the garbage collector's helper threads).
const ROUNDS = 16;
const rounds = Array.from({ length: ROUNDS }, () => throughput());
const first = rounds[0] as Throughput;
const tp = rounds.reduce((a, b) => (b.seconds < a.seconds ? b : a));
const leanest = rounds.reduce((a, b) => (b.cpuSeconds < a.cpuSeconds ? b : a));
const perSecond = tp.delivered / tp.seconds;
const bySpeed = rounds.map((r) => r.delivered / r.seconds).sort((a, b) => a - b);
const medianPerSecond = ((bySpeed[(ROUNDS >> 1) - 1] as number) + (bySpeed[ROUNDS >> 1] as number)) / 2;
// The throughput run's scenario (with its crashes and client requests) makes the long trace to seek in.
const long: Scenario = { ...tp.scenario, actions: extend(tp.scenario.actions) };
const sk = seekBench(long);

function extend(actions: TimedAction[]): TimedAction[] {
  // Repeat the minute of actions until the trace can reach 100,000 events.
  const out: TimedAction[] = [];
  for (let k = 0; k < 3; k++)
    for (const a of actions) out.push({ at: a.at + k * SIMULATED, action: a.action });
  return out;
}

const rate = (n: number) => `${Math.round(n).toLocaleString('en')} msg/s`;
const rows: [string, string, string][] = [
  [`Throughput (60 s simulated, 5 nodes), best of ${ROUNDS}`, rate(perSecond), '≥ 150,000 msg/s'],
  [`  median of ${ROUNDS}`, rate(medianPerSecond), ''],
  ['  first round (cold JIT)', rate(first.delivered / first.seconds), ''],
  [`  per CPU-second (best of ${ROUNDS})`, rate(leanest.delivered / leanest.cpuSeconds), ''],
  ['  messages delivered', tp.delivered.toLocaleString('en'), ''],
  ['  trace events', tp.events.toLocaleString('en'), ''],
  ['  leader crashes', String(tp.crashes), ''],
  ['  wall-clock time', `${tp.seconds.toFixed(2)} s`, ''],
  [
    `Seek in a ${sk.events.toLocaleString('en')}-event trace: p50`,
    `${percentile(sk.samples, 50).toFixed(2)} ms`,
    '< 50 ms',
  ],
  ['  p95', `${percentile(sk.samples, 95).toFixed(2)} ms`, '< 50 ms'],
  ['  max', `${(sk.samples[sk.samples.length - 1] as number).toFixed(2)} ms`, '< 50 ms'],
  ['  CPU time per seek: p50', `${percentile(sk.cpu, 50).toFixed(2)} ms`, ''],
  ['  CPU time per seek: p95', `${percentile(sk.cpu, 95).toFixed(2)} ms`, ''],
  ['  building the trace', `${sk.build.toFixed(2)} s`, ''],
];
rows.push(['Machine load (1-minute average)', loadavg()[0]?.toFixed(2) ?? '?', `${cpus().length} CPUs`]);
const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length));
console.log(`${'Measure'.padEnd(w0)}  ${'Result'.padStart(w1)}  Target`);
console.log(`${'-'.repeat(w0)}  ${'-'.repeat(w1)}  ${'-'.repeat(16)}`);
for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`);
