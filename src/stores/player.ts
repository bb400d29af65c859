import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AlgorithmModule, AlgorithmRun } from '../sim/module';
import type { Action, Micros, Scenario, Violation, WorldView } from '../sim/types';
import { encodeMoment, parseFragment, type SharedMoment } from '../sim/share';

/** Speed is virtual time per unit of real time; the slider spans 0.001x to 10x on a log scale. */
export const MIN_SPEED = 0.001;
export const MAX_SPEED = 10;
export const DEFAULT_SPEED = 0.02;
/** "Go to event" computes at most this many new events, so a typo cannot freeze the page. */
export const MAX_GO_TO = 50_000;

export interface PlayerState {
  module: AlgorithmModule;
  run: AlgorithmRun;
  /** Bumped on every change of the run so views re-read it; not on frames that only move the time. */
  revision: number;
  /** Bumped when a new run replaces the old one (a load, a reset, new settings), not on acts. */
  generation: number;
  world: WorldView;
  cursor: number;
  length: number;
  /** The moment drawn: the cursor's event time while stepping, interpolated while playing. */
  time: Micros;
  playing: boolean;
  speed: number;
  /** The run computed no further event: nothing is left to happen. */
  finished: boolean;
  violation: Violation | null;
  /** An explanation for the reader, e.g. why a link could not be used. Plain text. */
  notice: string | null;
  /** The named scenario loaded last, if the run still follows it. */
  scenarioId: string | null;

  play(): void;
  pause(): void;
  togglePlay(): void;
  step(): void;
  back(): void;
  jump(events: number): void;
  seek(index: number): void;
  /** Moves to after event `index`, computing the run up to it if needed (at most MAX_GO_TO events ahead). */
  goTo(index: number): void;
  toStart(): void;
  toEnd(): void;
  /** Advances a playing run by this much real time, in milliseconds. */
  tick(realMs: number): void;
  setSpeed(speed: number): void;
  act(action: Action): void;
  /** Starts over from the scenario's beginning, keeping its actions. */
  reset(): void;
  /** A fresh run from the start with these settings, replaying the recorded actions when they still fit. */
  restart(settings: { seed?: number; params?: Record<string, unknown> }): void;
  load(scenario: Scenario, moment?: { cursor: number; time: Micros }, scenarioId?: string | null): void;
  loadNamed(id: string): void;
  /** Applies a location hash; explains in `notice` when it cannot. */
  applyFragment(hash: string): void;
  shareFragment(): string;
  dismissNotice(): void;
}

export type PlayerStore = StoreApi<PlayerState>;

export function clampSpeed(speed: number): number {
  if (!Number.isFinite(speed)) return DEFAULT_SPEED;
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
}

export function defaultScenario(module: AlgorithmModule, seed = 1): Scenario {
  return { version: 1, algorithm: module.id, params: { ...module.defaultParams }, seed, actions: [] };
}

function readable(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Whatever the run holds at its cursor, as store fields. */
function snapshot(run: AlgorithmRun, time?: Micros) {
  const cursor = run.cursor();
  const eventTime = run.time();
  return {
    run,
    world: run.view(),
    cursor,
    length: run.length(),
    time: time !== undefined && time >= eventTime ? time : eventTime,
    violation: run.firstViolation(),
  };
}

/** Builds a run from a scenario coming from outside: the algorithm validates its parameters. */
function buildRun(module: AlgorithmModule, scenario: Scenario): AlgorithmRun {
  if (scenario.algorithm !== module.id) {
    throw new Error(`it belongs to the ${scenario.algorithm} demo, not to ${module.title}`);
  }
  const params = module.parseParams(scenario.params);
  return module.createRun({ ...scenario, params });
}

/**
 * Where a player starts: the algorithm's default scenario, unless nothing at all happens in it (an
 * algorithm driven only by client requests), in which case its first named scenario.
 */
export function startingPoint(module: AlgorithmModule): { scenario: Scenario; id: string | null } {
  const plain = defaultScenario(module);
  const named = module.scenarios[0];
  if (!named) return { scenario: plain, id: null };
  try {
    if (module.createRun(plain).step()) return { scenario: plain, id: null };
  } catch {
    // A default the algorithm cannot run is no start either.
  }
  return { scenario: named.scenario, id: named.id };
}

export function createPlayerStore(module: AlgorithmModule, initial?: Scenario): PlayerStore {
  const start = initial ? { scenario: initial, id: null } : startingPoint(module);
  const firstRun = module.createRun(start.scenario);
  return createStore<PlayerState>()((set, get) => {
    const refresh = (time?: Micros, extra: Partial<PlayerState> = {}) =>
      set((s) => ({ ...snapshot(s.run, time), revision: s.revision + 1, ...extra }));

    /** Moves forwards one event; false at the end of the run. */
    const forward = (): boolean => {
      const { run, violation } = get();
      const moved = run.step();
      // The first violation stops playback so the reader sees the event that broke the invariant.
      if (moved && violation === null && run.firstViolation() !== null) set({ playing: false });
      return moved;
    };

    return {
      module,
      ...snapshot(firstRun),
      revision: 0,
      generation: 0,
      playing: false,
      speed: DEFAULT_SPEED,
      finished: false,
      notice: null,
      scenarioId: start.id,

      play: () => set({ playing: !get().finished }),
      pause: () => set({ playing: false }),
      togglePlay: () => (get().playing ? get().pause() : get().play()),
      step: () => {
        const moved = forward();
        refresh(undefined, { playing: false, finished: !moved });
      },
      back: () => {
        get().run.back();
        refresh(undefined, { playing: false, finished: false });
      },
      jump: (events) => {
        const { run } = get();
        if (events < 0) {
          run.seek(Math.max(-1, run.cursor() + events));
          refresh(undefined, { playing: false, finished: false });
          return;
        }
        let moved = true;
        for (let i = 0; i < events && moved; i++) moved = forward();
        refresh(undefined, { playing: false, finished: !moved });
      },
      seek: (index) => {
        const { run } = get();
        run.seek(Math.max(-1, Math.min(index, run.length() - 1)));
        refresh(undefined, { playing: false, finished: false });
      },
      goTo: (index) => {
        const { run } = get();
        const target = Math.floor(Math.max(-1, index));
        if (target <= run.length() - 1) get().seek(target);
        else get().jump(Math.min(target, run.length() - 1 + MAX_GO_TO) - run.cursor());
      },
      toStart: () => get().seek(-1),
      toEnd: () => get().seek(get().run.length() - 1),
      tick: (realMs) => {
        const { run, playing, speed, time, violation, cursor, length } = get();
        if (!playing) return;
        const target = time + Math.max(0, realMs) * 1000 * speed;
        // seekTime computes up to the target without overshooting, and replays an already computed
        // future cheaply; stepping past the target and back would cost a checkpoint replay per frame.
        run.seekTime(target);
        const found = run.firstViolation();
        if (violation === null && found !== null) {
          // The first violation stops playback on the event that broke the invariant.
          if (run.cursor() !== found.index) run.seek(found.index);
          refresh(undefined, { playing: false });
          return;
        }
        const ended = run.cursor() === run.length() - 1 && run.finished();
        if (!ended && run.cursor() === cursor && run.length() === length) {
          // Most frames fall between two events: only the drawn time moves. Keeping the world and
          // the revision lets every view that depends on them skip the frame.
          set({ time: target });
          return;
        }
        refresh(ended ? run.time() : target, { playing: !ended, finished: ended });
      },
      setSpeed: (speed) => set({ speed: clampSpeed(speed) }),
      act: (action) => {
        try {
          get().run.act(action);
          refresh(undefined, { finished: false, scenarioId: null });
        } catch (error) {
          set({ notice: `That action could not be applied: ${readable(error)}.` });
        }
      },
      reset: () => get().load(get().run.scenario(), undefined, get().scenarioId),
      restart: ({ seed, params }) => {
        const current = get().run.scenario();
        const next = { ...current, seed: seed ?? current.seed, params: params ?? current.params };
        // The scenario's actions replay under the new settings, so one can rerun Figure 8 with another
        // commit rule; if they no longer fit (a server that no longer exists), the run starts without them.
        try {
          buildRun(module, next);
          get().load(next, undefined, null);
        } catch (error) {
          get().load({ ...next, actions: [] }, undefined, null);
          if (get().notice === null && current.actions.length > 0) {
            set({
              notice: `The recorded actions do not fit these settings and were left out: ${readable(error)}.`,
            });
          }
        }
      },
      load: (scenario, moment, scenarioId = null) => {
        try {
          const run = buildRun(module, scenario);
          if (moment) run.seek(moment.cursor);
          const reached = run.cursor();
          if (moment && reached !== moment.cursor) {
            throw new Error(`the run ends at event ${reached + 1}, before the shared moment`);
          }
          set((s) => ({
            ...snapshot(run, moment?.time),
            revision: s.revision + 1,
            generation: s.generation + 1,
            playing: false,
            finished: false,
            scenarioId,
          }));
        } catch (error) {
          const fallback = startingPoint(module);
          set((s) => ({
            ...snapshot(module.createRun(fallback.scenario)),
            revision: s.revision + 1,
            generation: s.generation + 1,
            playing: false,
            finished: false,
            scenarioId: fallback.id,
            notice: `The scenario could not be loaded, so the default one runs instead: ${readable(error)}.`,
          }));
        }
      },
      loadNamed: (id) => {
        const named = module.scenarios.find((s) => s.id === id);
        if (!named) {
          set({ notice: `There is no scenario called “${id}” in this demo; the current run is unchanged.` });
          return;
        }
        get().load(named.scenario, undefined, id);
        if (named.until !== undefined) {
          const run = get().run;
          run.seekTime(named.until);
          refresh();
        }
        set({ notice: null });
      },
      applyFragment: (hash) => {
        const request = parseFragment(hash);
        if (request.kind === 'none') return;
        if (request.kind === 'named') {
          get().loadNamed(request.id);
          return;
        }
        if (request.kind === 'invalid') {
          const fallback = startingPoint(module);
          get().load(fallback.scenario, undefined, fallback.id);
          set({ notice: `${request.reason} The default scenario runs instead.` });
          return;
        }
        const { moment } = request;
        get().load(moment.scenario, { cursor: moment.cursor, time: moment.time });
      },
      shareFragment: () => {
        const { run, time } = get();
        const moment: SharedMoment = {
          scenario: run.scenario(),
          cursor: run.cursor(),
          time: Math.round(time),
        };
        return encodeMoment(moment);
      },
      dismissNotice: () => set({ notice: null }),
    };
  });
}
