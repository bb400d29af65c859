import { useEffect, useRef, useState } from 'react';
import type { RebalanceReport } from '../../algorithms/consistent-hashing/rebalance';
import { SCHEME_TITLES, type Scheme } from '../../algorithms/consistent-hashing/place';
import type { PanelProps } from '../../plugin/plugin';
import { usePlacement } from './placement';
import type { ScaleMessage } from './rebalance.worker';

const KEYS = 1_000_000;

interface Result {
  report: RebalanceReport;
  ms: number;
  /** Frames the page drew while the worker ran: it stayed responsive. */
  frames: number;
}

/** A million keys rebalanced in a Web Worker: moved against ideal, and how long it took. */
export default function Scale(_props: PanelProps) {
  const view = usePlacement();
  const [running, setRunning] = useState(false);
  const [results, setResults] = useState<Result[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [frames, setFrames] = useState(0);
  const worker = useRef<Worker | null>(null);
  useEffect(() => () => worker.current?.terminate(), []);
  const schemes: Scheme[] = view ? [view.row.a.scheme, ...(view.row.b ? [view.row.b.scheme] : [])] : ['ring'];
  const nodes = Math.max(1, view?.row.members.length ?? 4);

  function start() {
    setRunning(true);
    setResults([]);
    setError(null);
    const w = new Worker(new URL('./rebalance.worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    let drawn = 0;
    let frame = requestAnimationFrame(function tick() {
      drawn++;
      setFrames(drawn);
      frame = requestAnimationFrame(tick);
    });
    const queue = [...schemes];
    const done: Result[] = [];
    let from = 0;
    const next = () => {
      from = drawn;
      const scheme = queue.shift();
      if (!scheme) {
        cancelAnimationFrame(frame);
        w.terminate();
        worker.current = null;
        setRunning(false);
        return;
      }
      w.postMessage({
        scheme,
        keys: KEYS,
        nodes,
        change: { kind: 'add' },
        vnodes: view?.params.vnodes ?? 100,
        epsilon: view?.params.epsilon ?? 0.25,
      });
    };
    w.onmessage = (event: MessageEvent<ScaleMessage>) => {
      const m = event.data;
      if (m.type === 'error') {
        setError(m.message);
        queue.length = 0;
      } else {
        done.push({ report: m.report, ms: m.ms, frames: drawn - from });
        setResults([...done]);
      }
      next();
    };
    next();
  }

  return (
    <div className="ch-scale" data-testid="ch-scale">
      <p>
        Place {KEYS.toLocaleString('en-US')} keys on {nodes} nodes, add one, place them again and count what
        moved, for {schemes.map((s) => SCHEME_TITLES[s]).join(' and ')}. It runs in a Web Worker, so the page
        keeps drawing.
      </p>
      <button type="button" onClick={start} disabled={running}>
        {running ? 'Rebalancing…' : `Rebalance ${KEYS.toLocaleString('en-US')} keys`}
      </button>
      {running && (
        <p className="muted" aria-live="polite">
          The page drew {frames} frames meanwhile.
        </p>
      )}
      {error && <p role="alert">{error}</p>}
      {results.length > 0 && (
        <ul className="ch-results" data-testid="ch-scale-results">
          {results.map(({ report, ms, frames: f }) => (
            <li key={report.scheme}>
              <strong>{SCHEME_TITLES[report.scheme]}</strong>: {report.change}, moved{' '}
              {report.moved.toLocaleString('en-US')} of {report.keys.toLocaleString('en-US')} (ideal{' '}
              {report.ideal.toLocaleString('en-US')}), {report.strayMoves.toLocaleString('en-US')} between
              unchanged nodes; <span data-testid="ch-scale-ms">{ms.toFixed(0)} ms</span> in the worker, {f}{' '}
              frames drawn meanwhile.
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
