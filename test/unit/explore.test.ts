/**
 * Exploration through the module contract, for every algorithm: the default explorer never reports
 * a violation of the correct variant, finds each broken variant within a bounded number of runs,
 * and shrinks what it finds to a link that, decoded and replayed, breaks the same invariant at
 * the event it points to. ATLAS_LONG=1 runs many more seeds.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/sim';
import { explore as exhaustive } from '../../src/algorithms/two-phase-commit/exhaustive';
import { counterexampleOf } from '../../src/algorithms/two-phase-commit/replay';
import { loadAlgorithms } from '../../src/registry';
import { explore, variantParams, type ExploreFinding } from '../../src/sim/explore';
import type { AlgorithmModule } from '../../src/sim/module';
import { parseFragment } from '../../src/sim/share';
import { readScenarioFile, shrink, type Counterexample } from '../../src/sim/shrink';

const LONG = process.env['ATLAS_LONG'] === '1';
/** Runs of the correct variant per explorer seed, and explorer seeds. */
const CORRECT_RUNS = LONG ? 2000 : 40;
const SEEDS = LONG ? [1, 1001, 2001, 3001, 4001] : [1, 1001];
/** The default explorer must find each broken variant within this many runs. */
const BOUND = 400;
/** Explorer runs take seconds on a loaded machine; the long sample takes minutes. */
const TIMEOUT = LONG ? 3_600_000 : 60_000;

const modules = (await loadAlgorithms()).filter((m) => m.exploration && m.variants.length > 1);

/** Invariants some broken variant is built to break: what the correct one must keep. */
function kept(m: AlgorithmModule): string[] {
  return [...new Set(m.variants.flatMap((v) => v.breaks))];
}

/** Decodes the link as the player does and replays to its cursor: the violation is there. */
function replayLink(m: AlgorithmModule, c: Counterexample) {
  const request = parseFragment(`#${c.link}`);
  if (request.kind !== 'moment') throw new Error(`not a moment: ${request.kind}`);
  const run = m.createRun(request.moment.scenario);
  run.seek(request.moment.cursor);
  return { run, cursor: request.moment.cursor };
}

it('every algorithm declares exploration and variants', () => {
  expect(modules.map((m) => m.id).sort()).toEqual([
    'consistent-hashing',
    'dlm',
    'leaf-segment',
    'paxos',
    'raft',
    'redlock',
    'snowflake',
    'two-phase-commit',
  ]);
});

describe.each(modules.map((m) => [m.id, m] as const))('%s', (_id, m) => {
  it(
    `shows no violation of ${kept(m).join(', ')} in the correct variant`,
    () => {
      for (const firstSeed of SEEDS) {
        const result = explore(m, {
          runs: CORRECT_RUNS,
          firstSeed,
          params: variantParams(m, 'correct'),
          invariants: kept(m),
        });
        expect(result.findings.map((f) => `${f.generator} seed ${f.seed}: ${f.violation.detail}`)).toEqual(
          [],
        );
        expect(result.runs).toBe(CORRECT_RUNS);
      }
    },
    TIMEOUT,
  );

  describe.each(m.variants.filter((v) => v.breaks.length > 0).map((v) => [v.id, v] as const))(
    'broken variant %s',
    (variant, info) => {
      const found: ExploreFinding[] = [];
      beforeAll(() => {
        for (const firstSeed of SEEDS) {
          const result = explore(m, {
            runs: BOUND,
            firstSeed,
            params: variantParams(m, variant),
            invariants: info.breaks,
            stopEarly: true,
          });
          if (result.findings[0]) found.push(result.findings[0]);
        }
      }, TIMEOUT);

      it(`is found by the default explorer within ${BOUND} runs, from every explorer seed`, () => {
        expect(found).toHaveLength(SEEDS.length);
        for (const f of found) {
          const id = m.invariants.find((i) => i.name === f.violation.invariant)?.id ?? '';
          expect(info.breaks).toContain(id);
        }
      });

      it(
        'shrinks to a link that replays the same violation at the event it opens',
        () => {
          const finding = found[0] as ExploreFinding;
          const c = shrink(m, finding);
          expect(c.violation.invariant).toBe(finding.violation.invariant);
          expect(c.after.actions).toBeLessThanOrEqual(c.before.actions);
          expect(c.after.nodes).toBeLessThanOrEqual(c.before.nodes);
          const { run, cursor } = replayLink(m, c);
          expect(cursor).toBe(c.violation.index);
          const v = run.violations().find((x) => x.invariant === finding.violation.invariant);
          expect(v?.index).toBe(cursor);
          // The scenario file opens at the same event.
          const file = readScenarioFile(c.file);
          expect(file.scenario).toEqual(c.scenario);
          expect(file.cursor).toBe(cursor);
        },
        TIMEOUT,
      );
    },
  );
});

describe('two-phase commit: the default exhaustive search', () => {
  const broken = exhaustive({ variant: 'unilateral-abort-when-prepared' });

  it('finds the prepared participant that aborts on its own', () => {
    expect(broken.atomicityHolds).toBe(false);
    expect(broken.violations[0]?.path.at(-1)).toMatch(/decision timer fires/);
  });

  it('hands the counterexample to the player as a shrunk scenario breaking Atomicity', () => {
    const m = modules.find((x) => x.id === 'two-phase-commit') as AlgorithmModule;
    const violation = broken.violations[0];
    if (!violation) throw new Error('no violation');
    const c = counterexampleOf(violation, {
      participants: 3,
      variant: 'unilateral-abort-when-prepared',
      cooperativeTermination: false,
    });
    expect(c?.violation.invariant).toBe(violation.invariant);
    const { run, cursor } = replayLink(m, c as Counterexample);
    expect(run.violations().some((v) => v.invariant === violation.invariant && v.index === cursor)).toBe(
      true,
    );
  });
});

describe('the command line', () => {
  it(
    'saves the shrunk counterexample as a file that --file runs into the same violation',
    async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'atlas-')), 'cx.json');
      const found = await runCli([
        'raft',
        '--explore',
        '20',
        '--variant',
        'change-before-term-commit',
        '--stop-early',
        '--save',
        file,
        '--format',
        'json',
      ]);
      expect(found.exitCode).toBe(1);
      const out = JSON.parse(found.stdout) as {
        counterexample: { violation: { invariant: string; index: number } };
      };
      const saved = readScenarioFile(readFileSync(file, 'utf8'));
      expect(saved.cursor).toBe(out.counterexample.violation.index);
      const replay = await runCli(['raft', '--file', file, '--final', '--format', 'json']);
      expect(replay.exitCode).toBe(1);
      const run = JSON.parse(replay.stdout) as { violations: { invariant: string; index: number }[] };
      expect(run.violations).toContainEqual(expect.objectContaining(out.counterexample.violation));
    },
    TIMEOUT,
  );
});
