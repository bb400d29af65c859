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
  /** Milliseconds in which the worker used up its sequence and had to wait. */
  fullMs?: number;
  /** Distinct milliseconds the IDs were generated in. */
  spanMs?: number;
}

interface Contender {
  name: string;
  layout: string;
  clock: 'synthetic' | 'real';
  note: string;
  round(deadline: number): RoundResult;
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
      let now = clock === 'synthetic' ? Date.now() - TWITTER_EPOCH_MS : 0;
      const firstUnit = clock === 'synthetic' ? now : Date.now() - TWITTER_EPOCH_MS;
      const start = performance.now();
      while (count < CAPACITY) {
        if ((count & 1023) === 0 && performance.now() >= deadline) break;
        if (clock === 'real') now = Date.now() - TWITTER_EPOCH_MS;
        const result = nextId(generator, state, now);
        if (result.kind === 'id') {
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
      return { count, elapsedMs, fullMs, spanMs: state.lastTime - firstUnit + 1 };
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
    const start = performance.now();
    while (count < CAPACITY) {
      if ((count & 1023) === 0 && performance.now() >= deadline) break;
      ids[count++] = generator.generate({ workerId: 5n, processId: 1n });
    }
    return { count, elapsedMs: performance.now() - start };
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
    const start = performance.now();
    while (count < CAPACITY) {
      if ((count & 1023) === 0 && performance.now() >= deadline) break;
      ids[count++] = generator.getUniqueID() as bigint;
    }
    generator.free();
    return { count, elapsedMs: performance.now() - start };
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
  perMs: number;
  fullShare: number | null;
  duplicates: number;
  outOfOrder: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const contenders = [ours('synthetic'), ours('real'), sapphire, nodejs];
const rates = new Map<Contender, number[]>();
const fullShares = new Map<Contender, number[]>();
const audits = new Map<Contender, { duplicates: number; outOfOrder: number }>();

// Warm every contender up, then interleave the rounds so that no one gets a cooler machine.
for (const contender of contenders) contender.round(performance.now() + 150);
for (let round = 0; round < ROUNDS; round++) {
  for (const contender of contenders) {
    const result = contender.round(performance.now() + ROUND_MS);
    rates.set(contender, [...(rates.get(contender) ?? []), (result.count / result.elapsedMs) * 1000]);
    if (result.fullMs !== undefined && result.spanMs !== undefined && contender.clock === 'real') {
      fullShares.set(contender, [...(fullShares.get(contender) ?? []), result.fullMs / result.spanMs]);
    }
    const found = audit(result.count);
    const before = audits.get(contender) ?? { duplicates: 0, outOfOrder: 0 };
    audits.set(contender, {
      duplicates: before.duplicates + found.duplicates,
      outOfOrder: before.outOfOrder + found.outOfOrder,
    });
  }
}

const summaries: Summary[] = contenders.map((contender) => {
  const perSecond = median(rates.get(contender) ?? []);
  const shares = fullShares.get(contender);
  return {
    contender,
    perSecond,
    perMs: perSecond / 1000,
    fullShare: shares ? median(shares) : null,
    ...(audits.get(contender) ?? { duplicates: 0, outOfOrder: 0 }),
  };
});

const format = (n: number) => Math.round(n).toLocaleString('en-US');
const header = [
  'generator',
  'layout',
  'clock',
  'IDs/s (median)',
  'IDs/ms',
  'ms used up',
  'duplicates',
  'out of order',
];
const rows = summaries.map((s) => [
  s.contender.name,
  s.contender.layout,
  s.contender.clock,
  format(s.perSecond),
  format(s.perMs),
  s.fullShare === null ? '-' : `${(s.fullShare * 100).toFixed(1)}%`,
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

const [synthetic, real, peerA, peerB] = summaries as [Summary, Summary, Summary, Summary];
const fastestPeer = Math.max(peerA.perSecond, peerB.perSecond);
console.log('');
console.log(
  `(a) CPU ceiling: ${format(synthetic.perSecond)} IDs/s, ${(synthetic.perSecond / fastestPeer).toFixed(2)}× the fastest peer ` +
    `(${synthetic.perSecond >= fastestPeer ? 'at least' : 'BELOW'} the peers' rate).`,
);
console.log(
  `(b) Real clock: ${format(real.perMs)} IDs per ms, ${((real.perMs / CEILING_PER_MS) * 100).toFixed(1)}% of the 4,096 ceiling; ` +
    `the sequence ran out in ${((real.fullShare ?? 0) * 100).toFixed(1)}% of the milliseconds, ` +
    `so the worker ${real.perMs >= 0.9 * CEILING_PER_MS ? 'waits on the clock, not on the CPU' : 'is limited by the CPU here'}.`,
);
