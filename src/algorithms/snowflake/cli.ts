/**
 * Snowflake's subcommands of the command line: generate, decode, encode and epoch, over the same
 * pure functions the page uses. The shared command line parses the options each declares and
 * hands them over; nothing here reads a clock: the caller passes the wall clock when it has one.
 */
import type { CliCommand, CliEnvironment, CommandInput } from '../../sim/module';
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

interface ParsedArgs {
  positional: readonly string[];
  options: Map<string, string>;
  flags: Set<string>;
}

/** The shared command line's parse, in the shape the commands below read. */
function argsOf(input: CommandInput): ParsedArgs {
  const options = new Map<string, string>();
  const flags = new Set<string>();
  for (const [name, value] of Object.entries(input.values)) {
    if (typeof value === 'string') options.set(name, value);
    else if (value === true) flags.add(name);
  }
  return { positional: input.positionals, options, flags };
}

function layoutOf(args: ParsedArgs): Layout {
  const presetName = args.options.get('preset');
  const spec = args.options.get('layout');
  if (presetName !== undefined && spec !== undefined && presetName !== 'custom') {
    throw new Error('Give either --preset or --layout, not both.');
  }
  if (spec !== undefined) return parseLayout(spec);
  if (presetName === undefined) throw new Error('Say which layout: --preset <name> or --layout <spec>.');
  if (presetName === 'custom') throw new Error('--preset custom needs --layout <json or compact spec>.');
  return preset(presetName);
}

function workerOf(layout: Layout, text: string | undefined): WorkerFields {
  if (text === undefined) {
    if (nodeFields(layout).length === 0) return {};
    throw new Error('Say which worker: --worker <id> (for example --worker 1).');
  }
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return workerFromNumber(layout, Number(trimmed));
  const worker: Record<string, number> = {};
  for (const part of trimmed.split(',')) {
    const match = /^\s*([a-z][a-z0-9-]*)\s*=\s*(-?\d+)\s*$/i.exec(part);
    if (!match?.[1] || !match[2]) {
      throw new Error(
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
    throw new Error(`${what} must be a whole number from ${min} to ${max}, not "${text}".`);
  }
  return Number(text);
}

function instantOf(args: ParsedArgs, option: string, env: CliEnvironment): number {
  const text = args.options.get(option);
  if (text !== undefined) return parseInstant(text, `--${option} time`);
  if (env.nowMs === undefined) throw new Error(`No clock is available here: pass --${option} <time>.`);
  return env.nowMs;
}

function policyOf(layout: Layout, args: ParsedArgs): Policy {
  const name = args.options.get('policy');
  if (name === undefined) return defaultPolicy(layout);
  if (!isPolicyName(name))
    throw new Error(`Unknown policy "${name}": choose one of ${POLICY_NAMES.join(', ')}.`);
  return POLICIES[name];
}

const MAX_COUNT = 1_000_000;

function generateCommand(args: ParsedArgs, env: CliEnvironment): string {
  if (args.positional.length > 0)
    throw new Error(`generate takes no arguments, got "${args.positional[0]}".`);
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
  if (args.positional.length !== 1)
    throw new Error('decode takes one ID: snowflake decode <id> --preset <name>.');
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
  if (args.positional.length > 0) throw new Error(`encode takes no arguments, got "${args.positional[0]}".`);
  const layout = layoutOf(args);
  const timeText = args.options.get('time');
  if (timeText === undefined) throw new Error('encode needs --time <time>.');
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
  if (args.positional.length > 0) throw new Error(`epoch takes no arguments, got "${args.positional[0]}".`);
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

const layoutOptions = {
  preset: { type: 'string', description: `a preset layout: ${PRESET_NAMES.join(', ')}` },
  layout: {
    type: 'string',
    description:
      "a custom layout, JSON or compact: 'timestamp:41,datacenter:5,worker:5,sequence:12,unit=1ms,epoch=2010-11-04T01:42:54.657Z'",
  },
} as const;

const workerOption = {
  worker: {
    type: 'string',
    description: 'one number spread over the worker fields, or fields: datacenter=1,worker=5',
  },
} as const;

const TIMES = 'Times are ISO 8601 (UTC unless a zone is given) or milliseconds since 1970.';

export const snowflakeCommands: readonly CliCommand[] = [
  {
    name: 'generate',
    summary: 'Generate IDs as fast as one worker can, on a clock that moves only when it must wait.',
    usage:
      'generate --preset <name> --worker <id> [--count N] [--start <time>] [--policy <name>] [--seed N] [--decode]',
    options: {
      ...layoutOptions,
      ...workerOption,
      count: { type: 'string', description: 'how many IDs (default 1)' },
      start: { type: 'string', description: `where the clock starts (default: now). ${TIMES}` },
      policy: { type: 'string', description: `overflow and clock policy: ${POLICY_NAMES.join(', ')}` },
      seed: { type: 'string', description: 'seed for random sequence starts (Leaf), default 1' },
      decode: { type: 'boolean', description: 'print each ID with its time and fields' },
    },
    run: (input, env) => ({ output: generateCommand(argsOf(input), env), exitCode: 0 }),
  },
  {
    name: 'decode',
    summary: 'Take an ID apart: its time, every field and the 64 bits.',
    usage: 'decode <id> --preset <name> [--json]',
    options: { ...layoutOptions, json: { type: 'boolean', description: 'print JSON' } },
    run: (input) => ({ output: decodeCommand(argsOf(input)), exitCode: 0 }),
  },
  {
    name: 'encode',
    summary: 'Put an ID together from its fields.',
    usage: 'encode --preset <name> --time <time> --worker <id> [--sequence N]',
    options: {
      ...layoutOptions,
      ...workerOption,
      time: { type: 'string', description: `the ID's time. ${TIMES}` },
      sequence: { type: 'string', description: 'the sequence number (default 0)' },
    },
    run: (input) => ({ output: encodeCommand(argsOf(input)), exitCode: 0 }),
  },
  {
    name: 'epoch',
    summary: 'How long the layout’s time field lasts, when it runs out and how many years are left.',
    usage: 'epoch --preset <name> [--now <time>]',
    options: { ...layoutOptions, now: { type: 'string', description: `the moment to count from. ${TIMES}` } },
    run: (input, env) => ({ output: epochCommand(argsOf(input), env), exitCode: 0 }),
  },
];
