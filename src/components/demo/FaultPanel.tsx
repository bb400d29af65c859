import { memo, useCallback, useState } from 'react';
import type { Action, NodeId } from '../../sim/types';
import { usePlayer, usePlayerContext, useUi } from '../../plugin/context';

const ADJUST_KEYS = new Set([
  'ArrowLeft',
  'ArrowRight',
  'ArrowUp',
  'ArrowDown',
  'Home',
  'End',
  'PageUp',
  'PageDown',
]);

/** Commits a slider once the reader lets go of it, not on every intermediate value. */
function onRelease(commit: () => void) {
  return {
    onPointerUp: commit,
    onKeyUp: (e: { key: string }) => {
      if (ADJUST_KEYS.has(e.key)) commit();
    },
  };
}

function num(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

type Act = (action: Action) => void;

/**
 * Faults and network conditions, applied at the cursor's moment through run.act. While playing,
 * the world changes on nearly every frame; only the parts that show it (the selected node and the
 * messages in flight) render again, and the fields with nothing of the world in them keep still
 * (a controlled input that renders again has its attributes rewritten, which costs the frame).
 */
export default function FaultPanel() {
  const { player, ui, plugin, idPrefix } = usePlayerContext();
  const world = usePlayer((s) => s.world);
  const params = usePlayer((s) => s.run).scenario().params;
  const selection = useUi((s) => s.selection);
  const playing = usePlayer((s) => s.playing);
  const act = useCallback<Act>((action) => player.getState().act(action), [player]);

  const ids = world.nodes.map((n) => n.id);
  const selectedNode =
    selection?.kind === 'node' ? world.nodes.find((n) => n.id === selection.id) : undefined;
  const selectedMessage =
    selection?.kind === 'message' ? world.messages.find((m) => m.id === selection.id) : undefined;
  const partitions =
    world.partitions.length === 0
      ? ''
      : `Partitioned: ${world.partitions.map((g) => `{${g.join(', ')}}`).join(' | ')}`;

  return (
    <div className="player-faults">
      <NodeFields
        idPrefix={idPrefix}
        ids={ids.join(',')}
        selected={selectedNode?.id ?? null}
        up={selectedNode?.up ?? false}
        act={act}
        onSelect={(id) => ui.getState().select(id ? { kind: 'node', id } : null)}
      />
      <ClientFields idPrefix={idPrefix} act={act} />

      <fieldset>
        <legend>Message in flight</legend>
        <label htmlFor={`${idPrefix}-message`}>Message</label>{' '}
        <select
          id={`${idPrefix}-message`}
          value={selectedMessage ? String(selectedMessage.id) : ''}
          onChange={(e) =>
            ui
              .getState()
              .select(e.currentTarget.value ? { kind: 'message', id: Number(e.currentTarget.value) } : null)
          }
        >
          <option value="">
            {world.messages.length === 0
              ? 'none in flight'
              : playing
                ? `${world.messages.length} in flight: pause to pick one`
                : 'choose…'}
          </option>
          {/* While playing, messages live for a few frames: listing them would only churn the list. */}
          {(playing ? (selectedMessage ? [selectedMessage] : []) : world.messages).map((m) => (
            <option key={m.id} value={m.id}>
              {m.from}→{m.to} {m.label}
            </option>
          ))}
        </select>
        {selectedMessage && (
          <div className="player-fault-buttons">
            <button type="button" onClick={() => act({ type: 'drop', message: selectedMessage.id })}>
              Drop it
            </button>
            <button type="button" onClick={() => act({ type: 'duplicate', message: selectedMessage.id })}>
              Duplicate it
            </button>
          </div>
        )}
      </fieldset>

      <PartitionFields ids={ids.join(',')} leader={plugin.leader(world)} partitions={partitions} act={act} />
      <NetworkFields
        idPrefix={idPrefix}
        loss={num(params['loss'], 0)}
        // Algorithms state their latency parameters in milliseconds, as the reader sees them.
        latencyMin={num(params['latencyMin'], 10)}
        latencyMax={num(params['latencyMax'], 15)}
        act={act}
      />
    </div>
  );
}

const NodeFields = memo(
  function NodeFields({
    idPrefix,
    ids,
    selected,
    up,
    act,
    onSelect,
  }: {
    idPrefix: string;
    /** Server names, comma-separated: a string keeps still from one world to the next. */
    ids: string;
    selected: NodeId | null;
    up: boolean;
    act: Act;
    onSelect: (id: NodeId | null) => void;
  }) {
    const [pauseMs, setPauseMs] = useState(200);
    return (
      <fieldset>
        <legend>Node</legend>
        <label htmlFor={`${idPrefix}-node`}>Server</label>{' '}
        <select
          id={`${idPrefix}-node`}
          value={selected ?? ''}
          onChange={(e) => onSelect(e.currentTarget.value || null)}
        >
          <option value="">choose…</option>
          {ids.split(',').map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
        {selected ? (
          <div className="player-fault-buttons">
            {up ? (
              <button type="button" onClick={() => act({ type: 'crash', node: selected })}>
                Crash {selected}
              </button>
            ) : (
              <button type="button" onClick={() => act({ type: 'restart', node: selected })}>
                Restart {selected}
              </button>
            )}
            <button type="button" disabled={!up} onClick={() => act({ type: 'timeout', node: selected })}>
              Time out {selected}
            </button>
            <span className="player-inline">
              <button
                type="button"
                disabled={!up}
                onClick={() => act({ type: 'pause', node: selected, duration: Math.round(pauseMs * 1000) })}
              >
                Pause {selected}
              </button>
              <label htmlFor={`${idPrefix}-pause`}>for</label>
              <input
                id={`${idPrefix}-pause`}
                type="number"
                min={1}
                max={10_000}
                value={pauseMs}
                onChange={(e) => setPauseMs(Math.max(1, Number(e.currentTarget.value) || 1))}
              />
              ms
            </span>
          </div>
        ) : (
          <p className="muted">Pick a server here or click one in the diagram.</p>
        )}
      </fieldset>
    );
  },
  // The select handler is remade on every render; what it does is not.
  (a, b) =>
    a.idPrefix === b.idPrefix &&
    a.ids === b.ids &&
    a.selected === b.selected &&
    a.up === b.up &&
    a.act === b.act,
);

const ClientFields = memo(function ClientFields({ idPrefix, act }: { idPrefix: string; act: Act }) {
  const [command, setCommand] = useState('x=1');
  return (
    <fieldset>
      <legend>Client</legend>
      <div className="player-inline">
        <label htmlFor={`${idPrefix}-command`}>Command</label>
        <input
          id={`${idPrefix}-command`}
          type="text"
          value={command}
          maxLength={80}
          onChange={(e) => setCommand(e.currentTarget.value)}
        />
        <button type="button" onClick={() => act({ type: 'client', payload: command })}>
          Send client request
        </button>
      </div>
    </fieldset>
  );
});

const PartitionFields = memo(function PartitionFields({
  ids: idList,
  leader,
  partitions,
  act,
}: {
  ids: string;
  leader: NodeId | null;
  /** The partition in words, or empty when the network is whole. */
  partitions: string;
  act: Act;
}) {
  const ids = idList.split(',');
  const majority = Math.floor(ids.length / 2) + 1;
  const [groupB, setGroupB] = useState<NodeId[]>([]);
  return (
    <fieldset>
      <legend>Partition</legend>
      <div className="player-fault-buttons">
        <button
          type="button"
          disabled={!leader}
          onClick={() =>
            leader && act({ type: 'partition', groups: [[leader], ids.filter((id) => id !== leader)] })
          }
        >
          Isolate the leader{leader ? ` (${leader})` : ''}
        </button>
        <button
          type="button"
          disabled={ids.length < 2}
          onClick={() => act({ type: 'partition', groups: [ids.slice(0, majority), ids.slice(majority)] })}
        >
          Split {majority} | {ids.length - majority}
        </button>
        <button type="button" disabled={partitions === ''} onClick={() => act({ type: 'heal' })}>
          Heal
        </button>
      </div>
      <div className="player-groups" role="group" aria-label="Custom partition: servers on the other side">
        {ids.map((id) => (
          <label key={id}>
            <input
              type="checkbox"
              checked={groupB.includes(id)}
              onChange={(e) => {
                const checked = e.currentTarget.checked;
                setGroupB((g) => (checked ? [...g, id] : g.filter((x) => x !== id)));
              }}
            />{' '}
            {id}
          </label>
        ))}
        <button
          type="button"
          disabled={groupB.length === 0 || groupB.length === ids.length}
          onClick={() =>
            act({ type: 'partition', groups: [ids.filter((id) => !groupB.includes(id)), [...groupB]] })
          }
        >
          Cut ticked servers off
        </button>
      </div>
      <p className="muted" data-testid="partition-status">
        {partitions === '' ? 'No partition.' : partitions}
      </p>
    </fieldset>
  );
});

const NetworkFields = memo(function NetworkFields({
  idPrefix,
  act,
  ...initial
}: {
  idPrefix: string;
  loss: number;
  latencyMin: number;
  latencyMax: number;
  act: Act;
}) {
  const [loss, setLoss] = useState(initial.loss);
  const [latencyMin, setLatencyMin] = useState(initial.latencyMin);
  const [latencyMax, setLatencyMax] = useState(initial.latencyMax);
  const commitLatency = () => {
    const min = Math.round(Math.min(latencyMin, latencyMax) * 1000);
    const max = Math.round(Math.max(latencyMin, latencyMax) * 1000);
    act({ type: 'set-latency', min, max });
  };
  return (
    <fieldset>
      <legend>Network</legend>
      <label htmlFor={`${idPrefix}-loss`}>Message loss {Math.round(loss * 100)}%</label>
      <input
        id={`${idPrefix}-loss`}
        type="range"
        min={0}
        max={0.5}
        step={0.01}
        value={loss}
        onChange={(e) => setLoss(Number(e.currentTarget.value))}
        {...onRelease(() => act({ type: 'set-loss', rate: loss }))}
      />
      <label htmlFor={`${idPrefix}-lat-min`}>Latency from {latencyMin} ms</label>
      <input
        id={`${idPrefix}-lat-min`}
        type="range"
        min={0}
        max={200}
        step={1}
        value={latencyMin}
        onChange={(e) => setLatencyMin(Number(e.currentTarget.value))}
        {...onRelease(commitLatency)}
      />
      <label htmlFor={`${idPrefix}-lat-max`}>to {latencyMax} ms</label>
      <input
        id={`${idPrefix}-lat-max`}
        type="range"
        min={0}
        max={200}
        step={1}
        value={latencyMax}
        onChange={(e) => setLatencyMax(Number(e.currentTarget.value))}
        {...onRelease(commitLatency)}
      />
    </fieldset>
  );
});
