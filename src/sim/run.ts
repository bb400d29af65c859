/**
 * A run the player drives: a trace, a cursor into it, and a world kept at the cursor. Moving the
 * cursor never changes history; seeking restores the nearest checkpoint and replays, so it costs
 * at most `checkpointEvery` events whatever the length of the trace.
 */
import type { SimulationSpec } from './spec';
import type {
  Action,
  MessageView,
  Micros,
  Run,
  Scenario,
  TimedAction,
  TraceEntry,
  Violation,
  WorldView,
} from './types';
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
  /**
   * Keep the trace and checkpoints (default). Without them (exploration, benchmarks) a run only
   * moves forwards: `entries` is empty, `length` counts the events computed, moving back throws,
   * and `seekTime(t)` may end one event past t (it cannot step back to the last one before).
   */
  keepTrace?: boolean;
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
 * Node contexts hold their logs and logs are copied as they grow, so on long runs whole
 * checkpoints were most of the memory. Every ANCHOR-th checkpoint is kept whole, with equal
 * arrays shared between nodes (followers' logs that caught up with the leader's). When one is
 * made, one in THIN of the checkpoints since the previous anchor is kept, packed: each long array
 * that is a prefix of one of the anchor's (by element identity: a log that has only grown since)
 * is kept as that prefix and rebuilt on restore. A seek replays at most THIN blocks. The packing
 * is its own module (packing.ts), installed by the command line, benchmarks and tests; the page
 * leaves it out for its weight and keeps one checkpoint in PLAIN_THIN whole instead (a seek far
 * back replays at most 2,000 events there, a few milliseconds).
 */
const ANCHOR = 16;
const THIN = 2;
const PLAIN_THIN = 8;

/** How checkpoints are packed (packing.ts); without it every checkpoint is kept whole. */
export interface Packing {
  /** An anchor with equal arrays shared. */
  share(anchor: WorldSnapshot): WorldSnapshot;
  pack(checkpoint: WorldSnapshot, anchor: WorldSnapshot): WorldSnapshot;
  unpack(checkpoint: WorldSnapshot): WorldSnapshot;
  isPacked(checkpoint: WorldSnapshot): boolean;
}

let packing: Packing | null = null;

/** Used by packing.ts's `installPacking`. */
export function providePacking(p: Packing): void {
  packing = p;
}
/** Stepping back: the block being walked through keeps a world every NEAR_EVERY events. */
const NEAR_EVERY = 16;
/** Message views worked out again by replay, kept for this many blocks. */
const MESSAGE_BLOCKS = 8;
/**
 * Unread narrations of the most recent events keep their input (context references); older ones
 * let it go, so an unread trace holds no old contexts, and are worked out by replay when read.
 */
const PENDING_WINDOW = 256;
// A guard against runaway runs. Measured with `npm run bench` (heap after a full collection): a
// nine-server Raft run with every kind of fault holds about 50 MB at this budget (about 160 B per
// event, trace and checkpoints together); 600 s of the five-server benchmark workload, 200,000
// events with long logs, about 60 MB.
const DEFAULT_MAX_EVENTS = 300_000;

export class SimulationRun<C = unknown, S = unknown, P = Record<string, unknown>> implements Run<S> {
  private world: World<C, S, P>;
  private readonly trace: TraceRecord[] = [];
  /** checkpoints[k] is the world after k * every events (packed between anchors: see ANCHOR). */
  private readonly checkpoints: (WorldSnapshot | undefined)[] = [];
  /** Worlds saved while replaying towards an earlier event, by events processed (see NEAR_EVERY). */
  private near = new Map<number, WorldSnapshot>();
  /** The scratch world the last replay for narration or messages ended with. */
  private replayer: World<C, S, P> | null = null;
  /** Message views of released records, per block, worked out by replay. */
  private readonly messageBlocks = new Map<number, (MessageView | undefined)[]>();
  private readonly every: number;
  private readonly maxEvents: number;
  private readonly actions: ScheduledAction[];
  private ended = false;
  private readonly checkAction: ((action: Action) => void) | undefined;
  private readonly narrate: boolean;
  private readonly keep: boolean;
  /** Without a trace: the last event, and whether only actions ran at its time (for `act`). */
  private last: TraceRecord | null = null;
  private onlyActionsAtLast = true;
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
    this.keep = options.keepTrace ?? true;
    this.narrate = this.keep && (options.narrate ?? true);
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
    this.world.narrator.replayMessage = (record) => this.messageByReplay(record);
    if (this.keep) this.checkpoints.push(this.world.save());
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
    return this.keep ? this.trace.length : this.world.processed;
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
    return !this.ended && this.length() >= this.maxEvents;
  }

  step(): boolean {
    if (this.world.processed < this.trace.length) {
      this.advance();
      return true;
    }
    if (this.ended || this.length() >= this.maxEvents) return false;
    return this.advance();
  }

  back(): void {
    if (this.cursor() >= 0) this.seek(this.cursor() - 1);
  }

  seek(index: number): void {
    if (!Number.isFinite(index)) throw new Error(`seek: index must be a number, got ${String(index)}`);
    let target = Math.max(0, Math.floor(index) + 1);
    if (!this.keep) {
      if (target < this.world.processed) throw new Error('seek: this run keeps no trace to go back in');
      while (this.world.processed < target && this.step()) {
        /* computing */
      }
      return;
    }
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
    const last = this.keep ? this.trace[this.trace.length - 1] : this.last;
    if (!this.ended && (!last || last.time <= t)) {
      if (this.keep) this.seekProcessed(this.trace.length);
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
    if (!this.keep) return;
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
    const current = this.keep ? this.trace[cursor] : this.last;
    const onlyActions = this.keep
      ? current !== undefined && this.onlyActionsAt(cursor)
      : this.onlyActionsAtLast;
    const at = !current ? 0 : onlyActions ? current.time : current.time + 1;
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
    // An entry a fork discarded belongs to no timeline that can still be replayed.
    if (this.trace[record.index] !== record) return;
    this.replayBlock(Math.floor(record.index / this.every), true);
  }

  private messageByReplay(record: TraceRecord): MessageView | undefined {
    const index = record.index;
    if (this.trace[index] !== record) return undefined;
    const k = Math.floor(index / this.every);
    if (!this.messageBlocks.has(k)) this.replayBlock(k, false);
    return this.messageBlocks.get(k)?.[index - k * this.every];
  }

  /** Replays block k in a scratch world: its narrations (when asked) and its message views. */
  private replayBlock(k: number, narrate: boolean): void {
    const start = k * this.every;
    const end = Math.min((k + 1) * this.every, this.trace.length);
    const from = this.checkpoint(this.checkpointAtOrBefore(k));
    // The world the last replay ended with goes on from there when that is nearer: reading a
    // trace in order (a digest, an export) then costs one block per block, thinned checkpoints or not.
    const last = this.replayer;
    this.replayer = null;
    const scratch =
      last && last.processed <= start && last.processed >= from.processed
        ? last
        : new World(this.spec, this.params, this.base.seed, this.actions, from, this.world.narrator);
    const views: (MessageView | undefined)[] = [];
    try {
      while (scratch.processed < end) {
        const replayed = scratch.next(narrate && scratch.processed >= start ? 'now' : 'off');
        if (!replayed) break;
        if (replayed.index < start) continue;
        const target = this.trace[replayed.index];
        if (!target) break;
        if (narrate) target.narration = replayed.narration;
        views[replayed.index - start] = replayed.message;
      }
      this.replayer = scratch;
    } catch (error) {
      this.replayer = null;
      throw error;
    }
    if (this.messageBlocks.size >= MESSAGE_BLOCKS) {
      const oldest = this.messageBlocks.keys().next().value as number;
      this.messageBlocks.delete(oldest);
    }
    this.messageBlocks.set(k, views);
  }

  /** Checkpoint k, whole (rebuilt when it is packed). */
  private checkpoint(k: number): WorldSnapshot {
    const c = this.checkpoints[k] as WorldSnapshot;
    return packing?.isPacked(c) ? packing.unpack(c) : c;
  }

  /** The nearest kept checkpoint at or before k (checkpoint 0 is always kept). */
  private checkpointAtOrBefore(k: number): number {
    let j = Math.min(k, this.checkpoints.length - 1);
    while (j > 0 && this.checkpoints[j] === undefined) j--;
    return j;
  }

  private truncate(): void {
    if (!this.keep) return; // nothing recorded: the cursor is always at the end
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
    this.messageBlocks.clear();
    this.near.clear();
    this.replayer = null;
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
    if (!this.keep) {
      const action = isActionEntry(entry);
      this.onlyActionsAtLast =
        this.last && this.last.time === entry.time ? this.onlyActionsAtLast && action : action;
      this.last = entry;
      return true;
    }
    if (!replaying) {
      this.trace.push(entry);
      if (entry.holding) this.defer(entry);
    }
    const processed = this.world.processed;
    if (processed % this.every === 0 && this.checkpoints.length === processed / this.every) {
      this.checkpoints.push(this.world.save());
      const anchor = this.checkpoints.length - 1;
      if (anchor % ANCHOR === 0) {
        const whole = packing ? packing.share(this.checkpoints[anchor] as WorldSnapshot) : undefined;
        if (whole) this.checkpoints[anchor] = whole;
        for (let k = Math.max(1, anchor - ANCHOR + 1); k < anchor; k++) {
          const c = this.checkpoints[k];
          if (!c || packing?.isPacked(c)) continue;
          // One in THIN is kept between anchors, packed, or one in PLAIN_THIN whole without packing.
          if (whole && packing) this.checkpoints[k] = k % THIN === 0 ? packing.pack(c, whole) : undefined;
          else if (k % PLAIN_THIN !== 0) this.checkpoints[k] = undefined;
        }
      }
    }
    return true;
  }

  private seekProcessed(target: number): void {
    const current = this.world.processed;
    if (target === current) return;
    let recordNear = false;
    if (target < current || target - current > this.every) {
      const k = this.checkpointAtOrBefore(Math.floor(target / this.every));
      let snapshot = this.checkpoints[k] as WorldSnapshot;
      if (packing?.isPacked(snapshot)) snapshot = packing.unpack(snapshot);
      // A world saved on the way to an earlier step back, when it is nearer than the checkpoint.
      const near = this.nearestNear(target);
      if (near && near.processed > snapshot.processed) snapshot = near;
      else {
        // A new stretch: keep worlds on the way, so the next steps back replay only a few events.
        this.near.clear();
        recordNear = target < current;
      }
      // Only restore when it gets us closer than replaying from where we are.
      if (target < current || snapshot.processed > current) {
        this.world = new World(
          this.spec,
          this.params,
          this.base.seed,
          this.actions,
          snapshot,
          this.world.narrator,
        );
      } else recordNear = false;
    }
    while (this.world.processed < target) {
      if (!this.advance()) break;
      const processed = this.world.processed;
      if (recordNear && processed % NEAR_EVERY === 0 && processed < target) {
        this.near.set(processed, this.world.save());
      }
    }
  }

  private nearestNear(target: number): WorldSnapshot | undefined {
    for (let at = target - (target % NEAR_EVERY); at > target - this.every && at > 0; at -= NEAR_EVERY) {
      const saved = this.near.get(at);
      if (saved) return saved;
    }
    return undefined;
  }
}
