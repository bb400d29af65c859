/**
 * The TwoPhase specification of Gray and Lamport, transcribed action by action, with a
 * breadth-first search of its reachable states. Tests use it as an independent reference: every
 * state the demo's machines reach, seen through TwoPhase's variables, must be one of these.
 */
export type RmState = 'working' | 'prepared' | 'committed' | 'aborted';
export type TmState = 'init' | 'committed' | 'aborted';

export interface TwoPhaseState {
  rmState: readonly RmState[];
  tmState: TmState;
  tmPrepared: readonly boolean[];
  /** Prepared(rm) for each rm, then Commit, then Abort: TwoPhase's set of messages. */
  preparedMsgs: readonly boolean[];
  commitMsg: boolean;
  abortMsg: boolean;
}

export function key(s: TwoPhaseState): string {
  const bits = (xs: readonly boolean[]) => xs.map((x) => (x ? '1' : '0')).join('');
  return `${s.rmState.join(',')}|${s.tmState}|${bits(s.tmPrepared)}|${bits(s.preparedMsgs)}|${s.commitMsg ? 'C' : ''}${s.abortMsg ? 'A' : ''}`;
}

function set<T>(xs: readonly T[], i: number, v: T): T[] {
  const copy = xs.slice();
  copy[i] = v;
  return copy;
}

function next(s: TwoPhaseState): TwoPhaseState[] {
  const out: TwoPhaseState[] = [];
  const n = s.rmState.length;
  if (s.tmState === 'init') {
    for (let rm = 0; rm < n; rm++) {
      if (s.preparedMsgs[rm]) out.push({ ...s, tmPrepared: set(s.tmPrepared, rm, true) }); // TMRcvPrepared
    }
    if (s.tmPrepared.every(Boolean)) out.push({ ...s, tmState: 'committed', commitMsg: true }); // TMCommit
    out.push({ ...s, tmState: 'aborted', abortMsg: true }); // TMAbort
  }
  for (let rm = 0; rm < n; rm++) {
    if (s.rmState[rm] === 'working') {
      out.push({
        ...s,
        rmState: set(s.rmState, rm, 'prepared'),
        preparedMsgs: set(s.preparedMsgs, rm, true),
      }); // RMPrepare
      out.push({ ...s, rmState: set(s.rmState, rm, 'aborted') }); // RMChooseToAbort
    }
    if (s.commitMsg) out.push({ ...s, rmState: set(s.rmState, rm, 'committed') }); // RMRcvCommitMsg
    if (s.abortMsg) out.push({ ...s, rmState: set(s.rmState, rm, 'aborted') }); // RMRcvAbortMsg
  }
  return out;
}

/** Every state TwoPhase reaches with `n` resource managers, by key. */
export function reachable(n: number): Map<string, TwoPhaseState> {
  const init: TwoPhaseState = {
    rmState: Array.from({ length: n }, () => 'working'),
    tmState: 'init',
    tmPrepared: Array.from({ length: n }, () => false),
    preparedMsgs: Array.from({ length: n }, () => false),
    commitMsg: false,
    abortMsg: false,
  };
  const seen = new Map([[key(init), init]]);
  const queue = [init];
  while (queue.length > 0) {
    const s = queue.shift() as TwoPhaseState;
    for (const t of next(s)) {
      const k = key(t);
      if (!seen.has(k)) {
        seen.set(k, t);
        queue.push(t);
      }
    }
  }
  return seen;
}

/**
 * TCommit, the abstract specification TwoPhase implements: only the resource managers' states.
 * Every state it reaches, by key (the states joined with commas).
 */
export function reachableTCommit(n: number): Set<string> {
  const init: RmState[] = Array.from({ length: n }, () => 'working');
  const seen = new Set([init.join(',')]);
  const queue = [init];
  while (queue.length > 0) {
    const s = queue.shift() as RmState[];
    const canCommit = s.every((r) => r === 'prepared' || r === 'committed');
    const canAbort = !s.includes('committed');
    const out: RmState[][] = [];
    s.forEach((r, rm) => {
      if (r === 'working') out.push(set(s, rm, 'prepared')); // Prepare
      if (r === 'prepared' && canCommit) out.push(set(s, rm, 'committed')); // Decide: commit
      if ((r === 'working' || r === 'prepared') && canAbort) out.push(set(s, rm, 'aborted')); // Decide: abort
    });
    for (const t of out) {
      const k = t.join(',');
      if (!seen.has(k)) {
        seen.add(k);
        queue.push(t);
      }
    }
  }
  return seen;
}
