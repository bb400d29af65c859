/**
 * Two players locked to one fault schedule. Both runs are computed to the horizon once (counting
 * messages and each client request's commit); then one clock drives both: stepping moves to the
 * next moment either run has an event, scrubbing and playing set one virtual time for both. A
 * fault the reader adds goes into the shared schedule at the exact moment shown, and both runs are
 * rebuilt from it. Shared code: the algorithms come from the registry and declare themselves.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { AlgorithmModule, AlgorithmRun } from '../../sim/module';
import {
  COMPARE_HORIZON,
  comparable,
  decodeComparison,
  defaultSchedule,
  encodeComparison,
  eventAt,
  measure,
  nextMoment,
  previousMoment,
  sharedParamKeys,
  sideScenario,
  withAction,
  type RunMeasures,
} from '../../sim/compare';
import type { Action, Micros, NodeId, Scenario } from '../../sim/types';
import { roleColour, type DemoPlugin, type NodeSummary } from '../../plugin/plugin';
import { useReducedMotion } from '../../plugin/hooks';
import Topology from '../../viz/Topology';
import { formatMicros } from '../../viz/format';
import { actionTitle } from '../../sim/format';
import './player.css';
import './compare.css';

export interface CompareSide {
  module: AlgorithmModule;
  plugin: DemoPlugin;
}

interface Built {
  schedule: Scenario;
  runs: AlgorithmRun[];
  measures: RunMeasures[];
}

function build(sides: readonly CompareSide[], schedule: Scenario): Built {
  const [a, b] = sides as [CompareSide, CompareSide];
  const shared = sharedParamKeys(a.module, b.module);
  const runs = sides.map((s) => s.module.createRun(sideScenario(s.module, schedule, shared)));
  const measures = sides.map((s, i) => measure(s.module, runs[i] as AlgorithmRun, COMPARE_HORIZON));
  return { schedule, runs, measures };
}

const ms = (t: Micros | null) => (t === null ? '—' : `${Math.round(t / 100) / 10} ms`);

function Side({
  side,
  run,
  measures,
  time,
  version,
}: {
  side: CompareSide;
  run: AlgorithmRun;
  measures: RunMeasures;
  time: Micros;
  version: number;
}) {
  const reducedMotion = useReducedMotion();
  const cursor = eventAt(measures.times, time);
  // The runs move together: seeking here keeps this side at the shared moment.
  const world = useMemo(() => {
    void version;
    run.seek(cursor);
    return run.view();
  }, [run, cursor, version]);
  const summaries = useMemo(
    () =>
      new Map<NodeId, NodeSummary>(
        world.nodes.map((n) => {
          const summary = side.plugin.describeNode(n);
          const colour = summary.colour ?? roleColour(side.plugin, summary.role);
          return [n.id, colour === undefined ? summary : { ...summary, colour }];
        }),
      ),
    [world, side.plugin],
  );
  const entry = cursor >= 0 ? run.entries(cursor, cursor + 1)[0] : undefined;
  const sent = cursor >= 0 ? (measures.messages[cursor] ?? 0) : 0;
  const arrived = measures.requests.filter((r) => r.at <= time);
  const done = arrived.filter((r) => r.committedAt !== null && r.committedAt <= time);
  const mean =
    done.length === 0
      ? null
      : done.reduce((sum, r) => sum + ((r.committedAt as Micros) - r.at), 0) / done.length;
  return (
    <section
      className="compare-side"
      aria-label={side.module.title}
      data-testid="compare-side"
      data-algorithm={side.module.id}
      data-cursor={cursor}
      data-messages={sent}
    >
      <h2 className="compare-title">{side.module.title}</h2>
      <dl className="compare-figures">
        <div>
          <dt>Messages sent</dt>
          <dd data-testid="compare-messages">{sent}</dd>
        </div>
        <div>
          <dt>Requests committed</dt>
          <dd>
            {done.length} of {arrived.length}
          </dd>
        </div>
        <div>
          <dt>Messages per commit</dt>
          <dd>{done.length === 0 ? '—' : Math.round(sent / done.length)}</dd>
        </div>
        <div>
          <dt>Mean commit latency</dt>
          <dd>{ms(mean)}</dd>
        </div>
      </dl>
      <figure className="player-topology compare-topology">
        <Topology
          world={world}
          time={Math.max(time, world.time)}
          reducedMotion={reducedMotion}
          summaries={summaries}
          selection={null}
          onSelect={() => undefined}
          {...(side.plugin.messageColour ? { messageColour: side.plugin.messageColour } : {})}
        />
      </figure>
      <p className="compare-now" aria-live="off">
        {entry ? `${formatMicros(entry.time)}: ${entry.narration}` : 'Nothing has happened yet.'}
      </p>
    </section>
  );
}

type FaultKind = 'client' | 'crash' | 'restart' | 'isolate' | 'heal';

export default function Compare({ sides }: { sides: [CompareSide, CompareSide] }) {
  const idPrefix = useId().replace(/:/g, '');
  const [a, b] = sides;
  const nodes = useMemo(
    () =>
      a.module
        .createRun(
          sideScenario(
            a.module,
            { version: 1, algorithm: a.module.id, params: {}, seed: 1, actions: [] },
            [],
          ),
        )
        .view()
        .nodes.map((n) => n.id),
    [a.module],
  );
  const [notice, setNotice] = useState<string | null>(() => {
    const link = decodeComparison(window.location.hash);
    if (link.kind === 'invalid') return `${link.reason} The default comparison runs instead.`;
    return comparable(a.module, b.module)
      ? null
      : `${a.module.title} and ${b.module.title} do not declare that they can be compared; they run side by side anyway.`;
  });
  const [built, setBuilt] = useState<Built>(() => {
    const link = decodeComparison(window.location.hash);
    const fallback = defaultSchedule(nodes, {});
    if (link.kind === 'link' && link.schedule) {
      try {
        return build(sides, link.schedule);
      } catch (error) {
        setTimeout(() =>
          setNotice(
            `The link’s schedule does not fit these simulations (${(error as Error).message}); the default schedule runs instead.`,
          ),
        );
      }
    }
    return build(sides, fallback);
  });
  const [time, setTime] = useState<Micros>(() => {
    const link = decodeComparison(window.location.hash);
    return link.kind === 'link' ? Math.min(link.time, COMPARE_HORIZON) : -1;
  });
  const [version, setVersion] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(0.1);
  const [share, setShare] = useState<string | null>(null);
  const [fault, setFault] = useState<FaultKind>('client');
  const [target, setTarget] = useState<NodeId>(nodes[0] ?? '');
  const timeRef = useRef(time);
  timeRef.current = time;

  useEffect(() => {
    if (!playing) return;
    let frame = 0;
    let last = performance.now();
    const loop = (now: number) => {
      const next = Math.min(COMPARE_HORIZON, timeRef.current + Math.min(100, now - last) * 1000 * speed);
      last = now;
      setTime(next);
      if (next >= COMPARE_HORIZON) setPlaying(false);
      else frame = requestAnimationFrame(loop);
    };
    frame = requestAnimationFrame(loop);
    return () => cancelAnimationFrame(frame);
  }, [playing, speed]);

  const step = useCallback(() => {
    setPlaying(false);
    const next = nextMoment(built.measures, timeRef.current);
    if (next !== null) setTime(next);
  }, [built]);
  const back = useCallback(() => {
    setPlaying(false);
    setTime(previousMoment(built.measures, timeRef.current));
  }, [built]);

  const apply = () => {
    const at = Math.max(0, time);
    const action: Action =
      fault === 'client'
        ? {
            type: 'client',
            payload: `x=${built.schedule.actions.filter((x) => x.action.type === 'client').length + 1}`,
          }
        : fault === 'isolate'
          ? { type: 'partition', groups: [[target], nodes.filter((n) => n !== target)] }
          : fault === 'heal'
            ? { type: 'heal' }
            : { type: fault, node: target };
    setBuilt(build(sides, withAction(built.schedule, at, action)));
    setVersion((v) => v + 1);
    setShare(null);
  };

  const makeLink = () => {
    setPlaying(false);
    const fragment = encodeComparison(
      a.module.id,
      b.module.id,
      built.schedule,
      Math.max(0, Math.round(time)),
    );
    const url = `${window.location.href.split('#')[0]}#${fragment}`;
    window.history.replaceState(null, '', url);
    setShare(url);
    navigator.clipboard?.writeText(url).catch(() => undefined);
  };

  const requests = built.measures[0]?.requests ?? [];
  const other = built.measures[1]?.requests ?? [];

  return (
    <section
      className="compare"
      aria-label={`${a.module.title} and ${b.module.title} on one fault schedule`}
      data-testid="compare"
      data-time={Math.round(time)}
    >
      {notice && (
        <p className="player-notice" role="alert">
          {notice}
        </p>
      )}
      <div className="player-transport compare-transport">
        <div className="player-buttons" role="group" aria-label="Playback of both">
          <button type="button" className="is-primary player-play" onClick={() => setPlaying(!playing)}>
            {playing ? 'Pause' : 'Play'}
          </button>
          <button type="button" onClick={back} disabled={time < 0} aria-label="Step both back">
            ◀
          </button>
          <button type="button" onClick={step} aria-label="Step both to the next event">
            ▶|
          </button>
          <button type="button" onClick={makeLink}>
            Share link
          </button>
        </div>
        <label className="compare-scrub">
          <span>Time {formatMicros(Math.max(0, time))}</span>
          <input
            type="range"
            min={-1}
            max={COMPARE_HORIZON}
            step={1000}
            value={time}
            aria-label="Time of both runs"
            aria-valuetext={formatMicros(Math.max(0, time))}
            onChange={(e) => {
              setPlaying(false);
              setTime(Number(e.currentTarget.value));
            }}
          />
        </label>
        <label className="compare-speed">
          <span>Speed</span>
          <select value={speed} onChange={(e) => setSpeed(Number(e.currentTarget.value))}>
            <option value={0.02}>0.02×</option>
            <option value={0.1}>0.1×</option>
            <option value={0.5}>0.5×</option>
          </select>
        </label>
      </div>
      {share && (
        <p className="compare-share">
          <label htmlFor={`${idPrefix}-share`}>Link to this moment of both runs</label>
          <input id={`${idPrefix}-share`} readOnly value={share} onFocus={(e) => e.currentTarget.select()} />
        </p>
      )}
      <div className="compare-sides">
        {sides.map((side, i) => (
          <Side
            key={side.module.id}
            side={side}
            run={built.runs[i] as AlgorithmRun}
            measures={built.measures[i] as RunMeasures}
            time={time}
            version={version}
          />
        ))}
      </div>
      <form
        className="compare-fault"
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        <fieldset>
          <legend>Add to both at {formatMicros(Math.max(0, time))}</legend>
          <label>
            <span>What</span>
            <select value={fault} onChange={(e) => setFault(e.currentTarget.value as FaultKind)}>
              <option value="client">a client request</option>
              <option value="crash">crash</option>
              <option value="restart">restart</option>
              <option value="isolate">cut off</option>
              <option value="heal">heal the network</option>
            </select>
          </label>
          {(fault === 'crash' || fault === 'restart' || fault === 'isolate') && (
            <label>
              <span>Server</span>
              <select value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
                {nodes.map((n) => (
                  <option key={n}>{n}</option>
                ))}
              </select>
            </label>
          )}
          <button type="submit">Add</button>
        </fieldset>
      </form>
      <details className="compare-schedule">
        <summary>
          The shared schedule ({built.schedule.actions.length} actions, seed {built.schedule.seed})
        </summary>
        <ol>
          {built.schedule.actions.map((x, i) => (
            <li key={i} className={x.at > time ? 'is-future' : undefined}>
              {formatMicros(x.at)}: {actionTitle(x.action, (payload) => `A client writes ${String(payload)}`)}
            </li>
          ))}
        </ol>
      </details>
      <div
        className="compare-requests"
        role="region"
        aria-label="Commit latency per client request"
        tabIndex={0}
      >
        <table>
          <caption>
            Commit latency per client request: from its arrival to the first server knowing it committed
          </caption>
          <thead>
            <tr>
              <th scope="col">Request</th>
              <th scope="col">Arrives</th>
              <th scope="col">{a.module.title}</th>
              <th scope="col">{b.module.title}</th>
            </tr>
          </thead>
          <tbody>
            {requests.map((r, i) => {
              const o = other[i];
              const cell = (at: Micros, committed: Micros | null | undefined) =>
                at > time
                  ? ''
                  : committed === null || committed === undefined
                    ? time >= COMPARE_HORIZON
                      ? 'never'
                      : '…'
                    : committed <= time
                      ? ms(committed - at)
                      : '…';
              return (
                <tr key={r.request} className={r.at > time ? 'is-future' : undefined}>
                  <th scope="row">{r.request + 1}</th>
                  <td>{ms(r.at)}</td>
                  <td>{cell(r.at, r.committedAt)}</td>
                  <td>{o ? cell(o.at, o.committedAt) : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
