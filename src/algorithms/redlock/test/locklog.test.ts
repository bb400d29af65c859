import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../../sim/types';
import { NO_STALE_WRITE } from '../invariants';
import type { Holder } from '../locklog';
import { findScenario } from '../scenarios';
import type { StorageWrite } from '../types';
import redlock from '..';
import type { RedlockRun } from '..';

const MS = 1000;

function named(id: string): Scenario {
  const scenario = findScenario(id)?.scenario;
  if (!scenario) throw new Error(`no scenario ${id}`);
  return scenario;
}

/** Everything the log says after event `cursor`. */
function reading(run: RedlockRun, cursor = run.cursor()) {
  return { ...run.logs.locks.holdingsAt(cursor), writes: run.logs.locks.writesAt(cursor) };
}

/** The clients in `holding` in the world at the run's cursor. */
function holdersInWorld(run: RedlockRun): Holder[] {
  const holders: Holder[] = [];
  for (const n of run.nodes()) {
    const ctx = n.context;
    if (ctx.role === 'client' && n.up && n.role === 'holding') {
      holders.push({ client: n.id, value: ctx.value ?? '', token: ctx.token });
    }
  }
  return holders;
}

function storageInWorld(run: RedlockRun): StorageWrite[] {
  for (const n of run.nodes()) if (n.context.role === 'storage') return n.context.writes;
  return [];
}

const byClient = (a: Holder, b: Holder) => a.client.localeCompare(b.client);

/** The log at the cursor says what the world at the cursor shows, and keeps what came before. */
function expectAgreement(run: RedlockRun, before: ReturnType<typeof reading> | null): void {
  const now = reading(run);
  const open = now.holdings
    .filter((h) => h.end === null)
    .map(({ client, value, token }) => ({ client, value, token }));
  expect(open.sort(byClient)).toEqual(holdersInWorld(run).sort(byClient));
  const clients = new Set(open.map((h) => h.client));
  const openOverlaps = now.overlaps.filter((o) => o.end === null);
  expect(openOverlaps).toHaveLength(clients.size > 1 ? 1 : 0);
  for (const client of clients.size > 1 ? clients : []) expect(openOverlaps[0]?.clients).toContain(client);
  expect(
    now.writes.map(({ from, lockValue, data, token, accepted }) => ({
      from,
      lockValue,
      data,
      token,
      accepted,
    })),
  ).toEqual(storageInWorld(run));
  expect(now.writes.map((w) => w.position)).toEqual(now.writes.map((_, i) => i + 1));
  if (!before) return;
  // History only grows: what ended stays ended, and only what was open may close, now.
  expect(now.holdings.length).toBeGreaterThanOrEqual(before.holdings.length);
  before.holdings.forEach((h, i) => {
    const later = now.holdings[i];
    expect(later).toMatchObject({ client: h.client, value: h.value, start: h.start });
    if (h.end !== null) expect(later?.end).toBe(h.end);
    else if (later?.end !== null) expect(later?.end).toBe(run.time());
  });
}

describe('the lock log', () => {
  it.each(['clock-jump', 'process-pause', 'process-pause-fencing', 'restart-without-persistence'])(
    '%s: after every event, it holds what the world shows and keeps what came before',
    (id) => {
      const run = redlock.createRun(named(id));
      expectAgreement(run, null);
      let before = reading(run);
      while (run.step()) {
        expectAgreement(run, before);
        before = reading(run);
      }
      expect(run.logs.locks.events).toBe(run.length());
      // The stale flag is the checker's own verdict.
      const stale = before.writes.some((w) => w.stale);
      expect(run.violations().some((v) => v.invariant === NO_STALE_WRITE)).toBe(stale);
    },
  );

  it('clock-jump: C1 and C2 overlap from the moment the second one holds', () => {
    const run = redlock.createRun(named('clock-jump'));
    while (run.step());
    const { holdings, overlaps } = reading(run);
    expect(overlaps).toHaveLength(1);
    const [overlap] = overlaps;
    expect(overlap?.clients.sort()).toEqual(['C1', 'C2']);
    expect(overlap?.start).toBe(Math.max(...holdings.slice(0, 2).map((h) => h.start)));
    expect(overlap?.end).toBe(Math.min(...holdings.slice(0, 2).map((h) => h.end ?? Infinity)));
  });

  it('reads the same at any cursor, backwards and forwards, without writing anything', () => {
    const run = redlock.createRun(named('process-pause'), { checkpointEvery: 10 });
    const readings = [reading(run)];
    while (run.step()) readings.push(reading(run));
    const { events, revision } = run.logs.locks;
    const last = run.length() - 1;
    for (const index of [last, 0, Math.floor(last / 2), 5, last - 1, 37, -1, last]) {
      run.seek(index);
      expect(reading(run)).toEqual(readings[run.cursor() + 1]);
    }
    for (run.seek(-1); run.cursor() < last; run.step()) {
      expect(reading(run)).toEqual(readings[run.cursor() + 1]);
    }
    expect([run.logs.locks.events, run.logs.locks.revision]).toEqual([events, revision]);
  });

  it('replays from checkpoints and narration rebuilt by replay write nothing twice', () => {
    const scenario = named('clock-jump');
    const run = redlock.createRun(scenario, { checkpointEvery: 4 });
    while (run.step());
    const { events, revision } = run.logs.locks;
    const atEnd = reading(run);
    // Seeks restore a checkpoint and replay; old narration is rebuilt on a scratch world.
    for (const index of [3, 17, 9, events - 1]) run.seek(index);
    expect(run.entries(0, run.length()).every((e) => e.narration.length > 0)).toBe(true);
    expect([run.logs.locks.events, run.logs.locks.revision]).toEqual([events, revision]);
    expect(reading(run)).toEqual(atEnd);
    // Checkpoints change nothing the log records.
    const plain = redlock.createRun(scenario);
    while (plain.step());
    expect(reading(plain)).toEqual(atEnd);
  });

  it('a fork discards the recorded future and records the new one', () => {
    const scenario = named('clock-jump');
    const run = redlock.createRun(scenario, { checkpointEvery: 8 });
    while (run.step());
    const [overlap] = reading(run).overlaps;
    if (!overlap) throw new Error('clock-jump has an overlap');
    // Go back to before the second client held the lock and crash it.
    run.seekTime(overlap.start - 1);
    const fork = run.cursor();
    const past = reading(run);
    const revision = run.logs.locks.revision;
    run.act({ type: 'crash', node: 'C2' });
    expect(run.logs.locks.revision).toBeGreaterThan(revision);
    while (run.step());
    expect(run.logs.locks.events).toBe(run.length());
    const after = reading(run);
    expect(after.overlaps).toEqual([]);
    expect(after.holdings.map((h) => h.client)).not.toContain('C2');
    expect(reading(run, fork)).toEqual(past);
    // A fresh run of the new scenario, as a share link would load it, reads the same.
    const shared = redlock.createRun(run.scenario());
    shared.seek(run.cursor());
    expect(reading(shared)).toEqual(after);
  });

  it('an action refused before the fork leaves the log as it was', () => {
    const run = redlock.createRun(named('uncontended'));
    while (run.step());
    run.seek(10);
    const { events, revision } = run.logs.locks;
    expect(() => run.act({ type: 'crash', node: 'Z' })).toThrow(/no node named "Z"/);
    expect([run.logs.locks.events, run.logs.locks.revision]).toEqual([events, revision]);
    expect(reading(run, events - 1).writes).toHaveLength(1);
  });

  it('the storage’s list starts again when it restarts without the writes it never persisted', () => {
    const base = named('uncontended');
    const probe = redlock.createRun(base);
    while (probe.step());
    const [write] = reading(probe).writes;
    if (!write) throw new Error('uncontended writes once');
    const wroteAt = probe.entries(write.index, write.index + 1)[0]?.time ?? 0;
    const crashed: Scenario = {
      ...base,
      actions: [
        ...base.actions,
        { at: wroteAt + 10 * MS, action: { type: 'crash', node: 'S' } },
        { at: wroteAt + 20 * MS, action: { type: 'restart', node: 'S' } },
      ],
    };
    const run = redlock.createRun(crashed);
    let before = reading(run);
    while (run.step()) {
      expectAgreement(run, before);
      before = reading(run);
    }
    expect(reading(run).writes).toEqual([]);
    run.seekTime(wroteAt + 15 * MS);
    expect(reading(run).writes.map((w) => [w.from, w.accepted])).toEqual([['C1', true]]);
  });
});
