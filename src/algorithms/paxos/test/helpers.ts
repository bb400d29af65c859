import type { Scenario } from '../../../sim/types';
import paxos from '..';
import { scenarios } from '../scenarios';

export function named(id: string): Scenario {
  const s = scenarios.find((x) => x.id === id);
  if (!s) throw new Error(`no scenario ${id}`);
  return s.scenario;
}

/** Runs a scenario to `ms` and returns the run at its end. */
export function runTo(scenario: Scenario, ms: number) {
  const run = paxos.createRun(scenario);
  run.seekTime(ms * 1000);
  return run;
}

export function withParams(scenario: Scenario, params: Record<string, unknown>): Scenario {
  return { ...scenario, params: { ...scenario.params, ...params } };
}
