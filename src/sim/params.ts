/**
 * An algorithm's parameters, declared once: each field's kind, bounds, default and label. The
 * same declaration gives the parser (a zod schema, so unknown or inherited names, wrong types and
 * values out of bounds are refused with the field's name) and the player's controls, so the two
 * can never disagree about what is allowed.
 */
import * as z from 'zod/mini';
import type { ParamSpec } from './types';

interface FieldBase {
  label: string;
  /** A field the reader does not set in the player (it still travels in scenarios and links). */
  hidden?: boolean;
}

export interface NumberField extends FieldBase {
  kind: 'int' | 'number';
  min: number;
  max: number;
  step?: number;
  unit?: string;
  default: number;
}

export interface BooleanField extends FieldBase {
  kind: 'boolean';
  default: boolean;
}

export interface ChoiceField<V extends string = string> extends FieldBase {
  kind: 'choice';
  options: readonly { readonly value: V; readonly label: string }[];
  default: NoInfer<V>;
}

export type ParamField = NumberField | BooleanField | ChoiceField;

/** Field builders: `param.int({ label: 'Servers', min: 1, max: 9, default: 5 })`. */
export const param = {
  int: (field: Omit<NumberField, 'kind'>): NumberField => ({ kind: 'int', ...field }),
  number: (field: Omit<NumberField, 'kind'>): NumberField => ({ kind: 'number', ...field }),
  boolean: (field: Omit<BooleanField, 'kind'>): BooleanField => ({ kind: 'boolean', ...field }),
  choice: <const V extends string>(field: Omit<ChoiceField<V>, 'kind'>): ChoiceField<V> => ({
    kind: 'choice',
    ...field,
  }),
};

export type ParamsOf<F extends Record<string, ParamField>> = {
  -readonly [K in keyof F]: F[K] extends ChoiceField<infer V>
    ? V
    : F[K] extends BooleanField
      ? boolean
      : number;
};

/** The parameters a schema parses to. */
export type Params<S> = S extends ParamSchema<infer P> ? P : never;

/** A rule across fields: returns why the parameters break it (naming `field`), or null. */
export interface ParamRule<P> {
  field: keyof P & string;
  problem(params: P): string | null;
}

/** The rule that one field (say latencyMax) is never below another (latencyMin). */
export function notBelow<P>(field: keyof P & string, other: keyof P & string): ParamRule<P> {
  return {
    field,
    problem: (p) => {
      const value = p[field] as number;
      const floor = p[other] as number;
      return value < floor ? `must not be below ${other} (${floor}), got ${value}` : null;
    },
  };
}

/** A parameter a reader (or a link) got wrong: which one, what it is called, and why. */
export class ParamError extends Error {
  constructor(
    readonly field: string,
    readonly label: string | null,
    readonly problem: string,
  ) {
    super(`params.${field}: ${problem}`);
    this.name = 'ParamError';
  }
}

export interface ParamSchema<P> {
  /** Controls for the player, in declaration order (hidden fields left out). */
  readonly controls: readonly ParamSpec[];
  /** Every field with its declaration, hidden ones included. */
  readonly fields: Readonly<Record<keyof P & string, ParamField>>;
  readonly defaults: Readonly<P>;
  /** Validates and completes raw parameters; throws a ParamError naming the field. */
  parse(raw: unknown): P;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function fieldSchema(field: ParamField): z.ZodMiniType {
  switch (field.kind) {
    case 'int':
      return z.int().check(z.minimum(field.min), z.maximum(field.max));
    case 'number':
      return z.number().check(z.minimum(field.min), z.maximum(field.max));
    case 'boolean':
      return z.boolean();
    case 'choice':
      return z.enum(field.options.map((o) => o.value) as [string, ...string[]]);
  }
}

/** What is wrong with `value` for `field`, in the words every algorithm's errors share. */
function problemWith(field: ParamField, value: unknown): string {
  switch (field.kind) {
    case 'int':
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return `must be a number, got ${show(value)}`;
      if (field.kind === 'int' && !Number.isInteger(value)) return `must be a whole number, got ${value}`;
      return `must be between ${field.min} and ${field.max}, got ${value}`;
    case 'boolean':
      return `must be true or false, got ${show(value)}`;
    case 'choice':
      return `must be one of ${field.options.map((o) => o.value).join(', ')}, got ${show(value)}`;
  }
}

function controlOf(key: string, f: ParamField): ParamSpec {
  switch (f.kind) {
    case 'int':
    case 'number':
      return {
        key,
        label: f.label,
        kind: f.kind,
        min: f.min,
        max: f.max,
        ...(f.step !== undefined ? { step: f.step } : {}),
        ...(f.unit !== undefined ? { unit: f.unit } : {}),
      };
    case 'boolean':
      return { key, label: f.label, kind: 'boolean' };
    case 'choice':
      return { key, label: f.label, kind: 'choice', options: f.options.map((o) => ({ ...o })) };
  }
}

export function defineParams<const F extends Record<string, ParamField>>(
  fields: F,
  rules: readonly ParamRule<ParamsOf<F>>[] = [],
): ParamSchema<ParamsOf<F>> {
  type P = ParamsOf<F>;
  const keys = Object.keys(fields) as (keyof F & string)[];
  const shape: Record<string, z.ZodMiniType> = {};
  for (const key of keys) shape[key] = z.optional(fieldSchema(fields[key] as ParamField));
  const schema = z.strictObject(shape);
  const defaults = Object.fromEntries(keys.map((k) => [k, (fields[k] as ParamField).default])) as P;
  const controls: ParamSpec[] = [];
  for (const key of keys) {
    const f = fields[key] as ParamField;
    if (!f.hidden) controls.push(controlOf(key, f));
  }

  const labelOf = (key: string): string | null =>
    Object.hasOwn(fields, key) ? (fields[key] as ParamField).label : null;

  return {
    controls,
    fields: fields as unknown as Record<keyof P & string, ParamField>,
    defaults,
    parse(raw: unknown): P {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        throw new ParamError('', null, `must be an object, got ${show(raw)}`);
      }
      const result = z.safeParse(schema, raw);
      if (!result.success) {
        const issue = result.error.issues[0] as z.core.$ZodIssue;
        if (issue.code === 'unrecognized_keys') {
          const key = issue.keys[0] as string;
          throw new ParamError(key, null, `is not a parameter of this algorithm (known: ${keys.join(', ')})`);
        }
        const key = String(issue.path[0]);
        const value = (raw as Record<string, unknown>)[key];
        throw new ParamError(key, labelOf(key), problemWith(fields[key] as ParamField, value));
      }
      const given = result.data as Record<string, unknown>;
      const params = {} as Record<string, unknown>;
      for (const key of keys) params[key] = given[key] ?? (fields[key] as ParamField).default;
      for (const rule of rules) {
        const problem = rule.problem(params as P);
        if (problem !== null) throw new ParamError(rule.field, labelOf(rule.field), problem);
      }
      return params as P;
    },
  };
}
