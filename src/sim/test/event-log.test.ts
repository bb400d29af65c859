import { describe, expect, it } from 'vitest';
import { EventLog, rowsThrough } from '../event-log';

/** Records the index of every event it is given. */
class Indices extends EventLog {
  rows: { index: number }[] = [];
  write(index: number): void {
    if (this.begin(index)) this.rows.push({ index });
  }
  protected forget(index: number): void {
    this.rows.length = rowsThrough(this.rows, index - 1);
  }
}

describe('EventLog', () => {
  it('records each event once, however often a replay shows it again', () => {
    const log = new Indices();
    for (let i = 0; i < 5; i++) log.write(i);
    for (let i = 2; i < 5; i++) log.write(i); // a replay from a checkpoint
    expect(log.rows.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
    expect(log.wants(3)).toBe(false);
    expect(log.wants(5)).toBe(true);
    expect(() => log.write(7)).toThrow(/holds 5 events and cannot skip to event 7/);
  });

  it('on a fork, drops the recorded future and records the new one in its place', () => {
    const log = new Indices();
    for (let i = 0; i < 5; i++) log.write(i);
    const before = log.revision;
    log.forkAt(2);
    expect(log.wants(2)).toBe(true);
    log.write(2);
    log.settle(3);
    expect(log.rows.map((r) => r.index)).toEqual([0, 1, 2]);
    expect(log.events).toBe(3);
    expect(log.revision).toBeGreaterThan(before);
  });

  it('after a refused action, keeps what the trace still has', () => {
    const log = new Indices();
    for (let i = 0; i < 4; i++) log.write(i);
    log.forkAt(2);
    log.settle(4);
    expect(log.rows).toHaveLength(4);
    log.forkAt(2);
    log.settle(2); // the trace was cut, then the action failed
    expect(log.rows.map((r) => r.index)).toEqual([0, 1]);
  });

  it('counts rows through an event by binary search', () => {
    const rows = [0, 0, 3, 5, 5, 9].map((index) => ({ index }));
    expect([-1, 0, 4, 5, 8, 9, 20].map((cursor) => rowsThrough(rows, cursor))).toEqual([0, 2, 3, 5, 5, 6, 6]);
  });
});
