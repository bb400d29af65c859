import { usePlayerContext, useUi } from '../../plugin/context';
import type { PanelProps } from '../../plugin/plugin';
import { ROLE_WORDS, servers, type ServerView, type SlotView } from './state';

const WIDTH = 200;
const HEIGHT = 14;

function slotText(s: SlotView): string {
  switch (s.state) {
    case 'empty':
      return 'empty';
    case 'loading':
      return 'loading from the database…';
    case 'ready':
      return `${s.first}–${s.last}, ready`;
    case 'spent':
      return `${s.first}–${s.last}, used up`;
    case 'in use':
      return `${s.first}–${s.last}: ${s.used} of ${s.size} used`;
  }
}

function Slot({ server, slot }: { server: string; slot: SlotView }) {
  const mark = Math.round(slot.loadMark * WIDTH);
  return (
    <li
      className={`lf-slot${slot.current ? ' is-current' : ''}`}
      data-testid={`leaf-buffer-${server}-${slot.name}`}
      data-state={slot.state}
      data-current={slot.current}
    >
      <span className="lf-slot-name">
        {slot.name}
        {slot.current ? ' (current)' : ''}
      </span>
      <svg
        className="lf-bar"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Buffer ${slot.name}: ${slotText(slot)}`}
      >
        <rect
          className={`lf-bar-frame${slot.state === 'loading' ? ' is-loading' : ''}`}
          x={0.5}
          y={0.5}
          width={WIDTH - 1}
          height={HEIGHT - 1}
          rx={3}
        />
        {slot.size > 0 && (
          <rect
            className="lf-bar-used"
            x={0.5}
            y={0.5}
            width={Math.max(0, slot.fill * (WIDTH - 1))}
            height={HEIGHT - 1}
            rx={3}
          />
        )}
        {slot.current && slot.size > 0 && (
          <line className="lf-bar-mark" x1={mark} x2={mark} y1={0} y2={HEIGHT} />
        )}
      </svg>
      <span className="lf-slot-text">{slotText(slot)}</span>
    </li>
  );
}

function ServerCard({ server }: { server: ServerView }) {
  const { ui } = usePlayerContext();
  const selection = useUi((s) => s.selection);
  const selected = selection?.kind === 'node' && selection.id === server.id;
  const dry = server.role === 'dry';
  return (
    <li className={`lf-server${server.up ? '' : ' is-down'}${dry ? ' is-dry' : ''}`} data-server={server.id}>
      <p className="lf-server-head">
        <button
          type="button"
          className="lf-name"
          aria-pressed={selected}
          onClick={() => ui.getState().select(selected ? null : { kind: 'node', id: server.id })}
        >
          {server.id}
          <span className="visually-hidden"> (select for faults)</span>
        </button>{' '}
        <span className={dry ? 'lf-danger-text' : ''}>
          {server.up ? (ROLE_WORDS[server.role] ?? server.role) : 'down: its segments are gone'}
        </span>
      </p>
      {server.up && (
        <>
          <ul className="lf-slots">
            <Slot server={server.id} slot={server.slots[0]} />
            <Slot server={server.id} slot={server.slots[1]} />
          </ul>
          <p className="lf-server-facts">
            {server.step > 0 ? `step ${server.step}` : 'no step yet'}
            {server.step > 0 && server.rowStep > 0 && server.step !== server.rowStep
              ? ` (row: ${server.rowStep})`
              : ''}
            {` · ${server.served} handed out`}
            {server.refused > 0 ? ` · ${server.refused} failed` : ''}
            {server.waiting > 0 ? ` · ${server.waiting} waiting` : ''}
          </p>
          {server.lastError && <p className="lf-warn-text">Last load: {server.lastError}</p>}
        </>
      )}
    </li>
  );
}

/** Each server's double buffer: the current slot's fill, the 10% mark, and the other slot. */
export default function Buffers({ world }: PanelProps) {
  const list = servers(world);
  return (
    <div className="lf-buffers" data-testid="leaf-buffers">
      <ul className="lf-server-list">
        {list.map((s) => (
          <ServerCard key={s.id} server={s} />
        ))}
      </ul>
      <p className="lf-note">
        The dashed line is the 10% mark: past it, the server loads the next segment into the other slot.
      </p>
    </div>
  );
}
