import { useEffect, useRef } from 'react';
import type { Action, MessageView, NodeView } from '../../sim/types';
import { usePlayerContext } from '../../plugin/context';
import type { NodeFault } from '../../plugin/plugin';

const MS = 1000;

/** The faults a node's menu offers, in the algorithm's vocabulary; restart only when it is down. */
function choices(fault: NodeFault, node: NodeView, ids: readonly string[], timeoutLabel: string) {
  const id = node.id;
  const others = ids.filter((n) => n !== id);
  const paused = node.pausedUntil !== null;
  switch (fault) {
    case 'crash':
      return node.up ? [{ label: 'Crash', action: { type: 'crash', node: id } as Action }] : [];
    case 'restart':
      return node.up ? [] : [{ label: 'Restart', action: { type: 'restart', node: id } as Action }];
    case 'pause':
      return node.up && !paused
        ? [{ label: 'Pause for 300 ms', action: { type: 'pause', node: id, duration: 300 * MS } as Action }]
        : [];
    case 'timeout':
      return node.up ? [{ label: timeoutLabel, action: { type: 'timeout', node: id } as Action }] : [];
    case 'isolate':
      return others.length > 0
        ? [
            {
              label: 'Cut it off from the others',
              action: { type: 'partition', groups: [[id], others] } as Action,
            },
          ]
        : [];
    case 'clock-jump':
      return [
        { label: 'Clock back 5 ms', action: { type: 'clock-jump', node: id, by: -5 * MS } as Action },
        { label: 'Clock ahead 1 s', action: { type: 'clock-jump', node: id, by: 1000 * MS } as Action },
      ];
    case 'clock-rate':
      return [
        { label: 'Clock runs 2× fast', action: { type: 'clock-rate', node: id, rate: 2 } as Action },
        { label: 'Clock runs true', action: { type: 'clock-rate', node: id, rate: 1 } as Action },
      ];
  }
}

/** Buttons that act on the run and close the menu, the first one focused when it opens. */
function MenuButtons({ items, title }: { items: { label: string; action: Action }[]; title: string }) {
  const { player, ui } = usePlayerContext();
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus({ preventScroll: true }), []);
  return (
    <div className="player-menu" role="group" aria-label={title} data-testid="node-menu">
      <p className="player-menu-title">{title}</p>
      {items.length === 0 && <p className="muted">Nothing applies at this moment.</p>}
      {items.map((item, i) => (
        <button
          key={item.label}
          type="button"
          ref={i === 0 ? first : undefined}
          onClick={() => {
            ui.getState().select(null);
            player.getState().act(item.action);
          }}
        >
          {item.label}
        </button>
      ))}
      <button type="button" className="player-menu-close" onClick={() => ui.getState().select(null)}>
        Close
      </button>
    </div>
  );
}

/** What the reader can do to one node, shown beside it in the picture. */
export function NodeMenu({ node, ids }: { node: NodeView; ids: readonly string[] }) {
  const { plugin } = usePlayerContext();
  const { faults } = plugin;
  const items = faults.node.flatMap((f) => choices(f, node, ids, faults.timeoutLabel ?? 'Time out now'));
  if (faults.client && node.up && (faults.client.accepts?.(node) ?? true)) {
    items.push({
      label: `${faults.client.label}: ${faults.client.placeholder}`,
      action: { type: 'client', node: node.id, payload: faults.client.placeholder },
    });
  }
  const state = node.up ? '' : ' (crashed)';
  return <MenuButtons key={node.id} items={items} title={`${node.id}${state}`} />;
}

/** What the reader can do to one message in flight. */
export function MessageMenu({ message }: { message: MessageView }) {
  const items = [
    { label: 'Drop it', action: { type: 'drop', message: message.id } as Action },
    { label: 'Duplicate it', action: { type: 'duplicate', message: message.id } as Action },
  ];
  return (
    <MenuButtons key={message.id} items={items} title={`${message.from}→${message.to}: ${message.label}`} />
  );
}
