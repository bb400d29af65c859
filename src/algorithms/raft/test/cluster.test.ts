/**
 * Whole clusters on the kernel: timers, crashes, partitions and the named scenarios.
 */
import { describe, expect, it } from 'vitest';
import type { Scenario, TimedAction } from '../../../sim/types';
import { raft } from '../index';
import { figure8Committed, figure8Overwritten } from '../scenarios';
import type { RaftContext, RaftParams } from '../types';
import type { RaftRun } from '..';
import { raftParams } from '../params';

const MS = 1000;

function scenario(params: Partial<RaftParams>, actions: TimedAction[] = [], seed = 1): Scenario {
  return { version: 1, algorithm: 'raft', params: { ...params }, seed, actions };
}

function named(id: string) {
  const found = raft.scenarios.find((s) => s.id === id);
  if (!found) throw new Error(`no scenario ${id}`);
  return found;
}

function runNamed(id: string, until?: number): RaftRun {
  const s = named(id);
  const run = raft.createRun(s.scenario);
  run.seekTime(until ?? s.until ?? 2000 * MS);
  return run;
}

const ctxOf = (run: RaftRun, id: string) => run.nodes().find((n) => n.id === id)?.context as RaftContext;
const roleOf = (run: RaftRun, id: string) => run.nodes().find((n) => n.id === id)?.role;
const logTerms = (run: RaftRun, id: string) => ctxOf(run, id).log.map((e) => e.term);
const leaders = (run: RaftRun) => run.nodes().filter((n) => n.up && n.role === 'leader');

/** Run to time t, calling visit after every event. */
function walk(run: RaftRun, t: number, visit: () => void) {
  for (;;) {
    if (!run.step()) break;
    if (run.time() > t) break;
    visit();
  }
}

describe('6. election timeouts', () => {
  it('are drawn afresh, uniformly in the range, on every reset', () => {
    const run = raft.createRun(scenario({ electionTimeoutMin: 150, electionTimeoutMax: 300 }, [], 3));
    const durations = new Set<number>();
    const seen = new Set<string>();
    walk(run, 3000 * MS, () => {
      for (const n of run.view().nodes) {
        for (const t of n.timers) {
          const key = `${n.id}:${t.setAt}`;
          if (t.name !== 'election' || seen.has(key)) continue;
          seen.add(key);
          const d = t.at - t.setAt;
          expect(d).toBeGreaterThanOrEqual(150 * MS);
          expect(d).toBeLessThan(300 * MS);
          durations.add(d);
        }
      }
    });
    // Followers reset their timers on every heartbeat: each reset draws a new duration.
    expect(seen.size).toBeGreaterThan(200);
    expect(durations.size).toBeGreaterThan(seen.size * 0.95);
    const low = [...durations].filter((d) => d < 225 * MS).length;
    expect(low / durations.size).toBeGreaterThan(0.4);
    expect(low / durations.size).toBeLessThan(0.6);
  });

  it('make split votes rare with a 2x range, and common with a tiny one', () => {
    const splitRate = (min: number, max: number) => {
      let split = 0;
      for (let seed = 1; seed <= 100; seed++) {
        const run = raft.createRun(scenario({ electionTimeoutMin: min, electionTimeoutMax: max }, [], seed));
        // Until the first leader, or 3 s: with a tiny range, elections can split again and again.
        while (leaders(run).length === 0 && run.time() < 3000 * MS && run.step()) {
          /* stepping */
        }
        if ((leaders(run)[0]?.context.currentTerm ?? Infinity) > 1) split++;
      }
      return split / 100;
    };
    expect(splitRate(150, 300)).toBeLessThan(0.05);
    expect(splitRate(150, 151)).toBeGreaterThan(0.3);
  });
});

describe('4. single-node cluster', () => {
  it('elects itself at its first timeout and commits client requests alone', () => {
    const run = raft.createRun(
      scenario({ nodes: 1 }, [{ at: 400 * MS, action: { type: 'client', payload: 'k=v' } }]),
    );
    run.seekTime(500 * MS);
    expect(roleOf(run, 'S1')).toBe('leader');
    expect(ctxOf(run, 'S1').commitIndex).toBe(1);
    expect(ctxOf(run, 'S1').kv).toEqual({ k: 'v' });
  });
});

describe('8. apply in order', () => {
  it('every server applies the same commands in the same order', () => {
    const run = runNamed('replication');
    const kvs = run.nodes().map((n) => n.context.kv);
    expect(ctxOf(run, 'S1').lastApplied).toBe(11);
    for (const kv of kvs) expect(kv).toEqual({ x: '11' });
    const applied = run
      .entries(0, run.length())
      .filter((e) => e.node === 'S2' && /applies/.test(e.narration))
      .map((e) => e.narration);
    expect(applied.length).toBeGreaterThan(0);
  });
});

describe('9. a lagging follower catches up', () => {
  it('after its restart, with one refusal thanks to the conflict hint', () => {
    const run = runNamed('lagging-follower');
    expect(roleOf(run, 'S2')).toBe('leader');
    expect(ctxOf(run, 'S5').log).toEqual(ctxOf(run, 'S1').log);
    expect(ctxOf(run, 'S5').commitIndex).toBe(ctxOf(run, 'S1').log.length);
    const restart = run.entries(0, run.length()).find((e) => e.kind === 'restart')?.index ?? 0;
    const refusals = run
      .entries(restart, run.length())
      .filter(
        (e) => e.kind === 'deliver' && e.message?.kind === 'AppendEntriesResponse' && e.message.from === 'S5',
      )
      .filter((e) => (e.message?.payload as { success: boolean }).success === false);
    expect(refusals).toHaveLength(1);
  });
});

describe('10. a leader cut off in a minority', () => {
  it('accepts requests that never commit; the majority moves on; on healing all logs agree', () => {
    const s = named('partition-minority-leader');
    const run = raft.createRun(s.scenario);
    run.seekTime(2100 * MS);
    // Before the heal: S1 still believes it leads term 1 and holds uncommitted entries.
    expect(roleOf(run, 'S1')).toBe('leader');
    const old = ctxOf(run, 'S1');
    expect(old.log.length).toBeGreaterThan(old.commitIndex);
    expect(old.log.slice(old.commitIndex).every((e) => e.command.key === 'lost')).toBe(true);
    const newLeader = leaders(run).find((n) => n.id !== 'S1');
    expect(newLeader?.context.currentTerm).toBeGreaterThan(old.currentTerm);
    run.seekTime(s.until ?? 0);
    expect(roleOf(run, 'S1')).toBe('follower');
    const logs = run.nodes().map((n) => JSON.stringify(n.context.log));
    expect(new Set(logs).size).toBe(1);
    expect(ctxOf(run, 'S1').log.some((e) => e.command.key === 'lost')).toBe(false);
    expect(run.violations()).toEqual([]);
  });
});

describe('11. restart', () => {
  it('keeps currentTerm, votedFor and the log; loses commitIndex, lastApplied, the state machine and leader state', () => {
    const run = runNamed('leader-crash', 999 * MS);
    const before = ctxOf(run, 'S1');
    expect(roleOf(run, 'S1')).toBe('leader');
    expect(before.commitIndex).toBeGreaterThan(0);
    run.seekTime(2200 * MS);
    const after = ctxOf(run, 'S1');
    expect(run.entries(run.cursor(), run.cursor() + 1)[0]?.kind).toBe('restart');
    expect(roleOf(run, 'S1')).toBe('follower');
    expect(after.currentTerm).toBe(before.currentTerm);
    expect(after.votedFor).toBe(before.votedFor);
    expect(after.log).toEqual(before.log);
    expect(after).toMatchObject({
      commitIndex: 0,
      lastApplied: 0,
      kv: {},
      nextIndex: {},
      matchIndex: {},
      leaderId: null,
    });
  });

  it('the new leader holds every committed entry and the old leader rejoins as follower', () => {
    const run = runNamed('leader-crash');
    expect(roleOf(run, 'S1')).toBe('follower');
    expect(leaders(run)).toHaveLength(1);
    const logs = new Set(run.nodes().map((n) => JSON.stringify(n.context.log)));
    expect(logs.size).toBe(1);
    expect(run.violations()).toEqual([]);
  });
});

describe('split-vote scenario', () => {
  it('term 1 ends without a leader, a later term elects one', () => {
    const run = runNamed('split-vote');
    const entries = run.entries(0, run.length());
    const wins = entries.filter((e) => /wins the election/.test(e.narration));
    expect(wins.length).toBe(1);
    expect(wins[0]?.narration).not.toMatch(/term 1 /);
    expect(leaders(run)[0]?.context.currentTerm).toBeGreaterThan(1);
  });
});

describe('Figure 8', () => {
  const at = (run: RaftRun, ms: number) => {
    run.seekTime(ms * MS);
    return run;
  };

  it('(a)-(c): index 2 reaches a majority in term 4 but S1 does not commit it', () => {
    const run = raft.createRun(figure8Overwritten());
    at(run, 745);
    expect(logTerms(run, 'S1')).toEqual([1, 2]);
    expect(logTerms(run, 'S2')).toEqual([1, 2]);
    expect(logTerms(run, 'S3')).toEqual([1]);
    at(run, 1099);
    expect(roleOf(run, 'S5')).toBe('leader');
    expect(ctxOf(run, 'S5').currentTerm).toBe(3);
    expect(logTerms(run, 'S5')).toEqual([1, 3]);
    expect(ctxOf(run, 'S2').votedFor).toBeNull(); // S2 refused S5
    at(run, 1289);
    expect(roleOf(run, 'S1')).toBe('leader');
    expect(ctxOf(run, 'S1').currentTerm).toBe(4);
    expect(logTerms(run, 'S3')).toEqual([1, 2]);
    expect(ctxOf(run, 'S1').matchIndex).toMatchObject({ S2: 2, S3: 2 });
    expect(ctxOf(run, 'S1').commitIndex).toBe(1);
  });

  it('(d): S5 wins term 5 and overwrites index 2 everywhere, with no invariant broken', () => {
    const run = raft.createRun(figure8Overwritten());
    at(run, 1310);
    expect(logTerms(run, 'S1')).toEqual([1, 2, 4]);
    expect(logTerms(run, 'S2')).toEqual([1, 2]);
    at(run, 2300);
    expect(roleOf(run, 'S5')).toBe('leader');
    expect(ctxOf(run, 'S5').currentTerm).toBe(5);
    for (const id of ['S1', 'S2', 'S3', 'S4', 'S5']) expect(logTerms(run, id)).toEqual([1, 3, 5]);
    expect(run.violations()).toEqual([]);
  });

  it('(e): index 3 of term 4 commits index 2 with it; S5 can no longer win', () => {
    const run = raft.createRun(figure8Committed());
    at(run, 1399);
    expect(ctxOf(run, 'S1').commitIndex).toBe(3);
    at(run, 2400);
    const entries = run.entries(0, run.length());
    const winners = entries
      .filter((e) => e.time > 1400 * MS && /wins the election/.test(e.narration))
      .map((e) => e.node);
    expect(winners).toEqual(['S2']);
    expect(roleOf(run, 'S2')).toBe('leader');
    for (const id of ['S1', 'S2', 'S3', 'S4', 'S5']) expect(logTerms(run, id).slice(0, 3)).toEqual([1, 2, 4]);
    expect(run.violations()).toEqual([]);
  });

  it('the broken commit rule is caught on ending (d): Leader Completeness, then State Machine Safety', () => {
    const run = raft.createRun(figure8Overwritten('no-current-term-check'));
    at(run, 1289);
    expect(ctxOf(run, 'S1').commitIndex).toBe(2);
    at(run, 2300);
    const violations = run.violations();
    expect(violations.map((v) => v.invariant)).toEqual(['Leader Completeness', 'State Machine Safety']);
    expect(violations[0]?.detail).toMatch(
      /S5 became leader of term 5 without the entry x=2 \(term 2\) at index 2/,
    );
    const first = run.firstViolation();
    const cause = run.entries(first?.index ?? 0, (first?.index ?? 0) + 1)[0];
    expect(cause?.narration).toMatch(/wins the election for term 5/);
  });

  it('the broken commit rule breaks nothing on ending (e), where index 2 is safe anyway', () => {
    const run = raft.createRun(figure8Committed('no-current-term-check'));
    run.seekTime(2400 * MS);
    expect(run.violations()).toEqual([]);
  });
});

describe('named scenarios', () => {
  it('has the ids the article links to', () => {
    expect(raft.scenarios.map((s) => s.id).sort()).toEqual(
      [
        'election',
        'leader-crash',
        'figure-8-committed',
        'figure-8-overwritten',
        'lagging-follower',
        'partition-minority-leader',
        'prevote',
        'replication',
        'split-vote',
        'add-server',
        'remove-follower',
        'remove-leader',
        'two-changes-at-once',
        'change-before-term-commit',
      ].sort(),
    );
  });

  // Scenarios that run a broken variant on purpose must fail instead (membership.test.ts).
  const correct = raft.scenarios.filter((s) => (s.scenario.params.variant ?? 'correct') === 'correct');

  it('runs a broken variant only in the scenarios made to show one', () => {
    expect(raft.scenarios.filter((s) => !correct.includes(s)).map((s) => s.id)).toEqual([
      'two-changes-at-once',
      'change-before-term-commit',
    ]);
  });

  it.each(correct.map((s) => [s.id]))('%s runs to its moment with no violation and one leader', (id) => {
    const run = runNamed(id);
    expect(run.violations()).toEqual([]);
    expect(leaders(run)).toHaveLength(1);
  });
});

describe('params', () => {
  it('fills defaults and refuses nonsense with a message naming the field', () => {
    expect(raftParams.parse({})).toMatchObject({
      nodes: 5,
      electionTimeoutMin: 150,
      electionTimeoutMax: 300,
      variant: 'correct',
    });
    expect(() => raftParams.parse({ nodes: 12 })).toThrow(/^params\.nodes: must be between 1 and 9/);
    expect(() => raftParams.parse({ nodes: 2.5 })).toThrow(/^params\.nodes: must be a whole number/);
    expect(() => raftParams.parse({ loss: 'lots' })).toThrow(/^params\.loss: must be a number/);
    expect(() => raftParams.parse({ electionTimeoutMin: 300, electionTimeoutMax: 300 })).toThrow(
      /^params\.electionTimeoutMax/,
    );
    expect(() => raftParams.parse({ variant: 'sloppy' })).toThrow(/^params\.variant/);
    expect(() => raftParams.parse({ toString: 3 })).toThrow(/^params\.toString: is not a parameter/);
    expect(() => raftParams.parse({ nodez: 3 })).toThrow(
      /^params\.nodez: is not a parameter of this algorithm \(known: nodes, /,
    );
  });

  it('refuses scenarios that name servers the cluster does not have', () => {
    expect(() =>
      raft.createRun(scenario({ nodes: 3 }, [{ at: 0, action: { type: 'crash', node: 'S4' } }])),
    ).toThrow(/^scenario\.actions\[0\]\.action\.node: no server named "S4"/);
  });

  it('exposes a control for every parameter', () => {
    expect(raft.params.map((p) => p.key).sort()).toEqual(Object.keys(raft.defaultParams).sort());
  });
});
