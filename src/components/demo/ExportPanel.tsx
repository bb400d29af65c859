import { useEffect, useState, type ChangeEvent } from 'react';
import { scenarioProblem } from '../../sim/problems';
import { scenarioToJson } from '../../sim/scenario';
import { readScenarioFile } from '../../sim/shrink';
import { SHIVIZ_REGEX, toShiViz } from '../../sim/shiviz';
import { download } from '../../plugin/hooks';
import { usePlayer, usePlayerContext, useUi } from '../../plugin/context';
import { digestInSlices } from './digest';

/** The run's fingerprint, worked out in slices while paused (playback changes it every frame). */
function TraceDigest() {
  const run = usePlayer((s) => s.run);
  const cursor = usePlayer((s) => s.cursor);
  const playing = usePlayer((s) => s.playing);
  const revision = usePlayer((s) => s.revision);
  const [digest, setDigest] = useState<{ value: string; at: number } | null>(null);
  useEffect(() => {
    void revision;
    if (playing) return;
    return digestInSlices(run, (value) => setDigest({ value, at: revision }));
  }, [run, playing, revision]);
  const value = digest && digest.at === revision ? digest.value : '';
  return (
    <p className="player-digest muted">
      Trace digest (the same scenario gives the same digest on every machine):{' '}
      <output data-testid="trace-digest" data-digest={value} data-cursor={cursor}>
        {value || '…'}
      </output>
    </p>
  );
}

/** Where this moment can be found again: the page's link, and the embeddable player's. */
function ShareLinks() {
  const { idPrefix } = usePlayerContext();
  const revision = usePlayer((s) => s.revision);
  const module = usePlayer((s) => s.module);
  // Once the run moves on, the link no longer describes what is shown, so it is hidden.
  const shareUrl = useUi((s) => (s.shareRevision === revision ? s.shareUrl : null));
  if (!shareUrl) {
    return <p className="muted">Press Share (or s) to make a link to the moment shown.</p>;
  }
  const url = new URL(shareUrl);
  const base = import.meta.env.BASE_URL.endsWith('/')
    ? import.meta.env.BASE_URL
    : `${import.meta.env.BASE_URL}/`;
  const embed = `${url.origin}${base}embed/${module.id}/${url.hash}`;
  const snippet = `<iframe src="${embed}" title="${module.title}, live (Distributed Atlas)" width="100%" height="760" style="border:0" loading="lazy"></iframe>`;
  return (
    <>
      <div className="player-field player-share">
        <label htmlFor={`${idPrefix}-share`}>Link to this moment (copied when the browser allows)</label>
        <input
          id={`${idPrefix}-share`}
          type="text"
          readOnly
          value={shareUrl}
          onFocus={(e) => e.currentTarget.select()}
          data-testid="share-url"
        />
      </div>
      <div className="player-field player-share">
        <label htmlFor={`${idPrefix}-embed`}>Embed this moment in a page of yours</label>
        <textarea
          id={`${idPrefix}-embed`}
          readOnly
          rows={3}
          value={snippet}
          onFocus={(e) => e.currentTarget.select()}
          data-testid="embed-snippet"
        />
      </div>
    </>
  );
}

/** The share link and the embed snippet, the scenario and trace as files, and the digest. */
export default function ExportPanel() {
  const { player, idPrefix } = usePlayerContext();
  const module = usePlayer((s) => s.module);
  const [importError, setImportError] = useState<string | null>(null);
  const stem = `${module.id}-seed${player.getState().run.scenario().seed}`;

  const trace = () => {
    const run = player.getState().run;
    return run.entries(0, run.cursor() + 1);
  };
  // ShiViz reads an uploaded file as: its parser expression, a line for the (unused) execution
  // delimiter, then the log.
  const shivizFile = () => `${SHIVIZ_REGEX}\n\n${toShiViz(trace())}\n`;
  const onImport = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    try {
      if (file.size > 2_000_000) throw new Error('the file is larger than any scenario');
      const { scenario, cursor, time } = readScenarioFile(await file.text());
      setImportError(null);
      // A counterexample file opens at its violating event.
      const at = cursor === null ? undefined : { cursor, time: time ?? 0 };
      player.getState().load(scenario, at, null, 'This file');
    } catch (e) {
      const problem = scenarioProblem(e, 'This file');
      setImportError(problem.summary);
    }
  };

  return (
    <div className="player-export">
      <ShareLinks />
      <div className="player-fault-buttons">
        <button
          type="button"
          onClick={() => download(`${stem}.scenario.json`, scenarioToJson(player.getState().run.scenario()))}
        >
          Export scenario (JSON)
        </button>
        <button
          type="button"
          onClick={() => download(`${stem}.trace.json`, `${JSON.stringify(trace(), null, 2)}\n`)}
        >
          Export trace (JSON)
        </button>
        <button type="button" onClick={() => download(`${stem}.shiviz.log`, shivizFile(), 'text/plain')}>
          Export trace (ShiViz log)
        </button>
      </div>
      <div className="player-field">
        <label htmlFor={`${idPrefix}-import`}>Import a scenario (JSON)</label>
        <input id={`${idPrefix}-import`} type="file" accept="application/json,.json" onChange={onImport} />
      </div>
      {importError && (
        <p role="alert" className="player-error">
          {importError}
        </p>
      )}
      <TraceDigest />
    </div>
  );
}
