/**
 * The headless face of the Snowflake demo: generate, decode, encode and epoch commands over the
 * same pure functions the page uses. It returns text and an exit code instead of printing, and
 * reads no clock: the caller passes the current time when it has one.
 */
import { Random } from '../../sim/random';
import { decode, encode, formatBits, timeUnitsAt } from './codec';
import {
  INITIAL_STATE,
  POLICY_NAMES,
  type Policy,
  type WorkerFields,
  createGenerator,
  defaultPolicy,
  isPolicyName,
  nextId,
  POLICIES,
  validateWorker,
  workerFromNumber,
} from './generator';
import {
  type Layout,
  PRESET_NAMES,
  describeLayout,
  epochLifetime,
  nodeFields,
  parseInstant,
  parseLayout,
  preset,
  timeField,
  unitsSinceEpoch,
  yearsLeft,
} from './layout';

export interface CliResult {
  output: string;
  exitCode: number;
}

export interface CliEnvironment {
  /** The current time in ms since 1970, for commands that default to "now". */
  nowMs?: number;
}

const USAGE = `Usage: snowflake <command> [options]

Commands:
  generate --preset <name> --worker <id> [--count N] [--start <time>] [--policy <name>] [--seed N] [--decode]
      Generate N IDs (default 1) as fast as one worker can, on a clock that starts at --start
      (default: now) and moves only when the worker must wait for the next time unit.
  decode <id> --preset <name>
      Take an ID apart: its time, every field and the 64 bits. Add --json for JSON.
  encode --preset <name> --time <time> --worker <id> [--sequence N]
      Put an ID together from its fields.
  epoch --preset <name> [--now <time>]
      How long the layout's time field lasts, when it runs out and how many years are left.

Layouts:  --preset ${PRESET_NAMES.join(' | ')}
          --layout <json or compact spec> for a custom layout, for example
          --layout 'timestamp:41,datacenter:5,worker:5,sequence:12,unit=1ms,epoch=2010-11-04T01:42:54.657Z'
Workers:  --worker 37 (one number spread over the worker fields, high to low)
          --worker datacenter=1,worker=5
Policies: --policy ${POLICY_NAMES.join(' | ')} (default: the preset's own)
Times:    ISO 8601 (UTC unless a zone is given) or milliseconds since 1970.`;

class UsageError extends Error {}

interface ParsedArgs {
  positional: string[];
  options: Map<string, string>;
  flags: Set<string>;
}

const VALUE_OPTIONS = new Set([
  'preset',
  'layout',
  'worker',
  'count',
  'start',
  'time',
  'sequence',
  'now',
  'policy',
  'seed',
]);
const FLAG_OPTIONS = new Set(['json', 'decode', 'help']);

function parseArgs(argv: readonly string[]): ParsedArgs {
  const parsed: ParsedArgs = { positional: [], options: new Map(), flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h') {
      parsed.flags.add('help');
      continue;
    }
    if (!arg.startsWith('--')) {
      parsed.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    if (FLAG_OPTIONS.has(name)) {
      if (eq !== -1) throw new UsageError(`--${name} takes no value.`);
      parsed.flags.add(name);
      continue;
    }
    if (!VALUE_OPTIONS.has(name)) throw new UsageError(`Unknown option --${name}.`);
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || (eq === -1 && value.startsWith('--'))) {
      throw new UsageError(`--${name} needs a value.`);
    }
    if (parsed.options.has(name)) throw new UsageError(`--${name} is given twice.`);
    parsed.options.set(name, value);
  }
  return parsed;
}

function allowOnly(args: ParsedArgs, command: string, allowed: readonly string[]): void {
  for (const name of [...args.options.keys(), ...args.flags]) {
    if (name !== 'help' && !allowed.includes(name))
      throw new UsageError(`${command} does not take --${name}.`);
  }
}

function layoutOf(args: ParsedArgs): Layout {
  const presetName = args.options.get('preset');
  const spec = args.options.get('layout');
  if (presetName !== undefined && spec !== undefined && presetName !== 'custom') {
    throw new UsageError('Give either --preset or --layout, not both.');
  }
  if (spec !== undefined) return parseLayout(spec);
  if (presetName === undefined) throw new UsageError('Say which layout: --preset <name> or --layout <spec>.');
  if (presetName === 'custom') throw new UsageError('--preset custom needs --layout <json or compact spec>.');
  return preset(presetName);
}

function workerOf(layout: Layout, text: string | undefined): WorkerFields {
  if (text === undefined) {
    if (nodeFields(layout).length === 0) return {};
    throw new UsageError('Say which worker: --worker <id> (for example --worker 1).');
  }
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return workerFromNumber(layout, Number(trimmed));
  const worker: Record<string, number> = {};
  for (const part of trimmed.split(',')) {
    const match = /^\s*([a-z][a-z0-9-]*)\s*=\s*(-?\d+)\s*$/i.exec(part);
    if (!match?.[1] || !match[2]) {
      throw new UsageError(
        `Cannot read the worker "${text}": give a number, or fields like datacenter=1,worker=5.`,
      );
    }
    worker[match[1]] = Number(match[2]);
  }
  return validateWorker(layout, worker);
}

function wholeNumber(
  text: string | undefined,
  what: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text.trim()) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`${what} must be a whole number from ${min} to ${max}, not "${text}".`);
  }
  return Number(text);
}

function instantOf(args: ParsedArgs, option: string, env: CliEnvironment): number {
  const text = args.options.get(option);
  if (text !== undefined) return parseInstant(text, `--${option} time`);
  if (env.nowMs === undefined) throw new UsageError(`No clock is available here: pass --${option} <time>.`);
  return env.nowMs;
}

function policyOf(layout: Layout, args: ParsedArgs): Policy {
  const name = args.options.get('policy');
  if (name === undefined) return defaultPolicy(layout);
  if (!isPolicyName(name))
    throw new UsageError(`Unknown policy "${name}": choose one of ${POLICY_NAMES.join(', ')}.`);
  return POLICIES[name];
}

const MAX_COUNT = 1_000_000;

function generateCommand(args: ParsedArgs, env: CliEnvironment): string {
  allowOnly(args, 'generate', ['preset', 'layout', 'worker', 'count', 'start', 'policy', 'seed', 'decode']);
  if (args.positional.length > 0)
    throw new UsageError(`generate takes no arguments, got "${args.positional[0]}".`);
  const layout = layoutOf(args);
  const worker = workerOf(layout, args.options.get('worker'));
  const count = wholeNumber(args.options.get('count'), '--count', 1, 1, MAX_COUNT);
  const policy = policyOf(layout, args);
  const generator = createGenerator(layout, worker, policy);
  const startMs = instantOf(args, 'start', env);
  // The synthetic clock reads --start and moves only when the generator asks to wait.
  let clock = unitsSinceEpoch(layout, startMs);
  let state = INITIAL_STATE;
  // Leaf's random sequence starts come from a seeded source, so a command line repeats exactly.
  const random = Random.fromSeed(wholeNumber(args.options.get('seed'), '--seed', 1, 0, 2 ** 32 - 1));
  const lines: string[] = [];
  while (lines.length < count) {
    const result = nextId(generator, state, clock, random.float());
    state = result.state;
    if (result.kind === 'wait') {
      clock = result.until;
      continue;
    }
    if (result.kind === 'error') throw new Error(result.message);
    clock = Math.max(clock, result.releaseAt);
    const id = String(result.value);
    if (args.flags.has('decode')) {
      const decoded = decode(id, layout);
      const fields = decoded.fields
        .filter((f) => f.kind !== 'time')
        .map((f) => `${f.name}=${f.value}`)
        .join(' ');
      lines.push(`${id}  ${decoded.time.iso}  ${fields}`);
    } else {
      lines.push(id);
    }
  }
  return lines.join('\n');
}

function decodeCommand(args: ParsedArgs): string {
  allowOnly(args, 'decode', ['preset', 'layout', 'json']);
  if (args.positional.length !== 1)
    throw new UsageError('decode takes one ID: snowflake decode <id> --preset <name>.');
  const layout = layoutOf(args);
  const decoded = decode(args.positional[0] as string, layout);
  if (args.flags.has('json')) {
    return JSON.stringify(
      {
        id: decoded.id,
        layout: layout.name,
        time: decoded.time,
        fields: decoded.values,
        bits: formatBits(decoded),
      },
      null,
      2,
    );
  }
  const width = Math.max(9, ...decoded.fields.map((f) => f.name.length));
  const row = (label: string, value: string) => `${label.padEnd(width)}  ${value}`;
  const lines = [row('id', decoded.id), row('layout', layout.title)];
  lines.push(
    row(
      'time',
      `${decoded.time.iso} (${decoded.time.unixMs} ms since 1970, ${decoded.time.sinceEpochMs} ms after the epoch)`,
    ),
  );
  for (const field of decoded.fields) {
    const where =
      field.bits === 1 ? `bit ${field.shift}` : `bits ${field.shift + field.bits - 1}-${field.shift}`;
    const unit = field.kind === 'time' ? ` (× ${layout.unitMs} ms)` : '';
    lines.push(row(field.name, `${field.value}${unit}  [${where}]`));
  }
  lines.push(row('bits', formatBits(decoded)));
  return lines.join('\n');
}

function encodeCommand(args: ParsedArgs): string {
  allowOnly(args, 'encode', ['preset', 'layout', 'time', 'worker', 'sequence']);
  if (args.positional.length > 0)
    throw new UsageError(`encode takes no arguments, got "${args.positional[0]}".`);
  const layout = layoutOf(args);
  const timeText = args.options.get('time');
  if (timeText === undefined) throw new UsageError('encode needs --time <time>.');
  const worker = workerOf(layout, args.options.get('worker'));
  const sequenceField = layout.fields.find((f) => f.kind === 'sequence');
  const maxSequence = 2 ** (sequenceField?.bits ?? 0) - 1;
  const sequence = wholeNumber(args.options.get('sequence'), '--sequence', 0, 0, maxSequence);
  const values: Record<string, number> = { ...worker };
  values[timeField(layout).name] = timeUnitsAt(layout, parseInstant(timeText, '--time time'));
  if (sequenceField) values[sequenceField.name] = sequence;
  return encode(layout, values);
}

function epochCommand(args: ParsedArgs, env: CliEnvironment): string {
  allowOnly(args, 'epoch', ['preset', 'layout', 'now']);
  if (args.positional.length > 0)
    throw new UsageError(`epoch takes no arguments, got "${args.positional[0]}".`);
  const layout = layoutOf(args);
  const lifetime = epochLifetime(layout);
  const bits = timeField(layout).bits;
  const lines = [
    `${layout.title}: ${describeLayout(layout)}`,
    `time field: ${bits} bits of ${layout.unitMs} ms = 2^${bits} units, ${lifetime.years.toFixed(1)} years`,
    `runs out:   ${lifetime.endsAtIso ?? 'after the year 275760'}`,
  ];
  const nowMs = instantOf(args, 'now', env);
  const left = yearsLeft(layout, nowMs);
  const at = new Date(nowMs).toISOString();
  if (nowMs < layout.epochMs) lines.push(`at ${at} the epoch has not begun yet`);
  else if (left <= 0) lines.push(`at ${at} it ran out ${(-left).toFixed(1)} years ago`);
  else lines.push(`years left: ${left.toFixed(1)} (from ${at})`);
  return lines.join('\n');
}

/** Run one `snowflake ...` command line; argv may start with "snowflake" or with the command. */
export function snowflakeCli(argv: readonly string[], env: CliEnvironment = {}): CliResult {
  const rest = argv[0] === 'snowflake' ? argv.slice(1) : argv;
  const [command, ...tail] = rest;
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      return { output: USAGE, exitCode: command === undefined ? 2 : 0 };
    }
    const args = parseArgs(tail);
    if (args.flags.has('help')) return { output: USAGE, exitCode: 0 };
    switch (command) {
      case 'generate':
        return { output: generateCommand(args, env), exitCode: 0 };
      case 'decode':
        return { output: decodeCommand(args), exitCode: 0 };
      case 'encode':
        return { output: encodeCommand(args), exitCode: 0 };
      case 'epoch':
        return { output: epochCommand(args, env), exitCode: 0 };
      default:
        throw new UsageError(`Unknown command "${command}": use generate, decode, encode or epoch.`);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UsageError)
      return { output: `snowflake: ${message}\nRun "snowflake help" for usage.`, exitCode: 2 };
    return { output: `snowflake: ${message}`, exitCode: 1 };
  }
}
