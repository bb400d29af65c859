import { randomFaults } from '../../../sim/explore';
import type { AlgorithmModule, AlgorithmRun } from '../../../sim/module';
import { defineParams, param } from '../../../sim/params';
import type { Action, Micros, Scenario, TraceEntry, Violation, WorldView } from '../../../sim/types';

/**
 * A tiny stand-in algorithm for the player's tests: each node ticks every `period` µs and sends a
 * token to the next node; an invariant fails once any node has ticked `limit` times. It follows the
 * Run contract (cursor, fork on act, replay from the scenario) without the real kernel's checkpoints.
 */
interface FakeState {
  ticks: number;
}

const NODES = ['A', 'B', 'C'];

function simulate(
  scenario: Scenario,
  upTo: number,
): { entries: TraceEntry[]; states: WorldView<FakeState>[] } {
  const period = Number(scenario.params['period'] ?? 10_000);
  const limit = Number(scenario.params['limit'] ?? Infinity);
  const until = Number(scenario.params['until'] ?? Infinity);
  const ticks = new Map(NODES.map((n) => [n, 0]));
  const up = new Map(NODES.map((n) => [n, true]));
  const nextTick = new Map(NODES.map((n, i) => [n, period + i + (scenario.seed % 7)]));
  const actions = [...scenario.actions];
  const entries: TraceEntry[] = [];
  const states: WorldView<FakeState>[] = [];
  let violation: Violation | null = null;
  while (entries.length < upTo) {
    const upNodes = NODES.filter((n) => up.get(n));
    const tickAt = Math.min(...upNodes.map((n) => nextTick.get(n) ?? Infinity));
    const action = actions[0];
    const time = Math.min(tickAt, action?.at ?? Infinity);
    if (!Number.isFinite(time) || time > until) break;
    const index = entries.length;
    if (action && action.at <= tickAt) {
      actions.shift();
      const a = action.action;
      if (a.type === 'crash') up.set(a.node, false);
      if (a.type === 'restart') {
        up.set(a.node, true);
        nextTick.set(a.node, time + period);
      }
      entries.push({
        index,
        time,
        kind: 'action',
        action: a,
        narration: `The reader applies ${a.type}.`,
        sent: [],
      });
    } else {
      const node = upNodes.find((n) => nextTick.get(n) === tickAt) ?? 'A';
      const count = (ticks.get(node) ?? 0) + 1;
      ticks.set(node, count);
      nextTick.set(node, tickAt + period);
      entries.push({
        index,
        time,
        kind: 'timer',
        node,
        timer: 'tick',
        narration: `${node} ticks (${count}).`,
        sent: [],
      });
      if (violation === null && count >= limit) {
        violation = { invariant: 'Below limit', detail: `${node} ticked ${count} times`, index, time };
      }
    }
    states.push({
      time,
      cursor: index,
      nodes: NODES.map((id) => ({
        id,
        up: up.get(id) ?? false,
        pausedUntil: null,
        clock: time,
        role: up.get(id) ? 'ticking' : 'down',
        state: { ticks: ticks.get(id) ?? 0 },
        timers: [],
      })),
      messages: [],
      partitions: [],
      violations: violation ? [violation] : [],
    });
  }
  return { entries, states };
}

export function createFakeRun(initial: Scenario): AlgorithmRun<FakeState> & { computeCalls: () => number } {
  let scenario: Scenario = structuredClone(initial);
  let computed = simulate(scenario, 0);
  let cursor = -1;
  let calls = 0;
  const ensure = (count: number) => {
    if (computed.entries.length >= count) return;
    calls++;
    computed = simulate(scenario, count);
  };
  const timeAt = (index: number): Micros => computed.entries[index]?.time ?? 0;
  return {
    logs: {},
    nodes: () => [],
    computeCalls: () => calls,
    budgetSpent: () => false,
    finished() {
      ensure(computed.entries.length + 1);
      return (
        cursor === computed.entries.length - 1 && simulate(scenario, cursor + 2).entries.length <= cursor + 1
      );
    },
    scenario: () => structuredClone(scenario),
    length: () => computed.entries.length,
    cursor: () => cursor,
    time: () => timeAt(cursor),
    step() {
      ensure(cursor + 2);
      if (computed.entries.length < cursor + 2) return false;
      cursor++;
      return true;
    },
    back() {
      cursor = Math.max(-1, cursor - 1);
    },
    seek(index) {
      ensure(index + 1);
      cursor = Math.max(-1, Math.min(index, computed.entries.length - 1));
    },
    seekTime(t) {
      for (;;) {
        ensure(cursor + 2);
        const next = computed.entries[cursor + 1];
        if (!next || next.time > t) break;
        cursor++;
      }
    },
    act(action: Action) {
      const at = timeAt(cursor);
      scenario = { ...scenario, actions: [...scenario.actions.filter((a) => a.at <= at), { at, action }] };
      computed = simulate(scenario, cursor + 1);
      // The action becomes the next event of the forked timeline.
      this.step();
    },
    view() {
      return (
        computed.states[cursor] ?? {
          time: 0,
          cursor: -1,
          nodes: NODES.map((id) => ({
            id,
            up: true,
            pausedUntil: null,
            clock: 0,
            role: 'ticking',
            state: { ticks: 0 },
            timers: [],
          })),
          messages: [],
          partitions: [],
          violations: [],
        }
      );
    },
    entries: (from, to) => computed.entries.slice(Math.max(0, from), Math.max(0, to)),
    firstViolation() {
      const v = computed.states[cursor]?.violations[0];
      return v ?? null;
    },
    violations: () => computed.states[cursor]?.violations ?? [],
    runUntil(t) {
      this.seekTime(t);
      return cursor;
    },
  };
}

const fakeParams = defineParams({
  period: param.int({ label: 'Tick period', default: 10_000, min: 1000, max: 100_000, unit: 'µs' }),
  // Ticks before the invariant fails; the default is beyond any run's reach.
  limit: param.int({ label: 'Tick limit', default: 1_000_000_000, min: 1, max: 1_000_000_000 }),
});

export const fakeModule: AlgorithmModule<FakeState> = {
  id: 'fake',
  title: 'Fake ticker',
  summary: 'Nodes that tick and stop at a limit.',
  nodeNoun: { one: 'node', many: 'nodes' },
  defaultParams: fakeParams.defaults,
  params: fakeParams.controls,
  scenarios: [
    {
      id: 'crash-b',
      title: 'B crashes',
      description: 'B stops ticking after 25 ms.',
      scenario: {
        version: 1,
        algorithm: 'fake',
        params: { period: 10_000 },
        seed: 3,
        actions: [{ at: 25_000, action: { type: 'crash', node: 'B' } }],
      },
      until: 40_000,
    },
  ],
  invariants: [{ id: 'below-limit', name: 'Below limit', description: 'No node ticks `limit` times.' }],
  variants: [],
  exploration: { generators: [randomFaults()], horizon: () => 200_000 },
  commands: [],
  parseParams: (raw) => fakeParams.parse(raw),
  createRun: (scenario) => createFakeRun(scenario),
  describeNode: (node) => `ticks=${node.state.ticks}`,
  requestTitle: () => 'A client request',
  report: () => [],
};
