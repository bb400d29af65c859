import {
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type ComponentType,
  type KeyboardEvent,
} from 'react';
import { createPlayerStore } from '../../stores/player';
import { createUiStore, type Selection } from '../../stores/ui';
import type { NodeId } from '../../sim/types';
import Topology from '../../viz/Topology';
import SpaceTime from '../../viz/SpaceTime';
import type { TimeSource } from '../../viz/canvas';
import {
  PlayerContext,
  usePlayer,
  usePlayerContext,
  useUi,
  type PlayerContextValue,
} from '../../plugin/context';
import type { LoadedDemo } from './Demo';
import { roleColour, type NodeSummary, type PanelProps } from '../../plugin/plugin';
import { useReducedMotion } from '../../plugin/hooks';
import { runDigest } from './digest';
import { parseFragment } from '../../sim/share';
import Transport from './Transport';
import EventLog from './EventLog';
import InvariantPanel from './InvariantPanel';
import FaultPanel from './FaultPanel';
import SettingsPanel from './SettingsPanel';
import ScenarioList from './ScenarioList';
import ExportPanel from './ExportPanel';
import ExplorePanel from './ExplorePanel';
import ShortcutsOverlay from './ShortcutsOverlay';
import './player.css';

/** Longest real-time gap one animation frame may cover, so a stalled tab does not leap ahead. */
const MAX_FRAME_MS = 100;
/** The space-time diagram shows this much virtual time up to the cursor. */
const SPACE_TIME_WINDOW = 500_000;
const SPACE_TIME_ENTRIES = 600;

/** Keys a slider uses itself; elsewhere in the player they are shortcuts. */
const SLIDER_KEYS = new Set([
  'ArrowLeft',
  'ArrowRight',
  'ArrowUp',
  'ArrowDown',
  'Home',
  'End',
  'PageUp',
  'PageDown',
]);

function isSlider(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement && target.type === 'range';
}

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range'].includes(target.type);
  }
  return false;
}

function Stage() {
  const { player, ui, plugin } = usePlayerContext();
  const world = usePlayer((s) => s.world);
  const run = usePlayer((s) => s.run);
  const revision = usePlayer((s) => s.revision);
  const cursor = usePlayer((s) => s.cursor);
  const playing = usePlayer((s) => s.playing);
  // While playing the canvases follow the time themselves; the stage renders only when the world
  // changes, showing the time of its last event in the SVG's labels.
  const time = usePlayer((s) => (s.playing ? s.world.time : s.time));
  const selection = useUi((s) => s.selection);
  const reducedMotion = useReducedMotion();
  const liveTime = useMemo<TimeSource>(
    () => ({
      now: () => player.getState().time,
      subscribe: (listener) =>
        player.subscribe((state, previous) => {
          if (state.time !== previous.time) listener();
        }),
    }),
    [player],
  );
  const summaries = useMemo(
    () =>
      new Map<NodeId, NodeSummary>(
        world.nodes.map((n) => {
          const summary = plugin.describeNode(n);
          const colour = summary.colour ?? roleColour(plugin, summary.role);
          return [n.id, colour === undefined ? summary : { ...summary, colour }];
        }),
      ),
    [world, plugin],
  );
  const entries = useMemo(() => {
    void revision;
    return run.entries(Math.max(0, cursor + 1 - SPACE_TIME_ENTRIES), cursor + 1);
  }, [run, cursor, revision]);
  const nodeIds = useMemo(() => world.nodes.map((n) => n.id), [world.nodes]);
  const downNow = useMemo(() => world.nodes.filter((n) => !n.up).map((n) => n.id), [world.nodes]);
  const onSelect = useCallback((s: Selection) => ui.getState().select(s), [ui]);

  return (
    <div
      className={`player-stage${reducedMotion ? ' is-reduced-motion' : ''}`}
      data-reduced-motion={reducedMotion}
    >
      <figure className="player-topology">
        <Topology
          world={world}
          time={time}
          reducedMotion={reducedMotion}
          summaries={summaries}
          selection={selection}
          onSelect={onSelect}
          liveTime={playing ? liveTime : undefined}
          {...(plugin.messageColour ? { messageColour: plugin.messageColour } : {})}
        />
        <figcaption className="player-legend">
          {plugin.roles.map((r) => (
            <span key={r.role}>
              <span className="player-swatch" style={{ borderColor: r.colour }} aria-hidden="true" /> {r.role}
            </span>
          ))}
          <span>
            <span className="player-swatch is-down" aria-hidden="true" /> crashed
          </span>
          {plugin.timerLegend && <span>arc: {plugin.timerLegend}</span>}
          {plugin.messageKinds?.map((m) => (
            <span key={m.kind}>
              <span className="player-dot" style={{ background: m.colour }} aria-hidden="true" /> {m.kind}
            </span>
          ))}
          <span>
            <span className="player-dot" aria-hidden="true" /> request,{' '}
            <span className="player-dot is-reply" aria-hidden="true" /> reply
          </span>
        </figcaption>
      </figure>
      <figure className="player-spacetime">
        <SpaceTime
          nodes={nodeIds}
          entries={entries}
          inFlight={world.messages}
          time={time}
          window={SPACE_TIME_WINDOW}
          downNow={downNow}
          liveTime={playing ? liveTime : undefined}
          {...(plugin.messageColour ? { messageColour: plugin.messageColour } : {})}
        />
        <figcaption className="muted">
          Space-time diagram: one line per server, messages as arrows, × a crash.
        </figcaption>
      </figure>
    </div>
  );
}

/** The algorithm's banner, rendered when the world changes rather than with the whole player. */
function PluginBanner() {
  const { plugin } = usePlayerContext();
  const world = usePlayer((s) => s.world);
  return plugin.Banner ? <plugin.Banner world={world} /> : null;
}

function PluginPanel({ Component }: { Component: ComponentType<PanelProps> }) {
  const world = usePlayer((s) => s.world);
  return <Component world={world} />;
}

function Digest() {
  const run = usePlayer((s) => s.run);
  const cursor = usePlayer((s) => s.cursor);
  const playing = usePlayer((s) => s.playing);
  const revision = usePlayer((s) => s.revision);
  // Hashing the whole trace each frame would slow playback: the digest is computed when paused.
  const digest = useMemo(() => {
    void revision;
    return playing ? '' : runDigest(run);
  }, [run, playing, revision]);
  return (
    <p className="player-digest muted">
      Trace digest:{' '}
      <output data-testid="trace-digest" data-digest={digest} data-cursor={cursor}>
        {digest || '…'}
      </output>
    </p>
  );
}

function Notice() {
  const { player } = usePlayerContext();
  const notice = usePlayer((s) => s.notice);
  if (!notice) return null;
  return (
    <div className="player-notice" role="alert" data-testid="player-notice">
      <p>{notice}</p>
      <button type="button" onClick={() => player.getState().dismissNotice()}>
        Dismiss
      </button>
    </div>
  );
}

function PlayerBody({ demo }: { demo: LoadedDemo }) {
  const { player, ui, plugin, idPrefix } = usePlayerContext();
  const playing = usePlayer((s) => s.playing);
  const generation = usePlayer((s) => s.generation);
  const rootRef = useRef<HTMLElement>(null);

  // Apply the address's fragment once, then follow it: articles link to #scenario=<id>.
  useEffect(() => {
    player.getState().applyFragment(window.location.hash);
    const onHashChange = () => {
      const hash = window.location.hash;
      player.getState().applyFragment(hash);
      // A link in the article loads a scenario: bring the player into view to show it.
      if (parseFragment(hash).kind !== 'none') {
        const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
        rootRef.current?.scrollIntoView({ block: 'start', behavior: smooth ? 'smooth' : 'auto' });
      }
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [player]);

  // A hidden tab pauses: nobody is watching, and the run should not leap ahead on return.
  useEffect(() => {
    const onVisibility = () => {
      if (document.hidden) player.getState().pause();
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => document.removeEventListener('visibilitychange', onVisibility);
  }, [player]);

  useEffect(() => {
    if (!playing) return;
    let frame = 0;
    let last = performance.now();
    const loop = (now: number) => {
      player.getState().tick(Math.min(MAX_FRAME_MS, now - last));
      last = now;
      frame = requestAnimationFrame(loop);
    };
    frame = requestAnimationFrame(loop);
    return () => cancelAnimationFrame(frame);
  }, [playing, player]);

  const share = () => {
    // A link describes one moment: playback stops there.
    player.getState().pause();
    const fragment = player.getState().shareFragment();
    const url = `${window.location.href.split('#')[0]}#${fragment}`;
    // replaceState does not fire hashchange, so the run is not reloaded.
    window.history.replaceState(null, '', url);
    ui.getState().setShareUrl(url, player.getState().revision);
    navigator.clipboard?.writeText(url).catch(() => undefined);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey || isTextField(event.target)) return;
    if (isSlider(event.target) && SLIDER_KEYS.has(event.key)) return;
    const target = event.target as HTMLElement;
    // Space already activates these; on them it keeps its usual meaning.
    const onControl = target.closest('button, summary, [role="button"], input[type="checkbox"], a') !== null;
    const s = player.getState();
    const handled = (() => {
      switch (event.key) {
        case ' ':
          if (onControl) return false;
          s.togglePlay();
          return true;
        case 'ArrowRight':
          if (event.shiftKey) s.jump(10);
          else s.step();
          return true;
        case 'ArrowLeft':
          if (event.shiftKey) s.jump(-10);
          else s.back();
          return true;
        case 'Home':
          s.toStart();
          return true;
        case 'End':
          s.toEnd();
          return true;
        case 'r':
        case 'R':
          s.reset();
          return true;
        case 's':
        case 'S':
          share();
          return true;
        case '?':
          ui.getState().setShortcutsOpen(!ui.getState().shortcutsOpen);
          return true;
        case 'Escape':
          if (!ui.getState().shortcutsOpen) return false;
          ui.getState().setShortcutsOpen(false);
          return true;
        default:
          return false;
      }
    })();
    if (handled) event.preventDefault();
  };

  return (
    // The player listens for its shortcuts on its own region only, never on the whole page.
    <section
      ref={rootRef}
      className="player"
      aria-label={`Live demo: ${demo.module.title}`}
      onKeyDown={onKeyDown}
      data-demo={demo.id}
      data-testid="player"
    >
      <header className="player-header">
        <h2 className="player-title">{demo.module.title}, live</h2>
        <button type="button" className="player-help" onClick={() => ui.getState().setShortcutsOpen(true)}>
          Keyboard shortcuts (?)
        </button>
      </header>
      <Notice />
      <ShortcutsOverlay />
      <Transport onShare={share} />
      <PluginBanner />
      <Stage />
      <div className="player-panels">
        <section className="player-panel player-panel-log" aria-labelledby={`${idPrefix}-log-h`}>
          <h3 id={`${idPrefix}-log-h`}>What happens</h3>
          <EventLog />
        </section>
        <section className="player-panel" aria-labelledby={`${idPrefix}-inv-h`}>
          <h3 id={`${idPrefix}-inv-h`}>Invariants</h3>
          <InvariantPanel />
        </section>
        {plugin.panels.map(({ id, title, Component }) => (
          <section
            className="player-panel player-panel-wide"
            key={id}
            aria-labelledby={`${idPrefix}-${id}-h`}
          >
            <h3 id={`${idPrefix}-${id}-h`}>{title}</h3>
            <PluginPanel Component={Component} />
          </section>
        ))}
        <section className="player-panel" aria-labelledby={`${idPrefix}-faults-h`}>
          <h3 id={`${idPrefix}-faults-h`}>Faults</h3>
          {/* A new run starts the panel afresh, so its sliders show the new run's network. */}
          <FaultPanel key={generation} />
        </section>
        <section className="player-panel" aria-labelledby={`${idPrefix}-scen-h`}>
          <h3 id={`${idPrefix}-scen-h`}>Scenarios</h3>
          <ScenarioList />
        </section>
        <details className="player-panel">
          <summary>Settings: seed and parameters</summary>
          <SettingsPanel />
        </details>
        <details className="player-panel">
          <summary>Share and export</summary>
          <ExportPanel />
        </details>
        <details className="player-panel">
          <summary>Explore random faults</summary>
          <ExplorePanel />
        </details>
      </div>
      <Digest />
    </section>
  );
}

/** The one step-through player every demo uses. */
export default function Player({ demo }: { demo: LoadedDemo }) {
  const idPrefix = useId().replace(/:/g, '');
  const [context] = useState<PlayerContextValue>(() => ({
    player: createPlayerStore(demo.module),
    ui: createUiStore(),
    plugin: demo.plugin,
    idPrefix,
  }));
  return (
    <PlayerContext.Provider value={context}>
      <PlayerBody demo={demo} />
    </PlayerContext.Provider>
  );
}
