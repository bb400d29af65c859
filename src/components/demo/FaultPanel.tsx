import { useState } from 'react';
import type { Action, NodeId } from '../../sim/types';
import { usePlayer, usePlayerContext, useUi } from './context';

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

/** Faults and network conditions, applied at the cursor's moment through run.act. */
export default function FaultPanel() {
  const { player, ui, plugin, idPrefix } = usePlayerContext();
  const world = usePlayer((s) => s.world);
  const scenario = usePlayer((s) => s.run).scenario();
  const selection = useUi((s) => s.selection);
  const act = (action: Action) => player.getState().act(action);
  const [pauseMs, setPauseMs] = useState(200);
  const [groupB, setGroupB] = useState<NodeId[]>([]);
  const params = scenario.params;
  const [loss, setLoss] = useState(() => num(params['loss'], 0));
  // Algorithms state their latency parameters in milliseconds, as the reader sees them.
  const [latencyMin, setLatencyMin] = useState(() => num(params['latencyMin'], 10));
  const [latencyMax, setLatencyMax] = useState(() => num(params['latencyMax'], 15));
  const [command, setCommand] = useState('x=1');

  const ids = world.nodes.map((n) => n.id);
  const selectedNode =
    selection?.kind === 'node' ? world.nodes.find((n) => n.id === selection.id) : undefined;
  const selectedMessage =
    selection?.kind === 'message' ? world.messages.find((m) => m.id === selection.id) : undefined;
  const leader = plugin.leader(world);
  const majority = Math.floor(ids.length / 2) + 1;

  const commitLatency = () => {
    const min = Math.round(Math.min(latencyMin, latencyMax) * 1000);
    const max = Math.round(Math.max(latencyMin, latencyMax) * 1000);
    act({ type: 'set-latency', min, max });
  };

  return (
    <div className="player-faults">
      <fieldset>
        <legend>Node</legend>
        <label htmlFor={`${idPrefix}-node`}>Server</label>{' '}
        <select
          id={`${idPrefix}-node`}
          value={selectedNode?.id ?? ''}
          onChange={(e) =>
            ui.getState().select(e.currentTarget.value ? { kind: 'node', id: e.currentTarget.value } : null)
          }
        >
          <option value="">choose…</option>
          {ids.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
        {selectedNode ? (
          <div className="player-fault-buttons">
            {selectedNode.up ? (
              <button type="button" onClick={() => act({ type: 'crash', node: selectedNode.id })}>
                Crash {selectedNode.id}
              </button>
            ) : (
              <button type="button" onClick={() => act({ type: 'restart', node: selectedNode.id })}>
                Restart {selectedNode.id}
              </button>
            )}
            <button
              type="button"
              disabled={!selectedNode.up}
              onClick={() => act({ type: 'timeout', node: selectedNode.id })}
            >
              Time out {selectedNode.id}
            </button>
            <span className="player-inline">
              <button
                type="button"
                disabled={!selectedNode.up}
                onClick={() =>
                  act({ type: 'pause', node: selectedNode.id, duration: Math.round(pauseMs * 1000) })
                }
              >
                Pause {selectedNode.id}
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
          <option value="">{world.messages.length ? 'choose…' : 'none in flight'}</option>
          {world.messages.map((m) => (
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
          <button
            type="button"
            disabled={world.partitions.length === 0}
            onClick={() => act({ type: 'heal' })}
          >
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
          {world.partitions.length === 0
            ? 'No partition.'
            : `Partitioned: ${world.partitions.map((g) => `{${g.join(', ')}}`).join(' | ')}`}
        </p>
      </fieldset>

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
    </div>
  );
}
