/**
 * Data a run records once per event, for views that need history the trace does not keep (who
 * held a lock when, which IDs each event handed out, each process's state over time). An
 * algorithm's invariant checker writes it, since it sees every event; but it also sees events
 * again when the run replays from a checkpoint or rebuilds old narrations, and those must not be
 * written twice. A run given the log (`RunOptions.logs`) tells it about forks: acting in the past
 * discards the recorded future along with the trace's.
 */
export abstract class EventLog {
  /** Events written so far: the length of the trace the log follows. */
  events = 0;
  /** Changes whenever the log does, so readers can keep what they derived from it until then. */
  revision = 0;
  private fork: number | null = null;

  /** Whether event `index` is still to be written (not a replay of one written before). */
  wants(index: number): boolean {
    return index >= this.events || index === this.fork;
  }

  /**
   * The run is about to discard the events from `index` on and compute others in their place: the
   * next write of that index replaces what the log holds from there.
   */
  forkAt(index: number): void {
    this.fork = index;
  }

  /**
   * The fork is done (or did not happen: the action was refused). `length` is the trace's length
   * now; whatever the log holds beyond it belongs to a discarded future.
   */
  settle(length: number): void {
    this.fork = null;
    this.truncate(length);
  }

  /**
   * Starts writing event `index`: false when the log has it already (a replay), true when the
   * caller is to record it now. Events come in trace order.
   */
  protected begin(index: number): boolean {
    if (index === this.fork) {
      this.fork = null;
      this.truncate(index);
    }
    if (index < this.events) return false;
    if (index > this.events) {
      throw new Error(
        `${this.constructor.name} holds ${this.events} events and cannot skip to event ${index}`,
      );
    }
    this.events++;
    this.revision++;
    return true;
  }

  /** Forgets the events from `index` on. */
  private truncate(index: number): void {
    if (index >= this.events) return;
    this.forget(index);
    this.events = index;
    this.revision++;
  }

  /** Drops what events `index` and later recorded; `events` is still the old length here. */
  protected abstract forget(index: number): void;
}

/** The number of rows whose `index` is at or before event `cursor`; rows are in trace order. */
export function rowsThrough(rows: readonly { readonly index: number }[], cursor: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((rows[mid] as { index: number }).index <= cursor) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
