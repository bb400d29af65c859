import { useState, type SubmitEvent } from 'react';
import { ParamError } from '../../sim/params';
import type { ParamSpec } from '../../sim/types';
import { usePlayer, usePlayerContext } from '../../plugin/context';

type Draft = Record<string, string | boolean>;

function draftOf(specs: readonly ParamSpec[], params: Record<string, unknown>): Draft {
  const draft: Draft = {};
  for (const spec of specs) {
    const value = params[spec.key];
    draft[spec.key] = spec.kind === 'boolean' ? value === true : value === undefined ? '' : String(value);
  }
  return draft;
}

/** The form's text as parameter values; the module's parser then checks them against its schema. */
function valuesOf(
  specs: readonly ParamSpec[],
  draft: Draft,
  base: Record<string, unknown>,
): Record<string, unknown> {
  const params: Record<string, unknown> = { ...base };
  for (const spec of specs) {
    const raw = draft[spec.key];
    if (spec.kind === 'boolean' || spec.kind === 'choice') params[spec.key] = raw;
    else params[spec.key] = raw === '' ? Number.NaN : Number(raw);
  }
  return params;
}

/** A parameter error in the words of the form: "Servers must be between 1 and 9, got 12". */
function readable(error: unknown): string {
  if (error instanceof ParamError && error.label) return `${error.label} ${error.problem}.`;
  return error instanceof Error ? error.message : String(error);
}

/** The seed and the algorithm's parameters; applying them starts a fresh run. */
export default function SettingsPanel() {
  const { player, idPrefix } = usePlayerContext();
  const module = usePlayer((s) => s.module);
  const scenario = usePlayer((s) => s.run).scenario();
  const [draft, setDraft] = useState<Draft>(() => draftOf(module.params, scenario.params));
  const [seed, setSeed] = useState(String(scenario.seed));
  const [error, setError] = useState<string | null>(null);
  const [syncedFrom, setSyncedFrom] = useState(scenario);

  // A run loaded from elsewhere (a link, a scenario) refreshes the form.
  if (
    syncedFrom.seed !== scenario.seed ||
    JSON.stringify(syncedFrom.params) !== JSON.stringify(scenario.params)
  ) {
    setSyncedFrom(scenario);
    setDraft(draftOf(module.params, scenario.params));
    setSeed(String(scenario.seed));
  }

  const apply = (nextSeed: string) => {
    try {
      const n = Number(nextSeed);
      if (!Number.isSafeInteger(n) || n < 0) throw new Error('The seed must be a whole number, 0 or more');
      const params = module.parseParams(valuesOf(module.params, draft, scenario.params));
      setError(null);
      player.getState().restart({ seed: n, params });
    } catch (e) {
      setError(readable(e));
    }
  };
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    apply(seed);
  };
  const randomSeed = () => {
    // The one place a non-seeded random number is fine: choosing a seed, outside the simulation.
    const next = String(Math.floor(Math.random() * 1_000_000_000));
    setSeed(next);
    apply(next);
  };

  return (
    // The schema checks every field and says what is wrong; the browser's own check would block
    // values off its step grid (5000 with min 1 and step 10) without a word.
    <form className="player-settings" onSubmit={onSubmit} noValidate>
      <div className="player-field">
        <label htmlFor={`${idPrefix}-seed`}>Seed</label>
        <input
          id={`${idPrefix}-seed`}
          type="number"
          min={0}
          step={1}
          inputMode="numeric"
          value={seed}
          onChange={(e) => setSeed(e.currentTarget.value)}
        />
        <button type="button" onClick={randomSeed}>
          Random seed
        </button>
      </div>
      {module.params.map((spec) => {
        const id = `${idPrefix}-param-${spec.key}`;
        const value = draft[spec.key];
        const set = (v: string | boolean) => setDraft((d) => ({ ...d, [spec.key]: v }));
        if (spec.kind === 'boolean') {
          return (
            <div className="player-field" key={spec.key}>
              <input
                id={id}
                type="checkbox"
                checked={value === true}
                onChange={(e) => set(e.currentTarget.checked)}
              />
              <label htmlFor={id}>{spec.label}</label>
            </div>
          );
        }
        if (spec.kind === 'choice') {
          return (
            <div className="player-field" key={spec.key}>
              <label htmlFor={id}>{spec.label}</label>
              <select id={id} value={String(value)} onChange={(e) => set(e.currentTarget.value)}>
                {spec.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </div>
          );
        }
        return (
          <div className="player-field" key={spec.key}>
            <label htmlFor={id}>
              {spec.label}
              {spec.unit ? ` (${spec.unit})` : ''}
            </label>
            <input
              id={id}
              type="number"
              min={spec.min}
              max={spec.max}
              step={spec.step ?? (spec.kind === 'int' ? 1 : 'any')}
              value={String(value)}
              onChange={(e) => set(e.currentTarget.value)}
            />
          </div>
        );
      })}
      <button type="submit">Run with these settings</button>
      {error && (
        <p role="alert" className="player-error">
          {error}
        </p>
      )}
    </form>
  );
}
