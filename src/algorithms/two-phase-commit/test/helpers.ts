import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import type { Effect } from '../../../sim/spec';
import type { Scenario } from '../../../sim/types';
import { freshInput, restartInput } from '../cluster';
import { protocolState, twoPhaseCommitMachine, type MachineEvent } from '../machine';
import type { TwoPhaseCommitParams } from '../types';
import twoPhaseCommit from '..';
import type { TwoPhaseCommitRun } from '..';
import { twoPhaseCommitParams } from '../params';
import { twoPhaseCommitScenario } from '../scenarios';

export type Snapshot = SnapshotFrom<typeof twoPhaseCommitMachine>;

export interface Stepped {
  snapshot: Snapshot;
  effects: Effect[];
  state: string;
}

function stepped(snapshot: Snapshot, actions: readonly { type: string; params?: unknown }[]): Stepped {
  const effects = actions
    .filter((a) => a.type === 'xstate.emit')
    .map((a) => (a.params as { event: Effect }).event);
  return { snapshot, effects, state: protocolState(snapshot.value) };
}

/** A fresh process of the machine, by the pure functions the explorer uses too. */
export function boot(node: string, params: Partial<TwoPhaseCommitParams> = {}): Stepped {
  const [snapshot, actions] = initialTransition(
    twoPhaseCommitMachine,
    freshInput(node, { ...twoPhaseCommitParams.defaults, ...params }),
  );
  return stepped(snapshot, actions);
}

export function recover(node: string, log: string[], params: Partial<TwoPhaseCommitParams> = {}): Stepped {
  const input = restartInput(node, { ...twoPhaseCommitParams.defaults, ...params }, { log });
  const [snapshot, actions] = initialTransition(twoPhaseCommitMachine, input);
  return stepped(snapshot, actions);
}

export function send(from: Stepped, ...events: MachineEvent[]): Stepped {
  let current = from;
  for (const event of events) {
    const [snapshot, actions] = transition(twoPhaseCommitMachine, current.snapshot, event);
    current = stepped(snapshot, actions);
  }
  return current;
}

/** The messages sent, as "Type>to". */
export function sends(s: Stepped): string[] {
  return s.effects.flatMap((e) => (e.type === 'send' ? [`${e.message.type}>${e.to}`] : []));
}

export const scenarioOf = twoPhaseCommitScenario;

export function runTo(scenario: Scenario, untilMs: number): TwoPhaseCommitRun {
  const run = twoPhaseCommit.createRun(scenario);
  run.runUntil(untilMs * 1000);
  return run;
}

/** Each process's protocol state at the cursor: { C: 'committed', P1: 'committed', ... }. */
export function states(run: TwoPhaseCommitRun): Record<string, string> {
  return Object.fromEntries(run.view().nodes.map((n) => [n.id, n.state.state]));
}
