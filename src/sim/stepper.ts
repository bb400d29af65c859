/**
 * How the kernel steps a node's machine. The machine stays an XState machine, the definition and
 * the source of truth; the kernel keeps each node's snapshot and steps it with XState's pure
 * `machine.transition` through one reusable actor scope per machine (no live actors: nothing to
 * start, stop, persist or revive at a checkpoint).
 *
 * Most events of a long run take a transition that changes no state, only the context (a
 * heartbeat answered, a vote counted). For those there is a fast path (fast-path.ts, installed
 * with `installFastPath` where it pays: the command line, benchmarks, workers, tests; the page's
 * own bundle leaves it out for its weight): per (state, event
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
export type ActorScope = Parameters<AnyStateMachine['transition']>[2];

/** Takes a step XState would take, more cheaply, or returns false and leaves it to XState. */
export interface FastPath {
  step(slot: MachineSlot, snap: AnyMachineSnapshot, event: { type: string }, effects: Effect[]): boolean;
}

let makeFastPath: ((machine: AnyStateMachine, scope: ActorScope) => FastPath | null) | null = null;

/** Used by fast-path.ts's `installFastPath`. */
export function provideFastPath(
  make: (machine: AnyStateMachine, scope: ActorScope) => FastPath | null,
): void {
  makeFastPath = make;
}

const steppers = new WeakMap<AnyStateMachine, MachineStepper>();

export function roleOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export class MachineStepper {
  private readonly scope: ActorScope;
  private readonly deferred: (() => void)[] = [];
  private emitted: Effect[] = [];
  /** Whether custom actions run now (during a transition) or when the step ends (at creation, as an actor would). */
  private running = false;
  /** The fast path for this machine, once one is installed (undefined: not looked for yet). */
  private fastPath: FastPath | null | undefined = undefined;

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
  }

  /** The initial snapshot for `input`, its effects appended to `effects` (entry actions, emits). */
  initial(slot: MachineSlot, input: unknown, effects: Effect[]): void {
    // Custom actions of the initial step run after it, as an actor runs them when it starts.
    this.within(slot, effects, false, () => this.machine.getInitialSnapshot(this.scope, input));
  }

  /** Handle one event; its effects are appended to `effects`. */
  step(slot: MachineSlot, event: { type: string }, effects: Effect[]): void {
    const snap = slot.snap;
    if (!snap || snap.status !== 'active') return; // a stopped actor takes no events
    this.within(slot, effects, true, () => {
      if (makeFastPath) {
        if (this.fastPath === undefined) this.fastPath = makeFastPath(this.machine, this.scope);
        if (this.fastPath?.step(slot, snap, event, effects)) return null;
      }
      const current = snap.context === slot.context ? snap : cloneSnapshot(snap, slot.context);
      return this.machine.transition(current, event, this.scope);
    });
  }

  /** Runs a step with its effects collected into `effects`; a snapshot it returns becomes the slot's. */
  private within(slot: MachineSlot, effects: Effect[], running: boolean, step: () => unknown): void {
    this.emitted = effects;
    const outer = beginEffects(effects);
    this.running = running;
    try {
      const next = step() as AnyMachineSnapshot | null;
      if (!next) return;
      this.running = true;
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
}

function cloneSnapshot(snap: AnyMachineSnapshot, context: unknown): AnyMachineSnapshot {
  return { ...snap, context } as AnyMachineSnapshot;
}
