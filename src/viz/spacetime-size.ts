/** Margin above the first lifeline and below the last, in view-box units. */
export const SPACE_TIME_TOP = 16;

/**
 * The space-time diagram's height for `count` lifelines: the player reserves it before the
 * diagram's code arrives, so nothing below moves when it does.
 */
export function spaceTimeHeight(count: number, rowHeight: number): number {
  return SPACE_TIME_TOP * 2 + rowHeight * Math.max(1, count - 1);
}
