/**
 * How the kernel steps a node's machine. The machine stays an XState machine, the definition and
 * the source of truth; the kernel keeps each node's snapshot and steps it with XState's pure
 * `machine.transition` through one reusable actor scope per machine (no live actors: nothing to
 * start, stop, persist or revive at a checkpoint).
 *
 * Most events of a long run take a transition that changes no state, only the context (a
 * heartbeat answered, a vote counted). For those the stepper has a fast path: per (state, event
 * type) it reads the machine's own transition table once and replays XState's selection for it,
 * evaluating the same guards in the same order and running the same assign and emit actions, and
 * skips the interpreter's generic work (exit and entry sets, snapshot clones, microstep
 * bookkeeping). Anything else (a target, an eventless transition that would fire, a guard or an
 * action it does not know, parallel states, children, history) goes to XState's
 * `transition` from the untouched snapshot. `src/sim/test/stepper.test.ts` checks that both
 * give the same contexts, states, effects and traces over many seeds.
 */
import { createActor, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { beginEffects, endEffects } from './effects';
import type { Effect } from './spec';

/** What the kernel keeps of a node's machine: the snapshot, and the context and role it reads. */
export interface MachineSlot {
  /** The last snapshot XState produced; its context may be older than `context`. */
  snap: AnyMachineSnapshot | null;
  context: unknown;
  role: string;
}

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

type ActorScope = Parameters<AnyStateMachine['transition']>[2];

const steppers = new WeakMap<AnyStateMachine, MachineStepper>();

let fastPathEnabled = true;

/** How many steps took each path while the fast path was on (tests check it is really taken). */
export const stepCounts = { fast: 0, xstate: 0 };

/** Turn the fast path off (tests compare against XState's own transition alone). */
export function setFastPath(enabled: boolean): void {
  fastPathEnabled = enabled;
}

export function roleOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export class MachineStepper {
  private readonly scope: ActorScope;
  private readonly deferred: (() => void)[] = [];
  private emitted: Effect[] = [];
  /** The fast path's emitted events, until its step is over (reused). */
  private readonly waiting: unknown[] = [];
  /** Whether custom actions run now (during a transition) or when the step ends (at creation, as an actor would). */
  private running = false;
  /**
   * Plans per configuration (a snapshot's `_nodes`, shared by every snapshot the fast path makes
   * from it), per event type; null where the configuration cannot take the fast path.
   */
  private readonly plans = new WeakMap<object, Map<string, Plan | null> | null>();
  private readonly eligible: boolean;
  private readonly guards: Record<string, unknown>;
  private readonly actions: Record<string, unknown>;

  static for(machine: AnyStateMachine): MachineStepper {
    let stepper = steppers.get(machine);
    if (!stepper) {
      stepper = new MachineStepper(machine);
      steppers.set(machine, stepper);
    }
    return stepper;
  }

  private constructor(private readonly machine: AnyStateMachine) {
    // An actor of the machine, never started, gives the scope its `self` and `system` (as
    // XState's own pure `transition` does); creating it may run entry actions, whose effects go nowhere.
    const outer = beginEffects([]);
    let self;
    try {
      self = createActor(machine);
    } finally {
      endEffects(outer);
    }
    this.scope = {
      self,
      id: '',
      sessionId: '',
      system: self.system,
      logger: () => {},
      defer: (fn: () => void) => {
        this.deferred.push(fn);
      },
      emit: (event: Effect) => {
        if (event.type === 'batch') for (const e of event.effects) this.emitted.push(e);
        else this.emitted.push(event);
      },
      stopChild: () => {},
      actionExecutor: (action: {
        exec?: (info: unknown, params: unknown) => void;
        info: unknown;
        params: unknown;
      }) => {
        const exec = action.exec;
        if (!exec) return;
        if (this.running) exec(action.info, action.params);
        else this.deferred.push(() => exec(action.info, action.params));
      },
    } as unknown as ActorScope;
    this.guards = (machine.implementations.guards ?? {}) as Record<string, unknown>;
    this.actions = (machine.implementations.actions ?? {}) as Record<string, unknown>;
    this.eligible = plain(machine.root as unknown as StateNodeLike);
  }

  /** The initial snapshot for `input`, its effects appended to `effects` (entry actions, emits). */
  initial(slot: MachineSlot, input: unknown, effects: Effect[]): void {
    this.emitted = effects;
    const outer = beginEffects(effects);
    this.running = false;
    let snap: AnyMachineSnapshot;
    try {
      snap = this.machine.getInitialSnapshot(this.scope, input) as AnyMachineSnapshot;
      this.running = true;
      this.flush();
    } finally {
      this.running = false;
      this.deferred.length = 0;
      endEffects(outer);
    }
    if (snap.status === 'error') throw snap.error;
    slot.snap = snap;
    slot.context = snap.context;
    slot.role = roleOf(snap.value);
  }

  /** Handle one event; its effects are appended to `effects`. */
  step(slot: MachineSlot, event: { type: string }, effects: Effect[]): void {
    const snap = slot.snap;
    if (!snap || snap.status !== 'active') return; // a stopped actor takes no events
    this.emitted = effects;
    const outer = beginEffects(effects);
    this.running = true;
    try {
      if (fastPathEnabled && this.eligible && this.fast(slot, snap, event, effects)) {
        stepCounts.fast++;
        return;
      }
      if (fastPathEnabled) stepCounts.xstate++;
      const current = snap.context === slot.context ? snap : cloneSnapshot(snap, slot.context);
      const next = this.machine.transition(current, event, this.scope) as AnyMachineSnapshot;
      this.flush();
      if (next.status === 'error') throw next.error;
      slot.snap = next;
      slot.context = next.context;
      slot.role = roleOf(next.value);
    } finally {
      this.running = false;
      if (this.deferred.length > 0) this.deferred.length = 0;
      endEffects(outer);
    }
  }

  /** The snapshot with the slot's current context (for checkpoints and XState's own calls). */
  snapshot(slot: MachineSlot): AnyMachineSnapshot | null {
    const snap = slot.snap;
    if (snap && snap.context !== slot.context) slot.snap = cloneSnapshot(snap, slot.context);
    return slot.snap;
  }

  private flush(): void {
    const deferred = this.deferred;
    for (let i = 0; i < deferred.length; i++) (deferred[i] as () => void)();
    deferred.length = 0;
  }

  private fast(
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

function cloneSnapshot(snap: AnyMachineSnapshot, context: unknown): AnyMachineSnapshot {
  return { ...snap, context } as AnyMachineSnapshot;
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
