import {
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type ComponentType,
  type KeyboardEvent,
  type PointerEvent,
  type ReactNode,
} from 'react';
import { createPlayerStore } from '../../stores/player';
import { createUiStore, type Selection } from '../../stores/ui';
import type { NodeId } from '../../sim/types';
import Topology from '../../viz/Topology';
import { spaceTimeHeight } from '../../viz/spacetime-size';
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
import { parseFragment } from '../../sim/share';
import { invariantTitle } from '../../sim/locale';
import { usePlayerText } from '../../plugin/i18n';
import Transport from './Transport';
import Timeline from './Timeline';
import Caption from './Caption';
import EventLog from './EventLog';
import ShortcutsOverlay from './ShortcutsOverlay';
import Tabs, { type Tab } from './Tabs';

/**
 * Panels behind a tab the page does not open with load when the reader points at their tab, so a
 * demo page ships only the picture and its controls up front.
 */
const loadFaults = () => import('./FaultPanel');
const loadSettings = () => import('./SettingsPanel');
const loadExplore = () => import('./ExplorePanel');
const loadExport = () => import('./ExportPanel');
// The space-time diagram brings D3's scales; a demo without the diagram never loads them.
const SpaceTime = lazy(() => import('../../viz/SpaceTime'));
const loadInvariants = () => import('./InvariantPanel');
const loadScenarios = () => import('./ScenarioList');
const InvariantPanel = lazy(loadInvariants);
const ScenarioList = lazy(loadScenarios);
const FaultPanel = lazy(loadFaults);
// The fault menus open at a node or a message the reader picks, never at load.
const NodeMenu = lazy(() => import('./NodeMenu').then((m) => ({ default: m.NodeMenu })));
const MessageMenu = lazy(() => import('./NodeMenu').then((m) => ({ default: m.MessageMenu })));
const SettingsPanel = lazy(loadSettings);
const ExplorePanel = lazy(loadExplore);
const ExportPanel = lazy(loadExport);

/** The player's drawn time as a source the canvas layers follow every frame while playing. */
function useLiveTime(player: PlayerContextValue['player']): TimeSource {
  return useMemo(
    () => ({
      now: () => player.getState().time,
      subscribe: (listener) =>
        player.subscribe((state, previous) => {
          if (state.time !== previous.time) listener();
        }),
    }),
    [player],
  );
}

function Later({ children }: { children: ReactNode }) {
  const t = usePlayerText();
  return (
    <Suspense fallback={<p className="player-panel-loading">{t('player.loading-panel')}</p>}>
      {children}
    </Suspense>
  );
}
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

/** Elements that take the focus themselves when clicked. */
const FOCUSABLE =
  'button, a, input, select, textarea, summary, [tabindex]:not([tabindex="-1"]), [role="button"]';

/** The ring of nodes, with the fault menu of what the reader picked beside it, and its legend. */
function Picture() {
  const { player, ui, plugin } = usePlayerContext();
  const world = usePlayer((s) => s.world);
  const playing = usePlayer((s) => s.playing);
  // While playing the canvases follow the time themselves; the stage renders only when the world
  // changes, showing the time of its last event in the SVG's labels.
  const time = usePlayer((s) => (s.playing ? s.world.time : s.time));
  const selection = useUi((s) => s.selection);
  const reducedMotion = useReducedMotion();
  const liveTime = useLiveTime(player);
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
  const onSelect = useCallback((s: Selection) => ui.getState().select(s), [ui]);
  const ids = useMemo(() => world.nodes.map((n) => n.id), [world.nodes]);
  const node = selection?.kind === 'node' ? world.nodes.find((n) => n.id === selection.id) : undefined;
  const message =
    selection?.kind === 'message' && plugin.faults.messages
      ? world.messages.find((m) => m.id === selection.id)
      : undefined;
  const menu = node ? (
    <Suspense fallback={null}>
      <NodeMenu node={node} ids={ids} />
    </Suspense>
  ) : message ? (
    <Suspense fallback={null}>
      <MessageMenu message={message} />
    </Suspense>
  ) : null;

  if (plugin.Stage) {
    return (
      <figure className="player-topology player-own-stage">
        <plugin.Stage
          world={world}
          selected={node?.id ?? null}
          onSelect={(id) => onSelect(id === null ? null : { kind: 'node', id })}
          menu={menu}
        />
      </figure>
    );
  }
  return (
    <figure className="player-topology">
      <Topology
        world={world}
        time={time}
        reducedMotion={reducedMotion}
        summaries={summaries}
        selection={selection}
        onSelect={onSelect}
        liveTime={playing ? liveTime : undefined}
        menu={menu}
        {...(plugin.messageColour ? { messageColour: plugin.messageColour } : {})}
      />
    </figure>
  );
}

/** What the colours, arcs and dots of the picture mean, in one row under the stage. */
function Legend() {
  const { plugin } = usePlayerContext();
  const t = usePlayerText();
  if (plugin.Stage) return null;
  return (
    <p className="player-legend">
      {plugin.roles.map((r) => (
        <span key={r.role}>
          <span className="player-swatch" style={{ borderColor: r.colour }} aria-hidden="true" /> {r.role}
        </span>
      ))}
      <span>
        <span className="player-swatch is-down" aria-hidden="true" /> {t('player.legend.crashed')}
      </span>
      {plugin.timerLegend && <span>{t('player.legend.arc', { meaning: plugin.timerLegend })}</span>}
      {plugin.messageKinds?.map((m) => (
        <span key={m.kind}>
          <span className="player-dot" style={{ background: m.colour }} aria-hidden="true" /> {m.kind}
        </span>
      ))}
      {plugin.faults.messages && (
        <span>
          <span className="player-dot" aria-hidden="true" /> {t('player.legend.request')}{' '}
          <span className="player-dot is-reply" aria-hidden="true" /> {t('player.legend.reply')}
        </span>
      )}
    </p>
  );
}

/** Lamport's diagram of the last half second, across the player. */
function Lifelines() {
  const { player, plugin } = usePlayerContext();
  const world = usePlayer((s) => s.world);
  const run = usePlayer((s) => s.run);
  const revision = usePlayer((s) => s.revision);
  const cursor = usePlayer((s) => s.cursor);
  const playing = usePlayer((s) => s.playing);
  const time = usePlayer((s) => (s.playing ? s.world.time : s.time));
  const liveTime = useLiveTime(player);
  const entries = useMemo(() => {
    void revision;
    return run.entries(Math.max(0, cursor + 1 - SPACE_TIME_ENTRIES), cursor + 1);
  }, [run, cursor, revision]);
  const nodeIds = useMemo(() => world.nodes.map((n) => n.id), [world.nodes]);
  const downNow = useMemo(() => world.nodes.filter((n) => !n.up).map((n) => n.id), [world.nodes]);
  const noun = usePlayer((s) => s.module.nodeNoun.one);
  const t = usePlayerText();
  const rowHeight = nodeIds.length > 6 ? 18 : 24;
  if (plugin.spaceTime === false) return null;
  return (
    <figure className="player-spacetime">
      <Suspense
        fallback={
          <div
            className="viz-spacetime"
            style={{ aspectRatio: `1100 / ${spaceTimeHeight(nodeIds.length, rowHeight)}` }}
          />
        }
      >
        <SpaceTime
          nodes={nodeIds}
          entries={entries}
          inFlight={world.messages}
          time={time}
          window={SPACE_TIME_WINDOW}
          downNow={downNow}
          liveTime={playing ? liveTime : undefined}
          viewWidth={1100}
          rowHeight={rowHeight}
          {...(plugin.messageColour ? { messageColour: plugin.messageColour } : {})}
        />
      </Suspense>
      <figcaption className="muted">{t('player.spacetime', { noun })}</figcaption>
    </figure>
  );
}

/** The event at the cursor in words, and the events around it. */
function Narration() {
  const { idPrefix } = usePlayerContext();
  const t = usePlayerText();
  return (
    <section className="player-now" aria-labelledby={`${idPrefix}-log-h`}>
      <PluginBanner />
      <h3 id={`${idPrefix}-log-h`}>{t('player.what-happens')}</h3>
      <EventLog />
    </section>
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
  // A demo may load a panel's code lazily, when its tab opens.
  return (
    <Later>
      <Component world={world} />
    </Later>
  );
}

/** Whether every invariant holds so far, in the header, where it is always in sight. */
function InvariantBadge() {
  const violation = usePlayer((s) => s.violation);
  const module = usePlayer((s) => s.module);
  const t = usePlayerText();
  const count = module.invariants.length;
  return (
    <p className={`player-badge${violation ? ' is-violated' : ''}`} data-testid="invariant-badge">
      {violation
        ? t('player.badge.violated', { invariant: invariantTitle(module, violation.invariant) })
        : t('player.badge.holds', { count })}
    </p>
  );
}

function ScenarioPicker() {
  const { player, idPrefix } = usePlayerContext();
  const module = usePlayer((s) => s.module);
  const current = usePlayer((s) => s.scenarioId);
  const t = usePlayerText();
  if (module.scenarios.length === 0) return null;
  return (
    <div className="player-picker">
      <label htmlFor={`${idPrefix}-scenario`}>{t('player.scenario')}</label>
      <select
        id={`${idPrefix}-scenario`}
        value={current ?? ''}
        onChange={(e) => {
          const id = e.currentTarget.value;
          if (id) player.getState().loadNamed(id);
          else
            player.getState().load({
              version: 1,
              algorithm: module.id,
              params: { ...module.defaultParams },
              seed: 1,
              actions: [],
            });
        }}
      >
        <option value="">{t('player.free-run')}</option>
        {module.scenarios.map((s) => (
          <option key={s.id} value={s.id}>
            {s.title}
          </option>
        ))}
      </select>
    </div>
  );
}

function Notice() {
  const { player } = usePlayerContext();
  const notice = usePlayer((s) => s.notice);
  const t = usePlayerText();
  if (!notice) return null;
  return (
    <div className="player-notice" role="alert" data-testid="player-notice">
      <p>{notice.summary}</p>
      {notice.detail && (
        <details>
          <summary>{t('player.precise-reason')}</summary>
          <p>
            <code>{notice.detail}</code>
          </p>
        </details>
      )}
      <button type="button" onClick={() => player.getState().dismissNotice()}>
        {t('player.dismiss')}
      </button>
    </div>
  );
}

/** While a deep shared moment is replayed in slices: how far it has got. */
function Opening() {
  const opening = usePlayer((s) => s.opening);
  const t = usePlayerText();
  if (!opening) return null;
  return (
    <p className="player-opening" role="status" data-testid="player-opening">
      {t('player.opening', { done: opening.done, of: opening.of })}
    </p>
  );
}

/** The next chance for the page to draw and take input. */
const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function PlayerBody({ demo }: { demo: LoadedDemo }) {
  const { player, ui, plugin, idPrefix } = usePlayerContext();
  const playing = usePlayer((s) => s.playing);
  const generation = usePlayer((s) => s.generation);
  const tab = useUi((s) => s.tab);
  const rootRef = useRef<HTMLElement>(null);
  const t = usePlayerText();

  // Apply the address's fragment once, then follow it: articles link to #scenario=<id>.
  useEffect(() => {
    player.getState().applyFragment(window.location.hash, nextTurn);
    const onHashChange = () => {
      const hash = window.location.hash;
      player.getState().applyFragment(hash, nextTurn);
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
    // The link shows where it can be copied by hand, and the embed snippet beside it.
    ui.getState().setTab('share');
    navigator.clipboard?.writeText(url).catch(() => undefined);
  };

  // A click on a drawing (which takes no focus) keeps the keyboard in the player.
  const onPointerDown = (event: PointerEvent<HTMLElement>) => {
    const target = event.target as HTMLElement;
    if (!target.closest(FOCUSABLE)) rootRef.current?.focus({ preventScroll: true });
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
        case 'n':
        case 'N':
          s.nextChapter();
          return true;
        case 'p':
        case 'P':
          s.previousChapter();
          return true;
        case '?':
          ui.getState().setShortcutsOpen(!ui.getState().shortcutsOpen);
          return true;
        case 'Escape': {
          if (ui.getState().shortcutsOpen) {
            ui.getState().setShortcutsOpen(false);
            return true;
          }
          const selection = ui.getState().selection;
          if (!selection) return false;
          ui.getState().select(null);
          // The focus goes back to what the menu belonged to.
          const selector =
            selection.kind === 'node' ? `[data-node="${selection.id}"]` : `[data-message="${selection.id}"]`;
          rootRef.current?.querySelector<HTMLElement>(selector)?.focus();
          return true;
        }
        default:
          return false;
      }
    })();
    if (handled) event.preventDefault();
  };

  const tabs: Tab[] = [
    ...plugin.panels.map(({ id, title, tab, Component }) => ({
      id,
      title: tab ?? title,
      label: title,
      content: (
        <>
          {tab && <h3 className="player-panel-title">{title}</h3>}
          <PluginPanel Component={Component} />
        </>
      ),
    })),
    {
      id: 'invariants',
      title: t('player.invariants'),
      label: t('player.invariants'),
      content: (
        <Later>
          <InvariantPanel />
        </Later>
      ),
      preload: loadInvariants,
    },
    // A new run starts the panel afresh, so its sliders show the new run's network.
    {
      id: 'faults',
      title: t('player.faults'),
      label: t('player.faults'),
      content: (
        <Later>
          <FaultPanel key={generation} />
        </Later>
      ),
      preload: loadFaults,
    },
    {
      id: 'scenarios',
      title: t('player.scenarios'),
      label: t('player.scenarios'),
      content: (
        <Later>
          <ScenarioList />
        </Later>
      ),
      preload: loadScenarios,
    },
    {
      id: 'settings',
      title: t('player.settings'),
      label: t('player.settings'),
      content: (
        <Later>
          <SettingsPanel />
        </Later>
      ),
      preload: loadSettings,
    },
    {
      id: 'explore',
      title: t('player.explore'),
      label: t('player.explore'),
      content: (
        <Later>
          <ExplorePanel />
        </Later>
      ),
      preload: loadExplore,
    },
    {
      id: 'share',
      title: t('player.share-tab'),
      label: t('player.share-label'),
      content: (
        <Later>
          <ExportPanel />
        </Later>
      ),
      preload: loadExport,
    },
  ];

  return (
    // The player listens for its shortcuts on its own region only, never on the whole page.
    <section
      ref={rootRef}
      className={`player${plugin.Stage ? ' has-own-stage' : ''}`}
      aria-label={t('player.region', { title: demo.module.title })}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      tabIndex={-1}
      data-demo={demo.id}
      data-testid="player"
    >
      <header className="player-header">
        <h2 className="player-title">{t('player.title', { title: demo.module.title })}</h2>
        <ScenarioPicker />
        <InvariantBadge />
        <button type="button" className="player-help" onClick={() => ui.getState().setShortcutsOpen(true)}>
          {t('player.keys')}
        </button>
      </header>
      <Notice />
      <Opening />
      <ShortcutsOverlay />
      <Transport onShare={share} />
      <Timeline />
      <Caption />
      <div className="player-stage">
        <Picture />
        <Narration />
      </div>
      <Legend />
      <Lifelines />
      <Tabs tabs={tabs} idPrefix={idPrefix} selected={tab} onSelect={(id) => ui.getState().setTab(id)} />
    </section>
  );
}

/** The one step-through player every demo uses. */
export default function Player({ demo }: { demo: LoadedDemo }) {
  const idPrefix = useId().replace(/:/g, '');
  const [context] = useState<PlayerContextValue>(() => ({
    player: createPlayerStore(demo.module, undefined, {
      defaultSpeed: demo.plugin.defaultSpeed,
      ...(demo.plugin.opening ? { opening: demo.plugin.opening } : {}),
    }),
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
