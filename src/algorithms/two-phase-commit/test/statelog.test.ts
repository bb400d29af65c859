import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../../sim/types';
import { findScenario } from '../scenarios';
import { sampleOf } from '../statelog';
import twoPhaseCommit from '..';
import type { TwoPhaseCommitRun } from '..';

const MS = 1000;

function named(id: string): { scenario: Scenario; until: number } {
  const found = findScenario(id);
  if (!found) throw new Error(`no scenario ${id}`);
  return { scenario: found.scenario, until: found.until ?? 1000 * MS };
}

/** The lanes after event `cursor`, drawn to the time of the cursor's event. */
function lanes(run: TwoPhaseCommitRun, cursor = run.cursor()) {
  return run.logs.states.lanesAt(cursor, run.entries(cursor, cursor + 1)[0]?.time ?? 0);
}

/** Runs a scenario event by event to its `until`, checking the log against the world after each. */
function recorded(id: string, options?: { checkpointEvery: number }) {
  const { scenario, until } = named(id);
  const run = twoPhaseCommit.createRun(scenario, options);
  const readings = [lanes(run)];
  while (run.step() && run.time() <= until) {
    const now = lanes(run);
    const previous = readings.at(-1) ?? [];
    run.nodes().forEach((node, i) => {
      const lane = now[i];
      const sample = sampleOf(node);
      // The last segment is the process as the world shows it now, up to now.
      expect(lane?.segments.at(-1)).toMatchObject({
        state: sample.state,
        locks: sample.locks,
        to: run.time(),
      });
      // Earlier segments are as they were; only the last one may have ended, now.
      const before = previous[i]?.segments ?? [];
      before.slice(0, -1).forEach((s, k) => expect(lane?.segments[k]).toEqual(s));
      const last = before.at(-1);
      if (last)
        expect(lane?.segments[before.length - 1]).toMatchObject({ from: last.from, state: last.state });
    });
    readings.push(now);
  }
  return { run, readings };
}

describe('the state log', () => {
  it.each([
    'commit',
    'participant-votes-no',
    'coordinator-crash-after-prepare',
    'commit-reaches-one-then-crash',
    'participant-crash-recovers-from-log',
  ])('%s: after every event, each lane ends in the state the world shows', (id) => {
    const { run } = recorded(id);
    expect(run.logs.states.events).toBe(run.length());
  });

  it('knows since when each in-doubt participant holds its locks, at any cursor', () => {
    const { run } = recorded('coordinator-crash-after-prepare');
    for (let cursor = run.cursor(); cursor >= 0; cursor--) {
      run.seek(cursor);
      for (const node of run.view().nodes) {
        if (!node.state.inDoubt) continue;
        // Prepare reaches every participant at 41 ms; they take their locks as they vote yes.
        expect(node.state.locksHeldSince).toBe(41 * MS);
      }
    }
  });

  it('reads the same at any cursor, backwards and forwards, without writing anything', () => {
    const { run, readings } = recorded('participant-crash-recovers-from-log', { checkpointEvery: 5 });
    const { events, revision } = run.logs.states;
    const last = run.cursor();
    for (const index of [0, last, 7, -1, Math.floor(last / 2), last - 1, 12]) {
      run.seek(index);
      expect(lanes(run)).toEqual(readings[run.cursor() + 1]);
    }
    expect([run.logs.states.events, run.logs.states.revision]).toEqual([events, revision]);
  });

  it('replays from checkpoints and narration rebuilt by replay write nothing twice', () => {
    const { scenario } = named('commit-reaches-one-then-crash');
    const run = twoPhaseCommit.createRun(scenario, { checkpointEvery: 3 });
    while (run.step());
    const { events, revision } = run.logs.states;
    const atEnd = lanes(run);
    for (const index of [2, 10, 4, events - 1]) run.seek(index);
    expect(run.entries(0, run.length()).every((e) => e.narration.length > 0)).toBe(true);
    expect([run.logs.states.events, run.logs.states.revision]).toEqual([events, revision]);
    expect(lanes(run)).toEqual(atEnd);
    const plain = twoPhaseCommit.createRun(scenario);
    while (plain.step());
    expect(lanes(plain)).toEqual(atEnd);
  });

  it('a fork discards the recorded future and records the new one', () => {
    const { scenario, until } = named('commit');
    const run = twoPhaseCommit.createRun(scenario, { checkpointEvery: 4 });
    run.runUntil(until);
    expect(lanes(run)[0]?.segments.map((s) => s.state)).toEqual(['init', 'committed']);
    // Back to when the participants have voted but C has not decided, and crash C there.
    run.seekTime(60 * MS);
    const fork = run.cursor();
    const past = lanes(run, fork);
    const revision = run.logs.states.revision;
    run.act({ type: 'crash', node: 'C' });
    expect(run.logs.states.revision).toBeGreaterThan(revision);
    run.runUntil(until);
    expect(run.logs.states.events).toBe(run.length());
    const after = lanes(run);
    expect(after[0]?.segments.map((s) => s.state)).toEqual(['init', 'down']);
    expect(after[0]?.crashes).toEqual([run.entries(fork + 1, fork + 2)[0]?.time]);
    for (const lane of after.slice(1)) expect(lane.segments.map((s) => s.state)).not.toContain('committed');
    expect(lanes(run, fork)).toEqual(past);
    // A fresh run of the new scenario, as a share link would load it, reads the same.
    const shared = twoPhaseCommit.createRun(run.scenario());
    shared.seek(run.cursor());
    expect(lanes(shared)).toEqual(after);
  });

  it('an action refused before the fork leaves the log as it was', () => {
    const { scenario, until } = named('commit');
    const run = twoPhaseCommit.createRun(scenario);
    run.runUntil(until);
    run.seek(3);
    const { events, revision } = run.logs.states;
    expect(() => run.act({ type: 'crash', node: 'P9' })).toThrow(/P9/);
    expect([run.logs.states.events, run.logs.states.revision]).toEqual([events, revision]);
  });
});
