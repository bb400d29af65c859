/**
 * What the Snowflake views read from a run at its cursor, as plain data: the latest IDs handed out,
 * how many there are, the first duplicate, how many break k-sorted order, and how full each
 * worker's time units are. All of it comes from the run's ID log (`IdLog`), written once per event
 * as the run computes it, so moving the cursor runs nothing again.
 */
import { layoutOf } from '../../algorithms/snowflake/cluster';
import type { SnowflakeParams } from '../../algorithms/snowflake/params';
import type { Duplicate, IdLog, LoggedId, WorkerUnits } from '../../algorithms/snowflake/idlog';
import { placeFields, type Layout } from '../../algorithms/snowflake/layout';
import type { NodeId } from '../../sim/types';

/** IDs the stream draws at most: the newest ones. */
export const SHOWN = 800;

export interface StreamAt {
  /** IDs handed out up to and including the cursor's event. */
  count: number;
  /** The newest of them, oldest first (at most `SHOWN`). */
  recent: LoggedId[];
  /** The newest ID, if any. */
  latest: LoggedId | null;
  /** How many of them sort below an ID handed out at least k earlier. */
  outOfOrder: number;
  /** The first ID handed out twice, naming both times. */
  duplicate: Duplicate | null;
  /** Each worker's time units; a worker that handed out nothing yet is absent. */
  units: Map<NodeId, WorkerUnits>;
}

/** The stream at event `cursor` (-1: before the first event). */
export function streamAt(log: IdLog, cursor: number, shown = SHOWN): StreamAt {
  const count = log.countAt(cursor);
  const recent = log.slice(count - shown, count);
  return {
    count,
    recent,
    latest: recent.at(-1) ?? null,
    outOfOrder: log.outOfOrderIn(count),
    duplicate: log.duplicateIn(count),
    units: log.unitsAt(cursor),
  };
}

/** What the panels share: the stream at the cursor and the run's layout and k. */
export interface IdStreamData {
  stream: StreamAt;
  layout: Layout;
  /** k of the k-sorted check, in µs. */
  windowMicros: number;
  /** The instant local time 0 stands for, in ms since 1970. */
  startMs: number;
}

const latestRead = new WeakMap<IdLog, { cursor: number; revision: number; data: IdStreamData }>();

/** The panels' data for a run at its cursor; every panel of a player shares one reading. */
export function idStreamOf(log: IdLog, params: SnowflakeParams, cursor: number): IdStreamData {
  const cached = latestRead.get(log);
  if (cached && cached.cursor === cursor && cached.revision === log.revision) return cached.data;
  const data = {
    stream: streamAt(log, cursor),
    layout: layoutOf(params),
    windowMicros: params.kWindowMs * 1000,
    startMs: params.startMs,
  };
  latestRead.set(log, { cursor, revision: log.revision, data });
  return data;
}

/** IDs a worker can hand out in one time unit: 2^(sequence bits). */
export function ceilingPerUnit(layout: Layout): number {
  const sequence = placeFields(layout).find((f) => f.kind === 'sequence');
  return 2 ** (sequence?.bits ?? 0);
}
