/** Each named scenario tells the story its description promises. */
import { describe, expect, it } from 'vitest';
import { dlm } from '../index';
import type { BackendContext, ClientContext, ManagerContext } from '../types';
import { parseOp } from '../client';
import { applyTxn, emptyStore, endLease, grantLease } from '../etcd';

function play(id: string) {
  const named = dlm.scenarios.find((s) => s.id === id);
  if (!named) throw new Error(id);
  const run = dlm.createRun(named.scenario);
  run.runUntil(named.until ?? 3_000_000);
  const entries = run.entries(0, run.length());
  const delivered = (kind: string, to?: string) =>
    entries.filter(
      (e) => e.kind === 'deliver' && e.message?.kind === kind && (to === undefined || e.message.to === to),
    );
  const nodes = run.nodes();
  const manager = nodes.find((n) => n.context.role === 'manager')?.context as ManagerContext;
  const backend = nodes.find((n) => n.context.role === 'backend')?.context as BackendContext;
  const client = (id: string) => nodes.find((n) => n.id === id)?.context as ClientContext;
  return {
    run,
    entries,
    delivered,
    manager,
    backend,
    client,
    violations: run.violations().map((v) => v.invariant),
  };
}

const grantedModes = (p: ReturnType<typeof play>, to: string) =>
  p.delivered('Granted', to).map((e) => (e.message?.payload as { mode: string }).mode);

describe('the named scenarios', () => {
  it('readers and a writer: two PR holders share, get blocking ASTs, and the writer gets EX', () => {
    const p = play('readers-and-writer');
    expect(grantedModes(p, 'C1')).toEqual(['PR']);
    expect(grantedModes(p, 'C2')).toEqual(['PR']);
    expect(grantedModes(p, 'C3')).toEqual(['EX']);
    expect(
      p
        .delivered('Blocking')
        .map((e) => e.message?.to)
        .sort(),
    ).toEqual(['C1', 'C2']);
    expect(p.violations).toEqual([]);
  });

  it('the conversion deadlock is found and its younger conversion denied', () => {
    const p = play('conversion-deadlock');
    expect(p.manager.deadlocks).toEqual([{ cycle: expect.arrayContaining(['C1', 'C2']), victim: 'C2' }]);
    expect(grantedModes(p, 'C1')).toEqual(['PR', 'EX']);
    expect(p.violations).toEqual([]);
  });

  it('without detection the same conversions wait for ever', () => {
    const p = play('conversion-deadlock-undetected');
    expect(p.violations).toEqual(['No lasting deadlock']);
  });

  it('a crashed holder loses its lock when its lease ends, and the waiter gets it', () => {
    const p = play('holder-crash');
    const granted = p.delivered('Granted', 'C2')[0];
    expect(granted?.time).toBeGreaterThan(2_000_000);
    expect(p.violations).toEqual([]);
  });

  it('a backend cut off ends every lease; after the heal the manager is empty and C2 gets EX', () => {
    const p = play('backend-partition');
    expect(p.client('C1').outcome).toMatch(/lease ran out/);
    expect(grantedModes(p, 'C2')).toEqual(['EX']);
    expect(p.violations).toEqual([]);
  });

  it('the broken order lets a new reader jump the conversion; the correct order does not', () => {
    expect(play('starvation-broken-order').violations).toContain('Queue order');
    const fixed = play('starvation-correct-order');
    expect(fixed.violations).toEqual([]);
    const c1ex = fixed
      .delivered('Granted', 'C1')
      .find((e) => (e.message?.payload as { mode: string }).mode === 'EX');
    const c3 = fixed.delivered('Granted', 'C3')[0];
    expect(c1ex && c3 && c1ex.time < c3.time).toBe(true);
  });

  it('a paused holder’s stale write is refused with fencing and accepted without', () => {
    const fenced = play('paused-holder-fenced');
    expect(fenced.backend.writes.map((w) => [w.client, w.accepted])).toEqual([
      ['C2', true],
      ['C1', false],
    ]);
    expect(fenced.violations).toEqual([]);
    const open = play('paused-holder-unfenced');
    expect(open.backend.writes.map((w) => [w.client, w.accepted, w.keyAlive])).toEqual([
      ['C2', true, true],
      ['C1', true, false],
    ]);
    expect(open.violations).toEqual(['Writes within the lease']);
  });

  it('the Redis backend refuses PR and grants EX', () => {
    const p = play('ex-only-backend');
    expect(p.delivered('Denied', 'C1').map((e) => (e.message?.payload as { reason: string }).reason)).toEqual(
      ['unsupported'],
    );
    expect(grantedModes(p, 'C1')).toEqual(['EX']);
    expect(grantedModes(p, 'C2')).toEqual(['EX']);
  });
});

describe('crashes of the manager and the backend', () => {
  it('both come back with their state and the queues move on', () => {
    const actions = [
      { at: 500_000, action: { type: 'crash' as const, node: 'M' } },
      { at: 900_000, action: { type: 'restart' as const, node: 'M' } },
      { at: 2_000_000, action: { type: 'crash' as const, node: 'E' } },
      { at: 2_600_000, action: { type: 'restart' as const, node: 'E' } },
    ];
    const run = dlm.createRun({
      version: 1,
      algorithm: 'dlm',
      params: { ...dlm.defaultParams },
      seed: 3,
      actions,
    });
    run.runUntil(12_000_000);
    expect(run.violations()).toEqual([]);
    const later = run
      .entries(0, run.length())
      .filter((e) => e.kind === 'deliver' && e.message?.kind === 'Granted' && e.time > 3_000_000);
    expect(later.length).toBeGreaterThan(5);
  });
});

describe('client requests', () => {
  it('reads the player’s free text', () => {
    expect(parseOp('lock pr')).toEqual({ op: 'lock', mode: 'PR' });
    expect(parseOp('EX')).toEqual({ op: 'lock', mode: 'EX' });
    expect(parseOp('convert CW')).toEqual({ op: 'convert', mode: 'CW' });
    expect(parseOp('unlock')).toEqual({ op: 'unlock' });
    expect(parseOp('hello')).toBeNull();
  });
});

describe('the simulated etcd store', () => {
  it('writes every op of a transaction at one revision and ends a lease in one more', () => {
    let s = emptyStore();
    const g = grantLease(s, 2);
    s = g.store;
    const r = applyTxn(s, {
      compare: [],
      success: [
        { type: 'put', key: '/a', value: '1', lease: g.lease.id },
        { type: 'put', key: '/b', value: '2', lease: g.lease.id },
      ],
      failure: [],
    });
    s = r.store;
    expect(s.revision).toBe(2);
    expect(s.kv['/a']?.modRevision).toBe(2);
    const ended = endLease(s, g.lease.id);
    expect(ended.store.revision).toBe(3);
    expect(ended.events.map((e) => e.key)).toEqual(['/a', '/b']);
  });
});
