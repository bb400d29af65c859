/**
 * Exhaustive exploration of two-phase commit: every interleaving of message deliveries and of the
 * processes' spontaneous steps, for a small configuration, run on the very machines of the demo
 * through XState's pure `transition()`.
 *
 * The network follows TwoPhase: a sent message stays in the set of messages forever and may be
 * delivered any number of times, in any order, which covers loss of order and duplication. There
 * is no time: a timer is a step that may happen whenever it is pending. States are deduplicated
 * by a canonical key. The search is breadth-first and chunked (`Explorer.step`), so a page can
 * run it in a Web Worker and draw a progress bar.
 */
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import type { Effect } from '../../sim/spec';
import type { NodeId } from '../../sim/types';
import { COORDINATOR, freshInput, participantIds, restartInput } from './cluster';
import { twoPhaseCommitParams } from './params';
import { ATOMICITY, checkAtomicity, checkValidity, VALIDITY, type LoggedProcess } from './invariants';
import {
  DECISION_TIMER,
  loggedDecision,
  protocolState,
  START_TIMER,
  twoPhaseCommitMachine,
  VOTE_TIMER,
  type MachineEvent,
  type MachineInput,
} from './machine';
import type { LogRecord, TwoPhaseCommitMessage, TwoPhaseCommitParams, Variant } from './types';

export interface ExploreOptions {
  /** Number of participants (default 3). */
  participants?: number;
  /** TMAbort: the coordinator may give up on votes at any moment while collecting them (default true). */
  coordinatorTimeout?: boolean;
  /**
   * A prepared participant's decision timer may fire (default true): it asks C for the decision,
   * or, in the broken variant, aborts on its own.
   */
  terminationProtocol?: boolean;
  /** With the termination protocol, it asks its peers too (default false). */
  cooperativeTermination?: boolean;
  /** The coordinator may crash once, at any moment (default false). */
  crashCoordinator?: boolean;
  /** A crashed coordinator may restart from its log (default false: it stays down). */
  restartCoordinator?: boolean;
  /** Each participant may crash once and restart from its log (default false). */
  crashParticipants?: boolean;
  variant?: Variant;
  /** Stop after finding this many states (a guard for the page; default 2,000,000). */
  maxStates?: number;
}

type Snapshot = SnapshotFrom<typeof twoPhaseCommitMachine>;

interface Proc {
  up: boolean;
  /** Null while down. */
  snapshot: Snapshot | null;
  disk: readonly LogRecord[];
  timers: readonly string[];
  crashes: number;
  /** The canonical key of this process, computed once. */
  key: string;
  /** A small number standing for `key` (interned). */
  code: number;
}

interface State {
  procs: readonly Proc[];
  /** The set of messages ever sent, as a bit set over the interned messages. */
  messages: bigint;
}

export interface Violation {
  invariant: string;
  detail: string;
  /** The steps from the initial state, in words. */
  path: string[];
}

export interface BlockedState {
  /** Participants with PREPARED on their log that never learn the outcome. */
  inDoubt: NodeId[];
  /** Every process: "C down (log: -)", "P1 prepared (log: prepared)". */
  summary: string;
  path: string[];
}

/** A state as plain data, for observers (tests that compare it with the TwoPhase specification). */
export interface ExploredState {
  processes: {
    id: NodeId;
    up: boolean;
    state: string;
    log: readonly LogRecord[];
    prepared: readonly NodeId[];
  }[];
  messages: { to: NodeId; message: TwoPhaseCommitMessage }[];
}

export interface ExploreProgress {
  /** Distinct states found so far. */
  states: number;
  /** States whose successors have been computed. */
  explored: number;
  /** States still waiting to be expanded. */
  frontier: number;
  done: boolean;
  /** True when the search stopped at `maxStates`: the verdicts cover only the states found. */
  truncated: boolean;
}

export interface ExploreResult extends ExploreProgress {
  options: Required<ExploreOptions>;
  /** Steps examined (including those that change nothing). */
  transitions: number;
  /** States where no step changes anything. */
  terminal: number;
  /** Terminal states where every participant committed, or every one aborted. */
  allCommitted: number;
  allAborted: number;
  /** Terminal states where a participant is prepared and will never learn the outcome. */
  blocked: number;
  atomicityHolds: boolean;
  validityHolds: boolean;
  /** The first state found breaking each invariant, with how to get there. */
  violations: Violation[];
  /** A few blocked states, with how to get there. */
  blockedExamples: BlockedState[];
  /** Distinct local (process) transitions computed with XState; the rest were cached. */
  machineTransitions: number;
}

const DEFAULTS: Required<ExploreOptions> = {
  participants: 3,
  coordinatorTimeout: true,
  terminationProtocol: true,
  cooperativeTermination: false,
  crashCoordinator: false,
  restartCoordinator: false,
  crashParticipants: false,
  variant: 'correct',
  maxStates: 2_000_000,
};

const MAX_EXAMPLES = 5;

interface Step {
  label: string;
  state: State;
}

/** A process after one event: its next self and the messages it sent. */
interface LocalResult {
  proc: Proc;
  sent: bigint;
}

function effectsOf(actions: readonly { type: string; params?: unknown }[]): Effect[] {
  const effects: Effect[] = [];
  for (const a of actions) {
    if (a.type !== 'xstate.emit') continue;
    const effect = (a.params as { event: Effect }).event;
    if (effect.type === 'batch') effects.push(...effect.effects);
    else effects.push(effect);
  }
  return effects;
}

function sortedList(list: readonly string[]): string {
  return [...list].sort().join(',');
}

/** The part of a process that decides its future: state, log, volatile sets and pending timers. */
function localKey(p: Omit<Proc, 'key' | 'code'>): string {
  const base = `${p.crashes}/${p.disk.join(',')}/${sortedList(p.timers)}`;
  if (!p.up || !p.snapshot) return `down/${base}`;
  const c = p.snapshot.context;
  return `${protocolState(p.snapshot.value)}/${c.log.join(',')}/${sortedList(c.prepared)}/${sortedList(c.acks)}/${c.locksHeld ? 'L' : ''}/${base}`;
}

function stateKey(s: State): string {
  let key = '';
  for (const p of s.procs) key += `${p.code.toString(36)},`;
  return `${key}${s.messages.toString(36)}`;
}

function messageKey(to: NodeId, message: TwoPhaseCommitMessage): string {
  return `${to}|${JSON.stringify(message)}`;
}

function describeMessage(key: string): string {
  const bar = key.indexOf('|');
  const to = key.slice(0, bar);
  const message = JSON.parse(key.slice(bar + 1)) as TwoPhaseCommitMessage;
  const from = 'rm' in message ? message.rm : 'from' in message ? message.from : COORDINATOR;
  return `${message.type} ${from}→${to}`;
}

export class Explorer {
  readonly options: Required<ExploreOptions>;
  private readonly ids: NodeId[];
  private readonly params: TwoPhaseCommitParams;
  /** Every state found, by key, with the step that first reached it (for counterexample paths). */
  private readonly seen = new Map<string, { parent: string | null; label: string }>();
  private readonly queue: { key: string; state: State }[] = [];
  private head = 0;
  private readonly cache = new Map<string, LocalResult>();
  private readonly procCodes = new Map<string, number>();
  /** Interned messages: bit i of a state's message set stands for messageList[i]. */
  private readonly messageIndex = new Map<string, number>();
  private readonly messageList: { key: string; to: number; message: TwoPhaseCommitMessage; label: string }[] =
    [];
  private result: ExploreResult;

  constructor(
    options: ExploreOptions = {},
    /** Called once for every distinct state found. */
    private readonly observe?: (state: ExploredState) => void,
  ) {
    this.options = { ...DEFAULTS, ...options };
    const n = this.options.participants;
    if (!Number.isInteger(n) || n < 1 || n > 7) throw new Error(`participants must be 1 to 7, got ${n}`);
    this.ids = [COORDINATOR, ...participantIds(n)];
    this.params = {
      ...twoPhaseCommitParams.defaults,
      participants: n,
      cooperativeTermination: this.options.cooperativeTermination,
      variant: this.options.variant,
    };
    this.result = {
      options: this.options,
      states: 0,
      explored: 0,
      frontier: 0,
      done: false,
      truncated: false,
      transitions: 0,
      terminal: 0,
      allCommitted: 0,
      allAborted: 0,
      blocked: 0,
      atomicityHolds: true,
      validityHolds: true,
      violations: [],
      blockedExamples: [],
      machineTransitions: 0,
    };
    const initial = this.initialState();
    this.add(initial, null, 'start');
  }

  /** Expand up to `budget` states; call again until `done`. */
  step(budget = 2000): ExploreProgress {
    for (
      let i = 0;
      i < budget && this.head < this.queue.length && this.seen.size < this.options.maxStates;
      i++
    ) {
      const { key, state } = this.queue[this.head++] as { key: string; state: State };
      this.expand(key, state);
    }
    // Let the expanded states be collected: only keys are needed once a state is expanded.
    if (this.head > 50_000) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    return this.progress();
  }

  progress(): ExploreProgress {
    const frontier = this.queue.length - this.head;
    const truncated = frontier > 0 && this.seen.size >= this.options.maxStates;
    return {
      states: this.seen.size,
      explored: this.result.explored,
      frontier,
      done: frontier === 0 || truncated,
      truncated,
    };
  }

  /** The figures so far (final once `done`). */
  report(): ExploreResult {
    return { ...this.result, ...this.progress() };
  }

  // ---------------------------------------------------------------------------------------------

  private initialState(): State {
    let messages = 0n;
    const procs = this.ids.map((id) => {
      const [snapshot, actions] = initialTransition(twoPhaseCommitMachine, freshInput(id, this.params));
      const started = this.apply(
        { up: true, snapshot, disk: [], timers: [], crashes: 0 },
        effectsOf(actions),
      );
      messages |= started.sent;
      return started.proc;
    });
    return { procs, messages };
  }

  private proc(p: Omit<Proc, 'key' | 'code'>): Proc {
    const key = localKey(p);
    let code = this.procCodes.get(key);
    if (code === undefined) {
      code = this.procCodes.size;
      this.procCodes.set(key, code);
    }
    return { ...p, key, code };
  }

  private messageBit(to: NodeId, message: TwoPhaseCommitMessage): bigint {
    const key = messageKey(to, message);
    let index = this.messageIndex.get(key);
    if (index === undefined) {
      index = this.messageList.length;
      this.messageIndex.set(key, index);
      this.messageList.push({
        key,
        to: this.ids.indexOf(to),
        message,
        label: `deliver ${describeMessage(key)}`,
      });
    }
    return 1n << BigInt(index);
  }

  /** A process after its machine emitted `effects`: disk, timers and messages updated. */
  private apply(p: Omit<Proc, 'key' | 'code'>, effects: readonly Effect[]): LocalResult {
    let disk = p.disk;
    let sent = 0n;
    const timers = new Set(p.timers);
    for (const e of effects) {
      if (e.type === 'persist' && p.snapshot) disk = p.snapshot.context.log;
      else if (e.type === 'set-timer') timers.add(e.name);
      else if (e.type === 'cancel-timer') timers.delete(e.name);
      else if (e.type === 'send') sent |= this.messageBit(e.to, e.message as TwoPhaseCommitMessage);
    }
    return { proc: this.proc({ ...p, disk, timers: [...timers].sort() }), sent };
  }

  /** Hand an event to a process's machine; memoised, as processes have few distinct states. */
  private localStep(
    index: number,
    p: Proc,
    event: MachineEvent,
    eventKey: string,
    firedTimer?: string,
  ): LocalResult {
    const key = `${index}:${p.key}@${eventKey}`;
    let found = this.cache.get(key);
    if (!found) {
      const [snapshot, actions] = transition(twoPhaseCommitMachine, p.snapshot as Snapshot, event);
      const timers = firedTimer ? p.timers.filter((t) => t !== firedTimer) : p.timers;
      found = this.apply({ ...p, snapshot, timers }, effectsOf(actions));
      this.cache.set(key, found);
      this.result.machineTransitions++;
    }
    return found;
  }

  private withProc(state: State, index: number, result: LocalResult): State {
    const procs = state.procs.slice();
    procs[index] = result.proc;
    return { procs, messages: state.messages | result.sent };
  }

  private successors(state: State): Step[] {
    const steps: Step[] = [];
    const o = this.options;
    // Deliveries: any message in the set, to a process that is up.
    for (let i = 0; i < this.messageList.length; i++) {
      if ((state.messages & (1n << BigInt(i))) === 0n) continue;
      const m = this.messageList[i] as {
        key: string;
        to: number;
        message: TwoPhaseCommitMessage;
        label: string;
      };
      const p = state.procs[m.to] as Proc;
      if (!p.up) continue;
      const result = this.localStep(m.to, p, m.message, m.key);
      steps.push({ label: m.label, state: this.withProc(state, m.to, result) });
    }
    state.procs.forEach((p, index) => {
      const id = this.ids[index] as NodeId;
      if (p.up && p.snapshot) {
        const where = protocolState(p.snapshot.value);
        for (const timer of p.timers) {
          const allowed =
            timer === START_TIMER ||
            (timer === VOTE_TIMER && o.coordinatorTimeout) ||
            (timer === DECISION_TIMER && o.terminationProtocol);
          if (!allowed) continue;
          const result = this.localStep(index, p, { type: 'timeout', timer }, `timer:${timer}`, timer);
          steps.push({ label: `${id}'s ${timer} timer fires`, state: this.withProc(state, index, result) });
        }
        // RMChooseToAbort: a working participant may abort on its own.
        if (index > 0 && where === 'working') {
          const result = this.localStep(index, p, { type: 'client', request: 0, payload: 'abort' }, 'abort');
          steps.push({ label: `${id} aborts while working`, state: this.withProc(state, index, result) });
        }
        const mayCrash = index === 0 ? o.crashCoordinator : o.crashParticipants;
        if (mayCrash && p.crashes === 0) {
          const down = this.proc({
            up: false,
            snapshot: null,
            disk: p.disk,
            timers: [],
            crashes: p.crashes + 1,
          });
          steps.push({
            label: `${id} crashes`,
            state: this.withProc(state, index, { proc: down, sent: 0n }),
          });
        }
      } else {
        const mayRestart = index === 0 ? o.restartCoordinator : o.crashParticipants;
        if (mayRestart) {
          const input: MachineInput = restartInput(id, this.params, { log: p.disk });
          const [snapshot, actions] = initialTransition(twoPhaseCommitMachine, input);
          const result = this.apply({ ...p, up: true, snapshot, timers: [] }, effectsOf(actions));
          steps.push({ label: `${id} restarts from its log`, state: this.withProc(state, index, result) });
        }
      }
    });
    return steps;
  }

  private logged(state: State): LoggedProcess[] {
    return state.procs.map((p, i) => ({
      id: this.ids[i] as NodeId,
      coordinator: i === 0,
      log: p.up && p.snapshot ? p.snapshot.context.log : p.disk,
    }));
  }

  private add(state: State, parent: string | null, label: string): void {
    const key = stateKey(state);
    if (this.seen.has(key)) return;
    this.seen.set(key, { parent, label });
    this.queue.push({ key, state });
    if (this.observe) this.observe(this.plain(state));
    const processes = this.logged(state);
    const atomicity = checkAtomicity(processes);
    if (atomicity) this.recordViolation(ATOMICITY, atomicity, key);
    const validity = checkValidity(processes);
    if (validity) this.recordViolation(VALIDITY, validity, key);
  }

  private recordViolation(invariant: string, detail: string, key: string): void {
    if (invariant === ATOMICITY) this.result.atomicityHolds = false;
    else this.result.validityHolds = false;
    if (!this.result.violations.some((v) => v.invariant === invariant)) {
      this.result.violations.push({ invariant, detail, path: this.pathTo(key) });
    }
  }

  private expand(key: string, state: State): void {
    this.result.explored++;
    let moves = false;
    for (const next of this.successors(state)) {
      this.result.transitions++;
      const nextKey = stateKey(next.state);
      if (nextKey === key) continue;
      moves = true;
      this.add(next.state, key, next.label);
    }
    if (!moves) this.terminal(key, state);
  }

  private terminal(key: string, state: State): void {
    this.result.terminal++;
    const participants = this.logged(state).slice(1);
    const outcomes = participants.map((p) => loggedDecision(p.log));
    if (outcomes.every((d) => d === 'commit')) this.result.allCommitted++;
    if (outcomes.every((d) => d === 'abort')) this.result.allAborted++;
    const inDoubt = participants.filter((p) => p.log.includes('prepared') && loggedDecision(p.log) === null);
    if (inDoubt.length === 0) return;
    this.result.blocked++;
    if (this.result.blockedExamples.length < MAX_EXAMPLES) {
      this.result.blockedExamples.push({
        inDoubt: inDoubt.map((p) => p.id),
        summary: this.summary(state),
        path: this.pathTo(key),
      });
    }
  }

  private plain(state: State): ExploredState {
    return {
      processes: state.procs.map((p, i) => ({
        id: this.ids[i] as NodeId,
        up: p.up,
        state: p.up && p.snapshot ? protocolState(p.snapshot.value) : 'down',
        log: p.up && p.snapshot ? p.snapshot.context.log : p.disk,
        prepared: p.up && p.snapshot ? p.snapshot.context.prepared : [],
      })),
      messages: this.messageList
        .filter((_, i) => (state.messages & (1n << BigInt(i))) !== 0n)
        .map((m) => ({ to: this.ids[m.to] as NodeId, message: m.message })),
    };
  }

  private summary(state: State): string {
    return state.procs
      .map((p, i) => {
        const id = this.ids[i] as NodeId;
        const log = p.disk.length > 0 ? p.disk.join(',') : '-';
        if (!p.up || !p.snapshot) return `${id} down (log: ${log})`;
        return `${id} ${protocolState(p.snapshot.value)} (log: ${log})`;
      })
      .join(', ');
  }

  private pathTo(key: string): string[] {
    const path: string[] = [];
    let at: string | null = key;
    while (at !== null) {
      const entry = this.seen.get(at);
      if (!entry || entry.parent === null) break;
      path.push(entry.label);
      at = entry.parent;
    }
    return path.reverse();
  }
}

/** Progress reports while exploring; the last one has `done` set. For a worker's message loop. */
export function* exploreSteps(
  options: ExploreOptions = {},
  chunk = 2000,
): Generator<ExploreProgress, ExploreResult> {
  const explorer = new Explorer(options);
  for (;;) {
    const progress = explorer.step(chunk);
    yield progress;
    if (progress.done) return explorer.report();
  }
}

/** Explore to the end in one go (tests, the CLI). */
export function explore(options: ExploreOptions = {}): ExploreResult {
  const explorer = new Explorer(options);
  while (!explorer.step(5000).done) {
    /* exploring */
  }
  return explorer.report();
}
