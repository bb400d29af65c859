/**
 * Each process's protocol state over global time, which the world at the cursor no longer shows:
 * the lanes of the views, and when each process took the locks it holds. The run's checker writes
 * one event at a time, when the run first computes it (replays after a seek write nothing), so the
 * views read any moment of the trace without running anything again. A row is written only when a
 * process's state changes, so memory follows the changes, not the events.
 */
import { EventLog, rowsThrough } from '../../sim/event-log';
import type { NodeStatus } from '../../sim/spec';
import type { Micros, NodeId } from '../../sim/types';
import { protocolStateOf } from './machine';
import type { TwoPhaseCommitContext } from './types';

/** A process's protocol state as the lanes draw it; `down` while it is crashed. */
export type LaneState = 'init' | 'working' | 'prepared' | 'committed' | 'aborted' | 'down';

/** What the log keeps of one process after an event. */
export interface ProcessSample {
  state: LaneState;
  /** Holds its locks and is up: the lanes mark it. */
  locks: boolean;
  /**
   * Holds its locks or is a prepared participant, up or down: a prepared participant keeps its
   * locks through a crash, so the time it took them is what "in doubt since" reports.
   */
  held: boolean;
}

export interface LaneSegment {
  from: Micros;
  to: Micros;
  state: LaneState;
  /** Holding locks during this segment. */
  locks: boolean;
}

export interface Lane {
  id: NodeId;
  segments: LaneSegment[];
  /** Times the process crashed. */
  crashes: Micros[];
}

const STATES: readonly LaneState[] = ['init', 'working', 'prepared', 'committed', 'aborted'];

/** The sample of one process as the checker sees it. */
export function sampleOf(node: NodeStatus<TwoPhaseCommitContext>): ProcessSample {
  const context = node.context;
  const protocol = protocolStateOf(context);
  const participant = context.config.role === 'participant';
  const state = STATES.includes(protocol as LaneState)
    ? (protocol as LaneState)
    : participant
      ? 'working'
      : 'init';
  return {
    state: node.up ? state : 'down',
    locks: node.up && context.locksHeld,
    held: context.locksHeld || (participant && protocol === 'prepared'),
  };
}

/** A change of one process's lane, or of whether it holds locks, after event `index`. */
interface Row {
  index: number;
  time: Micros;
}

interface LaneRow extends Row {
  state: LaneState;
  locks: boolean;
}

interface HeldRow extends Row {
  held: boolean;
}

export class StateLog extends EventLog {
  /** Per process, its lane changes; the first row (index -1) is its state at the start. */
  private readonly lanes: LaneRow[][];
  /** Per process, when it took and let go of its locks. */
  private readonly held: HeldRow[][];

  constructor(readonly nodes: readonly NodeId[]) {
    super();
    this.lanes = nodes.map(() => []);
    this.held = nodes.map(() => []);
  }

  /** The processes at the start of the run, before any event. */
  start(samples: readonly ProcessSample[]): void {
    samples.forEach((sample, node) => this.note(node, -1, 0, sample));
  }

  /**
   * Writes event `index`, which happened at global time `time`: the samples of the processes it
   * may have changed, as [process, sample] (the others are as they were).
   */
  write(index: number, time: Micros, samples: readonly (readonly [number, ProcessSample])[]): void {
    if (!this.begin(index)) return;
    for (const [node, sample] of samples) this.note(node, index, time, sample);
  }

  /** One lane per process from the start to `now`, as known after event `cursor`. */
  lanesAt(cursor: number, now: Micros): Lane[] {
    return this.nodes.map((id, node) => {
      const rows = this.lanes[node] as LaneRow[];
      const count = rowsThrough(rows, cursor);
      const segments: LaneSegment[] = [];
      const crashes: Micros[] = [];
      for (let i = 0; i < count; i++) {
        const row = rows[i] as LaneRow;
        const next = i + 1 < count ? (rows[i + 1] as LaneRow).time : Math.max(row.time, now);
        segments.push({ from: row.time, to: next, state: row.state, locks: row.locks });
        if (row.state === 'down' && rows[i - 1]?.state !== 'down') crashes.push(row.time);
      }
      return { id, segments, crashes };
    });
  }

  /** When process `node` took the locks it holds after event `cursor`; null when it holds none. */
  heldSince(node: number, cursor: number): Micros | null {
    const rows = this.held[node] ?? [];
    const last = rows[rowsThrough(rows, cursor) - 1];
    return last?.held ? last.time : null;
  }

  private note(node: number, index: number, time: Micros, sample: ProcessSample): void {
    const lane = this.lanes[node];
    const held = this.held[node];
    if (!lane || !held) return;
    const last = lane.at(-1);
    if (!last || last.state !== sample.state || last.locks !== sample.locks) {
      lane.push({ index, time, state: sample.state, locks: sample.locks });
    }
    if ((held.at(-1)?.held ?? false) !== sample.held) held.push({ index, time, held: sample.held });
  }

  /** Forgets events from `index` on. */
  protected forget(index: number): void {
    for (const rows of [...this.lanes, ...this.held]) rows.length = rowsThrough(rows, index - 1);
  }
}
