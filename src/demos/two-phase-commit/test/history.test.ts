import { describe, expect, it } from 'vitest';
import { twoPhaseCommit } from '../../../algorithms/two-phase-commit';
import { lanesOf } from '../history';
import { optionsFor } from '../ExhaustiveExplore';

function runOf(id: string) {
  const named = twoPhaseCommit.scenarios.find((s) => s.id === id);
  if (!named) throw new Error(id);
  const run = twoPhaseCommit.createRun(named.scenario);
  run.seekTime(named.until ?? 1_000_000);
  return run;
}

describe('state lanes', () => {
  it('show each participant prepared with its locks from 41 ms, then committed at 121 ms', () => {
    const run = runOf('commit');
    const lanes = lanesOf(run.logs.states, run.cursor(), run.time());
    const p2 = lanes.find((l) => l.id === 'P2');
    expect(p2?.segments.map((s) => [s.state, s.from, s.locks])).toEqual([
      ['working', 0, false],
      ['prepared', 41_000, true],
      ['committed', 121_000, false],
    ]);
    expect(lanes.find((l) => l.id === 'C')?.segments.map((s) => s.state)).toEqual(['init', 'committed']);
  });

  it('mark the coordinator down from its crash while the participants stay prepared', () => {
    const run = runOf('coordinator-crash-after-prepare');
    const lanes = lanesOf(run.logs.states, run.cursor(), run.time());
    const c = lanes.find((l) => l.id === 'C');
    expect(c?.crashes).toEqual([60_000]);
    expect(c?.segments.at(-1)).toMatchObject({ state: 'down', from: 60_000, to: run.time() });
    for (const id of ['P1', 'P2', 'P3']) {
      expect(lanes.find((l) => l.id === id)?.segments.at(-1)).toMatchObject({
        state: 'prepared',
        locks: true,
      });
    }
  });

  it('follow the player run back and after an action that forks it', () => {
    const run = runOf('commit');
    run.seek(3);
    const early = lanesOf(run.logs.states, run.cursor(), run.time());
    expect(early.find((l) => l.id === 'P1')?.segments.at(-1)?.state).toBe('prepared');
    run.act({ type: 'crash', node: 'C' });
    const forked = lanesOf(run.logs.states, run.cursor(), run.time());
    expect(forked.find((l) => l.id === 'C')?.segments.at(-1)?.state).toBe('down');
  });

  it('give every panel one reading while the cursor and the run stay, and a new one when either moves', () => {
    const run = runOf('commit');
    const first = lanesOf(run.logs.states, run.cursor(), run.time());
    expect(lanesOf(run.logs.states, run.cursor(), run.time())).toBe(first);
    run.back();
    expect(lanesOf(run.logs.states, run.cursor(), run.time())).not.toBe(first);
  });
});

describe('exploration options', () => {
  it('turn on the termination protocol that cooperative termination and the broken variant need', () => {
    const base = {
      coordinatorTimeout: true,
      terminationProtocol: false,
      cooperativeTermination: false,
      crashCoordinator: false,
      restartCoordinator: false,
      crashParticipants: false,
      broken: false,
    };
    expect(optionsFor(base)).toMatchObject({
      terminationProtocol: false,
      variant: 'correct',
      participants: 3,
    });
    expect(optionsFor({ ...base, cooperativeTermination: true })).toMatchObject({
      terminationProtocol: true,
    });
    expect(optionsFor({ ...base, broken: true })).toMatchObject({
      terminationProtocol: true,
      variant: 'unilateral-abort-when-prepared',
    });
    expect(optionsFor({ ...base, restartCoordinator: true })).toMatchObject({ crashCoordinator: true });
  });
});
