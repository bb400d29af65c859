import type { Action, Micros, NodeId } from './types';

/** "150 ms", "2.5 s", "300 µs": durations as a reader says them. */
export function formatDuration(us: Micros): string {
  const abs = Math.abs(us);
  if (abs >= 1_000_000) return `${trim(us / 1_000_000)} s`;
  if (abs >= 1_000) return `${trim(us / 1_000)} ms`;
  return `${us} µs`;
}

/** A time on the run's clock, in milliseconds: "t=1250.5 ms". */
export function formatTime(us: Micros): string {
  return `${trim(us / 1000)} ms`;
}

function trim(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

/** "S1, S2 and S3" */
export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * A kernel action in a few words, for a chapter mark on the timeline ("S1 crashes"). Client
 * requests say what they ask in the algorithm's words, given as `request`.
 */
/** "60 ms" when the bounds agree, "2 ms to 3 ms" otherwise. */
function latencyRange(min: number, max: number): string {
  return min === max ? formatDuration(min) : `${formatDuration(min)} to ${formatDuration(max)}`;
}

export function actionTitle(
  action: Action,
  request?: (payload: unknown, node: NodeId | undefined) => string,
): string {
  switch (action.type) {
    case 'crash':
      return `${action.node} crashes`;
    case 'restart':
      return `${action.node} restarts`;
    case 'pause':
      return `${action.node} pauses for ${formatDuration(action.duration)}`;
    case 'timeout':
      return `${action.node} times out`;
    case 'partition':
      return `The network splits: ${action.groups.map((g) => `{${g.join(', ')}}`).join(' | ')}`;
    case 'heal':
      return 'The network heals';
    case 'drop':
      return `Message #${action.message} is dropped`;
    case 'duplicate':
      return `Message #${action.message} is duplicated`;
    case 'set-loss':
      return action.rate === 0
        ? 'No more message loss'
        : `${Math.round(action.rate * 100)}% of messages are lost`;
    case 'set-duplication':
      return action.rate === 0
        ? 'No more duplication'
        : `${Math.round(action.rate * 100)}% of messages are duplicated`;
    case 'set-latency':
      return `Messages take ${latencyRange(action.min, action.max)}`;
    case 'set-link-latency':
      return `Messages ${action.from}→${action.to} take ${latencyRange(action.min, action.max)}`;
    case 'clock-jump':
      return `${action.node}'s clock jumps ${action.by >= 0 ? 'ahead' : 'back'} ${formatDuration(Math.abs(action.by))}`;
    case 'clock-rate':
      return `${action.node}'s clock runs at ${action.rate}×`;
    case 'client':
      return request
        ? request(action.payload, action.node)
        : `A client request${action.node ? ` to ${action.node}` : ''}`;
  }
}
