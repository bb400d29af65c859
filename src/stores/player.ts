import { createStore, type StoreApi } from 'zustand/vanilla';
import { actionTitle, KERNEL_ENGLISH } from '../sim/format';
import { invariantTitle } from '../sim/locale';
import type { AlgorithmModule, AlgorithmRun } from '../sim/module';
import { actionProblem, scenarioProblem, type Problem } from '../sim/problems';
import { encodeMoment, encodeNamed, parseFragment, type SharedMoment } from '../sim/share';
import type { Action, Micros, Scenario, TraceEntry, Violation, WorldView } from '../sim/types';

/** Speed is virtual time per unit of real time; the slider spans 0.001x to 10x on a log scale. */
export const MIN_SPEED = 0.001;
export const MAX_SPEED = 10;
export const DEFAULT_SPEED = 0.1;
/** "Go to event" computes at most this many new events, so a typo cannot freeze the page. */
export const MAX_GO_TO = 50_000;
/** How many chapters a scenario is cut into at most: more marks than this read as noise. */
export const MAX_CHAPTERS = 18;
/** A shared moment deeper than this many events is replayed in slices rather than at once. */
const SLICED_OPENING = 2_000;
/** How long one slice of that replay may hold the page, in milliseconds. */
const SLICE_MS = 8;

/** A turn of a named scenario's story: where it is on the timeline, a title, and its words. */
export interface Chapter {
  /** The event it stops after. */
  index: number;
  time: Micros;
  title: string;
  caption: string;
}

/** How a demo opens: its speed, and the moment its default run starts at. */
export interface PlayerOptions {
  defaultSpeed?: number;
  /** The moment the default run opens at, so something happens soon after Play. */
  opening?(run: AlgorithmRun): Micros;
}

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
  /** The run stopped at its event budget (a guard against runaway runs), not at its end. */
  budgetSpent: boolean;
  violation: Violation | null;
  /** An explanation for the reader, e.g. why a link could not be used. Plain text. */
  notice: Problem | null;
  /** The named scenario loaded last, if the run still follows it. */
  scenarioId: string | null;
  /** The chapters of that scenario, from its scripted steps and the turns its algorithm marks. */
  chapters: Chapter[];
  /** The guided tour: it plays the scenarios in order, stopping at each chapter. */
  guided: boolean;
  /** Playback stops on reaching this event (the next chapter), or null. */
  stopAt: number | null;
  /** A shared moment deep in its run being replayed in slices: how far it has got. */
  opening: { done: number; of: number } | null;

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
  /** Loads a scenario (at a moment of it); `source` names where it came from in a notice ("This link"). */
  load(
    scenario: Scenario,
    moment?: { cursor: number; time: Micros },
    scenarioId?: string | null,
    source?: string,
    prebuilt?: AlgorithmRun,
  ): void;
  /** Loads a named scenario at its start, or at one of its chapters. */
  loadNamed(id: string, chapter?: number | null): void;
  /** Plays on to the next chapter and stops there; at the last one, the tour moves to the next scenario. */
  nextChapter(): void;
  previousChapter(): void;
  startGuide(): void;
  stopGuide(): void;
  /**
   * Applies a location hash; explains in `notice` when it cannot. Given `pause` (a promise of the
   * next chance to draw), a moment deep in its run is replayed in slices between which it waits.
   */
  applyFragment(hash: string, pause?: () => Promise<void>): void;
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

/** The last chapter at or before `cursor`, or -1. */
export function chapterAt(chapters: readonly Chapter[], cursor: number): number {
  let found = -1;
  for (let i = 0; i < chapters.length; i++) if ((chapters[i] as Chapter).index <= cursor) found = i;
  return found;
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

/**
 * A shared moment's drawn time lies between its event and the next one (the clock moves between
 * events while playing). A later time is no moment of the run, and playing from it would compute
 * every event up to it in one frame.
 */
function checkDrawnTime(run: AlgorithmRun, time: Micros): void {
  const eventTime = run.time();
  if (time <= eventTime) return;
  const hasNext = run.step();
  const limit = hasNext ? run.time() : eventTime;
  if (hasNext) run.back();
  if (time > limit) {
    throw new Error(
      `the drawn time t=${time} µs lies after the next event (at ${limit} µs), so it is no moment of this run`,
    );
  }
}

/** Builds a run from a scenario coming from outside: the algorithm validates its parameters. */
export function buildRun(module: AlgorithmModule, scenario: Scenario): AlgorithmRun {
  if (scenario.algorithm !== module.id) {
    throw new Error(`it belongs to the ${scenario.algorithm} demo, not to ${module.title}`);
  }
  const params = module.parseParams(scenario.params);
  return module.createRun({ ...scenario, params });
}

/** Actions told together when several come in a row. */
function groupable(action: Action | undefined): string | null {
  const type = action?.type;
  return type === 'client' || type === 'set-link-latency' || type === 'clock-rate' ? type : null;
}

function clientTitle(module: AlgorithmModule) {
  return (payload: unknown, node: string | undefined) => module.requestTitle(payload, node);
}

/**
 * A named scenario's chapters: one per scripted step (consecutive client requests together), one
 * per turn the algorithm marks as a milestone, and the first violation; each with the event's
 * narration as its words.
 */
export function chaptersOf(module: AlgorithmModule, run: AlgorithmRun): Chapter[] {
  const entries: TraceEntry[] = run.entries(0, run.length());
  const violation = run.violations()[0];
  const chapters: Chapter[] = [];
  /** How much each chapter matters when there are too many: the violation first, then the story's steps. */
  const weight: number[] = [];
  const title = clientTitle(module);
  const t = module.kernelText ?? KERNEL_ENGLISH;
  let lastKind: string | null = null;
  let firstOfRun = '';
  let grouped = 0;
  // A steady stream of requests is cut into a few steps rather than told as one.
  const scripted = entries.filter((e) => e.action);
  const span =
    scripted.length > 1 ? (scripted.at(-1) as TraceEntry).time - (scripted[0] as TraceEntry).time : 0;
  const longestStep = span / 5;
  for (const e of entries) {
    let name: string | null = null;
    let rank = 0;
    // A story freshly loaded holds only its own scripted actions; a turn of the story (a request
    // refused, a leader elected) names its event even when a request caused it.
    if (e.milestone) [name, rank] = [e.milestone, 1];
    else if (e.action) [name, rank] = [actionTitle(e.action, title, t), 1];
    if (violation && violation.index === e.index)
      [name, rank] = [t('title.violated', { invariant: invariantTitle(module, violation.invariant) }), 2];
    if (name === null) continue;
    const last = chapters[chapters.length - 1];
    // Requests, and link settings, come in runs: a run with nothing else marked between is one step.
    const kind = !e.milestone && rank === 1 ? groupable(e.action) : null;
    if (last && kind !== null && kind === lastKind && e.time - last.time <= longestStep) {
      grouped += 1;
      last.title = t('title.and-more', { first: firstOfRun, count: grouped });
      continue;
    }
    lastKind = kind;
    if (kind !== null) [firstOfRun, grouped] = [name, 0];
    chapters.push({ index: e.index, time: e.time, title: name, caption: e.narration });
    weight.push(rank);
  }
  if (chapters.length <= MAX_CHAPTERS) return chapters;
  // Keep the weightiest marks; within a weight, spread the ones kept evenly over the story, first and last included.
  const keep = new Set<number>();
  for (const rank of [2, 1]) {
    const candidates = chapters.flatMap((_, i) => (weight[i] === rank ? [i] : []));
    const room = MAX_CHAPTERS - keep.size;
    if (room <= 0) break;
    if (candidates.length <= room) candidates.forEach((i) => keep.add(i));
    else
      // Evenly from the first to the last: spaced more than one apart, no pick repeats.
      for (let k = 0; k < room; k++)
        keep.add(
          candidates[room === 1 ? 0 : Math.round((k * (candidates.length - 1)) / (room - 1))] as number,
        );
  }
  return chapters.filter((_, i) => keep.has(i));
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

export function createPlayerStore(
  module: AlgorithmModule,
  initial?: Scenario,
  options: PlayerOptions = {},
): PlayerStore {
  const start = initial ? { scenario: initial, id: null } : startingPoint(module);
  const firstRun = module.createRun(start.scenario);
  const speed = clampSpeed(options.defaultSpeed ?? DEFAULT_SPEED);
  const openAt = !initial && start.id === null && options.opening ? options.opening(firstRun) : undefined;
  if (openAt !== undefined) firstRun.seekTime(openAt);

  const store = createStore<PlayerState>()((set, get) => {
    /**
     * Replays a shared moment a few milliseconds at a time, so the page stays responsive and can
     * say how far it has got; whatever the reader does meanwhile (a step, a reset, another link) wins.
     */
    const openInSlices = async (moment: SharedMoment, pause: () => Promise<void>) => {
      const revision = get().revision;
      let run: AlgorithmRun;
      try {
        run = buildRun(module, moment.scenario);
      } catch {
        get().load(moment.scenario, moment, null, 'This link');
        return;
      }
      set({ opening: { done: 0, of: moment.cursor + 1 } });
      try {
        while (run.cursor() < moment.cursor) {
          const until = performance.now() + SLICE_MS;
          const sliceStart = run.cursor();
          let before = sliceStart;
          while (run.cursor() < moment.cursor && performance.now() < until) {
            run.seek(Math.min(moment.cursor, run.cursor() + 50));
            if (run.cursor() === before) break;
            before = run.cursor();
          }
          // A run that computes nothing more ends here; the load below says it ended early.
          if (run.cursor() === sliceStart || run.cursor() >= moment.cursor) break;
          set({ opening: { done: run.cursor() + 1, of: moment.cursor + 1 } });
          await pause();
          if (get().revision !== revision) return;
        }
      } catch {
        // The same load below names what went wrong.
      } finally {
        set({ opening: null });
      }
      if (get().revision !== revision) return;
      get().load(moment.scenario, moment, null, 'This link', run);
    };

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

    /** Whether a run that computes nothing more stopped at its budget rather than its end. */
    const budgetOf = (run: AlgorithmRun) => run.cursor() === run.length() - 1 && run.budgetSpent();

    const named = (id: string) => module.scenarios.find((s) => s.id === id);

    return {
      module,
      ...snapshot(firstRun, openAt),
      revision: 0,
      generation: 0,
      playing: false,
      speed,
      finished: false,
      budgetSpent: false,
      notice: null,
      scenarioId: start.id,
      chapters: [],
      guided: false,
      stopAt: null,
      opening: null,

      play: () => set({ playing: !get().finished && !get().budgetSpent }),
      pause: () => set({ playing: false, stopAt: null }),
      togglePlay: () => (get().playing ? get().pause() : get().play()),
      step: () => {
        const moved = forward();
        refresh(undefined, {
          playing: false,
          finished: !moved && get().run.finished(),
          budgetSpent: !moved && budgetOf(get().run),
        });
      },
      back: () => {
        get().run.back();
        refresh(undefined, { playing: false, finished: false, budgetSpent: false });
      },
      jump: (events) => {
        const { run } = get();
        if (events < 0) {
          run.seek(Math.max(-1, run.cursor() + events));
          refresh(undefined, { playing: false, finished: false, budgetSpent: false });
          return;
        }
        let moved = true;
        for (let i = 0; i < events && moved; i++) moved = forward();
        refresh(undefined, {
          playing: false,
          finished: !moved && run.finished(),
          budgetSpent: !moved && budgetOf(run),
        });
      },
      seek: (index) => {
        const { run } = get();
        run.seek(Math.max(-1, Math.min(index, run.length() - 1)));
        refresh(undefined, { playing: false, finished: false, budgetSpent: false });
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
        const { run, playing, speed, time, violation, cursor, length, stopAt } = get();
        if (!playing) return;
        let target = time + Math.max(0, realMs) * 1000 * speed;
        // A chapter boundary ahead: playback stops on its event.
        const stopTime =
          stopAt !== null && stopAt > cursor ? run.entries(stopAt, stopAt + 1)[0]?.time : undefined;
        if (stopAt !== null && stopAt > cursor && stopTime === undefined) {
          run.seek(stopAt);
          refresh(undefined, { playing: false, stopAt: null });
          return;
        }
        if (stopTime !== undefined && target >= stopTime) {
          run.seek(stopAt as number);
          refresh(undefined, { playing: false, stopAt: null });
          return;
        }
        // seekTime computes up to the target without overshooting, and replays an already computed
        // future cheaply; stepping past the target and back would cost a checkpoint replay per frame.
        run.seekTime(target);
        const found = run.firstViolation();
        if (violation === null && found !== null) {
          // The first violation stops playback on the event that broke the invariant.
          if (run.cursor() !== found.index) run.seek(found.index);
          refresh(undefined, { playing: false, stopAt: null });
          return;
        }
        const atEnd = run.cursor() === run.length() - 1;
        const ended = atEnd && run.finished();
        const spent = atEnd && run.budgetSpent();
        if (spent) {
          // The run may go no further: say so instead of letting the clock run on with no events.
          target = run.time();
          refresh(target, {
            playing: false,
            budgetSpent: true,
            notice: {
              summary: `This run has reached its limit of ${run.length().toLocaleString('en')} events, so it stops here. Reset it, or load a scenario, to go on.`,
              detail: null,
            },
          });
          return;
        }
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
          refresh(undefined, {
            finished: false,
            budgetSpent: false,
            scenarioId: null,
            chapters: [],
            guided: false,
          });
        } catch (error) {
          set({ notice: actionProblem(error) });
        }
      },
      reset: () => {
        const { scenarioId, guided } = get();
        if (scenarioId && named(scenarioId)) {
          get().loadNamed(scenarioId);
          if (guided) set({ guided: true });
          return;
        }
        get().load(get().run.scenario(), undefined, null);
      },
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
              notice: {
                summary:
                  'The scenario’s recorded faults and requests do not fit these settings, so the run starts without them.',
                detail: scenarioProblem(error, 'The scenario').detail,
              },
            });
          }
        }
      },
      load: (scenario, moment, scenarioId = null, source = 'This scenario', prebuilt) => {
        try {
          const run = prebuilt ?? buildRun(module, scenario);
          if (moment) run.seek(moment.cursor);
          const reached = run.cursor();
          if (moment && reached !== moment.cursor) {
            throw new Error(`the run ends at event ${reached + 1}, before the shared moment`);
          }
          if (moment) checkDrawnTime(run, moment.time);
          set((s) => ({
            ...snapshot(run, moment?.time),
            revision: s.revision + 1,
            generation: s.generation + 1,
            playing: false,
            finished: false,
            budgetSpent: false,
            scenarioId,
            chapters: [],
            guided: false,
            stopAt: null,
          }));
        } catch (error) {
          const fallback = startingPoint(module);
          const problem = scenarioProblem(error, source);
          set((s) => ({
            ...snapshot(module.createRun(fallback.scenario)),
            revision: s.revision + 1,
            generation: s.generation + 1,
            playing: false,
            finished: false,
            budgetSpent: false,
            scenarioId: fallback.id,
            chapters: [],
            guided: false,
            stopAt: null,
            notice: {
              summary: `${problem.summary} The demo’s own scenario runs instead.`,
              detail: problem.detail,
            },
          }));
        }
      },
      loadNamed: (id, chapter = null) => {
        const scenario = named(id);
        if (!scenario) {
          set({
            notice: {
              summary: `This demo has no scenario called “${id}”; the current run is unchanged.`,
              detail: null,
            },
          });
          return;
        }
        get().load(scenario.scenario, undefined, id);
        // The story is computed once to its end, to mark its chapters; the reader starts at its start.
        const run = get().run;
        run.seekTime(scenario.until ?? 2_000_000);
        const chapters = chaptersOf(module, run);
        const at = chapter !== null ? chapters[Math.min(chapter, chapters.length - 1)]?.index : undefined;
        run.seek(at ?? -1);
        refresh(undefined, { chapters, notice: null });
      },
      nextChapter: () => {
        const { chapters, cursor, guided, scenarioId, playing } = get();
        if (playing) get().pause();
        const next = chapters.find((c) => c.index > cursor);
        if (next) {
          set({ stopAt: next.index });
          get().play();
          return;
        }
        if (!guided) return;
        // The tour goes on with the next scenario, from its start.
        const position = module.scenarios.findIndex((s) => s.id === scenarioId);
        const following = module.scenarios[position + 1];
        if (!following) return;
        get().loadNamed(following.id);
        set({ guided: true });
      },
      previousChapter: () => {
        const { chapters, cursor, guided, scenarioId } = get();
        const current = chapterAt(chapters, cursor);
        if (current > 0) {
          get().seek((chapters[current - 1] as Chapter).index);
          return;
        }
        if (current === 0 || !guided) {
          get().seek(-1);
          return;
        }
        const position = module.scenarios.findIndex((s) => s.id === scenarioId);
        const before = module.scenarios[position - 1];
        if (!before) return;
        get().loadNamed(before.id, Number.MAX_SAFE_INTEGER);
        set({ guided: true });
      },
      startGuide: () => {
        const first = module.scenarios[0];
        if (!first) return;
        get().loadNamed(first.id);
        set({ guided: true });
      },
      stopGuide: () => set({ guided: false, stopAt: null }),
      applyFragment: (hash, pause) => {
        const request = parseFragment(hash);
        if (request.kind === 'none') return;
        if (request.kind === 'named') {
          get().loadNamed(request.id, request.chapter);
          if (request.guided && get().scenarioId === request.id) set({ guided: true });
          return;
        }
        if (request.kind === 'invalid') {
          const fallback = startingPoint(module);
          get().load(fallback.scenario, undefined, fallback.id);
          set({
            notice: {
              summary: `${request.problem.summary} The demo’s own scenario runs instead.`,
              detail: request.problem.detail,
            },
          });
          return;
        }
        const { moment } = request;
        if (pause && moment.cursor > SLICED_OPENING) {
          void openInSlices(moment, pause);
          return;
        }
        get().load(moment.scenario, { cursor: moment.cursor, time: moment.time }, null, 'This link');
      },
      shareFragment: () => {
        const { run, time, scenarioId, chapters, cursor, guided } = get();
        // A named scenario at one of its chapters shares as that, in a few readable characters.
        const chapter = chapters.findIndex((c) => c.index === cursor);
        if (scenarioId && (cursor === -1 || chapter >= 0)) {
          return encodeNamed(scenarioId, cursor === -1 ? null : chapter, guided);
        }
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
  // A demo that opens on one of its stories shows that story's chapters from the start.
  if (start.id !== null) store.getState().loadNamed(start.id);
  return store;
}
