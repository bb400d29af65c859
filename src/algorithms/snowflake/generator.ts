/**
 * One step of a Snowflake-style generator as a pure function: layout, worker fields, policy, the
 * state left by the previous step and a clock reading go in; an ID, a "wait until" or an error
 * comes out, with the next state. The caller owns the clock and any randomness, so a step can be
 * replayed exactly.
 */
import { type Layout, type PlacedField, placeFields, validateLayout } from './layout';

/** What to do when a time unit has no sequence numbers left. */
export type OverflowPolicy =
  /** Wait into the next time unit (Twitter, Leaf, most libraries). */
  | 'wait'
  /** Move the logical time forward one unit and hand the ID out once the clock catches up (Sonyflake). */
  | 'borrow'
  /** Fail the call (flake-idgen without a callback). */
  | 'error'
  /** No check: the sequence wraps to 0 inside the same unit and repeats an ID. */
  | 'none';

/** What to do when the clock reads earlier than the time of the last ID. */
export type BackwardsPolicy =
  /** Refuse at once, saying for how long (Twitter). */
  | 'refuse'
  /** Wait twice the offset if it is small, fail if still behind; fail at once if it is large (Leaf). */
  | 'wait-then-fail'
  /** Keep counting in the last ID's time unit, never going back (Sonyflake). */
  | 'borrow'
  /** No check: use the clock as it is, and repeat IDs already handed out (several npm generators). */
  | 'none';

/** Where the sequence starts in a new time unit. */
export type SequenceStart =
  /** 0 (Twitter, Sonyflake). */
  | 'zero'
  /** A random value below `sequenceStartBelow` (Leaf: 0 to 99, to spread IDs over shards). */
  | 'random'
  /** Where the previous unit left off: a counter that never resets (@sapphire/snowflake). */
  | 'continue';

export interface Policy {
  onOverflow: OverflowPolicy;
  onBackwards: BackwardsPolicy;
  /** For 'wait-then-fail': the largest offset, in time units, that is waited out (Leaf: 5 ms). */
  maxBackwardsWait: number;
  sequenceStart: SequenceStart;
  /** For 'random' starts: the start is drawn from 0 to this minus 1 (Leaf: 100). */
  sequenceStartBelow: number;
}

const TWITTER_POLICY: Policy = {
  onOverflow: 'wait',
  onBackwards: 'refuse',
  maxBackwardsWait: 0,
  sequenceStart: 'zero',
  sequenceStartBelow: 1,
};

/** The behaviour of each reference implementation, by name. */
export const POLICIES = {
  /** IdWorker: busy-waits on overflow, throws "invalid system clock" when the clock goes back. */
  twitter: TWITTER_POLICY,
  /** Discord has not published its generator; its IDs follow Twitter's design, so we use Twitter's rules. */
  discord: TWITTER_POLICY,
  /** SnowflakeIDGenImpl: waits for the next ms, random start below 100, waits out up to 5 ms backwards. */
  leaf: {
    onOverflow: 'wait',
    onBackwards: 'wait-then-fail',
    maxBackwardsWait: 5,
    sequenceStart: 'random',
    sequenceStartBelow: 100,
  },
  /** NextID: one rule for both cases, logical time never goes back and runs ahead when needed. */
  sonyflake: {
    onOverflow: 'borrow',
    onBackwards: 'borrow',
    maxBackwardsWait: 0,
    sequenceStart: 'zero',
    sequenceStartBelow: 1,
  },
  /** Busy-waits on overflow but never looks for a clock going back (nodejs-snowflake, snowflake-id). */
  'no-check': {
    onOverflow: 'wait',
    onBackwards: 'none',
    maxBackwardsWait: 0,
    sequenceStart: 'zero',
    sequenceStartBelow: 1,
  },
  /** @sapphire/snowflake: one increment cycling across calls, no overflow or clock check at all. */
  sapphire: {
    onOverflow: 'none',
    onBackwards: 'none',
    maxBackwardsWait: 0,
    sequenceStart: 'continue',
    sequenceStartBelow: 1,
  },
  /** flake-idgen without a callback: throws on overflow, no clock check. */
  'flake-idgen': {
    onOverflow: 'error',
    onBackwards: 'none',
    maxBackwardsWait: 0,
    sequenceStart: 'zero',
    sequenceStartBelow: 1,
  },
} as const satisfies Record<string, Policy>;

export type PolicyName = keyof typeof POLICIES;
export const POLICY_NAMES = Object.keys(POLICIES) as PolicyName[];

export function isPolicyName(name: string): name is PolicyName {
  return Object.hasOwn(POLICIES, name);
}

/** The policy of the reference implementation behind a layout; custom layouts get Twitter's. */
export function defaultPolicy(layout: Layout): Policy {
  return layout.name === 'custom' ? POLICIES.twitter : POLICIES[layout.name];
}

/** Worker identity: a value for each node field of the layout, by field name. */
export type WorkerFields = Readonly<Record<string, number>>;

export interface GeneratorState {
  /** Time field of the last ID handed out, in units since the epoch; -1 before the first ID. */
  lastTime: number;
  /** Sequence of the last ID handed out. */
  sequence: number;
  /** How many units the last ID's time ran ahead of the clock (Sonyflake borrowing); 0 otherwise. */
  borrowed: number;
  /** Set while a Leaf-style generator waits out a small backwards step: the next call is the retry. */
  backwardsRetry: boolean;
}

export const INITIAL_STATE: GeneratorState = {
  lastTime: -1,
  sequence: 0,
  borrowed: 0,
  backwardsRetry: false,
};

export type GeneratorErrorCode =
  /** The clock reads before the layout's epoch. */
  | 'before-epoch'
  /** The time no longer fits the time field. */
  | 'epoch-exhausted'
  /** Twitter: the clock is behind the last ID; refused, no waiting. */
  | 'clock-moved-backwards'
  /** Leaf: behind by more than the largest offset it waits out. */
  | 'clock-too-far-behind'
  /** Leaf: still behind after waiting twice the offset. */
  | 'clock-still-behind'
  /** flake-idgen: the unit's sequence is used up. */
  | 'sequence-exhausted';

export type StepResult =
  | {
      kind: 'id';
      /** The ID as a 64-bit integer; show and exchange it as a decimal string (`String(value)`). */
      value: bigint;
      /** Time field of the ID (units since the epoch). */
      time: number;
      sequence: number;
      /**
       * With borrowing on overflow, the reference sleeps until the clock reaches the ID's time
       * before returning it: the ID is not handed out before this reading. Equal to `now` otherwise.
       */
      releaseAt: number;
      state: GeneratorState;
    }
  | {
      kind: 'wait';
      /** Call again once the clock reads at least this. */
      until: number;
      reason: 'sequence-exhausted' | 'clock-behind';
      state: GeneratorState;
    }
  | {
      kind: 'error';
      code: GeneratorErrorCode;
      message: string;
      /** For refusals: how many time units until the clock is past the last ID again. */
      behindBy?: number;
      state: GeneratorState;
    };

/** Everything about a worker that does not change between steps, checked once. */
export interface Generator {
  readonly layout: Layout;
  readonly worker: WorkerFields;
  readonly policy: Policy;
  /** The node fields already shifted into place. */
  readonly nodeBits: bigint;
  readonly timeShift: bigint;
  readonly sequenceShift: bigint;
  readonly maxTime: number;
  readonly maxSequence: number;
  /**
   * A memo of the last time unit's bits (time and node fields together), so that IDs within one
   * unit cost one BigInt addition. It never changes a result, only how fast it is computed.
   */
  base: { time: number; bits: bigint };
}

/** Check worker fields against a layout; throws an Error naming each bad field and its range. */
export function validateWorker(layout: Layout, worker: WorkerFields): WorkerFields {
  const nodes = placeFields(layout).filter((f) => f.kind === 'node');
  const problems: string[] = [];
  for (const name of Object.keys(worker)) {
    if (!nodes.some((f) => f.name === name)) {
      const known = nodes.map((f) => f.name).join(', ') || 'none';
      problems.push(`the ${layout.name} layout has no field "${name}" (its worker fields: ${known})`);
    }
  }
  for (const field of nodes) {
    const value = worker[field.name];
    const max = Number(field.max);
    if (value === undefined) {
      problems.push(`${field.name} is missing (0 to ${max})`);
    } else if (!Number.isInteger(value) || value < 0 || value > max) {
      problems.push(`${field.name} must be a whole number from 0 to ${max}, not ${String(value)}`);
    }
  }
  if (problems.length > 0) throw new Error(`Invalid worker id: ${problems.join('; ')}.`);
  return worker;
}

/**
 * Split one number over the layout's node fields, high to low: for Twitter, 37 is datacenter 1,
 * worker 5 (37 = 1 × 32 + 5).
 */
export function workerFromNumber(layout: Layout, id: number): WorkerFields {
  const nodes = placeFields(layout).filter((f) => f.kind === 'node');
  const totalNodeBits = nodes.reduce((sum, f) => sum + f.bits, 0);
  const max = 2 ** totalNodeBits - 1;
  if (!Number.isSafeInteger(id) || id < 0 || id > max) {
    const names = nodes.map((f) => f.name).join(' and ');
    throw new Error(
      `Invalid worker id ${String(id)}: the ${layout.name} layout has ${totalNodeBits} bits for ${names}, so 0 to ${max}.`,
    );
  }
  const worker: Record<string, number> = {};
  let rest = BigInt(id);
  for (const field of [...nodes].reverse()) {
    worker[field.name] = Number(rest & field.max);
    rest >>= BigInt(field.bits);
  }
  return worker;
}

export function validatePolicy(layout: Layout, policy: Policy): Policy {
  const sequence = placeFields(layout).find((f) => f.kind === 'sequence') as PlacedField;
  const problems: string[] = [];
  if (!['wait', 'borrow', 'error', 'none'].includes(policy.onOverflow)) {
    problems.push(`unknown overflow policy "${policy.onOverflow}"`);
  }
  if (!['refuse', 'wait-then-fail', 'borrow', 'none'].includes(policy.onBackwards)) {
    problems.push(`unknown backwards-clock policy "${policy.onBackwards}"`);
  }
  if (!['zero', 'random', 'continue'].includes(policy.sequenceStart)) {
    problems.push(`unknown sequence start "${policy.sequenceStart}"`);
  }
  if (policy.onOverflow === 'borrow' && policy.onBackwards !== 'borrow') {
    // A borrowed ID's time is ahead of the clock, so the next call would look like a clock going back.
    problems.push('borrowing time on overflow needs the "borrow" backwards-clock policy too');
  }
  if (!Number.isInteger(policy.maxBackwardsWait) || policy.maxBackwardsWait < 0) {
    problems.push('the largest backwards wait must be a whole number of time units, at least 0');
  }
  if (
    !Number.isInteger(policy.sequenceStartBelow) ||
    policy.sequenceStartBelow < 1 ||
    policy.sequenceStartBelow > Number(sequence.max) + 1
  ) {
    problems.push(
      `the bound of random sequence starts must be a whole number from 1 to ${Number(sequence.max) + 1}`,
    );
  }
  if (problems.length > 0) throw new Error(`Invalid policy: ${problems.join('; ')}.`);
  return policy;
}

/** Check layout, worker and policy once, and precompute what each step needs. */
export function createGenerator(
  layout: Layout,
  worker: WorkerFields,
  policy: Policy = defaultPolicy(layout),
): Generator {
  validateLayout(layout);
  validateWorker(layout, worker);
  validatePolicy(layout, policy);
  const fields = placeFields(layout);
  let nodeBits = 0n;
  for (const field of fields) {
    if (field.kind === 'node') nodeBits |= BigInt(worker[field.name] ?? 0) << BigInt(field.shift);
  }
  const time = fields.find((f) => f.kind === 'time') as PlacedField;
  const sequence = fields.find((f) => f.kind === 'sequence') as PlacedField;
  return {
    layout,
    worker,
    policy,
    nodeBits,
    timeShift: BigInt(time.shift),
    sequenceShift: BigInt(sequence.shift),
    maxTime: time.max > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(time.max),
    maxSequence: Number(sequence.max),
    base: { time: -1, bits: 0n },
  };
}

function unitsText(generator: Generator, units: number): string {
  const ms = units * generator.layout.unitMs;
  return generator.layout.unitMs === 1 ? `${ms} ms` : `${units} units (${ms} ms)`;
}

function startOfUnit(generator: Generator, previous: number, random: number): number {
  const { policy, maxSequence } = generator;
  if (policy.sequenceStart === 'continue') return previous >= maxSequence ? 0 : previous + 1;
  if (policy.sequenceStart === 'random') {
    return Math.min(Math.floor(random * policy.sequenceStartBelow), policy.sequenceStartBelow - 1);
  }
  return 0;
}

/**
 * One call of the generator.
 *
 * @param now the clock reading, in whole time units since the layout's epoch
 * @param random a uniform draw in [0, 1) from the caller's seeded source, used only for random
 *   sequence starts
 */
export function nextId(generator: Generator, state: GeneratorState, now: number, random = 0): StepResult {
  if (!Number.isSafeInteger(now))
    throw new TypeError(`The clock reading must be a whole number, not ${now}.`);
  const { policy, maxSequence } = generator;
  if (now < 0) {
    return {
      kind: 'error',
      code: 'before-epoch',
      message: `The clock reads ${unitsText(generator, -now)} before the epoch; no ID can encode that time.`,
      state,
    };
  }

  let time = now;
  let sameUnit = now === state.lastTime;
  if (state.lastTime >= 0 && now < state.lastTime) {
    // The check comes before the sequence is touched; IdWorker once did it after and repeated IDs.
    const behind = state.lastTime - now;
    switch (policy.onBackwards) {
      case 'refuse':
        return {
          kind: 'error',
          code: 'clock-moved-backwards',
          message: `Clock moved backwards: refusing to generate IDs for ${unitsText(generator, behind)}.`,
          behindBy: behind,
          state,
        };
      case 'wait-then-fail':
        if (state.backwardsRetry) {
          return {
            kind: 'error',
            code: 'clock-still-behind',
            message: `The clock is still ${unitsText(generator, behind)} behind after waiting; giving up.`,
            behindBy: behind,
            state: { ...state, backwardsRetry: false },
          };
        }
        if (behind > policy.maxBackwardsWait) {
          return {
            kind: 'error',
            code: 'clock-too-far-behind',
            message: `The clock is ${unitsText(generator, behind)} behind, more than the ${unitsText(generator, policy.maxBackwardsWait)} it waits out.`,
            behindBy: behind,
            state,
          };
        }
        return {
          kind: 'wait',
          until: now + 2 * behind,
          reason: 'clock-behind',
          state: { ...state, backwardsRetry: true },
        };
      case 'borrow':
        time = state.lastTime;
        sameUnit = true;
        break;
      case 'none':
        break;
    }
  }

  let sequence: number;
  let releaseAt = now;
  if (sameUnit) {
    sequence = state.sequence + 1;
    if (sequence > maxSequence) {
      switch (policy.onOverflow) {
        case 'wait':
          return {
            kind: 'wait',
            until: state.lastTime + 1,
            reason: 'sequence-exhausted',
            state: state.backwardsRetry ? { ...state, backwardsRetry: false } : state,
          };
        case 'borrow':
          time = state.lastTime + 1;
          sequence = 0;
          releaseAt = Math.max(now, time);
          break;
        case 'error':
          return {
            kind: 'error',
            code: 'sequence-exhausted',
            message: `All ${maxSequence + 1} sequence numbers of this time unit are used.`,
            state,
          };
        case 'none':
          sequence = 0;
          break;
      }
    }
  } else {
    sequence = startOfUnit(generator, state.sequence, random);
  }

  if (time > generator.maxTime) {
    return {
      kind: 'error',
      code: 'epoch-exhausted',
      message: `The time field is used up: ${unitsText(generator, time)} since the epoch is past its last value, ${generator.maxTime}.`,
      state,
    };
  }

  if (generator.base.time !== time) {
    generator.base = { time, bits: (BigInt(time) << generator.timeShift) | generator.nodeBits };
  }
  // The fields do not overlap, so adding the sequence is the same as OR-ing it in.
  const value =
    generator.sequenceShift === 0n
      ? generator.base.bits + BigInt(sequence)
      : generator.base.bits + (BigInt(sequence) << generator.sequenceShift);
  return {
    kind: 'id',
    value,
    time,
    sequence,
    releaseAt,
    state: { lastTime: time, sequence, borrowed: Math.max(0, time - now), backwardsRetry: false },
  };
}

/** The clock reading (units since the epoch) of a layout at an instant in ms since 1970. */
export { unitsSinceEpoch } from './layout';
