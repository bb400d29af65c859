import { describe, expect, it, vi } from 'vitest';
import { chaptersOf, createPlayerStore, MAX_SPEED, MIN_SPEED } from '../../../stores/player';
import { encodeMoment, parseFragment } from '../../../sim/share';
import { readableRole } from '../../../plugin/plugin';
import { fakeModule } from './fakeRun';

const fresh = () => createPlayerStore(fakeModule);

describe('stepping', () => {
  it('steps forwards and back one event at a time, and time follows the cursor', () => {
    const store = fresh();
    expect(store.getState().cursor).toBe(-1);
    store.getState().step();
    store.getState().step();
    expect(store.getState().cursor).toBe(1);
    const timeAtTwo = store.getState().time;
    store.getState().step();
    store.getState().back();
    expect(store.getState().cursor).toBe(1);
    expect(store.getState().time).toBe(timeAtTwo);
    expect(store.getState().world.cursor).toBe(1);
  });

  it('jumps by many events and seeks anywhere already computed', () => {
    const store = fresh();
    store.getState().jump(10);
    expect(store.getState().cursor).toBe(9);
    store.getState().jump(-4);
    expect(store.getState().cursor).toBe(5);
    store.getState().toStart();
    expect(store.getState().cursor).toBe(-1);
    store.getState().toEnd();
    expect(store.getState().cursor).toBe(9);
    store.getState().seek(3);
    expect(store.getState().cursor).toBe(3);
  });

  it('goes to any event, computing the run as far as needed', () => {
    const store = fresh();
    store.getState().goTo(24);
    expect(store.getState().cursor).toBe(24);
    store.getState().goTo(3);
    expect(store.getState().cursor).toBe(3);
    expect(store.getState().length).toBe(25);
    store.getState().goTo(-7);
    expect(store.getState().cursor).toBe(-1);
  });

  it('marks the run finished when no event is left', () => {
    const store = createPlayerStore(fakeModule, {
      version: 1,
      algorithm: 'fake',
      params: { period: 10_000, until: 20_010 },
      seed: 0,
      actions: [],
    });
    store.getState().jump(100);
    expect(store.getState().finished).toBe(true);
    expect(store.getState().cursor).toBe(5); // three nodes tick twice within 20 ms
    store.getState().play();
    expect(store.getState().playing).toBe(false);

    // Playing into the end stops there too.
    store.getState().toStart();
    store.getState().setSpeed(1);
    store.getState().play();
    store.getState().tick(100);
    expect(store.getState()).toMatchObject({ playing: false, finished: true, cursor: 5 });
  });
});

describe('playing', () => {
  it('advances virtual time by real time times speed, one frame at a time', () => {
    const store = fresh();
    store.getState().setSpeed(1);
    store.getState().play();
    store.getState().tick(15); // 15 ms of real time at 1x: the first tick of each node lies at 10 ms
    expect(store.getState().time).toBe(15_000);
    expect(store.getState().cursor).toBe(2);
    store.getState().setSpeed(0.1);
    store.getState().tick(10); // one more millisecond of virtual time: no event yet
    expect(store.getState().time).toBe(16_000);
    expect(store.getState().cursor).toBe(2);
  });

  it('keeps the world and the revision on frames between two events, so views can skip them', () => {
    const store = fresh();
    store.getState().setSpeed(1);
    store.getState().play();
    store.getState().tick(15); // past the first ticks at 10 ms
    const { world, revision, cursor } = store.getState();
    store.getState().tick(1); // 16 ms: the next tick lies at 20 ms
    expect(store.getState().time).toBe(16_000);
    expect(store.getState().cursor).toBe(cursor);
    expect(store.getState().world).toBe(world);
    expect(store.getState().revision).toBe(revision);
    store.getState().tick(5); // 21 ms: the nodes tick again
    expect(store.getState().cursor).toBeGreaterThan(cursor);
    expect(store.getState().world).not.toBe(world);
    expect(store.getState().revision).toBeGreaterThan(revision);
  });

  it('does nothing while paused', () => {
    const store = fresh();
    store.getState().tick(1000);
    expect(store.getState().cursor).toBe(-1);
    store.getState().togglePlay();
    expect(store.getState().playing).toBe(true);
    store.getState().togglePlay();
    store.getState().tick(1000);
    expect(store.getState().cursor).toBe(-1);
  });

  it('replays the computed future after stepping back instead of recomputing it', () => {
    const store = fresh();
    store.getState().setSpeed(1);
    store.getState().jump(9);
    const timeline = store
      .getState()
      .run.entries(0, 9)
      .map((e) => e.narration);
    store.getState().toStart();
    store.getState().play();
    store.getState().tick(100);
    expect(
      store
        .getState()
        .run.entries(0, 9)
        .map((e) => e.narration),
    ).toEqual(timeline);
    expect(store.getState().cursor).toBeGreaterThanOrEqual(8);
  });

  it('stops at the first invariant violation', () => {
    const store = createPlayerStore(fakeModule, {
      version: 1,
      algorithm: 'fake',
      params: { period: 10_000, limit: 2 },
      seed: 0,
      actions: [],
    });
    store.getState().setSpeed(1);
    store.getState().play();
    store.getState().tick(1000);
    const { playing, violation, cursor } = store.getState();
    expect(playing).toBe(false);
    expect(violation?.index).toBe(3);
    expect(cursor).toBe(3);
  });

  it('keeps the speed inside its log-scale range', () => {
    const store = fresh();
    store.getState().setSpeed(1e6);
    expect(store.getState().speed).toBe(MAX_SPEED);
    store.getState().setSpeed(0);
    expect(store.getState().speed).toBe(MIN_SPEED);
    expect(MAX_SPEED / MIN_SPEED).toBeGreaterThanOrEqual(1000);
  });
});

describe('starting point', () => {
  it('starts with the default run, or with the first named scenario when nothing happens in the default', () => {
    expect(createPlayerStore(fakeModule).getState().scenarioId).toBeNull();
    const idle = { ...fakeModule, defaultParams: { period: 10_000, until: -1 } };
    const store = createPlayerStore(idle);
    expect(store.getState().scenarioId).toBe('crash-b');
    store.getState().step();
    expect(store.getState().cursor).toBe(0);
  });
});

describe('acting and forking', () => {
  it('records an action at the cursor and discards the old future', () => {
    const store = fresh();
    store.getState().jump(9);
    store.getState().seek(2);
    const at = store.getState().time;
    store.getState().act({ type: 'crash', node: 'B' });
    const { run, cursor } = store.getState();
    expect(run.scenario().actions).toEqual([{ at, action: { type: 'crash', node: 'B' } }]);
    expect(cursor).toBe(3);
    expect(run.length()).toBe(4);
    store.getState().jump(6);
    const ticks = run.entries(4, 10).filter((e) => e.kind === 'timer');
    expect(ticks.some((e) => e.node === 'B')).toBe(false);
  });

  it('reset replays the same scenario from the start, actions included', () => {
    const store = fresh();
    store.getState().jump(4);
    store.getState().act({ type: 'crash', node: 'A' });
    store.getState().jump(5);
    const before = store.getState().run.entries(0, 10);
    store.getState().reset();
    expect(store.getState().cursor).toBe(-1);
    store.getState().jump(10);
    expect(store.getState().run.entries(0, 10)).toEqual(before);
  });

  it('restart with a new seed replays the recorded actions from the start', () => {
    const store = fresh();
    store.getState().jump(2);
    store.getState().act({ type: 'crash', node: 'A' });
    const actions = store.getState().run.scenario().actions;
    store.getState().restart({ seed: 42 });
    expect(store.getState().run.scenario()).toMatchObject({ seed: 42, actions });
    expect(store.getState().cursor).toBe(-1);
  });
});

describe('share links', () => {
  it('restore the same run at the same event and drawn time', () => {
    const store = fresh();
    store.getState().jump(3);
    store.getState().act({ type: 'crash', node: 'C' });
    store.getState().setSpeed(1);
    store.getState().play();
    store.getState().tick(7);
    store.getState().pause();
    const fragment = store.getState().shareFragment();
    const other = fresh();
    other.getState().applyFragment(`#${fragment}`);
    expect(other.getState().notice).toBeNull();
    expect(other.getState().cursor).toBe(store.getState().cursor);
    expect(other.getState().time).toBe(store.getState().time);
    expect(other.getState().world).toEqual(store.getState().world);
    expect(other.getState().run.scenario()).toEqual(store.getState().run.scenario());
  });

  it('encode only URL-safe characters', () => {
    const store = fresh();
    store.getState().act({ type: 'client', payload: 'x<y & "z" ünïcødé' });
    expect(store.getState().shareFragment()).toMatch(/^s=[A-Za-z0-9_-]+&at=0&t=\d+$/);
  });

  it('explain a hostile or broken fragment in plain text and start the default scenario', () => {
    for (const hash of [
      '#s=<script>alert(1)</script>',
      '#s=AAAA',
      `#s=${btoa('{"v":1,"s":{"version":1},"c":0,"t":0}')}`,
      '#s=' + 'A'.repeat(70_000),
    ]) {
      const store = fresh();
      store.getState().jump(5);
      store.getState().applyFragment(hash);
      const notice = store.getState().notice;
      expect(notice?.summary).toMatch(/damaged|too long|cannot run/);
      expect(notice?.summary).toMatch(/runs instead/);
      // Neither line echoes markup or control characters as they came.
      const shown = `${notice?.summary} ${notice?.detail ?? ''}`;
      expect(shown).not.toContain('<script>');
      expect([...shown].some((c) => c.charCodeAt(0) < 0x20)).toBe(false);
      expect(store.getState().cursor).toBe(-1);
    }
  });

  it('refuse a scenario of another algorithm or with invalid parameters', () => {
    const foreign = encodeMoment({
      scenario: { version: 1, algorithm: 'paxos', params: {}, seed: 1, actions: [] },
      cursor: 0,
      time: 0,
    });
    const store = fresh();
    store.getState().applyFragment(`#${foreign}`);
    expect(store.getState().notice?.summary).toMatch(/another demo/);
    expect(store.getState().notice?.detail).toContain('paxos');
    const badParams = encodeMoment({
      scenario: { version: 1, algorithm: 'fake', params: { period: -5 }, seed: 1, actions: [] },
      cursor: 0,
      time: 0,
    });
    store.getState().applyFragment(`#${badParams}`);
    expect(store.getState().notice?.summary).toMatch(
      /^This link asks for a setting .*Tick period must be between/,
    );
    expect(store.getState().run.scenario().params['period']).toBe(10_000);
  });

  it('open named scenarios at their start, with a chapter at each scripted step', () => {
    const store = fresh();
    store.getState().applyFragment('#scenario=crash-b');
    const state = store.getState();
    expect(state.scenarioId).toBe('crash-b');
    expect(state.cursor).toBe(-1);
    expect(state.world.nodes.find((n) => n.id === 'B')?.up).toBe(true);
    expect(state.chapters.map((c) => c.title)).toContain('B crashes');
    // Next plays up to the chapter and stops there, with B down.
    store.getState().nextChapter();
    store.getState().setSpeed(10);
    for (let i = 0; i < 200 && store.getState().playing; i++) store.getState().tick(50);
    const crash = state.chapters.find((c) => c.title === 'B crashes');
    expect(store.getState().cursor).toBe(crash?.index);
    expect(store.getState().world.nodes.find((n) => n.id === 'B')?.up).toBe(false);
    store.getState().applyFragment('#scenario=no-such-thing');
    expect(store.getState().notice?.summary).toContain('no-such-thing');
    expect(store.getState().scenarioId).toBe('crash-b');
  });

  it('thin a story with more turns than marks fit into eighteen, keeping its first and last', () => {
    // Every count of scripted steps, including those where even spacing rounds two picks together.
    for (let steps = 19; steps <= 60; steps++) {
      const actions = Array.from({ length: steps }, (_, i) => ({
        at: 5_000 + i * 12_000,
        action: i % 2 === 0 ? { type: 'crash' as const, node: 'B' } : { type: 'restart' as const, node: 'B' },
      }));
      const run = fakeModule.createRun({
        version: 1,
        algorithm: 'fake',
        params: { period: 10_000 },
        seed: 1,
        actions,
      });
      run.seekTime(steps * 12_000);
      const chapters = chaptersOf(fakeModule, run);
      expect(chapters).toHaveLength(18);
      expect(chapters[0]?.time).toBe(5_000);
      expect(chapters.at(-1)?.time).toBe(5_000 + (steps - 1) * 12_000);
      const indices = chapters.map((c) => c.index);
      expect(indices).toEqual([...new Set(indices)].sort((a, b) => a - b));
    }
  });

  it('refuse a malformed scenario name and a moment too deep to replay', () => {
    expect(parseFragment('#scenario=<img src=x onerror=alert(1)>')).toMatchObject({ kind: 'invalid' });
    const deep = encodeMoment({
      scenario: { version: 1, algorithm: 'fake', params: { period: 10_000 }, seed: 1, actions: [] },
      cursor: 10_000_000,
      time: 0,
    });
    expect(parseFragment(`#${deep}`)).toMatchObject({
      kind: 'invalid',
      problem: { summary: expect.stringMatching(/deeper than this page replays/) },
    });
  });

  it('ignore fragments that are ordinary page anchors', () => {
    expect(parseFragment('#how-elections-work')).toEqual({ kind: 'none' });
    expect(parseFragment('')).toEqual({ kind: 'none' });
  });
});

describe('readable roles', () => {
  it('shows the innermost state of a nested XState value', () => {
    expect(readableRole('{"participant":"prepared"}')).toBe('prepared');
    expect(readableRole('{"a":{"b":"c"}}')).toBe('c');
    expect(readableRole('leader')).toBe('leader');
    expect(readableRole('{broken')).toBe('{broken');
  });
});

describe('a shared moment deep in its run', () => {
  it('is replayed in slices, saying how far it has got, and lands on the same moment as at once', async () => {
    const whole = fresh();
    whole.getState().jump(3000);
    const fragment = `#${whole.getState().shareFragment()}`;
    const target = whole.getState().cursor;
    expect(target).toBeGreaterThan(2000);

    // A slow machine: every reading of the clock is 3 ms later, so each slice does little.
    let clock = 0;
    const now = vi.spyOn(performance, 'now').mockImplementation(() => (clock += 3));
    const sliced = fresh();
    const progress: number[] = [];
    let turns = 0;
    const pause = async () => {
      turns++;
      progress.push(sliced.getState().opening?.done ?? -1);
      await Promise.resolve();
    };
    sliced.getState().applyFragment(fragment, pause);
    expect(sliced.getState().opening).not.toBeNull();
    await vi.waitFor(() => expect(sliced.getState().opening).toBeNull());
    now.mockRestore();
    expect(sliced.getState().cursor).toBe(target);
    expect(sliced.getState().notice).toBeNull();
    expect(turns).toBeGreaterThan(5);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    const atOnce = fresh();
    atOnce.getState().applyFragment(fragment);
    expect(atOnce.getState().cursor).toBe(target);
    expect(sliced.getState().world).toEqual(atOnce.getState().world);
  });

  it('gives way to a load started while it replays', async () => {
    const whole = fresh();
    whole.getState().jump(3000);
    const fragment = `#${whole.getState().shareFragment()}`;
    let clock = 0;
    const now = vi.spyOn(performance, 'now').mockImplementation(() => (clock += 3));
    const store = fresh();
    let first = true;
    store.getState().applyFragment(fragment, async () => {
      if (first) store.getState().reset();
      first = false;
      await Promise.resolve();
    });
    await vi.waitFor(() => expect(store.getState().opening).toBeNull());
    now.mockRestore();
    expect(store.getState().cursor).toBe(-1);
  });
});
