import { describe, expect, it } from 'vitest';
import { type SnapshotFrom, initialTransition, transition } from 'xstate';
import { decode } from '../codec';
import { POLICIES, type Policy, defaultPolicy } from '../generator';
import { type Layout, PRESETS } from '../layout';
import { type WorkerEmitted, type WorkerEvent, workerMachine } from '../machine';

type Snapshot = SnapshotFrom<typeof workerMachine>;
const MS = 1000;
/** Local time 0 is 2024-01-01T00:00:00Z. */
const START = Date.parse('2024-01-01T00:00:00Z');

/**
 * A host that only delivers events: the machine runs on XState's pure functions. Like the kernel,
 * it hands the worker its local clock reading with each event; a clock step changes that reading
 * and tells the worker nothing.
 */
function worker(layout: Layout, fields: Record<string, number>, policy: Policy = defaultPolicy(layout)) {
  let [snapshot] = initialTransition(workerMachine, {
    layout,
    worker: fields,
    policy,
    startMs: START,
    seed: 7,
  });
  const out: WorkerEmitted[] = [];
  let request = 0;
  /** Local minus real time, in µs. */
  let offset = 0;
  /** The local reading at which the pending timer comes due. */
  let due: number | null = null;
  const send = (event: WorkerEvent) => {
    const [next, actions] = transition(workerMachine, snapshot, event);
    snapshot = next as Snapshot;
    for (const action of actions as { type: string; params?: unknown }[]) {
      if (action.type !== 'xstate.emit') continue;
      const emitted = (action.params as { event: WorkerEmitted }).event;
      if (emitted.type === 'set-timer') due = (event.now ?? 0) + emitted.duration;
      // Saving for crashes is the host's business; the tests look at what the worker decided.
      if (emitted.type !== 'persist') out.push(emitted);
    }
  };
  return {
    request: (atMs: number, count = 1) =>
      send({ type: 'client', request: request++, payload: { count }, now: atMs * MS + offset }),
    jump: (byMs: number) => {
      offset += byMs * MS;
    },
    /** The timer fires once the local clock reads its deadline. */
    fire: () => send({ type: 'timeout', timer: 'clock', now: due ?? 0 }),
    get state() {
      return snapshot.value;
    },
    get snapshot() {
      return snapshot;
    },
    get context() {
      return snapshot.context;
    },
    take() {
      return out.splice(0, out.length);
    },
  };
}

const ids = (events: WorkerEmitted[]) => events.filter((e) => e.type === 'id');
const unitAt = (layout: Layout, localMs: number) =>
  Math.floor((START + localMs - layout.epochMs) / layout.unitMs);

describe('a Twitter worker', () => {
  it('answers requests with IDs stamped with its clock, and returns to ready', () => {
    const w = worker(PRESETS.twitter, { datacenter: 2, worker: 9 });
    w.request(5, 2);
    expect(w.state).toBe('ready');
    const [a, b] = ids(w.take());
    expect(a).toMatchObject({ time: unitAt(PRESETS.twitter, 5), sequence: 0 });
    expect(b).toMatchObject({ sequence: 1 });
    const decoded = decode(a?.id ?? '', PRESETS.twitter);
    expect(decoded.time.iso).toBe('2024-01-01T00:00:00.005Z');
    expect(decoded.values).toMatchObject({ datacenter: 2, worker: 9 });
  });

  it('after 4,096 IDs in one millisecond waits for the next on its clock, then serves the queue', () => {
    const w = worker(PRESETS.twitter, { datacenter: 0, worker: 1 });
    w.request(5.25, 4100);
    const first = w.take();
    expect(ids(first)).toHaveLength(4096);
    // The next millisecond starts 750 µs later on the local clock.
    expect(first.at(-1)).toEqual({ type: 'set-timer', name: 'clock', duration: 750 });
    expect(w.state).toBe('waitingForClock');
    expect(w.context.queue).toBe(4);

    w.fire();
    const rest = w.take();
    expect(
      rest.map((e) => (e.type === 'id' ? [e.time - unitAt(PRESETS.twitter, 5), e.sequence] : e.type)),
    ).toEqual([
      [1, 0],
      [1, 1],
      [1, 2],
      [1, 3],
    ]);
    expect(w.state).toBe('ready');
    expect(w.context.issued).toBe(4100);
  });

  it('refuses while its clock is behind the last ID, and serves again once it is not', () => {
    const w = worker(PRESETS.twitter, { datacenter: 0, worker: 1 });
    w.request(10);
    w.jump(-4);
    // The worker learns of the step only when it next reads its clock.
    expect(w.context.localNow).toBe(10 * MS);
    w.request(11);
    expect(w.state).toBe('refusing');
    expect(w.take().at(-1)).toMatchObject({ type: 'refused', code: 'clock-moved-backwards' });
    expect(w.context.lastRefusal?.message).toContain('3 ms');
    w.request(15);
    expect(ids(w.take())).toMatchObject([{ time: unitAt(PRESETS.twitter, 11), sequence: 0 }]);
    expect(w.state).toBe('ready');
    expect(w.context).toMatchObject({ issued: 2, refused: 1 });
  });
});

describe('other references', () => {
  it('Leaf sleeps twice a small offset, then hands the ID out', () => {
    const w = worker(PRESETS.leaf, { worker: 3 });
    w.request(20);
    w.take();
    w.jump(-3);
    w.request(20);
    expect(w.take()).toEqual([{ type: 'set-timer', name: 'clock', duration: 6 * MS }]);
    expect(w.state).toBe('waitingForClock');
    w.fire();
    // Local 17 ms plus twice the 3 ms offset: the clock reads 23 ms and is past the last ID.
    expect(ids(w.take())).toMatchObject([{ time: unitAt(PRESETS.leaf, 23) }]);
  });

  it('Sonyflake mints the 257th ID in borrowed time and holds it until its clock gets there', () => {
    const w = worker(PRESETS.sonyflake, { machine: 4 });
    w.request(80, 257);
    const out = w.take();
    expect(ids(out)).toHaveLength(256);
    expect(out.at(-1)).toEqual({ type: 'set-timer', name: 'clock', duration: 10 * MS });
    w.fire();
    expect(ids(w.take())).toMatchObject([{ time: unitAt(PRESETS.sonyflake, 90), sequence: 0 }]);
    expect(w.state).toBe('ready');
  });

  it('a worker without a clock check hands out an ID it already gave', () => {
    const w = worker(PRESETS.twitter, { datacenter: 0, worker: 0 }, POLICIES['no-check']);
    w.request(30);
    w.jump(-10);
    w.request(31);
    w.request(40);
    const handed = ids(w.take()).map((e) => e.id);
    expect(handed).toHaveLength(3);
    expect(handed[2]).toBe(handed[0]);
  });

  it('a host that sends no clock reading leaves the last one, and a wake-up reads at least its deadline', () => {
    const w = worker(PRESETS.twitter, { datacenter: 0, worker: 1 });
    w.request(5.25, 4097);
    const [snapshot] = transition(workerMachine, w.snapshot, { type: 'timeout', timer: 'clock' });
    expect(snapshot.context.localNow).toBe(6 * MS);
    expect(snapshot.context.batchIds).toMatchObject([{ time: unitAt(PRESETS.twitter, 6), sequence: 0 }]);
  });

  it('rejects a worker id outside the layout when it starts', () => {
    const layout = PRESETS.twitter;
    const [snapshot] = initialTransition(workerMachine, {
      layout,
      worker: { datacenter: 40, worker: 0 },
      policy: defaultPolicy(layout),
      startMs: START,
      seed: 1,
    });
    expect(snapshot.status).toBe('error');
    expect(String(snapshot.error)).toMatch(/datacenter must be a whole number from 0 to 31/);
  });
});
