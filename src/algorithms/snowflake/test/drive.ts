/** Test helper: feed a generator a sequence of clock readings and collect what it hands out. */
import { type Generator, type GeneratorState, INITIAL_STATE, nextId, type StepResult } from '../generator';

export interface Call {
  /** Clock reading, in units since the epoch. */
  now: number;
  random?: number;
}

export interface Drive {
  ids: bigint[];
  results: StepResult[];
  state: GeneratorState;
}

/** One call per reading; a caller that ignores "wait" simply calls again at the next reading. */
export function drive(
  generator: Generator,
  calls: readonly Call[],
  state: GeneratorState = INITIAL_STATE,
): Drive {
  const ids: bigint[] = [];
  const results: StepResult[] = [];
  for (const call of calls) {
    const result = nextId(generator, state, call.now, call.random ?? 0);
    results.push(result);
    state = result.state;
    if (result.kind === 'id') ids.push(result.value);
  }
  return { ids, results, state };
}

export function firstDuplicate(ids: readonly bigint[]): bigint | null {
  const seen = new Set<bigint>();
  for (const id of ids) {
    if (seen.has(id)) return id;
    seen.add(id);
  }
  return null;
}

export function strictlyIncreasing(ids: readonly bigint[]): boolean {
  return ids.every((id, i) => i === 0 || id > (ids[i - 1] as bigint));
}
