/**
 * Benchmark of the explorer (never part of `npm test`): for every broken variant of every
 * algorithm, the wall-clock time the default explorer takes to its first counterexample (median
 * of 5 explorer seeds, one process, so one core), the runs it took, the explorer's events per
 * second, and the time to shrink the first counterexample. Two-phase commit's exhaustive search
 * is timed too. The machine's load is printed beside, as timings on a shared machine vary.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { explore as exhaustive } from '../src/algorithms/two-phase-commit/exhaustive';
import { loadAlgorithms } from '../src/registry';
import { explore, variantParams } from '../src/sim/explore';
import { shrink } from '../src/sim/shrink';
import { installFastPath } from '../src/sim/fast-path';

installFastPath();

const SEEDS = [1, 1001, 2001, 3001, 4001];
const MAX_RUNS = 5000;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

const rows: string[][] = [
  [
    'algorithm',
    'variant',
    'first counterexample (median s)',
    'runs (median)',
    'found',
    'events/s',
    'shrink s',
    'shrunk to',
    'load',
  ],
];
for (const m of await loadAlgorithms()) {
  if (!m.exploration) continue;
  for (const v of m.variants.filter((x) => x.breaks.length > 0)) {
    const times: number[] = [];
    const runs: number[] = [];
    let events = 0;
    let seconds = 0;
    let found = 0;
    let shrinkSeconds = 0;
    let shrunkTo = '';
    for (const firstSeed of SEEDS) {
      const start = performance.now();
      const result = explore(m, {
        runs: MAX_RUNS,
        firstSeed,
        params: variantParams(m, v.id),
        invariants: v.breaks,
        stopEarly: true,
      });
      const elapsed = (performance.now() - start) / 1000;
      times.push(result.findings.length > 0 ? elapsed : Infinity);
      runs.push(result.runs);
      events += result.events;
      seconds += elapsed;
      const f = result.findings[0];
      if (f) {
        found++;
        if (!shrunkTo) {
          const s0 = performance.now();
          const c = shrink(m, f);
          shrinkSeconds = (performance.now() - s0) / 1000;
          shrunkTo = `${c.before.actions}→${c.after.actions} actions, ${c.before.nodes}→${c.after.nodes} ${m.nodeNoun.many}`;
        }
      }
    }
    rows.push([
      m.id,
      v.id,
      median(times).toFixed(3),
      String(median(runs)),
      `${found}/${SEEDS.length}`,
      Math.round(events / seconds).toLocaleString('en'),
      shrinkSeconds.toFixed(2),
      shrunkTo,
      load(),
    ]);
  }
}

const widths = (rows[0] as string[]).map((_, i) => Math.max(...rows.map((r) => (r[i] as string).length)));
console.log(
  `Explorer: time to the first counterexample per broken variant (default explorer, ${SEEDS.length} explorer seeds, at most ${MAX_RUNS} runs each)`,
);
for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i] as number)).join('  '));

const t0 = performance.now();
const search = exhaustive({ variant: 'unilateral-abort-when-prepared' });
console.log(
  `\nTwo-phase commit, default exhaustive search, broken variant: ${search.states.toLocaleString('en')} states in ${((performance.now() - t0) / 1000).toFixed(2)} s, atomicity ${search.atomicityHolds ? 'holds' : 'VIOLATED'} (load ${load()})`,
);
