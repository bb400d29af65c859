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
 * Faults and network conditions beyond one node (those are in the menu at the node), applied at
 * the cursor's moment through run.act, in the algorithm's vocabulary: a demo whose processes send
 * no messages offers no partition. While playing, the world changes on nearly every frame; only
 * the parts that show it render again, and fields with nothing of the world in them keep still.
 */
export default function FaultPanel() {
  const { player, ui, plugin, idPrefix } = usePlayerContext();
  const world = usePlayer((s) => s.world);
  const params = usePlayer((s) => s.run).scenario().params;
  const selection = useUi((s) => s.selection);
  const playing = usePlayer((s) => s.playing);
  const act = useCallback<Act>((action) => player.getState().act(action), [player]);
  const { faults } = plugin;

  const ids = world.nodes.map((n) => n.id);
  const selectedMessage =
    selection?.kind === 'message' ? world.messages.find((m) => m.id === selection.id) : undefined;
  const partitions =
    world.partitions.length === 0
      ? ''
      : `Partitioned: ${world.partitions.map((g) => `{${g.join(', ')}}`).join(' | ')}`;

  return (
    <div className="player-faults">
      <p className="muted player-faults-hint">
        Click a {player.getState().module.nodeNoun.one} in the picture (or focus it and press Enter) for what
        can happen to it{faults.messages ? ', or a message in flight to drop or duplicate it' : ''}.
      </p>
      {faults.client && (
        <ClientFields
          idPrefix={idPrefix}
          act={act}
          label={faults.client.label}
          placeholder={faults.client.placeholder}
          hint={faults.client.hint}
        />
      )}
      {faults.messages && (
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
        </fieldset>
      )}
      {faults.partitions && (
        <PartitionFields
          ids={ids.join(',')}
          leader={plugin.leader(world)}
          partitions={partitions}
          act={act}
          many={player.getState().module.nodeNoun.many}
        />
      )}
      {faults.network && (
        <NetworkFields
          idPrefix={idPrefix}
          loss={num(params['loss'], 0)}
          // Algorithms state their latency parameters in milliseconds, as the reader sees them.
          latencyMin={num(params['latencyMin'], 10)}
          latencyMax={num(params['latencyMax'], 15)}
          act={act}
        />
      )}
    </div>
  );
}

const ClientFields = memo(function ClientFields({
  idPrefix,
  act,
  label,
  placeholder,
  hint,
}: {
  idPrefix: string;
  act: Act;
  label: string;
  placeholder: string;
  hint: string;
}) {
  const [command, setCommand] = useState(placeholder);
  return (
    <fieldset>
      <legend>{label}</legend>
      <div className="player-inline">
        <label htmlFor={`${idPrefix}-command`}>Request</label>
        <input
          id={`${idPrefix}-command`}
          type="text"
          value={command}
          maxLength={80}
          aria-describedby={`${idPrefix}-command-hint`}
          onChange={(e) => setCommand(e.currentTarget.value)}
        />
        <button type="button" onClick={() => act({ type: 'client', payload: command })}>
          Send client request
        </button>
      </div>
      <p className="muted" id={`${idPrefix}-command-hint`}>
        {hint}
      </p>
    </fieldset>
  );
});

const PartitionFields = memo(function PartitionFields({
  ids: idList,
  leader,
  partitions,
  act,
  many,
}: {
  ids: string;
  leader: NodeId | null;
  /** What the algorithm calls its nodes: servers, processes. */
  many: string;
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
        {leader && (
          <button
            type="button"
            onClick={() => act({ type: 'partition', groups: [[leader], ids.filter((id) => id !== leader)] })}
          >
            Isolate the leader ({leader})
          </button>
        )}
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
      <div className="player-groups" role="group" aria-label={`Custom partition: ${many} on the other side`}>
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
          Cut the ticked {many} off
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
