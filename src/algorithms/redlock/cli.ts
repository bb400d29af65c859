/**
 * The headless face of the Redlock demo: run a named scenario to the end and print its narrated
 * trace and what the observer found. It returns text and an exit code instead of printing.
 */
import { formatTime } from '../../sim/format';
import { createRedlockRun } from './cluster';
import { scenarios } from './scenarios';

export interface CliResult {
  output: string;
  exitCode: number;
}

const MAX_EVENTS = 100_000;

const USAGE = `Usage: redlock --scenario <id> [--seed N] [--json]
       redlock --list

Runs a named Redlock scenario to the end and prints every event with its narration, then the
invariant violations the global observer found. --seed replaces the scenario's seed; --json
prints the trace as JSON. Exit code: 0 when the observer found nothing, 1 when it found a
violation, 2 for bad arguments.

Scenarios:
${scenarios.map((s) => `  ${s.id.padEnd(32)}${s.title}`).join('\n')}`;

function fail(message: string): CliResult {
  return { output: `${message}\n\n${USAGE}`, exitCode: 2 };
}

export function redlockCli(argv: string[]): CliResult {
  let id: string | null = null;
  let seed: number | null = null;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return { output: USAGE, exitCode: 0 };
    if (arg === '--list')
      return { output: scenarios.map((s) => `${s.id.padEnd(32)}${s.title}`).join('\n'), exitCode: 0 };
    if (arg === '--json') {
      json = true;
      continue;
    }
    if (arg === '--scenario' || arg === '--seed') {
      const value = argv[++i];
      if (value === undefined) return fail(`${arg} needs a value`);
      if (arg === '--scenario') id = value;
      else {
        if (!/^\d+$/.test(value) || Number(value) > 2 ** 32 - 1)
          return fail(`--seed must be a whole number from 0 to ${2 ** 32 - 1}, got ${JSON.stringify(value)}`);
        seed = Number(value);
      }
      continue;
    }
    return fail(`Unknown argument ${JSON.stringify(arg)}`);
  }
  if (id === null) return fail('Missing --scenario');
  const named = scenarios.find((s) => s.id === id);
  if (!named) return fail(`No scenario ${JSON.stringify(id)}`);
  const scenario = seed === null ? named.scenario : { ...named.scenario, seed };
  const run = createRedlockRun(scenario);
  let events = 0;
  while (events < MAX_EVENTS && run.step()) events++;
  const entries = run.entries(0, run.length());
  const violations = run.view().violations;
  if (json) {
    const trace = entries.map((e) => ({
      index: e.index,
      time: e.time,
      kind: e.kind,
      node: e.node,
      narration: e.narration,
    }));
    return {
      output: JSON.stringify({ scenario, trace, violations }, null, 2),
      exitCode: violations.length ? 1 : 0,
    };
  }
  const lines = [`${named.title} (seed ${scenario.seed})`, named.description, ''];
  for (const e of entries) lines.push(`${formatTime(e.time).padStart(12)}  ${e.narration}`);
  lines.push('');
  if (violations.length === 0) lines.push('The observer found no violation.');
  for (const v of violations)
    lines.push(`VIOLATION ${v.invariant} at ${formatTime(v.time)} (event ${v.index}): ${v.detail}`);
  return { output: lines.join('\n'), exitCode: violations.length ? 1 : 0 };
}
