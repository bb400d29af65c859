import { useId, useMemo, useState } from 'react';
import { formatBits } from '../../algorithms/snowflake/codec';
import { PRESETS, PRESET_NAMES, placeFields, type Layout } from '../../algorithms/snowflake/layout';
import BitGrid from './BitGrid';
import {
  decodeText,
  encodeForm,
  fieldColours,
  formOf,
  localTime,
  readLayout,
  specOf,
  withWidth,
  type Outcome,
} from './decoder';
import './snowflake.css';

const DISCORD_EXAMPLE = '175928847299117063';

function LayoutChooser({
  choice,
  spec,
  layout,
  onChoice,
  onSpec,
}: {
  choice: string;
  spec: string;
  layout: Outcome<Layout>;
  onChoice(choice: string): void;
  onSpec(spec: string): void;
}) {
  const id = useId();
  return (
    <fieldset className="sf-layout">
      <legend>Layout</legend>
      <label htmlFor={`${id}-preset`}>Preset</label>{' '}
      <select id={`${id}-preset`} value={choice} onChange={(e) => onChoice(e.currentTarget.value)}>
        {PRESET_NAMES.map((name) => (
          <option key={name} value={name}>
            {PRESETS[name].title}
          </option>
        ))}
        <option value="custom">Custom layout</option>
      </select>
      {choice === 'custom' && (
        <div className="sf-custom">
          <label htmlFor={`${id}-spec`}>Compact spec (fields high to low, then unit, epoch, width)</label>
          <input
            id={`${id}-spec`}
            type="text"
            spellCheck={false}
            value={spec}
            onChange={(e) => onSpec(e.currentTarget.value)}
            aria-describedby={layout.ok ? undefined : `${id}-spec-error`}
            aria-invalid={!layout.ok}
          />
          {layout.ok ? (
            <div className="sf-widths" role="group" aria-label="Field widths in bits">
              {layout.value.fields.map((field) => (
                <label key={field.name}>
                  {field.name}{' '}
                  <input
                    type="number"
                    min={1}
                    max={63}
                    value={field.bits}
                    onChange={(e) => {
                      const bits = Number(e.currentTarget.value);
                      if (Number.isInteger(bits) && bits > 0)
                        onSpec(withWidth(layout.value, field.name, bits));
                    }}
                  />
                </label>
              ))}
            </div>
          ) : (
            <p id={`${id}-spec-error`} className="sf-error" role="alert">
              {layout.error}
            </p>
          )}
        </div>
      )}
    </fieldset>
  );
}

function Encoder({
  layout,
  form,
  onForm,
}: {
  layout: Layout;
  form: Record<string, string>;
  onForm(form: Record<string, string>): void;
}) {
  const id = useId();
  const [result, setResult] = useState<Outcome<string> | null>(null);
  return (
    <form
      className="sf-encoder"
      aria-labelledby={`${id}-h`}
      onSubmit={(e) => {
        e.preventDefault();
        setResult(encodeForm(layout, form));
      }}
    >
      <h4 id={`${id}-h`}>Encode an ID from its fields</h4>
      {placeFields(layout).map((field) => (
        <div className="sf-encoder-field" key={field.name}>
          <label htmlFor={`${id}-${field.name}`}>
            {field.kind === 'time'
              ? `${field.name} (UTC instant or ms since 1970)`
              : `${field.name} (0 to ${field.max})`}
          </label>
          <input
            id={`${id}-${field.name}`}
            type="text"
            inputMode={field.kind === 'time' ? 'text' : 'numeric'}
            spellCheck={false}
            value={form[field.name] ?? ''}
            onChange={(e) => onForm({ ...form, [field.name]: e.currentTarget.value })}
          />
        </div>
      ))}
      <button type="submit">Encode</button>
      <output className="sf-encoded" data-testid="encoded-id" aria-live="polite">
        {result === null ? '' : result.ok ? `ID: ${result.value}` : ''}
      </output>
      {result && !result.ok && (
        <p className="sf-error" role="alert" data-testid="encode-error">
          {result.error}
        </p>
      )}
    </form>
  );
}

/** Paste an ID to take it apart against a layout, or put one together from its fields. */
export default function Decoder() {
  const id = useId();
  const [text, setText] = useState(DISCORD_EXAMPLE);
  const [choice, setChoice] = useState<string>('discord');
  const [spec, setSpec] = useState(() => specOf(PRESETS.twitter));
  const layout = useMemo(() => readLayout(choice, spec), [choice, spec]);
  const decoded = useMemo(() => (layout.ok ? decodeText(text, layout.value) : null), [text, layout]);
  const [form, setForm] = useState<Record<string, string>>({});
  const colours = useMemo(
    () => (layout.ok ? fieldColours(layout.value) : new Map<string, string>()),
    [layout],
  );

  const chooseLayout = (next: string) => {
    // A custom layout starts from the preset that was showing, so its widths can be edited.
    if (next === 'custom' && choice !== 'custom') {
      const from = readLayout(choice, spec);
      if (from.ok) setSpec(specOf(from.value));
    }
    setChoice(next);
    setForm({});
  };

  const fieldsForm =
    layout.ok && decoded?.ok && Object.keys(form).length === 0 ? formOf(decoded.value, layout.value) : form;

  return (
    // The player's panel heading names this part; the region keeps a name of its own for landmarks.
    <section className="sf-decoder" aria-label="Decode and encode an ID" data-testid="decoder">
      <div className="sf-decoder-input">
        <label htmlFor={`${id}-id`}>ID (decimal)</label>
        <input
          id={`${id}-id`}
          type="text"
          inputMode="numeric"
          spellCheck={false}
          autoComplete="off"
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            setForm({});
          }}
          aria-describedby={decoded && !decoded.ok ? `${id}-error` : undefined}
          aria-invalid={decoded !== null && !decoded.ok}
        />
      </div>
      <LayoutChooser
        choice={choice}
        spec={spec}
        layout={layout}
        onChoice={chooseLayout}
        onSpec={(s) => {
          setSpec(s);
          setForm({});
        }}
      />
      {decoded && !decoded.ok && (
        <p id={`${id}-error`} className="sf-error" role="alert" data-testid="decode-error">
          {decoded.error}
        </p>
      )}
      {decoded?.ok && (
        <div className="sf-decoded" data-testid="decoded">
          <dl className="sf-facts">
            <div>
              <dt>Time (UTC)</dt>
              <dd data-testid="decoded-utc">{decoded.value.time.iso}</dd>
            </div>
            <div>
              <dt>Your local time</dt>
              <dd data-testid="decoded-local">{localTime(decoded.value.time.unixMs)}</dd>
            </div>
            {decoded.value.fields.map((field) => (
              <div key={field.name}>
                <dt>
                  <span
                    className="sf-swatch"
                    style={{ background: colours.get(field.name) }}
                    aria-hidden="true"
                  />{' '}
                  {field.name} <span className="muted">({field.bits} bits)</span>
                </dt>
                <dd data-field={field.name}>
                  {field.value.toLocaleString('en-US')}
                  {field.kind === 'time' && <span className="muted"> units since the epoch</span>}
                </dd>
              </div>
            ))}
          </dl>
          <BitGrid
            bits={decoded.value.bits}
            fields={decoded.value.fields}
            colours={colours}
            label={`The 64 bits of ${decoded.value.id}, most significant first`}
          />
          <p className="sf-bits-text muted">
            Bits by field: <code>{formatBits(decoded.value)}</code>
          </p>
        </div>
      )}
      {layout.ok && (
        <Encoder key={`${choice}|${spec}`} layout={layout.value} form={fieldsForm} onForm={setForm} />
      )}
    </section>
  );
}
