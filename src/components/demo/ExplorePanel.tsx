import { useEffect, useRef, useState } from 'react';
import { formatMicros } from '../../viz/format';
import type { DemoId } from './demos';
import {
  DEDICATED_EXPLORERS,
  type ExploreFinding,
  type ExploreGenerator,
  type ExploreRequest,
} from './explore';
import type { ExploreMessage } from './explore.worker';
import { usePlayerContext } from './context';

/** Runs many random seeds with random faults in a worker and lists the runs that broke an invariant. */
export default function ExplorePanel({ demo }: { demo: DemoId }) {
  const { player, idPrefix } = usePlayerContext();
  const [runs, setRuns] = useState(50);
  const generators = DEDICATED_EXPLORERS[demo];
  const [generator, setGenerator] = useState<ExploreGenerator>('random');
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [running, setRunning] = useState(false);
  const [findings, setFindings] = useState<ExploreFinding[]>([]);
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
    setError(null);
    setProgress({ done: 0, total: runs });
    setRunning(true);
    const w = new Worker(new URL('./explore.worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    w.onmessage = (event: MessageEvent<ExploreMessage>) => {
      const m = event.data;
      if (m.type === 'finding') setFindings((f) => [...f, m.finding]);
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
    const request: ExploreRequest = {
      runs,
      params,
      firstSeed,
      horizon: 5_000_000,
      maxEvents: 20_000,
      generator,
    };
    w.postMessage({ demo, request });
  };

  return (
    <div className="player-explore">
      <p className="muted">
        {generators
          ? 'Runs seeds from the current one on, with the current variant of the algorithm, each under a fault schedule drawn from its seed, and checks every invariant after every event.'
          : 'Runs seeds from the current one on, with the current parameters, each with random client requests, crashes, partitions, pauses, lossy spells and time-outs over 5 seconds of virtual time, and checks every invariant after every event.'}
      </p>
      {generators && (
        <div className="player-field">
          <label htmlFor={`${idPrefix}-generator`}>Fault schedule</label>
          <select
            id={`${idPrefix}-generator`}
            value={generator}
            onChange={(e) => setGenerator(e.currentTarget.value === 'figure-8' ? 'figure-8' : 'random')}
          >
            {generators.map((g) => (
              <option key={g.value} value={g.value}>
                {g.label}
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
    </div>
  );
}
