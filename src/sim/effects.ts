/**
 * How a node machine hands its effects to the kernel on a hot path. XState's `emit` works for any
 * machine (the kernel listens to every emitted event), but enqueuing an emit allocates closures and
 * action objects at every step; for a machine that handles most events of a long run (Raft), that
 * was about a fifth of the simulation's time. Such a machine may instead call `emitEffects` from
 * inside an action. The kernel opens a collection around everything it hands a machine (creating
 * it, starting it, sending it an event), and these effects land there in order. XState runs
 * emitted events later in a step than assigns, so a machine uses one way or the other, not both.
 * Outside a collection the call throws: effects must never reach a step they do not belong to.
 */
import type { Effect } from './spec';

let collecting: Effect[] | null = null;

export function emitEffects(effects: readonly Effect[]): void {
  if (!collecting) {
    throw new Error('emitEffects: no step is collecting effects (run the machine through collectEffects)');
  }
  for (const effect of effects) collecting.push(effect);
}

/** Start collecting into `into`; returns the collection that was open, for `endEffects`. */
export function beginEffects(into: Effect[]): Effect[] | null {
  const outer = collecting;
  collecting = into;
  return outer;
}

export function endEffects(outer: Effect[] | null): void {
  collecting = outer;
}

/** Runs `step` (e.g. `() => actor.send(event)`) and returns the effects it emitted through `emitEffects`. */
export function collectEffects(step: () => void, into: Effect[] = []): Effect[] {
  const outer = beginEffects(into);
  try {
    step();
  } finally {
    endEffects(outer);
  }
  return into;
}
