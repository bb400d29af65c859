/**
 * Headless runs of the simulations.
 *
 *   npm run sim -- raft --scenario figure-8-overwritten --format text
 *   npm run sim -- raft --file my-run.json --until 3000 --format shiviz > run.log
 *   npm run sim -- raft --explore 1000 --variant no-current-term-check
 *
 * Exit codes: 0 fine, 1 an invariant was violated, 2 bad arguments or input.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { getAlgorithm, algorithms } from '../src/algorithms/registry';
import { snowflakeCli } from '../src/algorithms/snowflake/cli';
import { twoPhaseCommitCli } from '../src/algorithms/two-phase-commit/cli';
import { redlockCli } from '../src/algorithms/redlock/cli';
import { explore, GENERATORS, type Generator } from '../src/algorithms/raft/explore';
import { VARIANTS } from '../src/algorithms/raft/cluster';
import type { Variant } from '../src/algorithms/raft/types';
import { traceDigest } from '../src/sim/digest';
import { toShiViz } from '../src/sim/shiviz';
import { formatTime } from '../src/sim/format';
import { scenarioFromJson, scenarioToJson } from '../src/sim/scenario';
import type { Run, Scenario, TraceEntry, WorldView } from '../src/sim/types';

const USAGE = `Usage:
  npm run sim -- <algorithm> [--scenario <name> | --file <scenario.json>] [options]
  npm run sim -- raft --explore <runs> [--variant <v>] [--generator random|figure-8|membership] [--seed N] [--duration <ms>]

Options:
  --scenario <name>   a named scenario of the algorithm (see --list)
  --file <path>       a scenario JSON file (as exported by the player)
  --seed <N>          replace the scenario's seed (with --explore: the first seed)
  --until <ms>        simulated time to run to, in milliseconds (default: the scenario's moment, or 2000)
  --format <f>        text (default), json, or shiviz (one event per line with a vector clock)
  --final             print only the final state and the invariant results
  --variant <v>       Raft: correct, no-current-term-check, two-changes-at-once or
                      change-before-term-commit
  --param key=value   set any algorithm parameter (repeatable)
  --fast              with --explore: shrink every timing five-fold (more happens per run)
  --list              list the algorithm's named scenarios
Algorithms: ${Object.keys(algorithms).join(', ')}`;

export class UsageError extends Error {}

interface Options {
  algorithm: string;
  scenario?: string;
  file?: string;
  seed?: number;
  until?: number;
  format: 'text' | 'json' | 'shiviz';
  final: boolean;
  params: Record<string, unknown>;
  explore?: number;
  generator: Generator;
  duration?: number;
  fast: boolean;
  list: boolean;
}

function parseNumber(flag: string, value: string | undefined, integer = true): number {
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
  const n = Number(value);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < 0) {
    throw new UsageError(`${flag} must be a ${integer ? 'whole ' : ''}number ≥ 0, got "${value}"`);
  }
  return n;
}

function parseValue(text: string): unknown {
  if (text === 'true' || text === 'false') return text === 'true';
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? n : text;
}

export function parseArgs(argv: string[]): Options {
  const [algorithm, ...rest] = argv;
  if (!algorithm || algorithm.startsWith('--')) throw new UsageError('name the algorithm first, e.g. "raft"');
  const options: Options = {
    algorithm,
    format: 'text',
    final: false,
    params: {},
    generator: 'random',
    fast: false,
    list: false,
  };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i] as string;
    const value = rest[i + 1];
    const take = () => {
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      i++;
      return value;
    };
    switch (flag) {
      case '--scenario':
        options.scenario = take();
        break;
      case '--file':
        options.file = take();
        break;
      case '--seed':
        options.seed = parseNumber(flag, take());
        break;
      case '--until':
        options.until = parseNumber(flag, take(), false);
        break;
      case '--duration':
        options.duration = parseNumber(flag, take(), false);
        break;
      case '--explore':
        options.explore = parseNumber(flag, take());
        break;
      case '--format': {
        const f = take();
        if (f !== 'text' && f !== 'json' && f !== 'shiviz')
          throw new UsageError(`--format must be text, json or shiviz, got "${f}"`);
        options.format = f;
        break;
      }
      case '--generator': {
        const g = take();
        if (!(GENERATORS as readonly string[]).includes(g))
          throw new UsageError(`--generator must be ${GENERATORS.join(', ')}, got "${g}"`);
        options.generator = g as Generator;
        break;
      }
      case '--variant':
        options.params.variant = take();
        break;
      case '--param': {
        const kv = take();
        const eq = kv.indexOf('=');
        if (eq <= 0) throw new UsageError(`--param expects key=value, got "${kv}"`);
        options.params[kv.slice(0, eq)] = parseValue(kv.slice(eq + 1));
        break;
      }
      case '--final':
        options.final = true;
        break;
      case '--list':
        options.list = true;
        break;
      case '--fast':
        options.fast = true;
        break;
      default:
        throw new UsageError(`unknown option "${flag}"`);
    }
  }
  if (options.scenario && options.file) throw new UsageError('use either --scenario or --file, not both');
  return options;
}

// -------------------------------------------------------------------------------------------------
// Output

function textLine(e: TraceEntry): string {
  return `[${formatTime(e.time).padStart(12)}] #${String(e.index).padEnd(6)} ${e.kind.padEnd(8)} ${e.narration}`;
}

function finalText(view: WorldView, run: Run, invariants: readonly string[]): string {
  const lines = [`Final state at ${formatTime(view.time)} after ${view.cursor + 1} events:`];
  for (const n of view.nodes) {
    const s = n.state as Record<string, unknown>;
    const summary = ['currentTerm', 'votedFor', 'commitIndex', 'lastApplied']
      .filter((k) => k in s)
      .map((k) => `${k}=${JSON.stringify(s[k])}`)
      .join(' ');
    const log = Array.isArray(s.log)
      ? ` log=[${(s.log as { term: number }[]).map((e) => e.term).join(',')}]`
      : '';
    lines.push(`  ${n.id.padEnd(4)} ${(n.up ? n.role : 'down').padEnd(10)} ${summary}${log}`);
  }
  if (view.partitions.length)
    lines.push(`  partition: ${view.partitions.map((g) => `{${g.join(',')}}`).join(' ')}`);
  lines.push('Invariants:');
  const violations = run.firstViolation() ? view.violations : [];
  for (const name of invariants) {
    const v = violations.find((x) => x.invariant === name);
    lines.push(v ? `  ✗ ${name}: ${v.detail} (event #${v.index}, ${formatTime(v.time)})` : `  ✓ ${name}`);
  }
  for (const v of violations)
    if (!invariants.includes(v.invariant)) lines.push(`  ✗ ${v.invariant}: ${v.detail}`);
  return lines.join('\n');
}

// -------------------------------------------------------------------------------------------------

function loadScenario(options: Options): { scenario: Scenario; until: number } {
  const module = getAlgorithm(options.algorithm);
  let scenario: Scenario;
  let until = 2000_000;
  if (options.file) {
    let text: string;
    try {
      text = readFileSync(options.file, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${options.file}: ${(error as Error).message}`);
    }
    scenario = scenarioFromJson(text);
    if (scenario.algorithm !== module.id) {
      throw new UsageError(`${options.file} is a ${scenario.algorithm} scenario, not ${module.id}`);
    }
  } else if (options.scenario) {
    const named = module.scenarios.find((s) => s.id === options.scenario);
    if (!named) {
      throw new UsageError(
        `no scenario "${options.scenario}" for ${module.id} (known: ${module.scenarios.map((s) => s.id).join(', ')})`,
      );
    }
    scenario = structuredClone(named.scenario);
    until = named.until ?? until;
  } else {
    scenario = {
      version: 1,
      algorithm: module.id,
      params: { ...module.defaultParams },
      seed: 1,
      actions: [],
    };
  }
  scenario = { ...scenario, params: { ...scenario.params, ...options.params } };
  if (options.seed !== undefined) scenario.seed = options.seed;
  if (options.until !== undefined) until = Math.round(options.until * 1000);
  return { scenario, until };
}

function runExplore(options: Options): number {
  if (options.algorithm !== 'raft') throw new UsageError(`--explore is available for raft only`);
  const variant = (options.params.variant ?? 'correct') as Variant;
  if (!VARIANTS.includes(variant)) {
    throw new UsageError(`--variant must be one of ${VARIANTS.join(', ')}, got "${String(variant)}"`);
  }
  const started = process.hrtime.bigint();
  const result = explore({
    runs: options.explore ?? 0,
    firstSeed: options.seed ?? 1,
    variant,
    generator: options.generator,
    fast: options.fast,
    ...(options.duration !== undefined ? { duration: options.duration } : {}),
    onRun: (done) => {
      if (done % 500 === 0) process.stderr.write(`  ${done} runs…\n`);
    },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (options.format === 'json') {
    console.log(JSON.stringify(result, null, 2));
  } else {
    console.log(
      `Explored ${result.runs} runs (${options.generator}, variant ${variant}): ${result.events} events in ${seconds.toFixed(1)} s.`,
    );
    for (const f of result.findings) {
      console.log(
        `\nSeed ${f.seed}: ${f.violation.invariant} at event #${f.violation.index} (${formatTime(f.violation.time)})`,
      );
      console.log(`  ${f.violation.detail}`);
      console.log('  Reproduce with this scenario (save it and run --file):');
      console.log(scenarioToJson(f.scenario).replace(/^/gm, '    '));
    }
    console.log(
      result.findings.length ? `\n${result.findings.length} violation(s) found.` : 'No violation found.',
    );
  }
  return result.findings.length ? 1 : 0;
}

function runOne(options: Options): number {
  const module = getAlgorithm(options.algorithm);
  const { scenario, until } = loadScenario(options);
  const run = module.createRun(scenario);
  run.seekTime(until);
  const entries = run.entries(0, run.length());
  const view = run.view();
  if (options.format === 'json') {
    const out = {
      scenario: run.scenario(),
      digest: traceDigest(entries, view),
      violations: view.violations,
      final: view,
      ...(options.final ? {} : { entries }),
    };
    console.log(JSON.stringify(out, null, 2));
  } else if (options.format === 'shiviz') {
    console.log(toShiViz(entries));
  } else {
    if (!options.final) for (const e of entries) console.log(textLine(e));
    const invariants = module.id === 'raft' ? INVARIANT_NAMES : [];
    console.log(finalText(view, run, invariants));
  }
  return view.violations.length ? 1 : 0;
}

const INVARIANT_NAMES = [
  'Election Safety',
  'Leader Append-Only',
  'Log Matching',
  'Leader Completeness',
  'State Machine Safety',
];

function main(argv: string[]): number {
  // snowflake generate | decode | encode | epoch: the ID tools, not a simulation run.
  if (argv[0] === 'snowflake' && /^(generate|decode|encode|epoch|help)$/.test(argv[1] ?? '')) {
    const { output, exitCode } = snowflakeCli(argv, { nowMs: Date.now() });
    (exitCode === 0 ? console.log : console.error)(output);
    return exitCode;
  }
  if (argv[0] === 'two-phase-commit') {
    const { output, exitCode } = twoPhaseCommitCli(argv.slice(1));
    (exitCode === 2 ? console.error : console.log)(output);
    return exitCode;
  }
  if (argv[0] === 'redlock') {
    const { output, exitCode } = redlockCli(argv.slice(1));
    (exitCode === 2 ? console.error : console.log)(output);
    return exitCode;
  }
  try {
    const options = parseArgs(argv);
    if (options.list) {
      const module = getAlgorithm(options.algorithm);
      for (const s of module.scenarios) console.log(`${s.id.padEnd(28)} ${s.title}`);
      return 0;
    }
    return options.explore !== undefined ? runExplore(options) : runOne(options);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`sim: ${message}`);
    if (error instanceof UsageError) console.error(`\n${USAGE}`);
    return 2;
  }
}

// Run only as a script, so tests can import the argument parser.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
