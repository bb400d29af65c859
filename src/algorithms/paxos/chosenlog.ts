/**
 * The observer's record, which no server has: the moment each slot's value was chosen (a majority
 * of acceptors accepted one proposal), and the moment each learner learned it. The checker writes
 * it as the run first computes each event; the views read it at any cursor.
 */
import { EventLog, rowsThrough } from '../../sim/event-log';
import type { Micros, NodeId } from '../../sim/types';
import type { Ballot, Value } from './types';

export interface ChosenRow {
  index: number;
  time: Micros;
  slot: number;
  value: Value;
  ballot: Ballot;
  /** The acceptors whose acceptance made the majority. */
  acceptors: readonly NodeId[];
}

export interface LearnedRow {
  index: number;
  time: Micros;
  slot: number;
  node: NodeId;
}

export class ChosenLog extends EventLog {
  readonly chosen: ChosenRow[] = [];
  readonly learned: LearnedRow[] = [];

  write(index: number, chosen: readonly ChosenRow[], learned: readonly LearnedRow[]): void {
    if (!this.begin(index)) return;
    this.chosen.push(...chosen);
    this.learned.push(...learned);
  }

  protected forget(index: number): void {
    this.chosen.length = rowsThrough(this.chosen, index - 1);
    this.learned.length = rowsThrough(this.learned, index - 1);
  }

  /** What was chosen at or before event `cursor`. */
  chosenThrough(cursor: number): readonly ChosenRow[] {
    return this.chosen.slice(0, rowsThrough(this.chosen, cursor));
  }

  learnedThrough(cursor: number): readonly LearnedRow[] {
    return this.learned.slice(0, rowsThrough(this.learned, cursor));
  }
}
