import { describe, expect, it } from 'vitest';
import { Explorer, type ExploredState, type ExploreOptions } from '../exhaustive';
import {
  key,
  reachable,
  reachableTCommit,
  type RmState,
  type TmState,
  type TwoPhaseState,
} from './twophase-spec';

/** A state of the demo seen through TwoPhase's variables: rmState, tmState, tmPrepared, msgs. */
function project(s: ExploredState): TwoPhaseState {
  const [tm, ...rms] = s.processes;
  if (!tm) throw new Error('no coordinator');
  const sent = (type: string, rm?: string) =>
    s.messages.some(
      (m) => m.message.type === type && (rm === undefined || ('rm' in m.message && m.message.rm === rm)),
    );
  return {
    rmState: rms.map((p) => p.state as RmState),
    tmState: tm.state as TmState,
    tmPrepared: rms.map((p) => tm.prepared.includes(p.id)),
    preparedMsgs: rms.map((p) => sent('Prepared', p.id)),
    commitMsg: sent('Commit'),
    abortMsg: sent('Abort'),
  };
}

function projections(options: ExploreOptions): Set<string> {
  const keys = new Set<string>();
  const explorer = new Explorer(options, (s) => keys.add(key(project(s))));
  while (!explorer.step(5000).done) {
    /* exploring */
  }
  return keys;
}

describe('the machines implement TwoPhase', () => {
  it('TwoPhase itself has 288 states with three resource managers, TCommit 34', () => {
    expect(reachable(3).size).toBe(288);
    expect(reachableTCommit(3).size).toBe(34);
  });

  it('C and 3 participants: every reachable state, seen through TwoPhase, is a TwoPhase state', () => {
    const spec = reachable(3);
    const seen = projections({ participants: 3 });
    expect([...seen].filter((k) => !spec.has(k))).toEqual([]);
    // Not a trivial subset: the demo reaches most of the specification's states.
    expect(seen.size).toBeGreaterThan(spec.size / 2);
  });

  it('cooperative termination goes beyond TwoPhase but stays within TCommit', () => {
    const options = { participants: 2, terminationProtocol: true, cooperativeTermination: true };
    const twoPhase = reachable(2);
    const tcommit = reachableTCommit(2);
    const seen = projections(options);
    // A prepared participant aborts on a peer's word ("I had not voted, I aborted") before C
    // decides: a step TwoPhase does not have, and a safe one (that peer can never vote yes).
    const beyond = [...seen].filter((k) => !twoPhase.has(k));
    expect(beyond.length).toBeGreaterThan(0);
    for (const k of seen) expect(tcommit.has(k.split('|')[0] as string)).toBe(true);
  });

  it('the broken variant leaves even TCommit: one participant committed, another aborted', () => {
    const tcommit = reachableTCommit(3);
    const seen = projections({ terminationProtocol: true, variant: 'unilateral-abort-when-prepared' });
    expect([...seen].some((k) => !tcommit.has(k.split('|')[0] as string))).toBe(true);
  });
});
