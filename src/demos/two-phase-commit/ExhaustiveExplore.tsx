import { useEffect, useRef, useState } from 'react';
import type { PanelProps } from '../../plugin/plugin';
import { usePlayerContext } from '../../plugin/context';
import type {
  ExploreOptions,
  ExploreProgress,
  ExploreResult,
} from '../../algorithms/two-phase-commit/exhaustive';
import type { ExhaustiveMessage } from './exhaustive.worker';
import type { Counterexample } from '../../sim/shrink';

/** The page's state budget: enough for every configuration offered, small enough for a tab. */
export const PAGE_MAX_STATES = 500_000;

interface Toggles {
  coordinatorTimeout: boolean;
  terminationProtocol: boolean;
  cooperativeTermination: boolean;
  crashCoordinator: boolean;
  restartCoordinator: boolean;
  crashParticipants: boolean;
  broken: boolean;
}

const INITIAL: Toggles = {
  coordinatorTimeout: true,
  terminationProtocol: false,
  cooperativeTermination: false,
  crashCoordinator: false,
  restartCoordinator: false,
  crashParticipants: false,
  broken: false,
};

/** The options explore.ts takes; cooperative termination and the broken variant need the termination protocol. */
export function optionsFor(t: Toggles): ExploreOptions {
  return {
    participants: 3,
    coordinatorTimeout: t.coordinatorTimeout,
    terminationProtocol: t.terminationProtocol || t.cooperativeTermination || t.broken,
    cooperativeTermination: t.cooperativeTermination,
    crashCoordinator: t.crashCoordinator || t.restartCoordinator,
    restartCoordinator: t.restartCoordinator,
    crashParticipants: t.crashParticipants,
    variant: t.broken ? 'unilateral-abort-when-prepared' : 'correct',
    maxStates: PAGE_MAX_STATES,
  };
}

const LABELS: { key: keyof Toggles; label: string }[] = [
  { key: 'coordinatorTimeout', label: 'C may time out and abort while collecting votes' },
  { key: 'crashCoordinator', label: 'C may crash (for good)' },
  { key: 'restartCoordinator', label: 'C restarts from its log after a crash' },
  { key: 'crashParticipants', label: 'Each participant may crash once and restart' },
  { key: 'terminationProtocol', label: 'A prepared participant asks C for the outcome' },
  { key: 'cooperativeTermination', label: 'Cooperative termination: it asks its peers too' },
  { key: 'broken', label: 'Broken variant: a prepared participant aborts on its own' },
];

const n = (value: number) => value.toLocaleString('en');

/** Every interleaving of C and three participants, explored in a worker, with the verdicts. */
export default function ExhaustiveExplore(_props: PanelProps) {
  const { idPrefix, player } = usePlayerContext();
  const [toggles, setToggles] = useState<Toggles>(INITIAL);
  const [progress, setProgress] = useState<ExploreProgress | null>(null);
  const [result, setResult] = useState<ExploreResult | null>(null);
  const [scenarios, setScenarios] = useState<(Counterexample | null)[]>([]);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const worker = useRef<Worker | null>(null);
  const options = optionsFor(toggles);

  useEffect(() => () => worker.current?.terminate(), []);

  const stop = () => {
    worker.current?.terminate();
    worker.current = null;
    setRunning(false);
  };
  const cancel = () => {
    stop();
    setCancelled(true);
  };
  const start = () => {
    stop();
    setResult(null);
    setError(null);
    setCancelled(false);
    setProgress({ states: 1, explored: 0, frontier: 1, done: false, truncated: false });
    setRunning(true);
    const w = new Worker(new URL('./exhaustive.worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    w.onmessage = (event: MessageEvent<ExhaustiveMessage>) => {
      const m = event.data;
      if (m.type === 'progress') setProgress(m.progress);
      else if (m.type === 'done') {
        setResult(m.result);
        setScenarios(m.scenarios);
        setProgress(m.result);
        stop();
      } else {
        setError(m.message);
        stop();
      }
    };
    w.onerror = () => {
      setError('The exploration stopped unexpectedly.');
      stop();
    };
    w.postMessage(options);
  };
  const set = (key: keyof Toggles, value: boolean) => {
    setToggles((t) => ({ ...t, [key]: value }));
    setResult(null);
    setProgress(null);
    setCancelled(false);
  };
  const implied = (key: keyof Toggles) =>
    (key === 'terminationProtocol' && (toggles.cooperativeTermination || toggles.broken)) ||
    (key === 'crashCoordinator' && toggles.restartCoordinator);

  return (
    <div className="tpc-explore" data-testid="exhaustive">
      <p className="muted">
        Every order in which messages can arrive (any number of times) and processes can take their own steps,
        for C and three participants, on the demo&apos;s own machines. Atomicity and Validity are checked in
        every state; a state where nothing more can happen is terminal, and blocked when a prepared
        participant will never learn the outcome. Budget: {n(PAGE_MAX_STATES)} states.
      </p>
      <fieldset disabled={running}>
        <legend>Configuration</legend>
        {LABELS.map(({ key, label }) => (
          <div key={key} className="tpc-check">
            <input
              id={`${idPrefix}-x-${key}`}
              type="checkbox"
              checked={toggles[key] || implied(key)}
              disabled={implied(key)}
              onChange={(e) => set(key, e.currentTarget.checked)}
            />
            <label htmlFor={`${idPrefix}-x-${key}`}>{label}</label>
          </div>
        ))}
      </fieldset>
      <div className="player-fault-buttons">
        {running ? (
          <button type="button" onClick={cancel}>
            Cancel exploration
          </button>
        ) : (
          <button type="button" onClick={start}>
            Explore every interleaving
          </button>
        )}
      </div>
      {progress && (
        <div className="tpc-progress">
          <label htmlFor={`${idPrefix}-x-progress`} data-testid="exhaustive-progress">
            {n(progress.states)} distinct states found, {n(progress.explored)} expanded
            {progress.done ? '' : `, ${n(progress.frontier)} waiting`}
          </label>
          <progress
            id={`${idPrefix}-x-progress`}
            max={Math.max(1, progress.states)}
            value={progress.done ? progress.states : progress.explored}
          />
        </div>
      )}
      {cancelled && <p role="status">Cancelled; the figures above cover the states found so far.</p>}
      {error && (
        <p role="alert" className="player-error">
          {error}
        </p>
      )}
      {result && (
        <Verdicts
          result={result}
          scenarios={scenarios}
          open={(c) =>
            player.getState().load(c.scenario, { cursor: c.violation.index, time: c.violation.time })
          }
        />
      )}
    </div>
  );
}

function Verdicts({
  result,
  scenarios,
  open,
}: {
  result: ExploreResult;
  scenarios: readonly (Counterexample | null)[];
  open: (c: Counterexample) => void;
}) {
  const verdict = (name: string, holds: boolean) => (
    <li className={holds ? 'is-ok' : 'is-broken'} data-invariant={name} data-holds={holds}>
      <span aria-hidden="true">{holds ? '✓' : '✗'}</span> <strong>{name}</strong>{' '}
      {holds ? (result.truncated ? 'holds in every state found' : 'holds in every state') : 'is violated'}
    </li>
  );
  return (
    <div className="tpc-verdicts" data-testid="exhaustive-result">
      <p role="status" className="visually-hidden">
        {`Explored ${n(result.states)} states: Atomicity ${result.atomicityHolds ? 'holds' : 'is violated'}, Validity ${result.validityHolds ? 'holds' : 'is violated'}, ${n(result.blocked)} blocked.`}
      </p>
      <dl className="tpc-figures">
        <div>
          <dt>Distinct states</dt>
          <dd data-testid="exhaustive-states">{n(result.states)}</dd>
        </div>
        <div>
          <dt>Terminal</dt>
          <dd>{n(result.terminal)}</dd>
        </div>
        <div>
          <dt>All committed</dt>
          <dd>{n(result.allCommitted)}</dd>
        </div>
        <div>
          <dt>All aborted</dt>
          <dd>{n(result.allAborted)}</dd>
        </div>
        <div>
          <dt>Blocked</dt>
          <dd data-testid="exhaustive-blocked">{n(result.blocked)}</dd>
        </div>
      </dl>
      {result.truncated && (
        <p className="tpc-truncated">
          The search stopped at the state budget: the verdicts cover the states found, not all of them.
        </p>
      )}
      <ul className="tpc-verdict-list">
        {verdict('Atomicity', result.atomicityHolds)}
        {verdict('Validity', result.validityHolds)}
      </ul>
      {result.violations.map((v, index) => {
        const c = scenarios[index];
        return (
          <div key={v.invariant} className="tpc-counterexample" data-testid="counterexample">
            <p>
              <strong>{v.invariant} counterexample:</strong> {v.detail}, after {v.path.length} steps:
            </p>
            <ol>
              {v.path.map((step, i) => (
                <li key={i}>{step}</li>
              ))}
            </ol>
            {c ? (
              <p>
                As a timed run, shrunk to {c.after.actions} {c.after.actions === 1 ? 'action' : 'actions'}:{' '}
                {c.violation.detail}.{' '}
                <button type="button" onClick={() => open(c)}>
                  Open in the player
                </button>{' '}
                <a href={`#${c.link}`}>Share link</a>
              </p>
            ) : (
              <p className="muted">
                No timed run reproduced this path, so it cannot be opened in the player.
              </p>
            )}
          </div>
        );
      })}
      {result.blockedExamples[0] && (
        <div className="tpc-counterexample is-blocked">
          <p>
            <strong>A blocked state</strong> ({result.blockedExamples[0].inDoubt.join(', ')} in doubt):{' '}
            {result.blockedExamples[0].summary}, after {result.blockedExamples[0].path.length} steps:
          </p>
          <ol>
            {result.blockedExamples[0].path.map((step, i) => (
              <li key={i}>{step}</li>
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}
