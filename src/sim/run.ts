/**
 * A run the player drives: a trace, a cursor into it, and a world kept at the cursor. Moving the
 * cursor never changes history; seeking restores the nearest checkpoint and replays, so it costs
 * at most `checkpointEvery` events whatever the length of the trace.
 */
import type { SimulationSpec } from './spec';
import type { Action, Micros, Run, Scenario, TimedAction, TraceEntry, Violation, WorldView } from './types';
import { validateAction } from './scenario';
import type { EventLog } from './event-log';
import type { TraceRecord } from './record';
import { isActionEntry, Narrator, World, type WorldSnapshot } from './world';
import type { Catalogue, Locale, Translate } from './i18n';

/** Node names an action refers to. */
export function namesIn(action: Action): string[] {
  switch (action.type) {
    case 'partition':
      return action.groups.flat();
    case 'set-link-latency':
      return [action.from, action.to];
    default:
      return 'node' in action && action.node !== undefined ? [action.node] : [];
  }
}

export interface RunOptions {
  /** Events between two checkpoints: memory against replay time. */
  checkpointEvery?: number;
  /** Stop computing after this many events (a guard against runaway runs). */
  maxEvents?: number;
  /** Write narration into trace entries (off for batch exploration, where nobody reads it). */
  narrate?: boolean;
  /** Per-event logs the algorithm writes (see `EventLog`): a fork discards their future too. */
  logs?: readonly EventLog[];
  /** Actions implied by the parameters (a steady load): they run, but `scenario()` leaves them out. */
  generated?: readonly TimedAction[];
  /** Refuses an action the algorithm cannot take; called before `act` changes anything. */
  checkAction?: (action: Action) => void;
  /** The language of the narration (English when the algorithm has no words in it). */
  locale?: Locale;
  /** The kernel's table of that language, loaded by the caller (src/sim/locale.ts). */
  kernelMessages?: Catalogue;
  /** The algorithm's table of that language, loaded by the caller (src/sim/locale.ts). */
  algorithmMessages?: Catalogue;
  /** The algorithm's words in that language, for its narration (set by the module's createRun). */
  text?: Translate;
}

/** A scheduled action, and whether the parameters generated it rather than the scenario. */
interface ScheduledAction extends TimedAction {
  readonly generated?: true;
}

const DEFAULT_CHECKPOINT_EVERY = 250;
/**
 * Unread narrations of the most recent events keep their input (context references); older ones
 * let it go, so an unread trace holds no old contexts, and are worked out by replay when read.
 */
const PENDING_WINDOW = 256;
// About 400 MB of trace and checkpoints for Raft: beyond that a browser tab suffers.
const DEFAULT_MAX_EVENTS = 300_000;

export class SimulationRun<C = unknown, S = unknown, P = Record<string, unknown>> implements Run<S> {
  private world: World<C, S, P>;
  private readonly trace: TraceRecord[] = [];
  /** checkpoints[k] is the world after k * every events. */
  private readonly checkpoints: WorldSnapshot[] = [];
  private readonly every: number;
  private readonly maxEvents: number;
  private readonly actions: ScheduledAction[];
  private ended = false;
  private readonly checkAction: ((action: Action) => void) | undefined;
  private readonly narrate: boolean;
  private readonly eventLogs: readonly EventLog[];
  /** Records of recent events still holding their narration input, at index % PENDING_WINDOW. */
  private readonly pending: (TraceRecord | null)[] = new Array<TraceRecord | null>(PENDING_WINDOW).fill(null);

  constructor(
    private readonly spec: SimulationSpec<C, S, P>,
    private readonly base: Scenario,
    private readonly params: P,
    options: RunOptions = {},
  ) {
    this.every = Math.max(1, Math.floor(options.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY));
    this.maxEvents = options.maxEvents ?? DEFAULT_MAX_EVENTS;
    this.narrate = options.narrate ?? true;
    this.eventLogs = options.logs ?? [];
    this.checkAction = options.checkAction;
    const generated = (options.generated ?? []).map((a): ScheduledAction => ({ ...a, generated: true }));
    // Stable sort: actions at the same time keep their order in the scenario, generated ones last.
    this.actions = [...base.actions, ...generated]
      .map((a, i) => ({ a, i }))
      .sort((x, y) => x.a.at - y.a.at || x.i - y.i)
      .map(({ a }) => a);
    const narrator = new Narrator(
      spec,
      spec.nodeIds(params),
      options.locale,
      options.kernelMessages,
      options.text,
    );
    this.world = new World(spec, params, base.seed, this.actions, undefined, narrator);
    this.world.narrator.replay = (record) => this.narrateByReplay(record);
    this.checkpoints.push(this.world.save());
  }

  scenario(): Scenario {
    return {
      version: 1,
      algorithm: this.base.algorithm,
      params: { ...this.base.params },
      seed: this.base.seed,
      actions: this.actions.filter((a) => !a.generated).map((a) => ({ at: a.at, action: a.action })),
    };
  }

  length(): number {
    return this.trace.length;
  }

  cursor(): number {
    return this.world.processed - 1;
  }

  time(): Micros {
    return this.world.time();
  }

  finished(): boolean {
    return this.ended;
  }

  budgetSpent(): boolean {
    return !this.ended && this.trace.length >= this.maxEvents;
  }

  step(): boolean {
    if (this.world.processed < this.trace.length) {
      this.advance();
      return true;
    }
    if (this.ended || this.trace.length >= this.maxEvents) return false;
    return this.advance();
  }

  back(): void {
    if (this.cursor() >= 0) this.seek(this.cursor() - 1);
  }

  seek(index: number): void {
    if (!Number.isFinite(index)) throw new Error(`seek: index must be a number, got ${String(index)}`);
    let target = Math.max(0, Math.floor(index) + 1);
    if (target > this.trace.length) {
      // Seeking past the end computes the missing events.
      this.seekProcessed(this.trace.length);
      while (this.world.processed < target && this.step()) {
        /* computing */
      }
      return;
    }
    target = Math.min(target, this.trace.length);
    this.seekProcessed(target);
  }

  seekTime(t: Micros): void {
    if (!Number.isFinite(t)) throw new Error(`seekTime: time must be a number, got ${String(t)}`);
    const last = this.trace[this.trace.length - 1];
    if (!this.ended && (!last || last.time <= t)) {
      this.seekProcessed(this.trace.length);
      for (;;) {
        const next = this.world.peekTime();
        if (next === null) {
          // Nothing is left: one more step finds that out and marks the run finished.
          this.step();
          break;
        }
        if (next > t || !this.step()) break;
      }
    }
    // Last entry at or before t.
    let lo = 0;
    let hi = this.trace.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.trace[mid] as TraceEntry).time <= t) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    this.seek(found);
  }

  /**
   * Apply an action now. The future after the cursor is discarded and the action is recorded in
   * the scenario so that replaying the scenario from scratch gives this very timeline: actions run
   * before ordinary events of the same time, so when the cursor sits after an ordinary event the
   * action goes one microsecond later. The cursor then moves onto the action's own entry.
   */
  /**
   * Whether everything processed at the cursor's time, up to the cursor, came from actions. Actions
   * run before queued events of the same time, so a new action recorded at that time replays right
   * after them; once a queued event (a delivery, a timer, a resume and the requests it releases)
   * has run at that time, the new action must be recorded one microsecond later.
   */
  private onlyActionsAt(cursor: number): boolean {
    const time = (this.trace[cursor] as TraceEntry).time;
    for (let i = cursor; i >= 0; i--) {
      const entry = this.trace[i] as TraceEntry;
      if (entry.time !== time) return true;
      if (!isActionEntry(entry)) return false;
    }
    return true;
  }

  act(raw: Action): void {
    // Check before touching anything: a bad action must leave the run as it was.
    const action = validateAction(raw, 'action');
    this.checkAction?.(action);
    const known = new Set(this.world.nodeIds);
    for (const name of namesIn(action)) {
      if (!known.has(name))
        throw new Error(`action: no node named ${JSON.stringify(name)} (nodes are ${[...known].join(', ')})`);
    }
    const cursor = this.cursor();
    const current = this.trace[cursor];
    const at = !current ? 0 : this.onlyActionsAt(cursor) ? current.time : current.time + 1;
    // The events after the cursor are discarded and others computed in their place.
    for (const log of this.eventLogs) log.forkAt(cursor + 1);
    try {
      this.truncate();
      let position = this.actions.length;
      while (position > 0 && (this.actions[position - 1] as TimedAction).at > at) position--;
      this.actions.splice(position, 0, { at, action });
      while (this.world.actionPos <= position) {
        if (!this.advance()) break;
      }
    } finally {
      for (const log of this.eventLogs) log.settle(this.trace.length);
    }
  }

  view(): WorldView<S> {
    return { ...this.world.view(), cursor: this.cursor() };
  }

  entries(from: number, to: number): TraceEntry[] {
    return this.trace.slice(Math.max(0, from), Math.max(0, Math.min(to, this.trace.length)));
  }

  firstViolation(): Violation | null {
    return this.world.violationList()[0] ?? null;
  }

  /** All violations seen on the current timeline at or before the cursor. */
  violations(): readonly Violation[] {
    return this.world.violationList();
  }

  /** The nodes at the cursor, as invariants see them (context included). */
  nodes(): ReturnType<World<C, S, P>['nodes']> {
    return this.world.nodes();
  }

  /** Compute (or replay) until the cursor reaches time `t` or the run ends; returns the cursor. */
  runUntil(t: Micros): number {
    this.seekTime(t);
    return this.cursor();
  }

  private defer(record: TraceRecord): void {
    const slot = record.index % PENDING_WINDOW;
    this.pending[slot]?.release();
    this.pending[slot] = record;
  }

  /**
   * Narrates the checkpoint block around an entry whose input was let go: a scratch world replays
   * it from the checkpoint, narrating, and writes every sentence of the block (reading a trace in
   * order costs one replay per block).
   */
  private narrateByReplay(record: TraceRecord): void {
    const index = record.index;
    // An entry a fork discarded belongs to no timeline that can still be replayed.
    if (this.trace[index] !== record) return;
    const k = Math.min(Math.floor(index / this.every), this.checkpoints.length - 1);
    const end = Math.min((k + 1) * this.every, this.trace.length);
    const scratch = new World(
      this.spec,
      this.params,
      this.base.seed,
      this.actions,
      this.checkpoints[k],
      this.world.narrator,
    );
    try {
      while (scratch.processed < end) {
        const replayed = scratch.next('now');
        if (!replayed) break;
        const target = this.trace[replayed.index];
        if (!target) break;
        target.narration = replayed.narration;
        if (replayed.message) target.message = replayed.message;
      }
    } finally {
      scratch.dispose();
    }
  }

  private truncate(): void {
    const processed = this.world.processed;
    if (processed < this.trace.length) {
      // Discarded entries keep their narration inputs: they leave the window without letting go.
      for (let slot = 0; slot < PENDING_WINDOW; slot++) {
        const waiting = this.pending[slot];
        if (waiting && waiting.index >= processed) this.pending[slot] = null;
      }
    }
    this.trace.length = processed;
    this.checkpoints.length = Math.floor(processed / this.every) + 1;
    this.ended = false;
  }

  /** Process one event on the world: replayed when the trace has it, recorded when it is new. */
  private advance(): boolean {
    const replaying = this.world.processed < this.trace.length;
    const entry = this.world.next(!replaying && this.narrate ? 'later' : 'off');
    if (!entry) {
      this.ended = true;
      return false;
    }
    if (!replaying) {
      this.trace.push(entry);
      if (this.world.deferred) this.defer(this.world.deferred);
    }
    const processed = this.world.processed;
    if (processed % this.every === 0 && this.checkpoints.length === processed / this.every) {
      this.checkpoints.push(this.world.save());
    }
    return true;
  }

  private seekProcessed(target: number): void {
    const current = this.world.processed;
    if (target === current) return;
    if (target < current || target - current > this.every) {
      const k = Math.min(Math.floor(target / this.every), this.checkpoints.length - 1);
      const snapshot = this.checkpoints[k] as WorldSnapshot;
      // Only restore when it gets us closer than replaying from where we are.
      if (target < current || snapshot.processed > current) {
        this.world.dispose();
        this.world = new World(
          this.spec,
          this.params,
          this.base.seed,
          this.actions,
          snapshot,
          this.world.narrator,
        );
      }
    }
    while (this.world.processed < target) {
      if (!this.advance()) break;
    }
  }
}
