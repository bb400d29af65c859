import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomScenario } from '../../algorithms/raft/explore';
import { traceDigest } from '../digest';
import type { Run, Scenario } from '../types';
import { echoRun, ping } from './fixture';
import raft from '../../algorithms/raft';

const MS = 1000;

/** A fresh run stepped forward to the index: the reference every seek is compared with. */
function recomputed(scenario: Scenario, index: number) {
  const run = raft.createRun(scenario);
  while (run.cursor() < index && run.step()) {
    /* stepping */
  }
  return run;
}

function snapshot(run: Run) {
  return JSON.parse(JSON.stringify(run.view())) as unknown;
}

describe('seek and step back', () => {
  it('land on exactly the world a fresh computation reaches (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.array(fc.oneof(fc.integer({ min: -1, max: 400 }), fc.constant('back' as const)), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.integer({ min: 3, max: 50 }),
        (seed, moves, every) => {
          const scenario = randomScenario(seed, 'correct', 600);
          const run = raft.createRun(scenario, { checkpointEvery: every });
          run.seekTime(600 * MS);
          for (const move of moves) {
            if (move === 'back') run.back();
            else run.seek(Math.min(move, run.length() - 1));
            const reference = recomputed(scenario, run.cursor());
            expect(snapshot(run)).toEqual(snapshot(reference));
            expect(run.time()).toBe(reference.time());
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('step after back recomputes the same entry', () => {
    const run = raft.createRun(randomScenario(5, 'correct', 800), { checkpointEvery: 10 });
    run.seekTime(800 * MS);
    const end = run.cursor();
    const before = snapshot(run);
    for (let i = 0; i < 25; i++) run.back();
    expect(run.cursor()).toBe(end - 25);
    for (let i = 0; i < 25; i++) expect(run.step()).toBe(true);
    expect(run.cursor()).toBe(end);
    expect(snapshot(run)).toEqual(before);
    expect(run.length()).toBe(end + 1);
  });

  it('seeks by time to the last event at or before it', () => {
    const run = raft.createRun(randomScenario(8, 'correct', 800));
    run.seekTime(800 * MS);
    const entries = run.entries(0, run.length());
    const target = entries[Math.floor(entries.length / 2)]?.time ?? 0;
    run.seekTime(target);
    expect(run.time()).toBe(target);
    expect(entries[run.cursor() + 1]?.time ?? Infinity).toBeGreaterThan(target);
    run.seekTime(-5);
    expect(run.cursor()).toBe(-1);
  });

  it('seeking a time after the last event marks the run finished, as stepping does', () => {
    const run = echoRun([ping(0, 'N1', 'N2', 1)]);
    run.seekTime(10_000_000);
    expect(run.finished()).toBe(true);
    const stepped = echoRun([ping(0, 'N1', 'N2', 1)]);
    while (stepped.step());
    expect(run.length()).toBe(stepped.length());
  });

  it('computes missing events when seeking past the end', () => {
    const run = raft.createRun(randomScenario(2, 'correct', 800));
    run.seek(99);
    expect(run.cursor()).toBe(99);
    expect(run.length()).toBe(100);
  });
});

describe('fork', () => {
  it('discards the future, records the action, and replays identically from the scenario', () => {
    const run = echoRun([ping(0, 'N1', 'N2', 1), ping(5000, 'N1', 'N3', 2)], {}, 4, { checkpointEvery: 2 });
    run.seekTime(1_000_000);
    const full = run.length();
    run.seek(1);
    const kept = run.entries(0, 2);
    run.act({ type: 'crash', node: 'N3' });
    expect(run.length()).toBeLessThan(full);
    expect(run.entries(0, 2)).toEqual(kept);
    const forkEntry = run.entries(run.cursor(), run.cursor() + 1)[0];
    expect(forkEntry?.kind).toBe('crash');
    // The action is in the scenario at the cursor's time (plus one microsecond after an ordinary event).
    const recorded = run.scenario().actions.find((a) => a.action.type === 'crash');
    expect(recorded?.at).toBe((kept[1]?.time ?? 0) + 1);
    run.seekTime(1_000_000);
    // A run built from the recorded scenario gives the same timeline.
    const replay = echoRun(run.scenario().actions, {}, 4);
    replay.seekTime(1_000_000);
    expect(replay.entries(0, replay.length())).toEqual(run.entries(0, run.length()));
    expect(run.view().nodes.find((n) => n.id === 'N3')?.up).toBe(false);
  });

  it('places a new action after existing actions of the same time', () => {
    const run = echoRun([
      { at: 0, action: { type: 'heal' } },
      { at: 0, action: { type: 'set-loss', rate: 0 } },
    ]);
    run.step();
    run.act({ type: 'pause', node: 'N1', duration: 10 });
    expect(run.scenario().actions.map((a) => [a.at, a.action.type])).toEqual([
      [0, 'heal'],
      [0, 'set-loss'],
      [0, 'pause'],
    ]);
    // The pending same-time action ran first, then the new one.
    expect(run.entries(0, run.length()).map((e) => e.action?.type)).toEqual(['heal', 'set-loss', 'pause']);
  });

  it('forks Raft runs reproducibly: the recorded scenario replays to the same digest', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 150 }), (seed, at) => {
        const run = raft.createRun(randomScenario(seed, 'correct', 500), { checkpointEvery: 16 });
        run.seekTime(500 * MS);
        run.seek(Math.min(at, run.length() - 1));
        run.act({ type: 'crash', node: 'S1' });
        run.act({ type: 'client', payload: { key: 'f', value: 'k' } });
        run.seekTime(700 * MS);
        const replay = raft.createRun(run.scenario());
        replay.seekTime(700 * MS);
        const digest = (r: typeof run) => traceDigest(r.entries(0, r.length()), r.view());
        expect(digest(replay)).toBe(digest(run));
      }),
      // Seed 2202 at 19 acts right after a paused node resumes and handles a request that waited
      // for it: the action must be recorded after that resume, not among the actions before it.
      { numRuns: 40, examples: [[2202, 19]] },
    );
  });
});

describe('narration read late', () => {
  it('is word for word what reading each entry at once gives, however long after it is read', () => {
    const scenario = randomScenario(11, 'correct', 1500);
    const eager = raft.createRun(scenario, { checkpointEvery: 40 });
    const atOnce: string[] = [];
    while (eager.length() < 1200 && eager.step())
      atOnce.push(JSON.stringify(eager.entries(eager.cursor(), eager.cursor() + 1)[0]));
    const late = raft.createRun(scenario, { checkpointEvery: 40 });
    while (late.length() < 1200 && late.step()) {
      /* nobody reads the entries yet */
    }
    late.seek(300); // the world elsewhere: late narrations must not depend on the cursor
    // Old entries (past the waiting window) are narrated by replay, recent ones from what waited.
    const read = [...late.entries(900, 1200), ...late.entries(0, 900)].sort((a, b) => a.index - b.index);
    expect(read.map((e) => JSON.stringify(e))).toEqual(atOnce);
    expect(read.filter((e) => e.narration === '')).toEqual([]);
    // Serialised without a single prior read (exports, digests), the entries are the same plain data.
    const unread = raft.createRun(scenario, { checkpointEvery: 40 });
    while (unread.length() < 1200 && unread.step()) {
      /* nobody reads the entries yet */
    }
    expect(JSON.stringify(unread.entries(0, 1200))).toBe(`[${atOnce.join(',')}]`);
  });
});

describe('traceDigest', () => {
  it('is the same for the same scenario and differs with the seed', () => {
    const digest = (seed: number) => {
      const run = raft.createRun(randomScenario(seed, 'correct', 500));
      run.seekTime(500 * MS);
      return traceDigest(run.entries(0, run.length()), run.view());
    };
    expect(digest(11)).toBe(digest(11));
    expect(digest(11)).not.toBe(digest(12));
    expect(digest(11)).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('act with bad input', () => {
  it('refuses an unknown node or a malformed action and leaves the run untouched', () => {
    const run = echoRun([ping(0, 'N1', 'N2'), ping(5000, 'N2', 'N3')]);
    run.seekTime(1_000_000);
    run.seek(1);
    const before = { length: run.length(), cursor: run.cursor(), scenario: run.scenario() };
    expect(() => run.act({ type: 'crash', node: 'N9' })).toThrow(/^action: no node named "N9"/);
    expect(() => run.act({ type: 'partition', groups: [['N1'], ['X']] })).toThrow(/no node named "X"/);
    expect(() => run.act({ type: 'set-loss', rate: 7 } as never)).toThrow(/^action\.rate/);
    expect(() => run.act({ type: 'warp' } as never)).toThrow(/^action\.type: unknown action type/);
    expect({ length: run.length(), cursor: run.cursor(), scenario: run.scenario() }).toEqual(before);
  });
});

describe('event budget', () => {
  it('stops computing at maxEvents but still moves within the trace', () => {
    const run = echoRun(
      Array.from({ length: 10 }, (_, i) => ping(i * 100, 'N1', 'N2', i)),
      {},
      1,
      { maxEvents: 5 },
    );
    let steps = 0;
    while (run.step()) steps++;
    expect(steps).toBe(5);
    run.back();
    expect(run.step()).toBe(true);
    expect(run.step()).toBe(false);
  });
});

describe('a run that keeps no trace', () => {
  it('computes the same world and violations, and refuses to go back', () => {
    for (const variant of ['correct', 'no-current-term-check'] as const) {
      const scenario = randomScenario(5, variant, 1500);
      const kept = raft.createRun(scenario);
      kept.seekTime(1500 * MS);
      const bare = raft.createRun(scenario, { keepTrace: false });
      bare.seekTime(1500 * MS);
      expect(bare.length()).toBe(kept.length());
      expect(bare.cursor()).toBe(kept.cursor());
      expect(snapshot(bare)).toEqual(snapshot(kept));
      expect(bare.violations()).toEqual(kept.violations());
      expect(bare.entries(0, bare.length())).toEqual([]);
      expect(() => bare.back()).toThrow(/keeps no trace/);
    }
  });

  it('takes actions at the cursor as a trace-keeping run does', () => {
    const scenario = randomScenario(8, 'correct', 800);
    const kept = raft.createRun(scenario);
    const bare = raft.createRun(scenario, { keepTrace: false });
    for (const run of [kept, bare]) {
      run.seekTime(400 * MS);
      run.act({ type: 'crash', node: 'S2' });
      run.seekTime(800 * MS);
    }
    expect(bare.scenario()).toEqual(kept.scenario());
    // Without a trace there is no stepping back to the last event before t (a stale timer popped
    // on the way may have led one event past it): compare at the same event.
    kept.seek(bare.cursor());
    expect(snapshot(bare)).toEqual(snapshot(kept));
  });
});

describe('stepping back a long way', () => {
  it('lands on the world a fresh computation reaches, through thinned checkpoints and the worlds kept on the way', () => {
    const scenario = randomScenario(21, 'correct', 6000);
    const run = raft.createRun(scenario, { checkpointEvery: 50 });
    run.seekTime(6000 * MS);
    const end = run.cursor();
    for (let i = end; i > end - 1200 && i > 0; i--) {
      run.back();
      if (i % 97 === 0) expect(snapshot(run)).toEqual(snapshot(recomputed(scenario, run.cursor())));
    }
    run.seek(3);
    expect(snapshot(run)).toEqual(snapshot(recomputed(scenario, 3)));
  });
});

describe('packed checkpoints', () => {
  it('restore exactly the world they were made from, long logs included', () => {
    const actions = [];
    for (let at = 50; at < 6000; at += 15) {
      actions.push({
        at: at * MS,
        action: { type: 'client' as const, payload: { key: 'k', value: String(at) } },
      });
    }
    actions.push({ at: 2500 * MS, action: { type: 'crash' as const, node: 'S1' } });
    actions.push({ at: 3500 * MS, action: { type: 'restart' as const, node: 'S1' } });
    const scenario: Scenario = { ...randomScenario(2, 'correct', 10), actions };
    const run = raft.createRun(scenario, { checkpointEvery: 20 });
    run.seekTime(6000 * MS);
    const longest = Math.max(...run.nodes().map((n) => n.context.log.length));
    expect(longest).toBeGreaterThan(200); // long enough to be packed
    for (const target of [run.length() - 900, 1234, 3001, run.length() - 333, 17]) {
      run.seek(target);
      const fresh = recomputed(scenario, target);
      expect(snapshot(run)).toEqual(snapshot(fresh));
      expect(run.nodes()).toEqual(fresh.nodes());
    }
  });
});
