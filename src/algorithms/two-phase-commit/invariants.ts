/**
 * The safety properties of two-phase commit, as functions of the global state, and the blocking
 * report, which is a liveness problem and not a violation: a prepared participant that cannot
 * learn the outcome waits, holding its locks, exactly as the protocol tells it to.
 */
import { formatDuration, listNames } from '../../sim/format';
import type { Finding, InvariantChecker, NodeStatus } from '../../sim/spec';
import type { NodeId, WorldView } from '../../sim/types';
import { loggedDecision } from './machine';
import { sampleOf, type ProcessSample, type StateLog } from './statelog';
import type { Decision, LogRecord, TwoPhaseCommitContext, TwoPhaseCommitViewState } from './types';

export const ATOMICITY = 'Atomicity';
export const VALIDITY = 'Validity';

/** What a process has logged; enough for both properties. */
export interface LoggedProcess {
  id: NodeId;
  coordinator: boolean;
  log: readonly LogRecord[];
}

function byDecision(processes: readonly LoggedProcess[], decision: Decision): LoggedProcess[] {
  return processes.filter((p) => loggedDecision(p.log) === decision);
}

/**
 * Atomicity (TCConsistent, extended to the coordinator): no participant committed while another
 * aborted, and no participant's outcome differs from the coordinator's logged decision.
 */
export function checkAtomicity(processes: readonly LoggedProcess[]): string | null {
  const participants = processes.filter((p) => !p.coordinator);
  const committed = byDecision(participants, 'commit');
  const aborted = byDecision(participants, 'abort');
  if (committed.length > 0 && aborted.length > 0) {
    return `${listNames(committed.map((p) => p.id))} committed while ${listNames(aborted.map((p) => p.id))} aborted`;
  }
  const tm = processes.find((p) => p.coordinator);
  const decision = tm ? loggedDecision(tm.log) : null;
  if (tm && decision === 'commit' && aborted.length > 0) {
    return `${tm.id} decided commit but ${listNames(aborted.map((p) => p.id))} aborted`;
  }
  if (tm && committed.length > 0 && decision !== 'commit') {
    const what = decision === 'abort' ? 'decided abort' : 'never decided commit';
    return `${listNames(committed.map((p) => p.id))} committed but ${tm.id} ${what}`;
  }
  return null;
}

/** Validity: the transaction commits only if every participant voted yes (forced a prepared record). */
export function checkValidity(processes: readonly LoggedProcess[]): string | null {
  const committer = processes.find((p) => loggedDecision(p.log) === 'commit');
  if (!committer) return null;
  const noYes = processes.filter((p) => !p.coordinator && !p.log.includes('prepared'));
  if (noYes.length === 0) return null;
  return `${committer.id} committed but ${listNames(noYes.map((p) => p.id))} never voted yes`;
}

export function loggedProcesses(nodes: readonly NodeStatus<TwoPhaseCommitContext>[]): LoggedProcess[] {
  return nodes.map((n) => ({
    id: n.id,
    coordinator: n.context.config.role === 'coordinator',
    log: n.context.log,
  }));
}

/**
 * Both properties depend on the logs only, so the checker keeps no history. It sees every event
 * once as the run first computes it, so it writes the run's state log (`log`, when given) for the
 * views: the state of each process the event may have changed.
 */
export function createChecker(log?: StateLog): InvariantChecker<TwoPhaseCommitContext> {
  return {
    names: [ATOMICITY, VALIDITY],
    check(nodes, changed, event) {
      const processes = loggedProcesses(nodes);
      const findings: Finding[] = [];
      const atomicity = checkAtomicity(processes);
      if (atomicity) findings.push({ invariant: ATOMICITY, detail: atomicity });
      const validity = checkValidity(processes);
      if (validity) findings.push({ invariant: VALIDITY, detail: validity });
      if (log?.wants(event.index)) {
        const samples: [number, ProcessSample][] = [];
        nodes.forEach((node, i) => {
          if (changed < 0 || i === changed) samples.push([i, sampleOf(node)]);
        });
        log.write(event.index, event.time, samples);
      }
      return findings;
    },
    save: () => null,
    load: () => undefined,
  };
}

export interface BlockedParticipant {
  id: NodeId;
  up: boolean;
  since: number | null;
  sentence: string;
}

/**
 * Participants in doubt at this moment: prepared, not knowing the outcome, holding their locks.
 * Not a safety violation; this is the blocking problem that 3PC and Paxos Commit address.
 */
export function blockingReport(world: WorldView<TwoPhaseCommitViewState>): BlockedParticipant[] {
  const blocked: BlockedParticipant[] = [];
  for (const node of world.nodes) {
    if (node.state.role !== 'participant' || !node.state.inDoubt) continue;
    const since = node.state.locksHeldSince;
    const when = since === null ? '' : ` since t = ${formatDuration(since)}`;
    const sentence = node.up
      ? `${node.id} in doubt${when}, holding its locks`
      : `${node.id} is down with PREPARED on its log: in doubt, its locks held until it learns the outcome`;
    blocked.push({ id: node.id, up: node.up, since, sentence });
  }
  return blocked;
}
