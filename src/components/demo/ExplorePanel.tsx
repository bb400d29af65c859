import { useEffect, useRef, useState } from 'react';
import { ALL_GENERATORS, type ExploreFinding } from '../../sim/explore';
import type { Counterexample } from '../../sim/shrink';
import { formatMicros } from '../../viz/format';
import type { ExploreJob, ExploreMessage } from './explore.worker';
import { usePlayer, usePlayerContext } from '../../plugin/context';

/**
 * Runs many seeds in a worker, each a scenario drawn by one of the algorithm's generators, and
 * lists the runs that broke an invariant; each loads into the player at the violating event.
 */
export default function ExplorePanel() {
  const { player, idPrefix } = usePlayerContext();
  const module = usePlayer((s) => s.module);
  const generators = module.exploration?.generators ?? [];
  const [runs, setRuns] = useState(50);
  const [generator, setGenerator] = useState(ALL_GENERATORS);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [running, setRunning] = useState(false);
  const [findings, setFindings] = useState<ExploreFinding[]>([]);
  const [shrunk, setShrunk] = useState<ReadonlyMap<number, Counterexample>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const worker = useRef<Worker | null>(null);

  useEffect(() => () => worker.current?.terminate(), []);

  const stop = () => {
    worker.current?.terminate();
    worker.current = null;
    setRunning(false);
  };
  const start = () => {
    stop();
    setFindings([]);
    setShrunk(new Map());
    setError(null);
    setProgress({ done: 0, total: runs });
    setRunning(true);
    const w = new Worker(new URL('./explore.worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    w.onmessage = (event: MessageEvent<ExploreMessage>) => {
      const m = event.data;
      if (m.type === 'finding') setFindings((f) => [...f, m.finding]);
      else if (m.type === 'shrunk') setShrunk((s) => new Map(s).set(m.seed, m.counterexample));
      else if (m.type === 'progress') setProgress({ done: m.done, total: m.total });
      else if (m.type === 'error') {
        setError(m.message);
        stop();
      } else {
        setProgress({ done: m.done, total: m.total });
        stop();
      }
    };
    w.onerror = () => {
      setError('The exploration stopped unexpectedly.');
      stop();
    };
    const { seed: firstSeed, params } = player.getState().run.scenario();
    const job: ExploreJob = { algorithm: module.id, generator, runs, firstSeed, params };
    w.postMessage(job);
  };

  if (generators.length === 0) return <p className="muted">This demo has no exploration.</p>;
  const chosen = generators.find((g) => g.id === generator);
  const open = (c: Counterexample) =>
    player.getState().load(c.scenario, { cursor: c.violation.index, time: c.violation.time });

  return (
    <div className="player-explore">
      <p className="muted">
        Runs seeds from the current one on, with the current parameters, each under a schedule drawn from its
        seed, and checks every invariant after every event.{' '}
        {chosen
          ? chosen.description
          : 'Every schedule in turn, so the targeted ones and the swarm share the runs.'}{' '}
        A counterexample is shrunk to its fewest actions, {module.nodeNoun.many} and earliest moment.
      </p>
      {generators.length > 1 && (
        <div className="player-field">
          <label htmlFor={`${idPrefix}-generator`}>Schedule</label>
          <select
            id={`${idPrefix}-generator`}
            value={generator}
            onChange={(e) => setGenerator(e.currentTarget.value)}
          >
            <option value={ALL_GENERATORS}>Every schedule in turn</option>
            {generators.map((g) => (
              <option key={g.id} value={g.id}>
                {g.title}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="player-field">
        <label htmlFor={`${idPrefix}-runs`}>Runs</label>
        <input
          id={`${idPrefix}-runs`}
          type="number"
          min={1}
          max={10_000}
          value={runs}
          onChange={(e) =>
            setRuns(Math.min(10_000, Math.max(1, Math.floor(Number(e.currentTarget.value)) || 1)))
          }
        />
        {running ? (
          <button type="button" onClick={stop}>
            Stop
          </button>
        ) : (
          <button type="button" onClick={start}>
            Explore
          </button>
        )}
      </div>
      {progress && (
        <div className="player-field">
          <label htmlFor={`${idPrefix}-explore-progress`}>
            {progress.done} of {progress.total} runs checked
          </label>
          <progress id={`${idPrefix}-explore-progress`} max={progress.total} value={progress.done} />
        </div>
      )}
      {error && (
        <p role="alert" className="player-error">
          {error}
        </p>
      )}
      {progress && !running && findings.length === 0 && progress.done === progress.total && (
        <p role="status">No invariant was violated in these runs.</p>
      )}
      {findings.length > 0 && (
        <ul className="player-findings" aria-label="Runs that violated an invariant">
          {findings.map((f) => (
            <li key={f.seed}>
              Seed {f.seed}: {f.violation.invariant} at {formatMicros(f.violation.time)}.{' '}
              <button
                type="button"
                onClick={() =>
                  player.getState().load(f.scenario, { cursor: f.violation.index, time: f.violation.time })
                }
              >
                Load seed {f.seed}
              </button>
            </li>
          ))}
        </ul>
      )}
      {shrunk.size > 0 && (
        <ul className="player-findings" aria-label="Shrunk counterexamples" data-testid="shrunk">
          {[...shrunk].map(([seed, c]) => (
            <li key={seed}>
              Seed {seed}, shrunk to {c.after.actions} {c.after.actions === 1 ? 'action' : 'actions'} on{' '}
              {c.after.nodes} {c.after.nodes === 1 ? module.nodeNoun.one : module.nodeNoun.many}:{' '}
              {c.violation.invariant} at {formatMicros(c.violation.time)}, event {c.violation.index + 1}.{' '}
              <button type="button" onClick={() => open(c)}>
                Open in the player
              </button>{' '}
              <a href={`#${c.link}`}>Share link</a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
