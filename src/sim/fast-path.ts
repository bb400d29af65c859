/**
 * The kernel's fast path (see stepper.ts): for a configuration with one atomic state it reads the
 * machine's own transition table once per state and event type and replays XState's selection
 * for it, evaluating the same guards in the same order (the atomic state first, then each
 * ancestor) and running the same assign and emit actions, then checks the eventless transitions'
 * guards. Anything else (a target, an eventless transition that would fire, a built-in guard, an
 * action other than assign and emit, a spawn, parallel regions, history, children, wildcards) is
 * left to XState's `transition` from the untouched snapshot. `test/unit/fast-path.test.ts` checks
 * it gives XState's own results for every algorithm. Call `installFastPath()` once at start.
 */
import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import type { Effect } from './spec';
import { provideFastPath, type ActorScope, type FastPath, type MachineSlot } from './stepper';

// The parts of XState's state nodes and transitions the fast path reads (XState 5 internals; the
// equivalence test fails if they change meaning).
interface TransitionDef {
  readonly target?: readonly unknown[] | undefined;
  readonly guard?: unknown;
  readonly actions: readonly unknown[];
}
interface StateNodeLike {
  readonly type: string;
  readonly parent?: StateNodeLike;
  readonly transitions: Map<string, TransitionDef[]>;
  readonly always?: TransitionDef[];
  readonly invoke: readonly unknown[];
  readonly states: Record<string, StateNodeLike>;
  readonly history?: unknown;
}

type Guard = (context: unknown, event: { type: string }) => boolean;
/** Returns the next context; pushes emitted events to `emitted`. */
type FastAction = (context: unknown, event: { type: string }, emitted: unknown[]) => unknown;

interface Candidate {
  readonly guard: Guard | null;
  /** Null when taking this transition needs XState (a target, an action the fast path lacks). */
  readonly actions: readonly FastAction[] | null;
}

interface Plan {
  readonly candidates: readonly Candidate[];
  /** Guards of the eventless transitions to check after the step; one that passes needs XState. */
  readonly always: readonly (Guard | null)[];
}

/** Thrown inside the fast path when it meets something only XState should do. */
const FALLBACK = Symbol('fallback');

let enabled = true;

/** How many steps took each path while the fast path was on (tests check it is really taken). */
export const stepCounts = { fast: 0, xstate: 0 };

/** Turn the fast path off and on (tests compare it with XState's own transition alone). */
export function setFastPath(on: boolean): void {
  enabled = on;
}

export function installFastPath(): void {
  provideFastPath((machine, scope) =>
    plain(machine.root as unknown as StateNodeLike) ? new Plans(machine, scope) : null,
  );
}

class Plans implements FastPath {
  /** Emitted events, until the step is over (reused). */
  private readonly waiting: unknown[] = [];
  /**
   * Plans per configuration (a snapshot's `_nodes`, shared by every snapshot the fast path makes
   * from it), per event type; null where the configuration cannot take the fast path.
   */
  private readonly plans = new WeakMap<object, Map<string, Plan | null> | null>();
  private readonly guards: Record<string, unknown>;
  private readonly actions: Record<string, unknown>;

  constructor(
    machine: AnyStateMachine,
    private readonly scope: ActorScope,
  ) {
    this.guards = (machine.implementations.guards ?? {}) as Record<string, unknown>;
    this.actions = (machine.implementations.actions ?? {}) as Record<string, unknown>;
  }

  step(slot: MachineSlot, snap: AnyMachineSnapshot, event: { type: string }, effects: Effect[]): boolean {
    if (!enabled) return false;
    const fast = this.take(slot, snap, event, effects);
    if (fast) stepCounts.fast++;
    else stepCounts.xstate++;
    return fast;
  }

  private take(
    slot: MachineSlot,
    snap: AnyMachineSnapshot,
    event: { type: string },
    effects: Effect[],
  ): boolean {
    const nodes = (snap as unknown as { _nodes: readonly StateNodeLike[] })._nodes;
    let table = this.plans.get(nodes);
    if (table === undefined) {
      table = atomicOf(nodes) ? new Map() : null;
      this.plans.set(nodes, table);
    }
    if (table === null) return false;
    let plan = table.get(event.type);
    if (plan === undefined) {
      plan = this.compile(atomicOf(nodes) as StateNodeLike, event.type);
      table.set(event.type, plan);
    }
    if (plan === null) return false;
    const mark = effects.length;
    // Emitted events wait until the step is over, as an actor's deferred emits do.
    const emitted = this.waiting;
    if (emitted.length > 0) emitted.length = 0;
    let context = slot.context;
    try {
      const candidates = plan.candidates;
      for (let i = 0; i < candidates.length; i++) {
        const c = candidates[i] as Candidate;
        if (c.guard === null || c.guard(context, event)) {
          const actions = c.actions;
          if (actions === null) return false;
          for (let j = 0; j < actions.length; j++)
            context = (actions[j] as FastAction)(context, event, emitted);
          break;
        }
      }
      const always = plan.always;
      for (let i = 0; i < always.length; i++) {
        const g = always[i];
        if (g === null || (g as Guard)(context, event)) {
          effects.length = mark;
          return false;
        }
      }
    } catch {
      // A spawn (FALLBACK) or an error: XState does it, or decides how it goes wrong.
      effects.length = mark;
      return false;
    }
    if (emitted.length > 0) {
      for (let i = 0; i < emitted.length; i++) this.scope.emit(emitted[i] as never);
      emitted.length = 0;
    }
    slot.context = context;
    return true;
  }

  private compile(atomic: StateNodeLike, eventType: string): Plan | null {
    if (eventType.startsWith('xstate.')) return null;
    // XState looks for an enabled transition in the atomic state, then in each ancestor in turn.
    const chain: StateNodeLike[] = [];
    for (let s: StateNodeLike | undefined = atomic; s; s = s.parent) chain.push(s);
    const candidates: Candidate[] = [];
    for (const s of chain) {
      for (const t of s.transitions.get(eventType) ?? []) {
        const guard = this.compileGuard(t.guard);
        if (guard === undefined) return null;
        const targetless = !t.target || t.target.length === 0;
        candidates.push({ guard, actions: targetless ? this.compileActions(t.actions) : null });
      }
    }
    const always: (Guard | null)[] = [];
    for (const s of chain) {
      for (const t of s.always ?? []) {
        const guard = this.compileGuard(t.guard);
        if (guard === undefined) return null;
        always.push(guard);
      }
    }
    return { candidates, always };
  }

  /** A guard as a function of (context, event); null for none; undefined when XState must evaluate it. */
  private compileGuard(guard: unknown): Guard | null | undefined {
    if (guard === undefined) return null;
    const inline = typeof guard === 'function';
    const type = typeof guard === 'string' ? guard : inline ? null : (guard as { type?: unknown }).type;
    const resolved = inline ? guard : typeof type === 'string' ? this.guards[type] : undefined;
    // Built-in guards (and, or, not, stateIn) read the snapshot; a missing one is XState's error.
    if (typeof resolved !== 'function' || 'check' in resolved) return undefined;
    const fn = resolved as (args: { context: unknown; event: unknown }, params: unknown) => boolean;
    const params = paramsOf(guard);
    if (params === undefined) return (context, event) => fn({ context, event }, undefined);
    if (typeof params === 'function') {
      const p = params as (args: { context: unknown; event: unknown }) => unknown;
      return (context, event) => fn({ context, event }, p({ context, event }));
    }
    return (context, event) => fn({ context, event }, params);
  }

  /** Assigns and emits as functions of (context, event); null when another kind needs XState. */
  private compileActions(items: readonly unknown[]): FastAction[] | null {
    const out: FastAction[] = [];
    const self = this.scope.self;
    const system = this.scope.system;
    const spawn = () => {
      throw FALLBACK;
    };
    for (const item of items) {
      const inline = typeof item === 'function';
      const type = typeof item === 'string' ? item : inline ? null : (item as { type?: unknown }).type;
      const found: unknown = inline ? item : typeof type === 'string' ? this.actions[type] : undefined;
      if (found === undefined) continue; // XState runs nothing for an action it cannot find
      if (typeof found !== 'function' || !('resolve' in found)) return null; // custom actions: XState runs them
      const resolved = found as { type?: string; assignment?: unknown; event?: unknown };
      const params = paramsOf(item);
      const paramsFor =
        typeof params === 'function'
          ? (context: unknown, event: unknown) =>
              (params as (a: { context: unknown; event: unknown }) => unknown)({ context, event })
          : () => params;
      if (resolved.type === 'xstate.assign') {
        const assignment = resolved.assignment;
        if (typeof assignment === 'function') {
          const fn = assignment as (args: unknown, params: unknown) => Record<string, unknown> | undefined;
          out.push((context, event) =>
            merge(context, fn({ context, event, spawn, self, system }, paramsFor(context, event))),
          );
        } else if (assignment && typeof assignment === 'object') {
          const entries = Object.entries(assignment as Record<string, unknown>);
          out.push((context, event) => {
            const args = { context, event, spawn, self, system };
            const p = paramsFor(context, event);
            const partial: Record<string, unknown> = {};
            for (const [key, v] of entries)
              partial[key] =
                typeof v === 'function' ? (v as (a: unknown, p: unknown) => unknown)(args, p) : v;
            return merge(context, partial);
          });
        } else return null;
      } else if (resolved.type === 'xstate.emit') {
        const ev = resolved.event;
        out.push((context, event, emitted) => {
          emitted.push(
            typeof ev === 'function'
              ? (ev as (a: unknown, p: unknown) => unknown)(
                  { context, event, self, system },
                  paramsFor(context, event),
                )
              : ev,
          );
          return context;
        });
      } else return null;
    }
    return out;
  }
}

function paramsOf(item: unknown): unknown {
  if (typeof item !== 'object' || item === null || !('params' in item)) return undefined;
  return (item as { params: unknown }).params;
}

/** XState's assign: a new context with the update's fields (an empty update changes nothing). */
function merge(context: unknown, partial: Record<string, unknown> | undefined): unknown {
  if (!partial) return Object.assign({}, context);
  for (const _ in partial) return Object.assign({}, context, partial);
  return context;
}

/** The one atomic state of a configuration; null for parallel regions (the fast path leaves them to XState). */
function atomicOf(nodes: readonly StateNodeLike[]): StateNodeLike | null {
  let atomic: StateNodeLike | null = null;
  for (const n of nodes) {
    if (n.type === 'parallel') return null;
    if (n.type === 'atomic') {
      if (atomic) return null;
      atomic = n;
    }
  }
  return atomic;
}

/** Whether the fast path may ever apply: no history states, invoked children or wildcard events. */
function plain(node: StateNodeLike): boolean {
  if (node.type === 'history' || node.invoke.length > 0) return false;
  for (const key of node.transitions.keys()) if (key.includes('*')) return false;
  for (const child of Object.values(node.states)) if (!plain(child)) return false;
  return true;
}
