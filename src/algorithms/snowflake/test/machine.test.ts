import { describe, expect, it } from 'vitest';
import { type SnapshotFrom, initialTransition, transition } from 'xstate';
import { decode } from '../codec';
import { POLICIES, defaultPolicy } from '../generator';
import { type Layout, PRESETS } from '../layout';
import { type WorkerEmitted, type WorkerEvent, emittedEvents, workerMachine } from '../machine';

type Snapshot = SnapshotFrom<typeof workerMachine>;

/** A host that only delivers events: the machine is run with XState's pure functions. */
function worker(layout: Layout, worker: Record<string, number>, policy = defaultPolicy(layout)) {
  let [snapshot] = initialTransition(workerMachine, { layout, worker, policy });
  const out: WorkerEmitted[] = [];
  let request = 0;
  const send = (event: WorkerEvent) => {
    const [next, actions] = transition(workerMachine, snapshot, event);
    snapshot = next as Snapshot;
    out.push(...emittedEvents(actions));
  };
  return {
    request: (now: number, random = 0) => send({ type: 'request', request: request++, now, random }),
    clock: (now: number) => send({ type: 'clock', now }),
    get state() {
      return snapshot.value;
    },
    get context() {
      return snapshot.context;
    },
    take() {
      return out.splice(0, out.length);
    },
  };
}

describe('a Twitter worker', () => {
  it('answers each request with an ID and returns to ready', () => {
    const w = worker(PRESETS.twitter, { datacenter: 2, worker: 9 });
    w.request(500);
    w.request(500);
    expect(w.state).toBe('ready');
    const [a, b] = w.take();
    expect(a).toMatchObject({ type: 'id', request: 0, time: 500, sequence: 0 });
    expect(b).toMatchObject({ type: 'id', request: 1, time: 500, sequence: 1 });
    expect(decode(a?.type === 'id' ? a.id : '', PRESETS.twitter).values).toMatchObject({
      datacenter: 2,
      worker: 9,
    });
  });

  it('after 4,096 IDs in one millisecond asks to be woken at the next, queues, then serves the queue', () => {
    const w = worker(PRESETS.twitter, { datacenter: 0, worker: 1 });
    for (let i = 0; i < 4100; i++) w.request(700);
    const first = w.take();
    expect(first.filter((e) => e.type === 'id')).toHaveLength(4096);
    expect(first.at(-1)).toEqual({ type: 'set-timer', name: 'clock', at: 701, reason: 'sequence-exhausted' });
    expect(w.state).toBe('waitingForClock');
    expect(w.context.queue).toEqual([4096, 4097, 4098, 4099]);

    w.clock(701);
    const rest = w.take();
    expect(rest.map((e) => (e.type === 'id' ? [e.request, e.time, e.sequence] : e.type))).toEqual([
      [4096, 701, 0],
      [4097, 701, 1],
      [4098, 701, 2],
      [4099, 701, 3],
    ]);
    expect(w.state).toBe('ready');
  });

  it('refuses while the clock is behind, and serves again once it is not', () => {
    const w = worker(PRESETS.twitter, { datacenter: 0, worker: 1 });
    w.request(1000);
    w.request(996);
    expect(w.state).toBe('refusing');
    expect(w.take()[1]).toMatchObject({ type: 'refused', request: 1, code: 'clock-moved-backwards' });
    w.request(1000);
    expect(w.take()).toMatchObject([{ type: 'id', request: 2, time: 1000, sequence: 1 }]);
    expect(w.state).toBe('ready');
    expect(w.context).toMatchObject({ issued: 2, refused: 1 });
  });
});

describe('other references', () => {
  it('Leaf sleeps twice a small offset, then hands the ID out', () => {
    const w = worker(PRESETS.leaf, { worker: 3 });
    w.request(2000);
    w.take();
    w.request(1997);
    expect(w.take()).toEqual([{ type: 'set-timer', name: 'clock', at: 2003, reason: 'clock-behind' }]);
    expect(w.state).toBe('waitingForClock');
    w.clock(2003);
    expect(w.take()).toMatchObject([{ type: 'id', request: 1, time: 2003 }]);
  });

  it('Sonyflake mints the 257th ID in borrowed time and holds it until the clock gets there', () => {
    const w = worker(PRESETS.sonyflake, { machine: 4 });
    for (let i = 0; i < 257; i++) w.request(80);
    const out = w.take();
    expect(out.filter((e) => e.type === 'id')).toHaveLength(256);
    expect(out.at(-1)).toEqual({ type: 'set-timer', name: 'clock', at: 81, reason: 'borrowed-time' });
    w.clock(80);
    expect(w.take()).toEqual([{ type: 'set-timer', name: 'clock', at: 81, reason: 'borrowed-time' }]);
    w.clock(81);
    expect(w.take()).toMatchObject([{ type: 'id', request: 256, time: 81, sequence: 0, borrowed: 0 }]);
  });

  it('a worker without a clock check hands out an ID it already gave', () => {
    const w = worker(PRESETS.twitter, { datacenter: 0, worker: 0 }, POLICIES['no-check']);
    w.request(300);
    w.request(290);
    w.request(300);
    const ids = w.take().map((e) => (e.type === 'id' ? e.id : ''));
    expect(ids[2]).toBe(ids[0]);
  });

  it('rejects a worker id outside the layout when it starts', () => {
    const layout = PRESETS.twitter;
    const [snapshot] = initialTransition(workerMachine, {
      layout,
      worker: { datacenter: 40, worker: 0 },
      policy: defaultPolicy(layout),
    });
    expect(snapshot.status).toBe('error');
    expect(String(snapshot.error)).toMatch(/datacenter must be a whole number from 0 to 31/);
  });
});
