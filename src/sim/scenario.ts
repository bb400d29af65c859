/**
 * Scenarios as data: validation of untrusted input (a shared link is hostile until proven
 * otherwise), the compact URL fragment form, and the file form. Every failure is a plain Error
 * whose message names the offending field.
 */
import type { Action, Micros, NodeId, Scenario, TimedAction } from './types';

export const SCENARIO_VERSION = 1;
export const LIMITS = {
  actions: 10_000,
  /** About eleven days of virtual time. */
  time: 1_000_000_000_000,
  nodeName: 32,
  groups: 64,
  groupSize: 64,
  params: 64,
  payloadChars: 2_000,
  fragmentChars: 400_000,
  algorithmName: 64,
} as const;

function fail(path: string, problem: string): never {
  throw new Error(`${path}: ${problem}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function integer(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    fail(path, `must be a finite number, got ${show(value)}`);
  if (!Number.isInteger(value)) fail(path, `must be a whole number, got ${value}`);
  if (value < min || value > max) fail(path, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function rate(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    fail(path, `must be a finite number, got ${show(value)}`);
  if (value < 0 || value > 1) fail(path, `must be between 0 and 1, got ${value}`);
  return value;
}

function nodeName(value: unknown, path: string): string {
  if (typeof value !== 'string') fail(path, `must be a node name (a string), got ${show(value)}`);
  if (value.length === 0 || value.length > LIMITS.nodeName) {
    fail(path, `must be a node name of 1 to ${LIMITS.nodeName} characters`);
  }
  return value;
}

function show(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function onlyKeys(obj: Record<string, unknown>, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key))
      fail(`${path}.${key}`, `is not a field of this action (allowed: ${allowed.join(', ')})`);
  }
}

/** Plain JSON data only (no functions, no cycles), and small. */
function jsonPayload(value: unknown, path: string): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    fail(path, 'must be plain JSON data');
  }
  if (text === undefined) fail(path, 'must be plain JSON data');
  if (text.length > LIMITS.payloadChars)
    fail(path, `is too large (${text.length} characters, at most ${LIMITS.payloadChars})`);
  return JSON.parse(text) as unknown;
}

export function validateAction(raw: unknown, path: string): Action {
  if (!isPlainObject(raw)) fail(path, `must be an object, got ${show(raw)}`);
  const type = raw.type;
  const MAX = LIMITS.time;
  switch (type) {
    case 'crash':
    case 'restart':
    case 'timeout':
      onlyKeys(raw, ['type', 'node'], path);
      return { type, node: nodeName(raw.node, `${path}.node`) };
    case 'pause':
      onlyKeys(raw, ['type', 'node', 'duration'], path);
      return {
        type,
        node: nodeName(raw.node, `${path}.node`),
        duration: integer(raw.duration, `${path}.duration`, 1, MAX),
      };
    case 'partition': {
      onlyKeys(raw, ['type', 'groups'], path);
      const groups = raw.groups;
      if (!Array.isArray(groups)) fail(`${path}.groups`, `must be a list of node lists, got ${show(groups)}`);
      if (groups.length > LIMITS.groups) fail(`${path}.groups`, `has more than ${LIMITS.groups} groups`);
      const seen = new Set<string>();
      const parsed = groups.map((g: unknown, gi) => {
        const gp = `${path}.groups[${gi}]`;
        if (!Array.isArray(g)) fail(gp, `must be a list of node names, got ${show(g)}`);
        if (g.length > LIMITS.groupSize) fail(gp, `has more than ${LIMITS.groupSize} nodes`);
        return g.map((n: unknown, ni) => {
          const name = nodeName(n, `${gp}[${ni}]`);
          if (seen.has(name)) fail(`${gp}[${ni}]`, `${name} is in more than one group`);
          seen.add(name);
          return name;
        });
      });
      return { type, groups: parsed };
    }
    case 'heal':
      onlyKeys(raw, ['type'], path);
      return { type };
    case 'drop':
    case 'duplicate':
      onlyKeys(raw, ['type', 'message'], path);
      return { type, message: integer(raw.message, `${path}.message`, 0, Number.MAX_SAFE_INTEGER) };
    case 'set-loss':
    case 'set-duplication':
      onlyKeys(raw, ['type', 'rate'], path);
      return { type, rate: rate(raw.rate, `${path}.rate`) };
    case 'set-latency':
    case 'set-link-latency': {
      const range = latencyRange(raw, path);
      if (type === 'set-latency') {
        onlyKeys(raw, ['type', 'min', 'max'], path);
        return { type, ...range };
      }
      onlyKeys(raw, ['type', 'from', 'to', 'min', 'max'], path);
      return { type, from: nodeName(raw.from, `${path}.from`), to: nodeName(raw.to, `${path}.to`), ...range };
    }
    case 'clock-jump':
      onlyKeys(raw, ['type', 'node', 'by'], path);
      return { type, node: nodeName(raw.node, `${path}.node`), by: integer(raw.by, `${path}.by`, -MAX, MAX) };
    case 'clock-rate': {
      onlyKeys(raw, ['type', 'node', 'rate'], path);
      const r = raw.rate;
      if (typeof r !== 'number' || !Number.isFinite(r) || r < 0.01 || r > 100) {
        fail(`${path}.rate`, `must be a number between 0.01 and 100, got ${show(r)}`);
      }
      return { type, node: nodeName(raw.node, `${path}.node`), rate: r };
    }
    case 'client': {
      onlyKeys(raw, ['type', 'node', 'payload'], path);
      const action: Action = { type, payload: jsonPayload(raw.payload ?? null, `${path}.payload`) };
      if (raw.node !== undefined) action.node = nodeName(raw.node, `${path}.node`);
      return action;
    }
    default:
      return fail(`${path}.type`, `unknown action type ${show(type)}`);
  }
}

function latencyRange(raw: Record<string, unknown>, path: string): { min: Micros; max: Micros } {
  const min = integer(raw.min, `${path}.min`, 0, 60_000_000);
  const max = integer(raw.max, `${path}.max`, 0, 60_000_000);
  if (max < min) fail(`${path}.max`, `must not be below min (${min}), got ${max}`);
  return { min, max };
}

/** Check an untrusted value and return a clean Scenario; throws an Error naming the bad field. */
export function validateScenario(raw: unknown): Scenario {
  if (!isPlainObject(raw)) fail('scenario', `must be an object, got ${show(raw)}`);
  if (raw.version !== SCENARIO_VERSION) {
    fail(
      'scenario.version',
      `must be ${SCENARIO_VERSION} (this site reads version ${SCENARIO_VERSION}), got ${show(raw.version)}`,
    );
  }
  const algorithm = raw.algorithm;
  if (
    typeof algorithm !== 'string' ||
    !/^[a-z0-9][a-z0-9-]*$/.test(algorithm) ||
    algorithm.length > LIMITS.algorithmName
  ) {
    fail(
      'scenario.algorithm',
      `must be an algorithm id (lower-case words joined by dashes), got ${show(algorithm)}`,
    );
  }
  const params = raw.params ?? {};
  if (!isPlainObject(params)) fail('scenario.params', `must be an object, got ${show(params)}`);
  if (Object.keys(params).length > LIMITS.params)
    fail('scenario.params', `has more than ${LIMITS.params} fields`);
  const cleanParams: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype')
      fail(`scenario.params.${key}`, 'is not allowed');
    if (value !== null && typeof value === 'object')
      fail(`scenario.params.${key}`, 'must be a number, string or boolean');
    if (typeof value === 'number' && !Number.isFinite(value))
      fail(`scenario.params.${key}`, 'must be a finite number');
    if (typeof value === 'string' && value.length > 200) fail(`scenario.params.${key}`, 'is too long');
    cleanParams[key] = value;
  }
  const seed = integer(raw.seed, 'scenario.seed', 0, 4294967295);
  const actions = raw.actions ?? [];
  if (!Array.isArray(actions)) fail('scenario.actions', `must be a list, got ${show(actions)}`);
  if (actions.length > LIMITS.actions) {
    fail('scenario.actions', `has ${actions.length} actions, at most ${LIMITS.actions} are allowed`);
  }
  const timed: TimedAction[] = actions.map((a: unknown, i) => {
    const path = `scenario.actions[${i}]`;
    if (!isPlainObject(a)) fail(path, `must be an object with "at" and "action", got ${show(a)}`);
    onlyKeys(a, ['at', 'action'], path);
    return {
      at: integer(a.at, `${path}.at`, 0, LIMITS.time),
      action: validateAction(a.action, `${path}.action`),
    };
  });
  for (const key of Object.keys(raw)) {
    if (!['version', 'algorithm', 'params', 'seed', 'actions'].includes(key)) {
      fail(`scenario.${key}`, 'is not a field of a scenario');
    }
  }
  return { version: SCENARIO_VERSION, algorithm, params: cleanParams, seed, actions: timed };
}

// -------------------------------------------------------------------------------------------------
// Writing scenarios

/** An action at a moment given in milliseconds: scenarios are written in ms, the kernel counts µs. */
export function atMs(ms: number, action: Action): TimedAction {
  return { at: Math.round(ms * 1000), action };
}

/** A builder of one algorithm's scenarios: its defaults with some parameters changed, actions, a seed. */
export function scenarioBuilder<P extends object>(algorithm: string, defaults: P) {
  return (params: Partial<P>, actions: TimedAction[] = [], seed = 1): Scenario => ({
    version: 1,
    algorithm,
    params: { ...defaults, ...params } as Record<string, unknown>,
    seed,
    actions,
  });
}

// -------------------------------------------------------------------------------------------------
// Text forms

/**
 * A shared scenario is untrusted: every node its actions name must exist. Throws naming the field,
 * in the algorithm's own words: `scenario.actions[2].action.node: no server named "S9" (servers
 * are S1, S2, S3)`.
 */
export function checkNodeNames(
  scenario: Scenario,
  nodes: readonly NodeId[],
  noun: { one: string; many: string } = { one: 'node', many: 'nodes' },
): void {
  const known = new Set(nodes);
  const check = (name: string, path: string) => {
    if (!known.has(name)) {
      throw new Error(
        `${path}: no ${noun.one} named ${JSON.stringify(name)} (${noun.many} are ${nodes.join(', ')})`,
      );
    }
  };
  scenario.actions.forEach(({ action }, i) => {
    const path = `scenario.actions[${i}].action`;
    if ('node' in action && action.node !== undefined) check(action.node, `${path}.node`);
    if (action.type === 'partition') {
      action.groups.forEach((g, gi) => g.forEach((n, ni) => check(n, `${path}.groups[${gi}][${ni}]`)));
    }
    if (action.type === 'set-link-latency') {
      check(action.from, `${path}.from`);
      check(action.to, `${path}.to`);
    }
  });
}

export function scenarioToJson(scenario: Scenario): string {
  return `${JSON.stringify(scenario, null, 2)}\n`;
}

export function scenarioFromJson(text: string): Scenario {
  if (typeof text !== 'string') throw new Error('scenario file: expected text');
  if (text.length > LIMITS.fragmentChars * 4) throw new Error('scenario file: too large');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`scenario file: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  return validateScenario(raw);
}

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('link: the scenario part (s=) is not base64url text');
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  let binary: string;
  try {
    binary = atob(padded);
  } catch {
    throw new Error('link: the scenario part (s=) is not valid base64url');
  }
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error('link: the scenario part (s=) is not UTF-8 text');
  }
}

/** `s=<base64url of compact JSON>[&at=<event index>]`, for the part after `#`. */
export function encodeScenario(scenario: Scenario, at?: number): string {
  const s = toBase64Url(JSON.stringify(scenario));
  return at === undefined ? `s=${s}` : `s=${s}&at=${Math.floor(at)}`;
}

/** Reads what encodeScenario wrote (with or without the leading `#`). */
export function decodeScenario(fragment: string): { scenario: Scenario; at: number | null } {
  if (typeof fragment !== 'string') throw new Error('link: expected text');
  if (fragment.length > LIMITS.fragmentChars)
    throw new Error(`link: too long (more than ${LIMITS.fragmentChars} characters)`);
  const params = new URLSearchParams(fragment.startsWith('#') ? fragment.slice(1) : fragment);
  const s = params.get('s');
  if (s === null || s === '') throw new Error('link: no scenario in it (expected "s=...")');
  let raw: unknown;
  try {
    raw = JSON.parse(fromBase64Url(s));
  } catch (error) {
    const message = (error as Error).message;
    throw new Error(
      message.startsWith('link:') ? message : `link: the scenario is not valid JSON (${message})`,
      { cause: error },
    );
  }
  const scenario = validateScenario(raw);
  const atText = params.get('at');
  let at: number | null = null;
  if (atText !== null) {
    if (!/^-?\d{1,9}$/.test(atText))
      throw new Error(`link: "at" must be an event index, got ${show(atText)}`);
    at = Math.max(-1, Number(atText));
  }
  return { scenario, at };
}
