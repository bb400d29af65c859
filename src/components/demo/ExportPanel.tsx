import { useState, type ChangeEvent } from 'react';
import { scenarioFromJson, scenarioToJson } from '../../sim/scenario';
import { SHIVIZ_REGEX, toShiViz } from '../../sim/shiviz';
import { download } from '../../plugin/hooks';
import { usePlayer, usePlayerContext } from '../../plugin/context';

/** The share link, and the scenario and trace as files. */
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
      const scenario = scenarioFromJson(await file.text());
      setImportError(null);
      player.getState().load(scenario);
    } catch (e) {
      setImportError(`That file could not be used: ${e instanceof Error ? e.message : String(e)}.`);
    }
  };

  return (
    <div className="player-export">
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
    </div>
  );
}
