/**
 * The command line of every algorithm: `npm run sim -- <algorithm> [command] [options]`. One set
 * of flags for all of them, parsed with node:util's parseArgs; what differs between algorithms
 * (scenarios, variants, invariants, generators, subcommands) comes from each module.
 *
 * Exit codes: 0 nothing violated, 1 an invariant violated, 2 bad usage or input.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadAlgorithm, loadAlgorithms, ALGORITHM_IDS } from '../registry';
import { traceDigest } from '../sim/digest';
import { ALL_GENERATORS, explore, generatorsOf } from '../sim/explore';
import { installFastPath } from '../sim/fast-path';
import { installPacking } from '../sim/packing';
import { readScenarioFile, shrink, type Counterexample } from '../sim/shrink';
import { formatTime } from '../sim/format';
import { inLocale, invariantTitle } from '../sim/locale';
import type { AlgorithmModule, AlgorithmRun, CliCommand, CliEnvironment, CommandInput } from '../sim/module';
import { isLocale, LOCALES, useTranslations } from '../i18n';
import { scenarioToJson } from '../sim/scenario';
import { toShiViz } from '../sim/shiviz';
import type { Micros, ParamSpec, Scenario, TraceEntry, Violation } from '../sim/types';

// Headless runs take the kernel's fast path and pack checkpoints (the page loads them as needed).
installFastPath();
installPacking();

export interface CliOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Bad usage: a flag or value the command line cannot take. Exit code 2. */
export class UsageError extends Error {}

const RUN_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  list: { type: 'boolean' },
  scenario: { type: 'string' },
  file: { type: 'string' },
  seed: { type: 'string' },
  until: { type: 'string' },
  param: { type: 'string', multiple: true },
  variant: { type: 'string' },
  format: { type: 'string' },
  final: { type: 'boolean' },
  explore: { type: 'string' },
  generator: { type: 'string' },
  fast: { type: 'boolean' },
  save: { type: 'string' },
  invariant: { type: 'string', multiple: true },
  'stop-early': { type: 'boolean' },
  lang: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

const FLAGS = `Options (the same for every algorithm):
  --list                 list the algorithm's named scenarios
  --scenario <id>        run a named scenario (default: the default parameters, seed 1, no actions)
  --file <path>          run a scenario file, as the player exports it
  --seed <N>             replace the scenario's seed (with --explore: the first seed)
  --until <ms>           simulated time to run to (default: the scenario's moment, or 2000);
                         with --explore, the simulated time of each run
  --param <key=value>    set a parameter (repeatable); see the list of parameters
  --variant <id>         run a variant of the algorithm (a deliberately broken one, say)
  --format <f>           text (default), json, or shiviz (one event per line with a vector clock)
  --final                print only the final state and the invariants, not every event
  --explore <N>          explore N runs drawn by a generator, checking every invariant
  --generator <id>       with --explore: which generator draws the runs (default: all, in turn)
  --fast                 with --explore: every timing five-fold shorter, more happens per run
  --stop-early           with --explore: stop at the first violation
  --invariant <id>       with --explore: count only violations of this invariant (repeatable)
  --save <path>          with --explore: write the first shrunk counterexample as a scenario file
                         that opens the player at the violating event
  --lang <code>          the language of the narration and invariants: en (default) or zh-cn;
                         an algorithm without words in that language narrates in English
  -h, --help             this help; after an algorithm, its scenarios, variants and invariants

Exit codes: 0 nothing violated, 1 an invariant violated, 2 bad usage or input.`;

function toolHelp(modules: readonly AlgorithmModule[]): string {
  const width = Math.max(...modules.map((m) => m.id.length)) + 2;
  return [
    'Usage: npm run sim -- <algorithm> [options]',
    '       npm run sim -- <algorithm> <command> [options]',
    '',
    'Runs the site’s simulations headless: the same scenario gives the same trace as in the page.',
    '',
    'Algorithms:',
    ...modules.map((m) => `  ${m.id.padEnd(width)}${m.summary}`),
    '',
    FLAGS,
    '',
    'Examples:',
    `  npm run sim -- ${modules[0]?.id ?? '<algorithm>'} --list`,
    `  npm run sim -- ${modules[0]?.id ?? '<algorithm>'} --scenario <id> --format json --final`,
    `  npm run sim -- ${modules[0]?.id ?? '<algorithm>'} --explore 200 --variant <id>`,
  ].join('\n');
}

function describeParam(spec: ParamSpec, value: unknown): string {
  switch (spec.kind) {
    case 'int':
    case 'number':
      return `${spec.kind === 'int' ? 'whole number' : 'number'} ${spec.min} to ${spec.max}${spec.unit ? ` ${spec.unit}` : ''}, default ${String(value)}`;
    case 'boolean':
      return `true or false, default ${String(value)}`;
    case 'choice':
      return `one of ${spec.options.map((o) => o.value).join(', ')}; default ${String(value)}`;
  }
}

function algorithmHelp(m: AlgorithmModule): string {
  const rows = (items: readonly { id: string; text: string }[]) => {
    const width = Math.max(0, ...items.map((i) => i.id.length)) + 2;
    return items.map((i) => `  ${i.id.padEnd(width)}${i.text}`);
  };
  const lines = [
    `${m.title}: ${m.summary}`,
    '',
    `Usage: npm run sim -- ${m.id} [options]`,
    ...m.commands.map((c) => `       npm run sim -- ${m.id} ${c.usage}`),
    '',
    'Scenarios (--scenario):',
    ...rows(m.scenarios.map((s) => ({ id: s.id, text: s.title }))),
    '',
    'Invariants, checked after every event:',
    ...rows(m.invariants.map((i) => ({ id: i.title ?? i.name, text: i.description }))),
  ];
  if (m.variants.length > 0) {
    lines.push('', 'Variants (--variant):', ...rows(m.variants.map((v) => ({ id: v.id, text: v.title }))));
  }
  if (m.exploration) {
    lines.push(
      '',
      'Generators (--explore N --generator <id>):',
      ...rows([
        { id: ALL_GENERATORS, text: 'Every generator in turn (the default)' },
        ...m.exploration.generators.map((g) => ({ id: g.id, text: g.title })),
      ]),
    );
  }
  const hidden = Object.keys(m.defaultParams).filter((k) => !m.params.some((p) => p.key === k));
  lines.push(
    '',
    'Parameters (--param key=value):',
    ...rows(
      m.params.map((p) => ({ id: p.key, text: `${p.label}: ${describeParam(p, m.defaultParams[p.key])}` })),
    ),
    ...rows(hidden.map((k) => ({ id: k, text: `default ${JSON.stringify(m.defaultParams[k])}` }))),
  );
  if (m.commands.length > 0) {
    lines.push('', 'Commands:', ...rows(m.commands.map((c) => ({ id: c.name, text: c.summary }))));
  }
  lines.push('', FLAGS);
  return lines.join('\n');
}

function commandHelp(m: AlgorithmModule, c: CliCommand): string {
  const width = Math.max(0, ...Object.keys(c.options).map((k) => k.length)) + 4;
  return [
    `Usage: npm run sim -- ${m.id} ${c.usage}`,
    '',
    c.summary,
    '',
    'Options:',
    ...Object.entries(c.options).map(([name, o]) => `  --${name.padEnd(width)}${o.description}`),
    `  --${'help'.padEnd(width)}this help`,
  ].join('\n');
}

// -------------------------------------------------------------------------------------------------
// Values

function wholeNumber(flag: string, text: string, max = 2 ** 32 - 1): number {
  if (!/^\d+$/.test(text) || Number(text) > max)
    throw new UsageError(`--${flag} must be a whole number from 0 to ${max}, got "${text}"`);
  return Number(text);
}

/** Milliseconds as the flags take them (fractions allowed), in the kernel's microseconds. */
function millis(flag: string, text: string): Micros {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1e12)
    throw new UsageError(`--${flag} must be a number of milliseconds ≥ 0, got "${text}"`);
  return Math.round(n * 1000);
}

function paramValue(text: string): unknown {
  if (text === 'true' || text === 'false') return text === 'true';
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? n : text;
}

function paramsOf(
  values: { param?: string[]; variant?: string },
  m: AlgorithmModule,
): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const kv of values.param ?? []) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param expects key=value, got "${kv}"`);
    params[kv.slice(0, eq)] = paramValue(kv.slice(eq + 1));
  }
  if (values.variant !== undefined) {
    if (m.variants.length === 0) throw new UsageError(`--variant: ${m.title} has no variants`);
    if (!m.variants.some((v) => v.id === values.variant)) {
      throw new UsageError(
        `--variant must be one of ${m.variants.map((v) => v.id).join(', ')}, got "${values.variant}"`,
      );
    }
    const info = m.variants.find((v) => v.id === values.variant);
    // A configuration variant is its parameters; --param still overrides them.
    if (info?.params) return { ...info.params, ...params };
    params['variant'] = values.variant;
  }
  return params;
}

/** Parameters fail with the kernel's message naming the field; on the command line that is bad usage. */
function checked<T>(what: string, make: () => T): T {
  try {
    return make();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${what}: ${(error as Error).message}`);
  }
}

// -------------------------------------------------------------------------------------------------
// Runs

type RunValues = {
  [K in keyof typeof RUN_OPTIONS]?: (typeof RUN_OPTIONS)[K] extends { multiple: true }
    ? string[]
    : (typeof RUN_OPTIONS)[K] extends { type: 'boolean' }
      ? boolean
      : string;
};

function scenarioOf(m: AlgorithmModule, values: RunValues): { scenario: Scenario; until: Micros } {
  let scenario: Scenario;
  let until: Micros = 2_000_000;
  if (values.scenario !== undefined && values.file !== undefined)
    throw new UsageError('use either --scenario or --file, not both');
  if (values.file !== undefined) {
    const file = values.file;
    const text = checked(`--file ${file}`, () => readFileSync(file, 'utf8'));
    scenario = checked(`--file ${file}`, () => readScenarioFile(text).scenario);
    if (scenario.algorithm !== m.id)
      throw new UsageError(`--file ${file} is a ${scenario.algorithm} scenario, not ${m.id}`);
  } else if (values.scenario !== undefined) {
    const named = m.scenarios.find((s) => s.id === values.scenario);
    if (!named) {
      throw new UsageError(
        `--scenario: no scenario "${values.scenario}" for ${m.id} (known: ${m.scenarios.map((s) => s.id).join(', ')})`,
      );
    }
    scenario = structuredClone(named.scenario) as Scenario;
    until = named.until ?? until;
  } else {
    scenario = { version: 1, algorithm: m.id, params: { ...m.defaultParams }, seed: 1, actions: [] };
  }
  scenario = { ...scenario, params: { ...scenario.params, ...paramsOf(values, m) } };
  if (values.seed !== undefined) scenario.seed = wholeNumber('seed', values.seed);
  if (values.until !== undefined) until = millis('until', values.until);
  return { scenario, until };
}

function invariantResults(m: AlgorithmModule, violations: readonly Violation[]) {
  return m.invariants.map((inv) => {
    const violation = violations.find((v) => v.invariant === inv.name) ?? null;
    return { id: inv.id, name: inv.name, holds: violation === null, violation };
  });
}

function entryLine(e: TraceEntry): string {
  return `[${formatTime(e.time).padStart(12)}] #${String(e.index).padEnd(6)} ${e.kind.padEnd(8)} ${e.narration}`;
}

function finalText(m: AlgorithmModule, run: AlgorithmRun): string[] {
  const t = useTranslations(m.locale ?? 'en');
  const view = run.view();
  const lines = [t('cli.final', { time: formatTime(view.time), count: view.cursor + 1 })];
  const width = Math.max(...view.nodes.map((n) => n.id.length)) + 2;
  for (const n of view.nodes) {
    const role = n.up ? n.role : 'down';
    lines.push(`  ${n.id.padEnd(width)}${role.padEnd(12)} ${m.describeNode(n)}`.trimEnd());
  }
  if (view.partitions.length)
    lines.push(`  partition: ${view.partitions.map((g) => `{${g.join(',')}}`).join(' ')}`);
  lines.push(t('cli.invariants'));
  for (const r of invariantResults(m, view.violations)) {
    const v = r.violation;
    const name = invariantTitle(m, r.name);
    lines.push(
      v
        ? t('cli.violated', { name, detail: v.detail, index: v.index, time: formatTime(v.time) })
        : t('cli.holds', { name }),
    );
  }
  lines.push(...m.report(run));
  return lines;
}

function runOne(m: AlgorithmModule, values: RunValues, format: string): CliOutput {
  const { scenario, until } = scenarioOf(m, values);
  const run = checked('scenario', () => m.createRun(scenario));
  run.seekTime(until);
  const entries = run.entries(0, run.length());
  const view = run.view();
  const exitCode = view.violations.length > 0 ? 1 : 0;
  if (format === 'json') {
    const out = {
      algorithm: m.id,
      scenario: run.scenario(),
      digest: traceDigest(entries, view),
      events: entries.length,
      time: view.time,
      invariants: invariantResults(m, view.violations),
      violations: view.violations,
      final: view,
      ...(values.final ? {} : { entries }),
    };
    return { stdout: JSON.stringify(out, null, 2), stderr: '', exitCode };
  }
  if (format === 'shiviz') return { stdout: toShiViz(entries), stderr: '', exitCode };
  const lines = values.final ? [] : entries.map(entryLine);
  lines.push(...finalText(m, run));
  return { stdout: lines.join('\n'), stderr: '', exitCode };
}

function knownInvariants(m: AlgorithmModule, ids: readonly string[]): string[] {
  for (const id of ids) {
    if (!m.invariants.some((i) => i.id === id || i.name === id)) {
      throw new UsageError(
        `--invariant must be one of ${m.invariants.map((i) => i.id).join(', ')}, got "${id}"`,
      );
    }
  }
  return [...ids];
}

function runExplore(m: AlgorithmModule, values: RunValues, format: string): CliOutput {
  if (!m.exploration) throw new UsageError(`--explore: ${m.title} declares no exploration`);
  if (format === 'shiviz') throw new UsageError('--format shiviz: exploration prints text or json');
  if (values.scenario !== undefined || values.file !== undefined)
    throw new UsageError('--explore draws its own scenarios: drop --scenario and --file');
  const runs = wholeNumber('explore', values.explore as string, 10_000_000);
  checked('--generator', () => generatorsOf(m, values.generator));
  const params = checked('--param', () => m.parseParams({ ...m.defaultParams, ...paramsOf(values, m) }));
  const started = process.hrtime.bigint();
  const progress: string[] = [];
  const result = explore(m, {
    runs,
    firstSeed: values.seed !== undefined ? wholeNumber('seed', values.seed) : 1,
    generator: values.generator ?? ALL_GENERATORS,
    params,
    fast: values.fast ?? false,
    stopEarly: values['stop-early'] ?? false,
    ...(values.invariant ? { invariants: knownInvariants(m, values.invariant) } : {}),
    ...(values.until !== undefined ? { horizon: millis('until', values.until) } : {}),
    onRun: (done) => {
      if (done % 500 === 0) progress.push(`  ${done} runs…`);
    },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const exitCode = result.findings.length > 0 ? 1 : 0;
  const variant = values.variant ?? (typeof params['variant'] === 'string' ? params['variant'] : null);
  const first = result.findings[0];
  const shrunk: Counterexample | null = first ? shrink(m, first) : null;
  if (shrunk && values.save !== undefined) {
    try {
      writeFileSync(values.save, shrunk.file);
    } catch (error) {
      throw new UsageError(`--save: cannot write ${values.save} (${(error as Error).message})`);
    }
  }
  if (format === 'json') {
    const out = {
      algorithm: m.id,
      ...result,
      variant,
      seconds: Math.round(seconds * 1000) / 1000,
      counterexample: shrunk
        ? {
            scenario: shrunk.scenario,
            violation: shrunk.violation,
            link: `/embed/${m.id}/#${shrunk.link}`,
            before: shrunk.before,
            after: shrunk.after,
          }
        : null,
    };
    return { stdout: JSON.stringify(out, null, 2), stderr: progress.join('\n'), exitCode };
  }
  const lines = [
    `Explored ${result.runs} runs of ${m.title} (generator ${result.generator}${variant ? `, variant ${variant}` : ''}): ${result.events} events in ${seconds.toFixed(1)} s.`,
  ];
  for (const f of result.findings) {
    lines.push(
      '',
      `Seed ${f.seed}: ${f.violation.invariant} at event #${f.violation.index} (${formatTime(f.violation.time)})`,
      `  ${f.violation.detail}`,
      '  Reproduce with this scenario (save it and run --file):',
      scenarioToJson(f.scenario).trimEnd().replace(/^/gm, '    '),
    );
  }
  if (shrunk) {
    const { before, after } = shrunk;
    lines.push(
      '',
      `Shrunk seed ${first?.seed}'s counterexample (${shrunk.runs} runs): ${before.actions} → ${after.actions} actions, ${before.nodes} → ${after.nodes} ${m.nodeNoun.many}, ${shrunk.violation.invariant} at ${formatTime(before.time)} → ${formatTime(after.time)} (event #${shrunk.violation.index}).`,
      `  Open it in the player: /embed/${m.id}/#${shrunk.link}`,
      '  (or append the part from # to the address of the demo’s article)',
      ...(values.save !== undefined ? [`  Scenario file written to ${values.save}`] : []),
    );
  }
  lines.push(
    result.findings.length ? `\n${result.findings.length} violation(s) found.` : 'No violation found.',
  );
  return { stdout: lines.join('\n'), stderr: progress.join('\n'), exitCode };
}

function runCommand(
  m: AlgorithmModule,
  command: CliCommand,
  argv: readonly string[],
  env: CliEnvironment,
): CliOutput {
  const options: ParseArgsConfig['options'] = { help: { type: 'boolean', short: 'h' } };
  for (const [name, o] of Object.entries(command.options)) options[name] = { type: o.type };
  const { values, positionals } = parseArgs({
    args: [...argv],
    options,
    allowPositionals: true,
    strict: true,
  });
  if (values['help']) return { stdout: commandHelp(m, command), stderr: '', exitCode: 0 };
  try {
    const result = command.run({ values: values as CommandInput['values'], positionals }, env);
    return { stdout: result.output, stderr: '', exitCode: result.exitCode };
  } catch (error) {
    throw new UsageError(`${command.name}: ${(error as Error).message}`);
  }
}

/** node:util's parse errors, said shortly: `unknown option "--frobnicate"`. */
function parseArgsMessage(error: Error): string {
  const code = (error as { code?: string }).code;
  const option = /'(-[^' ]+)/.exec(error.message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option "${option}"`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    if (/argument missing/.test(error.message)) return `${option} needs a value`;
    if (/ambiguous/.test(error.message))
      return `${option} needs a value (one that starts with "-" is written ${option}=-1)`;
    return `${option} takes no value`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return error.message.replace(/\. .*$/, '');
  return error.message;
}

/** One invocation: argv after `npm run sim --`. Never throws; bad usage is exit code 2. */
export async function runCli(argv: readonly string[], env: CliEnvironment = {}): Promise<CliOutput> {
  const [first, second, ...rest] = argv;
  try {
    if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
      const help = toolHelp(await loadAlgorithms());
      return first === undefined
        ? { stdout: '', stderr: `${help}\n\nsim: name an algorithm first`, exitCode: 2 }
        : { stdout: help, stderr: '', exitCode: 0 };
    }
    if (first.startsWith('-'))
      throw new UsageError(
        `name the algorithm before any option (${ALGORITHM_IDS.join(', ')}), got "${first}"`,
      );
    let m = await loadAlgorithm(first).catch((error: Error) => {
      throw new UsageError(error.message);
    });
    const command = second !== undefined ? m.commands.find((c) => c.name === second) : undefined;
    if (command) return runCommand(m, command, rest, env);
    if (second !== undefined && !second.startsWith('-')) {
      const known = m.commands.map((c) => c.name);
      throw new UsageError(
        `${m.id} has no command "${second}"${known.length ? ` (commands: ${known.join(', ')})` : ''}; options start with --`,
      );
    }
    const { values } = parseArgs({
      args: argv.slice(1),
      options: RUN_OPTIONS,
      strict: true,
      allowPositionals: false,
    });
    if (values.lang !== undefined && !isLocale(values.lang))
      throw new UsageError(`--lang must be one of ${LOCALES.join(', ')}, got "${values.lang}"`);
    m = await inLocale(m, values.lang ?? 'en');
    if (values.help) return { stdout: algorithmHelp(m), stderr: '', exitCode: 0 };
    if (values.list) {
      const width = Math.max(...m.scenarios.map((s) => s.id.length)) + 2;
      return {
        stdout: m.scenarios.map((s) => `${s.id.padEnd(width)}${s.title}`).join('\n'),
        stderr: '',
        exitCode: 0,
      };
    }
    const format = values.format ?? 'text';
    if (!['text', 'json', 'shiviz'].includes(format))
      throw new UsageError(`--format must be text, json or shiviz, got "${format}"`);
    return values.explore !== undefined ? runExplore(m, values, format) : runOne(m, values, format);
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    const usage = error instanceof UsageError || code.startsWith('ERR_PARSE_ARGS');
    if (!usage) throw error;
    const message = parseArgsMessage(error as Error);
    const hint = first && !first.startsWith('-') ? ` ${first}` : '';
    return {
      stdout: '',
      stderr: `sim: ${message}\nRun "npm run sim --${hint} --help" for usage.`,
      exitCode: 2,
    };
  }
}
