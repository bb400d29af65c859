import { translator, type Translate } from './i18n';
import { KERNEL_MESSAGES } from './messages';
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

/** The kernel's English, for titles asked for without a language. */
export const KERNEL_ENGLISH: Translate = translator('en', KERNEL_MESSAGES);
const ENGLISH = KERNEL_ENGLISH;

/** "60 ms" when the bounds agree, "2 ms to 3 ms" otherwise. */
function latencyRange(min: number, max: number, t: Translate): string {
  return min === max
    ? formatDuration(min)
    : t('title.range', { min: formatDuration(min), max: formatDuration(max) });
}

/**
 * A kernel action in a few words, for a chapter mark on the timeline ("S1 crashes"). Client
 * requests say what they ask in the algorithm's words, given as `request`; `t` is the kernel's
 * words in the reader's language.
 */
export function actionTitle(
  action: Action,
  request?: (payload: unknown, node: NodeId | undefined) => string,
  t: Translate = ENGLISH,
): string {
  switch (action.type) {
    case 'crash':
    case 'restart':
    case 'timeout':
      return t(`title.${action.type}`, { node: action.node });
    case 'pause':
      return t('title.pause', { node: action.node, duration: formatDuration(action.duration) });
    case 'partition':
      return t('title.partition', { groups: action.groups.map((g) => `{${g.join(', ')}}`).join(' | ') });
    case 'heal':
      return t('title.heal');
    case 'drop':
    case 'duplicate':
      return t(`title.${action.type}`, { id: action.message });
    case 'set-loss':
      return action.rate === 0
        ? t('title.no-loss')
        : t('title.loss', { percent: Math.round(action.rate * 100) });
    case 'set-duplication':
      return action.rate === 0
        ? t('title.no-duplication')
        : t('title.duplication', { percent: Math.round(action.rate * 100) });
    case 'set-latency':
      return t('title.latency', { range: latencyRange(action.min, action.max, t) });
    case 'set-link-latency':
      return t('title.link-latency', {
        from: action.from,
        to: action.to,
        range: latencyRange(action.min, action.max, t),
      });
    case 'clock-jump':
      return t(action.by >= 0 ? 'title.clock-ahead' : 'title.clock-back', {
        node: action.node,
        duration: formatDuration(Math.abs(action.by)),
      });
    case 'clock-rate':
      return t('title.clock-rate', { node: action.node, rate: action.rate });
    case 'client':
      return request
        ? request(action.payload, action.node)
        : action.node
          ? t('title.client-to', { node: action.node })
          : t('title.client');
  }
}
