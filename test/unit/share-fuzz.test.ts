/**
 * Mutated share links, thousands per run and seeded: every link the player accepts must be one it
 * can play. A link is accepted when it parses and its run reaches the shared event (what the
 * player's `load` does); it is accepted but invalid when playing on from there throws, or when its
 * drawn time lies beyond the next event (Play would then compute everything up to it in one frame).
 * ATLAS_LONG=1 runs ten times as many.
 */
import { describe, expect, it } from 'vitest';
import { loadAlgorithms } from '../../src/registry';
import { Random } from '../../src/sim/random';
import { encodeMoment, parseFragment } from '../../src/sim/share';
import { createPlayerStore, type PlayerStore } from '../../src/stores/player';
import type { Scenario } from '../../src/sim/types';

const PER_ALGORITHM = process.env['ATLAS_LONG'] ? 8_000 : 800;
const PLAY_ON = 150;

const modules = await loadAlgorithms();

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const ODD_VALUES: Json[] = [
  -1,
  0,
  1,
  2,
  3,
  9,
  1.5,
  2 ** 31,
  2 ** 53,
  1e15,
  -1e15,
  '',
  'S9',
  'W9',
  'C9',
  'A',
  'x'.repeat(40),
  '__proto__',
  'toString',
  'constructor',
  true,
  false,
  null,
  [],
  {},
  ['S1'],
  { from: 'S1' },
];
const ODD_KEYS = ['toString', 'valueOf', 'hasOwnProperty', '__proto__', 'constructor', 'extra'];

/** Every path into a JSON value, so a mutation can land anywhere in the scenario. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random.float() * items.length)] as T;
}

/** One structural change somewhere in the scenario: a value swapped, a field dropped or added. */
function mutateJson(random: Random, original: Json): Json {
  const root = structuredClone(original);
  const targets = paths(root).filter((p) => p.length > 0);
  const path = pick(random, targets);
  let parent: Json = root;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, Json>)[key] as Json;
  const last = path[path.length - 1] as string | number;
  const container = parent as Record<string | number, Json>;
  const choice = random.float();
  if (choice < 0.6) {
    const current = container[last];
    container[last] =
      typeof current === 'number' && random.float() < 0.5
        ? current + pick(random, [-1, 1, -1000, 1000, current, -current])
        : pick(random, ODD_VALUES);
  } else if (choice < 0.8) {
    if (Array.isArray(container)) container.splice(Number(last), 1);
    else Reflect.deleteProperty(container, last);
  } else if (!Array.isArray(container)) {
    Object.defineProperty(container, pick(random, ODD_KEYS), {
      value: pick(random, ODD_VALUES),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    container.push(structuredClone(container[Number(last)] ?? null));
  }
  return root;
}

function toBase64Url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** A shared moment's fragment with its scenario mutated, or its text damaged, or its numbers changed. */
function mutatedLink(random: Random, scenario: Scenario, cursor: number, time: number): string {
  const kind = random.float();
  if (kind < 0.6) {
    const json = mutateJson(random, scenario as unknown as Json);
    return `s=${toBase64Url(JSON.stringify(json))}&at=${cursor}&t=${time}`;
  }
  if (kind < 0.8) {
    const at = pick(random, [cursor, cursor + 1, cursor * 10, 50_001, -1, 0]);
    const t = pick(random, [time, time + 1, time * 2, time + 1_000_000, 999_999_999_999, 0, -5]);
    return encodeMoment({ scenario, cursor: 0, time: 0 }).replace(/&at=.*$/, `&at=${at}&t=${t}`);
  }
  const text = encodeMoment({ scenario, cursor, time });
  const at = Math.floor(random.float() * text.length);
  const chars = 'Aa0_-=&%#é\u0000';
  return text.slice(0, at) + pick(random, [...chars]) + text.slice(at + (random.float() < 0.5 ? 1 : 0));
}

type Verdict = 'refused' | 'accepted' | { invalid: string };

function judge(store: PlayerStore, fragment: string): Verdict {
  const request = parseFragment(`#${fragment}`);
  if (request.kind !== 'moment') return 'refused';
  const { time } = request.moment;
  // What the player does with the link: a refused one shows a notice and runs the demo's own scenario.
  store.getState().dismissNotice();
  store.getState().applyFragment(`#${fragment}`);
  if (store.getState().notice !== null) return 'refused';
  const run = store.getState().run;
  try {
    const eventTime = run.time();
    if (run.step()) {
      if (time > run.time()) return { invalid: `t=${time} lies beyond the next event at ${run.time()}` };
      run.back();
    } else if (time > eventTime) {
      return { invalid: `t=${time} lies after the run's last event at ${eventTime}` };
    }
    for (let i = 0; i < PLAY_ON && run.step(); i++) {
      /* playing on */
    }
    run.view();
  } catch (error) {
    return { invalid: `playing on throws: ${(error as Error).message}` };
  }
  return 'accepted';
}

describe.each(modules.map((m) => [m.id, m] as const))('%s share links, mutated', (_id, module) => {
  it(`accepts none of ${PER_ALGORITHM} damaged links that it cannot play`, { timeout: 120_000 }, () => {
    const random = Random.fromSeed(0x5eed + module.id.length);
    const bases = module.scenarios.map((named) => {
      const run = module.createRun(named.scenario);
      run.seek(Math.min(20, Math.max(0, run.length() - 1)) || 20);
      return { scenario: run.scenario(), cursor: run.cursor(), time: run.time() };
    });
    const store = createPlayerStore(module);
    const invalid: string[] = [];
    let accepted = 0;
    for (let i = 0; i < PER_ALGORITHM; i++) {
      const base = pick(random, bases);
      const fragment = mutatedLink(random, base.scenario, base.cursor, base.time);
      const verdict = judge(store, fragment);
      if (verdict === 'accepted') accepted++;
      else if (verdict !== 'refused') invalid.push(`${verdict.invalid}\n    #${fragment.slice(0, 300)}`);
    }
    // Some mutations are harmless (a latency changed by one): the fuzzer must reach the player.
    expect(accepted).toBeGreaterThan(PER_ALGORITHM / 20);
    expect(invalid.slice(0, 5)).toEqual([]);
  });
});
