/**
 * Generation throughput of the Snowflake generator, side by side with two npm generators, in one
 * run: `npx tsx bench/snowflake.ts` (add `--ms 1000` for longer rounds).
 *
 * (a) With a synthetic clock that moves only when the generator asks to wait, the loop measures
 *     the CPU cost of the pure step: the ceiling of the code itself.
 * (b) With the real clock, a Twitter-layout worker can hand out at most 4,096 IDs per
 *     millisecond; if the generator is faster than that, it spends the rest of each millisecond
 *     waiting on the clock, and the measured rate sits at the ceiling.
 *
 * Every contender writes its IDs to the same preallocated array, so storage costs all the same;
 * after each round the IDs are sorted to count duplicates and checked for order.
 */
import { Snowflake as SapphireSnowflake } from '@sapphire/snowflake';
import nodejsSnowflake from 'nodejs-snowflake';
import { INITIAL_STATE, createGenerator, nextId } from '../src/algorithms/snowflake/generator';
import { PRESETS, TWITTER_EPOCH_MS } from '../src/algorithms/snowflake/layout';

const args = process.argv.slice(2);
const msIndex = args.indexOf('--ms');
const ROUND_MS = msIndex >= 0 ? Number(args[msIndex + 1]) : 500;
const ROUNDS = 3;
const CAPACITY = 12_000_000;
const CEILING_PER_MS = 4096;

const ids = new BigUint64Array(CAPACITY);

interface RoundResult {
  count: number;
  elapsedMs: number;
  /** Share of the wall time the process was on a CPU (a loaded machine takes time slices away). */
  cpuShare: number;
  /** Milliseconds in which the worker used up its sequence and had to wait. */
  fullMs?: number;
  /** Milliseconds in which the worker handed out at least one ID, i.e. was running. */
  activeMs?: number;
}

interface Contender {
  name: string;
  layout: string;
  clock: 'synthetic' | 'real';
  note: string;
  round(deadline: number): RoundResult;
}

function cpuShareSince(start: NodeJS.CpuUsage, elapsedMs: number): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / elapsedMs;
}

const layout = PRESETS.twitter;
const worker = { datacenter: 1, worker: 5 };

function ours(clock: 'synthetic' | 'real'): Contender {
  return {
    name: 'distributed-atlas nextId',
    layout: 'Twitter 41/5/5/12',
    clock,
    note:
      clock === 'synthetic'
        ? 'pure step; clock jumps to the next ms when asked'
        : 'pure step; spins on Date.now() when the ms is used up',
    round(deadline) {
      const generator = createGenerator(layout, worker);
      let state = INITIAL_STATE;
      let count = 0;
      let fullMs = 0;
      let lastFull = -1;
      let activeMs = 0;
      let now = clock === 'synthetic' ? Date.now() - TWITTER_EPOCH_MS : 0;
      const cpu = process.cpuUsage();
      const start = performance.now();
      while (count < CAPACITY) {
        if ((count & 1023) === 0 && performance.now() >= deadline) break;
        if (clock === 'real') now = Date.now() - TWITTER_EPOCH_MS;
        const result = nextId(generator, state, now);
        if (result.kind === 'id') {
          if (result.time !== state.lastTime) activeMs++;
          state = result.state;
          ids[count++] = result.value;
        } else if (result.kind === 'wait') {
          if (state.lastTime !== lastFull) {
            fullMs++;
            lastFull = state.lastTime;
          }
          if (clock === 'synthetic') now = result.until;
        } else {
          throw new Error(result.message);
        }
      }
      const elapsedMs = performance.now() - start;
      return { count, elapsedMs, cpuShare: cpuShareSince(cpu, elapsedMs), fullMs, activeMs };
    },
  };
}

const sapphire: Contender = {
  name: '@sapphire/snowflake generate()',
  layout: 'Twitter 41/5/5/12',
  clock: 'real',
  note: 'one increment cycling across calls; no per-ms limit, no clock check',
  round(deadline) {
    const generator = new SapphireSnowflake(TWITTER_EPOCH_MS);
    let count = 0;
    const cpu = process.cpuUsage();
    const start = performance.now();
    while (count < CAPACITY) {
      if ((count & 1023) === 0 && performance.now() >= deadline) break;
      ids[count++] = generator.generate({ workerId: 5n, processId: 1n });
    }
    const elapsedMs = performance.now() - start;
    return { count, elapsedMs, cpuShare: cpuShareSince(cpu, elapsedMs) };
  },
};

const nodejs: Contender = {
  name: 'nodejs-snowflake getUniqueID()',
  layout: '42/12/10 (own layout)',
  clock: 'real',
  note: 'Rust compiled to WebAssembly; 10-bit sequence: at most 1,024 per ms',
  round(deadline) {
    const generator = new nodejsSnowflake.Snowflake({ custom_epoch: TWITTER_EPOCH_MS, instance_id: 37 });
    let count = 0;
    const cpu = process.cpuUsage();
    const start = performance.now();
    while (count < CAPACITY) {
      if ((count & 1023) === 0 && performance.now() >= deadline) break;
      ids[count++] = generator.getUniqueID() as bigint;
    }
    const elapsedMs = performance.now() - start;
    generator.free();
    return { count, elapsedMs, cpuShare: cpuShareSince(cpu, elapsedMs) };
  },
};

/** Duplicates and order of the IDs of the last round. */
function audit(count: number): { duplicates: number; outOfOrder: number } {
  let outOfOrder = 0;
  for (let i = 1; i < count; i++) if ((ids[i] as bigint) <= (ids[i - 1] as bigint)) outOfOrder++;
  const sorted = ids.subarray(0, count).slice().sort();
  let duplicates = 0;
  for (let i = 1; i < count; i++) if (sorted[i] === sorted[i - 1]) duplicates++;
  return { duplicates, outOfOrder };
}

interface Summary {
  contender: Contender;
  perSecond: number;
  cpuShare: number;
  /** For our real-clock worker: IDs per millisecond it ran in, and the share of those it filled. */
  perActiveMs: number | null;
  fullShare: number | null;
  duplicates: number;
  outOfOrder: number;
}

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const contenders = [ours('synthetic'), ours('real'), sapphire, nodejs];
const results = new Map<Contender, RoundResult[]>(contenders.map((c) => [c, []]));
const audits = new Map<Contender, { duplicates: number; outOfOrder: number }>();

// Warm every contender up, then interleave the rounds so that no one gets a cooler machine.
for (const contender of contenders) contender.round(performance.now() + 150);
for (let round = 0; round < ROUNDS; round++) {
  for (const contender of contenders) {
    const result = contender.round(performance.now() + ROUND_MS);
    results.get(contender)?.push(result);
    const found = audit(result.count);
    const before = audits.get(contender) ?? { duplicates: 0, outOfOrder: 0 };
    audits.set(contender, {
      duplicates: before.duplicates + found.duplicates,
      outOfOrder: before.outOfOrder + found.outOfOrder,
    });
  }
}

const summaries: Summary[] = contenders.map((contender) => {
  const rounds = results.get(contender) ?? [];
  const measuredClock = contender.clock === 'real' && rounds.every((r) => r.activeMs !== undefined);
  return {
    contender,
    perSecond: median(rounds.map((r) => (r.count / r.elapsedMs) * 1000)),
    cpuShare: median(rounds.map((r) => r.cpuShare)),
    perActiveMs: measuredClock ? median(rounds.map((r) => r.count / (r.activeMs ?? 1))) : null,
    fullShare: measuredClock ? median(rounds.map((r) => (r.fullMs ?? 0) / (r.activeMs ?? 1))) : null,
    ...(audits.get(contender) ?? { duplicates: 0, outOfOrder: 0 }),
  };
});

const format = (n: number) => Math.round(n).toLocaleString('en-US');
const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
const header = [
  'generator',
  'layout',
  'clock',
  'IDs/s (median)',
  'IDs/ms',
  'on CPU',
  'IDs per ms run',
  'ms filled',
  'duplicates',
  'out of order',
];
const rows = summaries.map((s) => [
  s.contender.name,
  s.contender.layout,
  s.contender.clock,
  format(s.perSecond),
  format(s.perSecond / 1000),
  percent(s.cpuShare),
  s.perActiveMs === null ? '-' : format(s.perActiveMs),
  s.fullShare === null ? '-' : percent(s.fullShare),
  format(s.duplicates),
  format(s.outOfOrder),
]);
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: string[]) =>
  cells.map((c, i) => (i >= 3 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ');

console.log(`Snowflake generation, ${ROUNDS} rounds of ${ROUND_MS} ms each, Node ${process.version}`);
console.log(
  `Ceiling of the Twitter layout: ${format(CEILING_PER_MS)} IDs per ms per worker (${format(CEILING_PER_MS * 1000)}/s)\n`,
);
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of rows) console.log(line(row));
console.log('');
for (const s of summaries)
  console.log(`- ${s.contender.name} (${s.contender.clock} clock): ${s.contender.note}`);
console.log(
  '- on CPU: share of the wall time the process actually ran; on a busy machine other processes take the rest.',
);
console.log(
  '- IDs per ms run, ms filled: over the milliseconds in which the worker handed out at least one ID, how many it handed out and how often it used up all 4,096 and waited for the clock.',
);

const [synthetic, real, peerA, peerB] = summaries as [Summary, Summary, Summary, Summary];
const fastestPeer = Math.max(peerA.perSecond, peerB.perSecond);
const filled = real.fullShare ?? 0;
console.log('');
console.log(
  `(a) CPU ceiling: ${format(synthetic.perSecond)} IDs/s, ${(synthetic.perSecond / fastestPeer).toFixed(2)}× the fastest peer ` +
    `(${synthetic.perSecond >= fastestPeer ? 'at least' : 'BELOW'} the peers' rate).`,
);
console.log(
  `(b) Real clock: ${format(real.perSecond / 1000)} IDs per wall-clock ms with the process on a CPU ${percent(real.cpuShare)} of the time; ` +
    `in the milliseconds it ran it handed out ${format(real.perActiveMs ?? 0)} IDs on average and used up all 4,096 in ${percent(filled)} of them, ` +
    `so it ${filled >= 0.9 ? 'waits on the clock, not on the CPU' : 'is limited by the CPU here'}.`,
);
