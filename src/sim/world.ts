/**
 * The deterministic kernel: virtual time, the event queue, the network, processes with local
 * clocks, crashes and pauses. Node machines are XState machines, stepped from their snapshots
 * (stepper.ts), that only decide; every effect they emit becomes a future event here. The whole state can be saved and restored, so a run can
 * checkpoint and replay.
 */
import type { AnyMachineSnapshot } from 'xstate';
import { formatDuration, listNames } from './format';
import { tablesFor, translator, type Catalogue, type Locale, type Translate } from './i18n';
import { KERNEL_MESSAGES } from './messages';
import { MachineStepper, type MachineSlot } from './stepper';
import { EventQueue } from './queue';
import { Random, type RandomState } from './random';
import { TraceRecord, type RecordNarrator } from './record';
import type {
  Effect,
  InvariantChecker,
  KernelEvent,
  NarrationInput,
  NodeStatus,
  SimMessage,
  SimulationSpec,
} from './spec';
import type {
  Action,
  MessageView,
  Micros,
  NodeId,
  NodeView,
  TimedAction,
  TraceEntry,
  Violation,
  WorldView,
} from './types';

type QueuedEvent =
  | { readonly time: Micros; readonly seq: number; readonly k: 'deliver'; readonly msg: number }
  | {
      readonly time: Micros;
      readonly seq: number;
      readonly k: 'timer';
      readonly node: number;
      readonly name: string;
      readonly gen: number;
    }
  | { readonly time: Micros; readonly seq: number; readonly k: 'resume'; readonly node: number }
  /** A client request that reached a paused process: handled when it resumes. */
  | {
      readonly time: Micros;
      readonly seq: number;
      readonly k: 'client';
      readonly node: number;
      readonly request: number;
      readonly action: Action & { type: 'client' };
    };

export interface InFlight {
  readonly id: number;
  readonly from: number;
  readonly to: number;
  readonly sentAt: Micros;
  readonly deliverAt: Micros;
  readonly message: SimMessage;
  /** Decided at send time: the network will lose it. */
  readonly fate: 'loss' | 'partition' | null;
}

interface Timer {
  readonly gen: number;
  readonly at: Micros;
  readonly setAt: Micros;
  /** The local-clock reading at which it fires; kept so clock jumps move it. */
  readonly deadline: Micros;
}

interface Clock {
  readonly anchorGlobal: Micros;
  readonly anchorLocal: Micros;
  readonly rate: number;
}

interface Range {
  readonly min: Micros;
  readonly max: Micros;
}

interface Process extends MachineSlot {
  readonly id: NodeId;
  up: boolean;
  pausedUntil: Micros | null;
  clock: Clock;
  timers: Map<string, Timer>;
  timerGen: number;
  /** Stable storage: what the machine last persisted. */
  disk: unknown;
  /** Role and context after the last event (frozen at the crash while the node is down). */
  role: string;
  context: unknown;
}

interface ProcessSnapshot {
  up: boolean;
  pausedUntil: Micros | null;
  clock: Clock;
  timers: [string, Timer][];
  timerGen: number;
  disk: unknown;
  /** The machine's snapshot (null while down): snapshots are immutable, so checkpoints share them. */
  snap: AnyMachineSnapshot | null;
  role: string;
  context: unknown;
}

/** Everything needed to resume the world exactly where it was. */
export interface WorldSnapshot {
  now: Micros;
  seq: number;
  processed: number;
  actionPos: number;
  nextMessageId: number;
  nextClientRequest: number;
  random: RandomState;
  queue: readonly QueuedEvent[];
  inFlight: [number, InFlight][];
  latency: Range;
  links: [number, Range][];
  loss: number;
  duplication: number;
  groups: NodeId[][];
  processes: ProcessSnapshot[];
  checker: unknown;
  violations: Violation[];
}

const ACTION_KINDS = new Set(['action', 'crash', 'restart']);

/**
 * How an event gets its narration: worked out at once, left for whoever reads the entry (the
 * common events only: deliveries, drops and timers), or not at all (replays, batch exploration).
 */
export type NarrationMode = 'now' | 'later' | 'off';

/**
 * Writes narrations and message views. One per run, shared by every world the run restores, so a
 * trace record keeps nothing of the world that recorded it alive.
 */
export class Narrator<C = unknown, S = unknown, P = Record<string, unknown>> implements RecordNarrator {
  /** Narrates a record whose input was let go, by replaying its part of the trace; set by the run. */
  replay: (record: TraceRecord) => void = () => {};
  /** Works out the message view of a record that let its message go; set by the run. */
  replayMessage: (record: TraceRecord) => MessageView | undefined = () => undefined;

  /** The kernel's own sentences, in the run's language. */
  readonly t: Translate;

  /**
   * `kernel` is the kernel's table of `locale` (English needs none), `text` the algorithm's words
   * in that language, handed to its narration (undefined: the algorithm's English).
   */
  constructor(
    private readonly spec: SimulationSpec<C, S, P>,
    private readonly nodeIds: readonly NodeId[],
    locale: Locale = 'en',
    kernel?: Catalogue,
    private readonly text?: Translate,
  ) {
    this.t = translator(locale, tablesFor(KERNEL_MESSAGES.en, locale, kernel));
  }

  /** The algorithm's sentence for an event, in the run's language, or null for the kernel's. */
  narrate(input: NarrationInput): string | null {
    return this.spec.narrate(input as NarrationInput<C>, this.text);
  }

  milestone(input: NarrationInput): string | null {
    return this.spec.milestone?.(input as NarrationInput<C>, this.text) ?? null;
  }

  sentence(input: NarrationInput, message: InFlight | null, kind: TraceEntry['kind']): string {
    return (
      this.narrate(input) ??
      (message && input.dropReason
        ? this.dropSentence(message, input.dropReason)
        : this.t('kernel.handles', { node: input.node as NodeId, kind }))
    );
  }

  dropSentence(m: InFlight, reason: 'loss' | 'partition' | 'down'): string {
    return this.t(`kernel.drop.${reason}`, {
      type: m.message.type,
      from: this.nodeIds[m.from] as NodeId,
      to: this.nodeIds[m.to] as NodeId,
    });
  }

  messageView(m: InFlight): MessageView {
    return {
      id: m.id,
      from: this.nodeIds[m.from] as NodeId,
      to: this.nodeIds[m.to] as NodeId,
      sentAt: m.sentAt,
      deliverAt: m.deliverAt,
      kind: m.message.type,
      label: this.spec.label(m.message),
      payload: m.message,
    };
  }
}

/** True when a trace entry came from a scripted or reader action rather than from the run itself. */
export function isActionEntry(entry: TraceEntry): boolean {
  return ACTION_KINDS.has(entry.kind);
}

export class World<C = unknown, S = unknown, P = Record<string, unknown>> {
  readonly nodeIds: readonly NodeId[];
  readonly narrator: Narrator<C, S, P>;
  private readonly index = new Map<NodeId, number>();
  private readonly processes: Process[];
  private readonly queue: EventQueue<QueuedEvent>;
  private readonly inFlight: Map<number, InFlight>;
  private readonly checker: InvariantChecker<C>;
  private readonly statuses: NodeStatus<C>[];
  private readonly stepper: MachineStepper;
  private random: Random;
  private now: Micros = 0;
  private seq = 0;
  private nextMessageId = 0;
  private nextClientRequest = 0;
  private latency: Range;
  private links = new Map<number, Range>();
  private loss: number;
  private duplication: number;
  private groups: NodeId[][] = [];
  /** Partition group of each node; all zero when the network is whole. */
  private groupOf: Int32Array;
  private violations: Violation[] = [];
  private readonly reported = new Set<string>();
  /** Whether the event being processed defers its narration ('later' mode). */
  private later = false;
  /** Number of traced events processed so far. */
  processed = 0;
  /** Number of scenario actions applied so far. */
  actionPos = 0;
  /** The scenario's actions, sorted by time; the run may insert new ones after actionPos. */
  actions: TimedAction[];

  constructor(
    private readonly spec: SimulationSpec<C, S, P>,
    private readonly params: P,
    seed: number,
    actions: TimedAction[],
    snapshot?: WorldSnapshot,
    narrator?: Narrator<C, S, P>,
  ) {
    this.actions = actions;
    this.nodeIds = spec.nodeIds(params);
    this.narrator = narrator ?? new Narrator(spec, this.nodeIds);
    this.nodeIds.forEach((id, i) => this.index.set(id, i));
    this.checker = spec.createChecker();
    this.stepper = MachineStepper.for(spec.machine);
    const net = spec.network(params);
    this.latency = { min: net.latencyMin, max: net.latencyMax };
    this.loss = net.loss;
    this.duplication = net.duplication;
    this.groupOf = new Int32Array(this.nodeIds.length);
    if (snapshot) {
      this.random = Random.fromState(snapshot.random);
      this.queue = new EventQueue(snapshot.queue.slice());
      this.inFlight = new Map(snapshot.inFlight);
      this.processes = this.nodeIds.map((id, i) => this.restoreProcess(id, i, snapshot.processes[i]));
      this.restoreScalars(snapshot);
    } else {
      this.random = Random.fromSeed(seed);
      this.queue = new EventQueue();
      this.inFlight = new Map();
      this.processes = this.nodeIds.map((id) => ({
        id,
        up: true,
        pausedUntil: null,
        clock: { anchorGlobal: 0, anchorLocal: 0, rate: 1 },
        timers: new Map(),
        timerGen: 0,
        disk: undefined,
        snap: null,
        role: '',
        context: undefined,
      }));
      // Start every node in order; their entry actions may already set timers.
      this.processes.forEach((p, i) => {
        this.boot(i, spec.input(p.id, this.nodeIds, params));
        p.disk = spec.persistent(p.context as C);
      });
    }
    this.statuses = this.processes.map((p) => this.statusOf(p));
  }

  // ---------------------------------------------------------------------------------------------
  // Processing

  /** The time of the next event, or null when nothing is left. */
  peekTime(): Micros | null {
    const head = this.queue.peek();
    const action = this.actions[this.actionPos];
    if (action && (!head || action.at <= head.time)) return Math.max(action.at, this.now);
    return head ? head.time : null;
  }

  /**
   * Process events until one is worth a trace entry and return it, or null when the run is over.
   * With mode 'off' (replays), narration is skipped: the entry exists already. With 'later', the
   * narration of a common event is left for its first reader (see `TraceRecord.defer`).
   */
  next(mode: NarrationMode = 'now'): TraceRecord | null {
    const narrate = mode !== 'off';
    this.later = mode === 'later';
    const before = this.now;
    for (;;) {
      const head = this.queue.peek();
      const timed = this.actions[this.actionPos];
      let entry: TraceRecord | null;
      let changed = -1;
      // Actions go first among events of the same time: see Run.act for why.
      if (timed && (!head || timed.at <= head.time)) {
        this.actionPos++;
        this.now = Math.max(this.now, timed.at);
        entry = this.applyAction(timed.action, narrate);
      } else if (head) {
        this.queue.pop();
        this.now = head.time;
        if (head.k === 'deliver') {
          entry = this.deliver(head, narrate);
          if (entry) changed = this.index.get(entry.node as NodeId) ?? -1;
        } else if (head.k === 'timer') {
          entry = this.fireTimer(head, narrate);
          changed = head.node;
        } else if (head.k === 'client') {
          entry = this.handleClient(head.node, head.request, head.action, narrate);
          changed = head.node;
        } else {
          entry = this.resume(head, narrate);
          changed = head.node;
        }
      } else {
        // The run is over, and every event popped on the way was stale: none changed the world.
        // Time stays at the last event, so an action added now runs when a replay would run it.
        this.now = before;
        return null;
      }
      if (entry) {
        entry.index = this.processed++;
        this.checkInvariants(changed, entry);
        return entry;
      }
    }
  }

  private checkInvariants(changed: number, entry: TraceRecord): void {
    if (changed >= 0) this.statuses[changed] = this.statusOf(this.processes[changed] as Process);
    else
      for (let i = 0; i < this.processes.length; i++)
        this.statuses[i] = this.statusOf(this.processes[i] as Process);
    const findings = this.checker.check(this.statuses, changed, entry);
    for (const f of findings) {
      if (this.reported.has(f.invariant)) continue;
      this.reported.add(f.invariant);
      this.violations.push({
        invariant: f.invariant,
        detail: f.detail,
        index: entry.index,
        time: entry.time,
      });
    }
  }

  private statusOf(p: Process): NodeStatus<C> {
    return { id: p.id, up: p.up, role: p.role, context: p.context as C };
  }

  private deliver(ev: QueuedEvent & { k: 'deliver' }, narrate: boolean): TraceRecord | null {
    const m = this.inFlight.get(ev.msg);
    if (!m || m.deliverAt !== ev.time) return null; // dropped by an action, or rescheduled
    const target = this.processes[m.to] as Process;
    if (target.up && target.pausedUntil !== null && target.pausedUntil > this.now) {
      // It waits in the paused process's inbox and is handled on resume, in arrival order.
      const moved: InFlight = { ...m, deliverAt: target.pausedUntil };
      this.inFlight.set(m.id, moved);
      this.queue.push({ time: moved.deliverAt, seq: this.seq++, k: 'deliver', msg: m.id });
      return null;
    }
    this.inFlight.delete(m.id);
    const reason = m.fate ?? (!target.up ? 'down' : this.cut(m.from, m.to) ? 'partition' : null);
    if (reason) {
      const entry = this.entry('drop', target.id);
      entry.carry(m, this.narrator);
      if (narrate) {
        const input: NarrationInput = {
          kind: 'drop',
          time: this.now,
          node: target.id,
          message: { id: m.id, from: this.nodeIds[m.from] as NodeId, to: target.id, body: m.message },
          dropReason: reason,
          effects: [],
          nodes: this.nodeIds,
        };
        this.narrateOrDefer(entry, input, m);
      }
      return entry;
    }
    const role = target.role;
    const context = target.context as C;
    const effects = this.dispatch(m.to, m.message);
    const entry = this.entry('deliver', target.id);
    entry.carry(m, this.narrator);
    this.perform(m.to, effects, entry);
    if (narrate) {
      const message = { id: m.id, from: this.nodeIds[m.from] as NodeId, to: target.id, body: m.message };
      this.narrateStep(entry, m.to, effects, { role, context }, { message }, m);
    }
    return entry;
  }

  private fireTimer(ev: QueuedEvent & { k: 'timer' }, narrate: boolean): TraceRecord | null {
    const p = this.processes[ev.node] as Process;
    const timer = p.timers.get(ev.name);
    if (!p.up || !timer || timer.gen !== ev.gen || timer.at !== ev.time) return null;
    if (p.pausedUntil !== null && p.pausedUntil > this.now) {
      const moved: Timer = { ...timer, at: p.pausedUntil };
      p.timers.set(ev.name, moved);
      this.queue.push({ ...ev, time: moved.at, seq: this.seq++ });
      return null;
    }
    p.timers.delete(ev.name);
    const before = { role: p.role, context: p.context as C };
    const effects = this.dispatch(ev.node, { type: 'timeout', timer: ev.name, now: this.localNow(p) });
    const entry = this.entry('timer', p.id);
    entry.timer = ev.name;
    this.finish(entry, ev.node, effects, before, narrate, { timer: ev.name });
    return entry;
  }

  private resume(ev: QueuedEvent & { k: 'resume' }, narrate: boolean): TraceRecord | null {
    const p = this.processes[ev.node] as Process;
    if (!p.up || p.pausedUntil !== ev.time) return null; // crashed meanwhile, or paused for longer
    p.pausedUntil = null;
    const entry = this.entry('resume', p.id);
    if (narrate) {
      entry.narration =
        this.narrator.narrate({
          kind: 'resume',
          time: this.now,
          node: p.id,
          effects: [],
          nodes: this.nodeIds,
        }) ?? this.narrator.t('kernel.resume', { node: p.id });
    }
    return entry;
  }

  /** Hand one event to a node's machine and collect what it emitted. */
  private dispatch(node: number, event: SimMessage | KernelEvent): Effect[] {
    const p = this.processes[node] as Process;
    const effects: Effect[] = [];
    try {
      this.stepper.step(p, event, effects);
    } catch (error) {
      throw new Error(`${p.id} failed while handling ${event.type}: ${String(error)}`, { cause: error });
    }
    return effects;
  }

  /** Turn a node's effects into future events, then narrate. */
  private finish(
    entry: TraceRecord,
    node: number,
    effects: Effect[],
    before: { role: string; context: C },
    narrate: boolean,
    extra: Pick<NarrationInput, 'timer' | 'action'>,
  ): void {
    this.perform(node, effects, entry);
    if (narrate) this.narrateStep(entry, node, effects, before, extra, null);
  }

  private narrateStep(
    entry: TraceRecord,
    node: number,
    effects: Effect[],
    before: { role: string; context: C },
    extra: Pick<NarrationInput, 'message' | 'timer' | 'action'>,
    message: InFlight | null,
  ): void {
    const p = this.processes[node] as Process;
    const input: NarrationInput = {
      kind: entry.kind,
      time: this.now,
      node: p.id,
      after: { role: p.role, context: p.context as C },
      before,
      effects,
      nodes: this.nodeIds,
      ...extra,
    };
    this.narrateOrDefer(entry, input, message);
  }

  private narrateOrDefer(entry: TraceRecord, input: NarrationInput, message: InFlight | null): void {
    const milestone = this.narrator.milestone(input);
    if (milestone) entry.milestone = milestone;
    if (this.later) {
      entry.defer(input, this.narrator);
      return;
    }
    entry.narration = this.narrator.sentence(input, message, entry.kind);
  }

  /** Carry out a step's effects; the record, when given, notes the messages sent. */
  private perform(node: number, effects: readonly Effect[], entry?: TraceRecord): void {
    const p = this.processes[node] as Process;
    const first = this.nextMessageId;
    for (const e of effects) {
      switch (e.type) {
        case 'send': {
          const to = this.index.get(e.to);
          if (to === undefined) throw new Error(`${p.id} sent a message to unknown node "${e.to}"`);
          this.send(node, to, e.message);
          break;
        }
        case 'set-timer': {
          const duration = 'duration' in e ? e.duration : this.random.int(e.min, e.max);
          this.setTimer(p, node, e.name, Math.max(0, Math.round(duration)));
          break;
        }
        case 'cancel-timer':
          p.timers.delete(e.name);
          break;
        case 'persist':
          p.disk = this.spec.persistent(p.context as C);
          break;
        default:
          break; // notifications: only narration reads them
      }
    }
    // Message ids are handed out in order, so what one step sent is a range.
    if (entry && this.nextMessageId > first) entry.sentRange(first, this.nextMessageId - first);
  }

  private send(from: number, to: number, message: SimMessage): void {
    const copies = this.random.chance(this.duplication) ? 2 : 1;
    for (let c = 0; c < copies; c++) {
      const fate = this.cut(from, to) ? 'partition' : this.random.chance(this.loss) ? 'loss' : null;
      const range = this.links.get(from * 1024 + to) ?? this.latency;
      const latency = this.random.int(range.min, range.max);
      const id = this.nextMessageId++;
      this.inFlight.set(id, { id, from, to, sentAt: this.now, deliverAt: this.now + latency, message, fate });
      this.queue.push({ time: this.now + latency, seq: this.seq++, k: 'deliver', msg: id });
    }
  }

  private cut(from: number, to: number): boolean {
    return this.groupOf[from] !== this.groupOf[to];
  }

  private localNow(p: Process): Micros {
    const c = p.clock;
    return c.anchorLocal + Math.round((this.now - c.anchorGlobal) * c.rate);
  }

  private setTimer(p: Process, node: number, name: string, duration: Micros): void {
    const deadline = this.localNow(p) + duration;
    this.scheduleTimer(p, node, name, deadline, this.now);
  }

  private scheduleTimer(p: Process, node: number, name: string, deadline: Micros, setAt: Micros): void {
    const remaining = Math.max(0, deadline - this.localNow(p));
    const at = this.now + Math.ceil(remaining / p.clock.rate);
    const gen = ++p.timerGen;
    p.timers.set(name, { gen, at, setAt, deadline });
    this.queue.push({ time: at, seq: this.seq++, k: 'timer', node, name, gen });
  }

  private boot(node: number, input: unknown): Effect[] {
    const p = this.processes[node] as Process;
    const effects: Effect[] = [];
    // Entry actions run as the snapshot is created; emitted events follow them.
    this.stepper.initial(p, input, effects);
    this.perform(node, effects);
    return effects;
  }

  // ---------------------------------------------------------------------------------------------
  // Actions

  /** A message's type and ends, for the kernel's sentences about it. */
  private ends(m: InFlight): { type: string; from: NodeId; to: NodeId } {
    return { type: m.message.type, from: this.nodeIds[m.from] as NodeId, to: this.nodeIds[m.to] as NodeId };
  }

  private applyAction(action: Action, narrate: boolean): TraceRecord {
    switch (action.type) {
      case 'crash':
        return this.crash(action, narrate);
      case 'restart':
        return this.restart(action, narrate);
      case 'timeout':
        return this.forceTimeout(action, narrate);
      case 'client':
        return this.client(action, narrate);
      default:
        break;
    }
    const entry = this.entry('action', 'node' in action ? action.node : undefined);
    entry.action = action;
    const t = this.narrator.t;
    let sentence = '';
    switch (action.type) {
      case 'pause': {
        const i = this.nodeIndex(action.node);
        const p = this.processes[i] as Process;
        if (!p.up) {
          sentence = t('kernel.pause.down', { node: p.id });
          break;
        }
        const until = Math.max(p.pausedUntil ?? 0, this.now + action.duration);
        p.pausedUntil = until;
        this.queue.push({ time: until, seq: this.seq++, k: 'resume', node: i });
        sentence = t('kernel.pause', { node: p.id, duration: formatDuration(action.duration) });
        break;
      }
      case 'partition':
        this.partition(action.groups);
        sentence = t('kernel.partition', { groups: this.groups.map((g) => `{${g.join(', ')}}`).join(' | ') });
        break;
      case 'heal':
        this.partition([]);
        sentence = t('kernel.heal');
        break;
      case 'drop': {
        const m = this.inFlight.get(action.message);
        if (m) {
          this.inFlight.delete(action.message);
          sentence = t('kernel.drop', { id: m.id, ...this.ends(m) });
        } else sentence = t('kernel.drop.missing', { id: action.message });
        break;
      }
      case 'duplicate': {
        const m = this.inFlight.get(action.message);
        if (m) {
          const range = this.links.get(m.from * 1024 + m.to) ?? this.latency;
          const id = this.nextMessageId++;
          const at = this.now + this.random.int(range.min, range.max);
          this.inFlight.set(id, { ...m, id, sentAt: this.now, deliverAt: at });
          this.queue.push({ time: at, seq: this.seq++, k: 'deliver', msg: id });
          entry.sentRange(id, 1);
          sentence = t('kernel.duplicate', { id: m.id, copy: id, ...this.ends(m) });
        } else sentence = t('kernel.duplicate.missing', { id: action.message });
        break;
      }
      case 'set-loss':
        this.loss = action.rate;
        sentence = t('kernel.set-loss', { percent: Math.round(action.rate * 1000) / 10 });
        break;
      case 'set-duplication':
        this.duplication = action.rate;
        sentence = t('kernel.set-duplication', { percent: Math.round(action.rate * 1000) / 10 });
        break;
      case 'set-latency':
        this.latency = { min: action.min, max: action.max };
        sentence = t('kernel.set-latency', {
          min: formatDuration(action.min),
          max: formatDuration(action.max),
        });
        break;
      case 'set-link-latency':
        this.links.set(this.nodeIndex(action.from) * 1024 + this.nodeIndex(action.to), {
          min: action.min,
          max: action.max,
        });
        sentence = t('kernel.set-link-latency', {
          from: action.from,
          to: action.to,
          min: formatDuration(action.min),
          max: formatDuration(action.max),
        });
        break;
      case 'clock-jump': {
        const i = this.nodeIndex(action.node);
        const p = this.processes[i] as Process;
        this.reclock(p, i, {
          anchorGlobal: this.now,
          anchorLocal: this.localNow(p) + action.by,
          rate: p.clock.rate,
        });
        sentence = t(action.by >= 0 ? 'kernel.clock-jump.forwards' : 'kernel.clock-jump.backwards', {
          node: p.id,
          duration: formatDuration(Math.abs(action.by)),
        });
        break;
      }
      case 'clock-rate': {
        const i = this.nodeIndex(action.node);
        const p = this.processes[i] as Process;
        this.reclock(p, i, { anchorGlobal: this.now, anchorLocal: this.localNow(p), rate: action.rate });
        sentence = t('kernel.clock-rate', { node: p.id, rate: action.rate });
        break;
      }
    }
    if (narrate) {
      entry.narration =
        this.narrator.narrate({ kind: 'action', time: this.now, action, effects: [], nodes: this.nodeIds }) ??
        sentence;
    }
    return entry;
  }

  /** Change a clock and move its pending timers: they are deadlines on the local clock. */
  private reclock(p: Process, node: number, clock: Clock): void {
    p.clock = clock;
    const timers = [...p.timers.entries()];
    for (const [name, t] of timers) this.scheduleTimer(p, node, name, t.deadline, t.setAt);
  }

  private partition(groups: NodeId[][]): void {
    this.groups = groups.filter((g) => g.length > 0).map((g) => [...g]);
    // Nodes named in no group stay together in group 0.
    this.groupOf.fill(0);
    this.groups.forEach((g, gi) => g.forEach((id) => (this.groupOf[this.nodeIndex(id)] = gi + 1)));
  }

  private crash(action: Action & { type: 'crash' }, narrate: boolean): TraceRecord {
    const i = this.nodeIndex(action.node);
    const p = this.processes[i] as Process;
    const entry = this.entry('crash', p.id);
    entry.action = action;
    const before = { role: p.role, context: p.context as C };
    const wasUp = p.up;
    if (wasUp) {
      p.snap = null;
      p.up = false;
      p.pausedUntil = null;
      p.timers.clear();
    }
    if (narrate) {
      entry.narration = wasUp
        ? (this.narrator.narrate({
            kind: 'crash',
            time: this.now,
            node: p.id,
            action,
            before,
            effects: [],
            nodes: this.nodeIds,
          }) ?? this.narrator.t('kernel.crash', { node: p.id }))
        : this.narrator.t('kernel.crash.down', { node: p.id });
    }
    return entry;
  }

  private restart(action: Action & { type: 'restart' }, narrate: boolean): TraceRecord {
    const i = this.nodeIndex(action.node);
    const p = this.processes[i] as Process;
    const entry = this.entry('restart', p.id);
    entry.action = action;
    if (p.up) {
      if (narrate) entry.narration = this.narrator.t('kernel.restart.up', { node: p.id });
      return entry;
    }
    p.up = true;
    p.timers.clear();
    const effects = this.boot(i, this.spec.restartInput(p.id, this.nodeIds, this.params, p.disk));
    if (narrate) {
      entry.narration =
        this.narrator.narrate({
          kind: 'restart',
          time: this.now,
          node: p.id,
          action,
          after: { role: p.role, context: p.context as C },
          effects,
          nodes: this.nodeIds,
        }) ?? this.narrator.t('kernel.restart', { node: p.id });
    }
    return entry;
  }

  private forceTimeout(action: Action & { type: 'timeout' }, narrate: boolean): TraceRecord {
    const i = this.nodeIndex(action.node);
    const p = this.processes[i] as Process;
    const entry = this.entry('action', p.id);
    entry.action = action;
    if (!p.up) {
      if (narrate) entry.narration = this.narrator.t('kernel.timeout.down', { node: p.id });
      return entry;
    }
    const timer = this.spec.forcedTimer;
    if (p.pausedUntil !== null && p.pausedUntil > this.now) {
      // A paused process handles nothing: its timer is due now and fires when it resumes.
      this.scheduleTimer(p, i, timer, this.localNow(p), this.now);
      if (narrate) entry.narration = this.narrator.t('kernel.timeout.paused', { node: p.id, timer });
      return entry;
    }
    p.timers.delete(timer);
    const before = { role: p.role, context: p.context as C };
    const effects = this.dispatch(i, { type: 'timeout', timer, now: this.localNow(p) });
    this.finish(entry, i, effects, before, narrate, { timer, action });
    return entry;
  }

  private client(action: Action & { type: 'client' }, narrate: boolean): TraceRecord {
    const target = action.node ?? this.spec.clientTarget(this.statuses);
    const entry = this.entry('action', target ?? undefined);
    entry.action = action;
    const request = this.nextClientRequest++;
    const i = target === null ? -1 : this.nodeIndex(target);
    const p = this.processes[i];
    if (!p || !p.up) {
      if (narrate)
        entry.narration = p
          ? this.narrator.t('kernel.client.down', { node: p.id })
          : this.narrator.t('kernel.client.nobody');
      return entry;
    }
    if (p.pausedUntil !== null && p.pausedUntil > this.now) {
      this.queue.push({ time: p.pausedUntil, seq: this.seq++, k: 'client', node: i, request, action });
      if (narrate) entry.narration = this.narrator.t('kernel.client.paused', { node: p.id });
      return entry;
    }
    const before = { role: p.role, context: p.context as C };
    const effects = this.dispatch(i, {
      type: 'client',
      request,
      payload: action.payload,
      now: this.localNow(p),
    });
    this.finish(entry, i, effects, before, narrate, { action });
    return entry;
  }

  /** A client request that waited for a paused process. */
  private handleClient(
    node: number,
    request: number,
    action: Action & { type: 'client' },
    narrate: boolean,
  ): TraceRecord | null {
    const p = this.processes[node] as Process;
    if (!p.up) return null; // crashed while paused: the request is lost with the inbox
    if (p.pausedUntil !== null && p.pausedUntil > this.now) {
      this.queue.push({ time: p.pausedUntil, seq: this.seq++, k: 'client', node, request, action });
      return null;
    }
    const entry = this.entry('action', p.id);
    entry.action = action;
    const before = { role: p.role, context: p.context as C };
    const effects = this.dispatch(node, {
      type: 'client',
      request,
      payload: action.payload,
      now: this.localNow(p),
    });
    this.finish(entry, node, effects, before, narrate, { action });
    return entry;
  }

  private nodeIndex(id: NodeId): number {
    const i = this.index.get(id);
    if (i === undefined) throw new Error(`Unknown node "${id}" (nodes are ${listNames([...this.nodeIds])})`);
    return i;
  }

  private entry(kind: TraceEntry['kind'], node: NodeId | undefined): TraceRecord {
    return new TraceRecord(this.now, kind, node);
  }

  // ---------------------------------------------------------------------------------------------
  // Views and checkpoints

  time(): Micros {
    return this.now;
  }

  nodes(): readonly NodeStatus<C>[] {
    return this.statuses;
  }

  violationList(): readonly Violation[] {
    return this.violations;
  }

  view(): Omit<WorldView<S>, 'cursor'> {
    const nodes: NodeView<S>[] = this.processes.map((p) => ({
      id: p.id,
      up: p.up,
      pausedUntil: p.pausedUntil,
      clock: this.localNow(p),
      role: p.role,
      state: this.spec.viewState(p.context as C),
      timers: [...p.timers.entries()]
        .map(([name, t]) => ({ name, at: t.at, setAt: t.setAt }))
        .sort((a, b) => a.at - b.at || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    }));
    const messages = [...this.inFlight.values()]
      .sort((a, b) => a.id - b.id)
      .map((m) => this.narrator.messageView(m));
    return {
      time: this.now,
      nodes,
      messages,
      partitions: this.groups.map((g) => [...g]),
      violations: [...this.violations],
    };
  }

  save(): WorldSnapshot {
    return {
      now: this.now,
      seq: this.seq,
      processed: this.processed,
      actionPos: this.actionPos,
      nextMessageId: this.nextMessageId,
      nextClientRequest: this.nextClientRequest,
      random: this.random.state(),
      queue: this.queue.items().slice(),
      inFlight: [...this.inFlight.entries()],
      latency: this.latency,
      links: [...this.links.entries()],
      loss: this.loss,
      duplication: this.duplication,
      groups: this.groups.map((g) => [...g]),
      processes: this.processes.map((p) => ({
        up: p.up,
        pausedUntil: p.pausedUntil,
        clock: p.clock,
        timers: [...p.timers.entries()],
        timerGen: p.timerGen,
        disk: p.disk,
        snap: this.stepper.snapshot(p),
        role: p.role,
        context: p.context,
      })),
      checker: this.checker.save(),
      violations: [...this.violations],
    };
  }

  private restoreProcess(id: NodeId, _i: number, s: ProcessSnapshot | undefined): Process {
    if (!s) throw new Error(`Checkpoint has no state for ${id}`);
    return {
      id,
      up: s.up,
      pausedUntil: s.pausedUntil,
      clock: s.clock,
      timers: new Map(s.timers),
      timerGen: s.timerGen,
      disk: s.disk,
      snap: s.snap,
      role: s.role,
      context: s.context,
    };
  }

  private restoreScalars(s: WorldSnapshot): void {
    this.now = s.now;
    this.seq = s.seq;
    this.processed = s.processed;
    this.actionPos = s.actionPos;
    this.nextMessageId = s.nextMessageId;
    this.nextClientRequest = s.nextClientRequest;
    this.latency = s.latency;
    this.links = new Map(s.links);
    this.loss = s.loss;
    this.duplication = s.duplication;
    this.partition(s.groups);
    this.checker.load(s.checker);
    this.violations = [...s.violations];
    for (const v of this.violations) this.reported.add(v.invariant);
  }
}
