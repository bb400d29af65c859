/**
 * The headless face of the two-phase commit demo: run a named scenario and read its narration,
 * or explore every interleaving of a small configuration. It returns text and an exit code
 * (0 fine, 1 an invariant was violated, 2 bad arguments) instead of printing.
 */
import { formatTime } from '../../sim/format';
import { createRun } from './cluster';
import { explore, type ExploreOptions, type ExploreResult } from './explore';
import { ATOMICITY, blockingReport, VALIDITY } from './invariants';
import { scenarios } from './scenarios';
import type { Variant } from './types';

export interface CliResult {
  output: string;
  exitCode: number;
}

const USAGE = `Usage:
  two-phase-commit --scenario <id> [--seed N] [--until <ms>] [--final]
  two-phase-commit --explore [--participants N] [--crash-coordinator] [--restart-coordinator]
                   [--crash-participants] [--termination] [--cooperative] [--no-coordinator-timeout]
                   [--variant correct|unilateral-abort-when-prepared]
  two-phase-commit --list

Scenarios: ${scenarios.map((s) => s.id).join(', ')}`;

class UsageError extends Error {}

interface CliOptions {
  scenario?: string;
  seed?: number;
  until?: number;
  final: boolean;
  explore: boolean;
  list: boolean;
  exploreOptions: ExploreOptions;
}

function wholeNumber(flag: string, value: string | undefined): number {
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`${flag} must be a whole number ≥ 0, got "${value}"`);
  return n;
}

export function parseCliArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = { final: false, explore: false, list: false, exploreOptions: {} };
  const ex = options.exploreOptions;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    const value = argv[i + 1];
    const take = (): string => {
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      i++;
      return value;
    };
    switch (flag) {
      case '--scenario':
        options.scenario = take();
        break;
      case '--seed':
        options.seed = wholeNumber(flag, take());
        break;
      case '--until':
        options.until = wholeNumber(flag, take());
        break;
      case '--final':
        options.final = true;
        break;
      case '--list':
        options.list = true;
        break;
      case '--explore':
        options.explore = true;
        break;
      case '--participants':
        ex.participants = wholeNumber(flag, take());
        if (ex.participants < 1 || ex.participants > 7) throw new UsageError('--participants must be 1 to 7');
        break;
      case '--crash-coordinator':
        ex.crashCoordinator = true;
        break;
      case '--restart-coordinator':
        ex.crashCoordinator = true;
        ex.restartCoordinator = true;
        break;
      case '--crash-participants':
        ex.crashParticipants = true;
        break;
      case '--termination':
        ex.terminationProtocol = true;
        break;
      case '--cooperative':
        ex.terminationProtocol = true;
        ex.cooperativeTermination = true;
        break;
      case '--no-coordinator-timeout':
        ex.coordinatorTimeout = false;
        break;
      case '--variant': {
        const v = take();
        if (v !== 'correct' && v !== 'unilateral-abort-when-prepared') {
          throw new UsageError(`--variant must be correct or unilateral-abort-when-prepared, got "${v}"`);
        }
        ex.variant = v as Variant;
        break;
      }
      default:
        throw new UsageError(`unknown option "${flag}"`);
    }
  }
  if (options.explore && options.scenario)
    throw new UsageError('use either --scenario or --explore, not both');
  return options;
}

function runScenario(options: CliOptions): CliResult {
  const id = options.scenario ?? 'commit';
  const named = scenarios.find((s) => s.id === id);
  if (!named) throw new UsageError(`no scenario "${id}" (known: ${scenarios.map((s) => s.id).join(', ')})`);
  const scenario = {
    ...structuredClone(named.scenario),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  };
  const run = createRun(scenario);
  run.seekTime(options.until !== undefined ? options.until * 1000 : (named.until ?? 2_000_000));
  const view = run.view();
  const lines: string[] = [`${named.title} (seed ${scenario.seed})`];
  if (!options.final) {
    for (const e of run.entries(0, run.length()))
      lines.push(`[${formatTime(e.time).padStart(10)}] ${e.narration}`);
  }
  lines.push(`Final state at ${formatTime(view.time)}:`);
  for (const n of view.nodes) {
    const log = n.state.log.length > 0 ? n.state.log.join(', ') : '-';
    const locks = n.state.locksHeld ? ' locks held' : '';
    lines.push(
      `  ${n.id.padEnd(3)} ${(n.up ? n.state.state : `down (${n.state.state})`).padEnd(20)} log: ${log}${locks}`,
    );
  }
  lines.push('Invariants:');
  for (const name of [ATOMICITY, VALIDITY]) {
    const v = view.violations.find((x) => x.invariant === name);
    lines.push(v ? `  ✗ ${name}: ${v.detail} (event #${v.index}, ${formatTime(v.time)})` : `  ✓ ${name}`);
  }
  const blocked = blockingReport(view);
  if (blocked.length > 0) {
    lines.push('Blocked (not a safety violation):');
    for (const b of blocked) lines.push(`  ${b.sentence}`);
  }
  return { output: lines.join('\n'), exitCode: view.violations.length > 0 ? 1 : 0 };
}

export function describeExploration(r: ExploreResult): string {
  const o = r.options;
  const dims = [
    `C and ${o.participants} participants`,
    o.coordinatorTimeout ? 'C may time out' : 'C never times out',
    o.terminationProtocol
      ? o.cooperativeTermination
        ? 'cooperative termination'
        : 'participants ask C'
      : 'no termination protocol',
    o.crashCoordinator
      ? o.restartCoordinator
        ? 'C may crash and restart'
        : 'C may crash for good'
      : 'no crash of C',
    o.crashParticipants ? 'participants may crash and restart' : '',
    `variant ${o.variant}`,
  ].filter((d) => d !== '');
  const lines = [
    `Exhaustive exploration: ${dims.join(', ')}.`,
    `  distinct states:   ${r.states}`,
    `  steps examined:    ${r.transitions}`,
    `  terminal states:   ${r.terminal} (all committed: ${r.allCommitted}, all aborted: ${r.allAborted}, blocked: ${r.blocked})`,
    `  atomicity:         ${r.atomicityHolds ? 'holds in every state' : 'VIOLATED'}`,
    `  validity:          ${r.validityHolds ? 'holds in every state' : 'VIOLATED'}`,
  ];
  if (r.truncated) lines.push(`  stopped after ${r.states} states: the verdicts cover only these`);
  for (const v of r.violations) {
    lines.push(`  ${v.invariant}: ${v.detail}`, `    reached by: ${v.path.join(' → ')}`);
  }
  const example = r.blockedExamples[0];
  if (example) {
    lines.push(`  a blocked state: ${example.summary}`, `    reached by: ${example.path.join(' → ')}`);
  }
  return lines.join('\n');
}

export function twoPhaseCommitCli(argv: string[]): CliResult {
  try {
    const options = parseCliArgs(argv);
    if (options.list)
      return { output: scenarios.map((s) => `${s.id.padEnd(44)} ${s.title}`).join('\n'), exitCode: 0 };
    if (options.explore) {
      const result = explore(options.exploreOptions);
      return { output: describeExploration(result), exitCode: result.violations.length > 0 ? 1 : 0 };
    }
    return runScenario(options);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const usage = error instanceof UsageError ? `\n\n${USAGE}` : '';
    return { output: `two-phase-commit: ${message}${usage}`, exitCode: 2 };
  }
}
