import { useEffect, useId, useState } from 'react';
import { advance, buffers, createLeafSim, runwayMs, setDatabase, setRate, type BufferView } from './leafSim';
import './leaf-segment.css';

/** Real time between two virtual milliseconds while playing. */
const PLAY_INTERVAL_MS = 120;

function Buffer({ buffer }: { buffer: BufferView }) {
  const label = `Buffer ${buffer.slot + 1}`;
  return (
    <div
      className={`leaf-buffer${buffer.current ? ' is-current' : ''}`}
      data-testid={`leaf-buffer-${buffer.slot + 1}`}
      data-state={buffer.state}
      data-current={buffer.current}
    >
      <h4>
        <span>{label}</span>
        <span className="muted">{buffer.current ? 'current' : buffer.state}</span>
      </h4>
      {buffer.first === null ? (
        <p className="muted">Empty: no segment loaded.</p>
      ) : (
        <>
          <p>
            IDs {buffer.first.toLocaleString('en-US')} to {(buffer.last ?? 0).toLocaleString('en-US')};{' '}
            {buffer.remaining.toLocaleString('en-US')} of {buffer.size.toLocaleString('en-US')} left
          </p>
          <span
            className={`leaf-meter${buffer.remaining === 0 ? ' is-full' : ''}`}
            role="meter"
            aria-label={`${label}: share of its segment used`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(buffer.used * 100)}
          >
            <span style={{ width: `${buffer.used * 100}%` }} />
            {/* Where the background load of the next segment starts. */}
            <span className="leaf-meter-mark" style={{ left: `${buffer.loadAt * 100}%` }} />
          </span>
          <p className="muted">
            The mark at {Math.round(buffer.loadAt * 100)}% is where the next segment starts loading.
          </p>
        </>
      )}
    </div>
  );
}

/** Leaf's segment mode, step by step: the database row, the double buffer and what callers see. */
export default function LeafSegment() {
  const id = useId();
  const [sim, setSim] = useState(() => createLeafSim(20, 1000));
  const [playing, setPlaying] = useState(false);

  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => setSim((s) => advance(s, 1)), PLAY_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [playing]);

  const [first, second] = buffers(sim);
  const down = !sim.db.up;
  const bothEmpty = sim.failed > 0 && sim.lastError !== null && down;
  const runway = runwayMs(sim);

  return (
    <section className="leaf" aria-labelledby={`${id}-h`} data-testid="leaf-segment">
      <h3 id={`${id}-h`}>Leaf segment mode, live</h3>
      <div className="leaf-controls" role="group" aria-label="Virtual time">
        <button type="button" onClick={() => setPlaying((p) => !p)} aria-pressed={playing}>
          {playing ? 'Pause' : 'Play'}
        </button>
        <button type="button" onClick={() => setSim((s) => advance(s, 1))}>
          Step 1 ms
        </button>
        <button type="button" onClick={() => setSim((s) => advance(s, 10))}>
          Step 10 ms
        </button>
        <button type="button" onClick={() => setSim((s) => advance(s, 100))}>
          Step 100 ms
        </button>
        <button
          type="button"
          onClick={() => {
            setPlaying(false);
            setSim((s) => createLeafSim(s.rate, 1000));
          }}
        >
          Reset
        </button>
        <output data-testid="leaf-time" data-now={sim.now}>
          t = {sim.now} ms
        </output>
      </div>
      <div className="leaf-controls">
        <label htmlFor={`${id}-rate`}>Consumption rate</label>
        <input
          id={`${id}-rate`}
          type="range"
          min={1}
          max={500}
          value={sim.rate}
          onChange={(e) => {
            const rate = Number(e.currentTarget.value);
            setSim((s) => setRate(s, rate));
          }}
        />
        <span>{sim.rate} IDs per ms</span>
        <label>
          <input
            type="checkbox"
            checked={down}
            onChange={(e) => {
              const goesAway = e.currentTarget.checked;
              setSim((s) => setDatabase(s, !goesAway));
            }}
          />{' '}
          Database goes away
        </label>
      </div>
      <div className="leaf-grid">
        <div className="leaf-buffer" data-testid="leaf-db">
          <h4>
            <span>
              Row <code>leaf_alloc</code>, tag <code>orders</code>
            </span>
            <span className={down ? 'leaf-status-down' : 'muted'}>{down ? 'unreachable' : 'up'}</span>
          </h4>
          <dl className="leaf-facts">
            <div>
              <dt>max_id</dt>
              <dd data-testid="leaf-max-id">{sim.db.maxId.toLocaleString('en-US')}</dd>
            </div>
            <div>
              <dt>step (in the row)</dt>
              <dd>{sim.db.step.toLocaleString('en-US')}</dd>
            </div>
            <div>
              <dt>Next claim’s step (adaptive)</dt>
              <dd data-testid="leaf-step">{sim.server.step.toLocaleString('en-US')}</dd>
            </div>
          </dl>
        </div>
        <Buffer buffer={first} />
        <Buffer buffer={second} />
      </div>
      <p>
        {sim.issued.toLocaleString('en-US')} IDs handed out
        {sim.lastId ? `, the last ${sim.lastId}` : ''}; {sim.failed.toLocaleString('en-US')} calls failed.
      </p>
      <div role="status" data-testid="leaf-outage" data-state={bothEmpty ? 'failing' : down ? 'down' : 'up'}>
        {!down && <p className="muted">The database is up: segments load in the background.</p>}
        {down && !bothEmpty && (
          <p>
            The database went away at {sim.outage?.since} ms. IDs keep flowing from memory: at {sim.rate} per
            ms, the buffers last about {runway.toLocaleString('en-US')} ms more.
          </p>
        )}
        {bothEmpty && sim.outage && (
          <p className="leaf-error">
            Both buffers are empty. IDs kept flowing for{' '}
            {((sim.outage.firstFailureAt ?? sim.now) - sim.outage.since).toLocaleString('en-US')} ms after the
            database went away; now every caller gets: “{sim.lastError}”
          </p>
        )}
      </div>
      <h4>What happened</h4>
      <ol className="leaf-log" aria-label="Events, newest first" data-testid="leaf-log">
        {[...sim.log].reverse().map((entry, i) => (
          <li key={`${entry.at}-${i}`} className={entry.error ? 'is-error' : undefined}>
            {entry.until !== undefined && entry.until !== entry.at
              ? `${entry.at} to ${entry.until} ms, every ms`
              : `${entry.at} ms`}
            : {entry.text}
          </li>
        ))}
      </ol>
    </section>
  );
}
