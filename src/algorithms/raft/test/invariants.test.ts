/**
 * The checker must be able to fire: each Figure 3 property, broken on purpose, is reported with
 * the nodes, terms and indices involved.
 */
import { describe, expect, it } from 'vitest';
import type { NodeStatus } from '../../../sim/spec';
import { initialContext } from '../machine';
import { RaftChecker } from '../invariants';
import type { LogEntry, RaftContext } from '../types';
import { config, entry } from './helpers';

function node(id: string, role: string, fields: Partial<RaftContext>): NodeStatus<RaftContext> {
  return { id, up: true, role, context: { ...initialContext({ config: config(id, 3) }), ...fields } };
}

function cluster(...nodes: NodeStatus<RaftContext>[]) {
  return nodes;
}

describe('RaftChecker', () => {
  it('reports nothing for consistent states', () => {
    const log = [entry(1), entry(1)];
    const checker = new RaftChecker();
    const nodes = cluster(
      node('S1', 'leader', { currentTerm: 1, log, commitIndex: 2, lastApplied: 2 }),
      node('S2', 'follower', { currentTerm: 1, log, commitIndex: 2, lastApplied: 2 }),
      node('S3', 'follower', { currentTerm: 1, log: log.slice(0, 1) }),
    );
    expect(checker.check(nodes, -1)).toEqual([]);
  });

  it('Election Safety: two leaders in one term', () => {
    const checker = new RaftChecker();
    checker.check(
      cluster(node('S1', 'leader', { currentTerm: 2 }), node('S2', 'follower', { currentTerm: 2 })),
      -1,
    );
    const found = checker.check(
      cluster(node('S1', 'follower', { currentTerm: 2 }), node('S2', 'leader', { currentTerm: 2 })),
      -1,
    );
    expect(found).toEqual([
      {
        invariant: 'Election Safety',
        detail: 'S2 became leader of term 2, but S1 was already elected leader of term 2',
      },
    ]);
  });

  it('Leader Append-Only: a leader that rewrites its log', () => {
    const checker = new RaftChecker();
    const a = entry(1);
    checker.check(cluster(node('S1', 'leader', { currentTerm: 1, log: [a, entry(1)] })), -1);
    const found = checker.check(
      cluster(node('S1', 'leader', { currentTerm: 1, log: [a, entry(1), entry(1)] })),
      -1,
    );
    expect(found.map((f) => f.invariant)).toEqual(['Leader Append-Only']);
    expect(found[0]?.detail).toMatch(/S1 \(term 1\) changed or removed its entry at index 2/);
  });

  it('Leader Append-Only: appending is fine', () => {
    const checker = new RaftChecker();
    const log = [entry(1)];
    checker.check(cluster(node('S1', 'leader', { currentTerm: 1, log })), -1);
    expect(
      checker.check(cluster(node('S1', 'leader', { currentTerm: 1, log: [...log, entry(1)] })), -1),
    ).toEqual([]);
  });

  it('Log Matching: same index and term, different history', () => {
    const checker = new RaftChecker();
    const found = checker.check(
      cluster(
        node('S1', 'follower', { currentTerm: 3, log: [entry(1, 'a'), entry(3)] }),
        node('S2', 'follower', { currentTerm: 3, log: [entry(2, 'b'), entry(3)] }),
      ),
      -1,
    );
    expect(found.map((f) => f.invariant)).toEqual(['Log Matching']);
    expect(found[0]?.detail).toMatch(
      /S1 and S2 both hold an entry of term 3 at index 2, yet differ at index 1/,
    );
  });

  it('Log Matching: long logs that differ far back are caught too', () => {
    const shared: LogEntry[] = Array.from({ length: 200 }, () => entry(1));
    const a = [...shared.slice(0, 70), entry(1, 'left'), ...shared.slice(71)];
    const checker = new RaftChecker();
    const found = checker.check(
      cluster(
        node('S1', 'follower', { currentTerm: 1, log: shared }),
        node('S2', 'follower', { currentTerm: 1, log: a }),
      ),
      -1,
    );
    expect(found[0]?.detail).toMatch(/differ at index 71/);
  });

  it('Leader Completeness: a leader elected without a committed entry', () => {
    const checker = new RaftChecker();
    const committed = entry(2, 'kept');
    checker.check(
      cluster(
        node('S1', 'leader', { currentTerm: 2, log: [committed], commitIndex: 1 }),
        node('S2', 'follower', { currentTerm: 2, log: [committed] }),
        node('S3', 'follower', { currentTerm: 2 }),
      ),
      -1,
    );
    const found = checker.check(
      cluster(
        node('S1', 'follower', { currentTerm: 3, log: [committed] }),
        node('S2', 'follower', { currentTerm: 3, log: [committed] }),
        node('S3', 'leader', { currentTerm: 3, log: [entry(3)] }),
      ),
      -1,
    );
    expect(found.map((f) => f.invariant)).toContain('Leader Completeness');
    expect(found.find((f) => f.invariant === 'Leader Completeness')?.detail).toMatch(
      /S3 became leader of term 3 without the entry x=kept \(term 2\) at index 1, which S1 committed in term 2/,
    );
  });

  it('State Machine Safety: two servers apply different entries at one index', () => {
    const checker = new RaftChecker();
    checker.check(
      cluster(
        node('S1', 'follower', { currentTerm: 2, log: [entry(1, 'a')], commitIndex: 1, lastApplied: 1 }),
      ),
      -1,
    );
    const found = checker.check(
      cluster(
        node('S1', 'follower', { currentTerm: 2, log: [entry(1, 'a')], commitIndex: 1, lastApplied: 1 }),
        node('S2', 'follower', { currentTerm: 2, log: [entry(2, 'b')], commitIndex: 1, lastApplied: 1 }),
      ),
      -1,
    );
    const sms = found.find((f) => f.invariant === 'State Machine Safety');
    expect(sms?.detail).toMatch(
      /S2 applied x=b \(term 2\) at index 1, but S1 had applied x=a \(term 1\) there/,
    );
  });

  it('restores its ghost state from a checkpoint', () => {
    const checker = new RaftChecker();
    checker.check(cluster(node('S1', 'leader', { currentTerm: 2 })), -1);
    const saved = checker.save();
    const fresh = new RaftChecker();
    fresh.load(saved);
    const found = fresh.check(
      cluster(node('S1', 'follower', { currentTerm: 2 }), node('S2', 'leader', { currentTerm: 2 })),
      -1,
    );
    expect(found.map((f) => f.invariant)).toEqual(['Election Safety']);
  });
});
