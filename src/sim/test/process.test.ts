import { describe, expect, it } from 'vitest';
import { assign, enqueueActions, setup } from 'xstate';
import { SimulationRun } from '../run';
import type { Effect, KernelEvent } from '../spec';
import {
  defaultEchoParams,
  type EchoContext,
  type EchoParams,
  echoRun,
  echoSpec,
  finish,
  ping,
} from './fixture';

const stateOf = (run: ReturnType<typeof echoRun>, node: string) =>
  run.view().nodes.find((n) => n.id === node)?.state as EchoContext;

const timer = (at: number, node: string, name: string, duration: number) => ({
  at,
  action: { type: 'client' as const, node, payload: { timer: name, duration } },
});

describe('pause', () => {
  it('queues messages that arrive while paused and handles them on resume, in arrival order', () => {
    const run = finish(
      echoRun(
        [
          { at: 0, action: { type: 'pause', node: 'N2', duration: 100_000 } },
          ping(10, 'N1', 'N2', 1),
          ping(20, 'N3', 'N2', 2),
          ping(30, 'N1', 'N2', 3),
        ],
        { latencyMin: 1000, latencyMax: 1001 },
      ),
    );
    const entries = run.entries(0, run.length());
    const resume = entries.find((e) => e.kind === 'resume');
    expect(resume?.time).toBe(100_000);
    const handledAt = entries.filter((e) => e.kind === 'deliver' && e.node === 'N2');
    expect(handledAt.map((e) => e.time)).toEqual([100_000, 100_000, 100_000]);
    expect(handledAt.every((e) => e.index > (resume?.index ?? Infinity))).toBe(true);
    expect(stateOf(run, 'N2').handled).toEqual(['ping:N1:1', 'ping:N3:2', 'ping:N1:3']);
  });

  it('fires timers that expired during the pause on resume', () => {
    const run = finish(
      echoRun([
        timer(0, 'N1', 't', 5000),
        { at: 1000, action: { type: 'pause', node: 'N1', duration: 50_000 } },
      ]),
    );
    const fired = run.entries(0, run.length()).find((e) => e.kind === 'timer');
    expect(fired?.time).toBe(51_000);
    expect(stateOf(run, 'N1').handled).toEqual(['timer:t']);
  });

  it('shows the pause in the view', () => {
    const run = echoRun([{ at: 0, action: { type: 'pause', node: 'N3', duration: 9000 } }]);
    run.step();
    expect(run.view().nodes.find((n) => n.id === 'N3')?.pausedUntil).toBe(9000);
  });
});

describe('local clocks', () => {
  it('converts local timer durations with the clock rate', () => {
    const fast = finish(
      echoRun([{ at: 0, action: { type: 'clock-rate', node: 'N1', rate: 2 } }, timer(0, 'N1', 't', 10_000)]),
    );
    expect(fast.entries(0, fast.length()).find((e) => e.kind === 'timer')?.time).toBe(5000);
    const slow = finish(
      echoRun([
        { at: 0, action: { type: 'clock-rate', node: 'N1', rate: 0.5 } },
        timer(0, 'N1', 't', 10_000),
      ]),
    );
    expect(slow.entries(0, slow.length()).find((e) => e.kind === 'timer')?.time).toBe(20_000);
  });

  it('moves pending timers when the clock jumps, since they are local deadlines', () => {
    const forward = finish(
      echoRun([
        timer(0, 'N1', 't', 10_000),
        { at: 1000, action: { type: 'clock-jump', node: 'N1', by: 6000 } },
      ]),
    );
    expect(forward.entries(0, forward.length()).find((e) => e.kind === 'timer')?.time).toBe(4000);
    const back = finish(
      echoRun([
        timer(0, 'N1', 't', 10_000),
        { at: 1000, action: { type: 'clock-jump', node: 'N1', by: -6000 } },
      ]),
    );
    expect(back.entries(0, back.length()).find((e) => e.kind === 'timer')?.time).toBe(16_000);
  });

  it('reports each node its own clock reading', () => {
    const run = echoRun([
      { at: 0, action: { type: 'clock-rate', node: 'N1', rate: 2 } },
      { at: 0, action: { type: 'clock-jump', node: 'N2', by: -300 } },
      { at: 1000, action: { type: 'heal' } },
    ]);
    run.seekTime(1000);
    const clocks = Object.fromEntries(run.view().nodes.map((n) => [n.id, n.clock]));
    expect(clocks).toEqual({ N1: 2000, N2: 700, N3: 1000 });
  });

  it('cancels and resets timers by name', () => {
    const run = finish(
      echoRun([
        timer(0, 'N1', 'a', 1000),
        timer(0, 'N1', 'b', 1000),
        { at: 500, action: { type: 'client', node: 'N1', payload: { cancel: 'a' } } },
        timer(600, 'N1', 'b', 1000),
      ]),
    );
    const fired = run.entries(0, run.length()).filter((e) => e.kind === 'timer');
    expect(fired.map((e) => [e.timer, e.time])).toEqual([['b', 1600]]);
  });
});

describe('crash and restart', () => {
  const count = (at: number, persist: boolean) => ({
    at,
    action: { type: 'client' as const, node: 'N1', payload: { count: true, persist } },
  });

  it('keeps only what the node persisted', () => {
    const run = finish(
      echoRun([
        count(0, true),
        count(10, true),
        count(20, false),
        { at: 30, action: { type: 'crash', node: 'N1' } },
        { at: 40, action: { type: 'restart', node: 'N1' } },
      ]),
    );
    const s = stateOf(run, 'N1');
    // saved reached 3 in memory, but only 2 were written to stable storage; counter is volatile.
    expect(s.saved).toBe(2);
    expect(s.counter).toBe(0);
    expect(s.handled).toEqual([]);
  });

  it('clears the timers of a crashed node and ignores actions on it', () => {
    const run = finish(
      echoRun([
        timer(0, 'N1', 't', 1000),
        { at: 10, action: { type: 'crash', node: 'N1' } },
        { at: 20, action: { type: 'crash', node: 'N1' } },
        { at: 5000, action: { type: 'restart', node: 'N1' } },
      ]),
    );
    const entries = run.entries(0, run.length());
    expect(entries.some((e) => e.kind === 'timer')).toBe(false);
    expect(entries[2]?.narration).toMatch(/already down/);
    expect(run.view().nodes[0]?.up).toBe(true);
  });

  it('marks a crashed node as down in the view', () => {
    const run = echoRun([{ at: 0, action: { type: 'crash', node: 'N2' } }]);
    run.step();
    expect(run.view().nodes.map((n) => n.up)).toEqual([true, false, true]);
  });
});

describe('pause and inputs', () => {
  it('a client request to a paused node waits for the resume', () => {
    const run = finish(
      echoRun([
        { at: 0, action: { type: 'pause', node: 'N1', duration: 30_000 } },
        { at: 10, action: { type: 'client', node: 'N1', payload: { ping: 'N2', n: 5 } } },
      ]),
    );
    const entries = run.entries(0, run.length());
    expect(entries[1]?.narration).toMatch(/paused: it waits/);
    const handled = entries.find((e) => e.kind === 'deliver' && e.node === 'N2');
    expect(handled?.time).toBeGreaterThan(30_000);
  });

  it('a forced timeout of a paused node fires when it resumes', () => {
    const run = finish(
      echoRun([
        { at: 0, action: { type: 'pause', node: 'N1', duration: 30_000 } },
        { at: 10, action: { type: 'timeout', node: 'N1' } },
      ]),
    );
    const fired = run.entries(0, run.length()).find((e) => e.kind === 'timer');
    expect(fired?.time).toBe(30_000);
    expect(fired?.timer).toBe('forced');
  });
});

describe('local clock in kernel events', () => {
  /** A node that writes down the clock reading each timeout and client request carries. */
  const clockMachine = setup({
    types: { context: {} as { seen: readonly string[] }, events: {} as KernelEvent, emitted: {} as Effect },
  }).createMachine({
    context: { seen: [] },
    on: {
      timeout: { actions: assign({ seen: ({ context, event }) => [...context.seen, `timer@${event.now}`] }) },
      client: {
        actions: enqueueActions(({ context, event, enqueue }) => {
          enqueue.assign({ seen: [...context.seen, `client@${event.now}`] });
          enqueue.emit({ type: 'set-timer', name: 't', duration: 500 });
        }),
      },
    },
  });
  const spec = { ...echoSpec, machine: clockMachine } as unknown as typeof echoSpec;
  const seen = (run: SimulationRun<EchoContext, EchoContext, EchoParams>, node: string) =>
    (run.view().nodes.find((n) => n.id === node)?.state as unknown as { seen: string[] }).seen;

  it('tells the machine its own clock reading, after jumps and at a changed rate', () => {
    const actions = [
      { at: 0, action: { type: 'clock-rate' as const, node: 'N1', rate: 2 } },
      { at: 0, action: { type: 'clock-jump' as const, node: 'N2', by: -300 } },
      { at: 1000, action: { type: 'client' as const, node: 'N1', payload: null } },
      { at: 1000, action: { type: 'client' as const, node: 'N2', payload: null } },
      { at: 2000, action: { type: 'clock-jump' as const, node: 'N2', by: 5000 } },
      { at: 2000, action: { type: 'timeout' as const, node: 'N2' } },
    ];
    const scenario = { version: 1 as const, algorithm: 'echo', params: {}, seed: 1, actions };
    const run = new SimulationRun(spec, scenario, { ...defaultEchoParams });
    run.seekTime(3000);
    // N1 runs twice as fast: its 500 µs timer fires 250 µs later, at a reading of 2500.
    expect(seen(run, 'N1')).toEqual(['client@2000', 'timer@2500']);
    // N2 reads 300 µs behind (its timer fires at 1200) until it jumps 5000 µs ahead; the forced
    // timeout right after the jump sees it.
    expect(seen(run, 'N2')).toEqual(['client@700', 'timer@1200', 'timer@6700']);
  });
});
