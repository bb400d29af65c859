/**
 * Drives Leaf's segment model (src/algorithms/leaf-segment/segment.ts) through virtual time for
 * the Leaf view: callers ask for `rate` IDs every millisecond, the database can go away, and the
 * view reads what the row, the two buffers and the callers see. Pure: time moves only by `advance`.
 */
import {
  LEAF_SEGMENT_DEFAULTS,
  createDatabase,
  createServer,
  getId,
  outageRunwayMs,
  remainingIds,
  setDatabaseUp,
  type LeafDatabase,
  type LeafEvent,
  type LeafSegmentConfig,
  type LeafServer,
} from '../../algorithms/leaf-segment/segment';

export interface LeafLogEntry {
  at: number;
  /** The same thing happened every millisecond from `at` to `until`. */
  until?: number;
  text: string;
  error?: boolean;
}

export interface LeafSim {
  config: LeafSegmentConfig;
  /** Virtual time in ms. */
  now: number;
  db: LeafDatabase;
  server: LeafServer;
  /** IDs asked for each millisecond. */
  rate: number;
  issued: number;
  lastId: string | null;
  failed: number;
  /** A caller waits for a load in flight until this time, then tries once more. */
  waitingUntil: number | null;
  /** When the database went away, and the last ID handed out since. */
  outage: { since: number; lastIdAt: number | null; firstFailureAt: number | null } | null;
  /** What the last refused caller was told. */
  lastError: string | null;
  log: LeafLogEntry[];
}

const LOG_LIMIT = 60;

export function createLeafSim(
  rate = 20,
  step = 1000,
  config: LeafSegmentConfig = LEAF_SEGMENT_DEFAULTS,
): LeafSim {
  const db = createDatabase(1, step);
  return {
    config,
    now: 0,
    db,
    server: createServer(db),
    rate,
    issued: 0,
    lastId: null,
    failed: 0,
    waitingUntil: null,
    outage: null,
    lastError: null,
    log: [],
  };
}

function describe(event: LeafEvent): string {
  switch (event.type) {
    case 'claimed':
      return `${event.background ? 'Background load' : 'First load'}: UPDATE max_id to ${event.maxId}, claiming ${event.first} to ${event.last} (step ${event.step})`;
    case 'load-failed':
      return 'The next segment cannot be loaded: the database is unreachable';
    case 'segment-ready':
      return `The next segment (${event.first} to ${event.last}) is ready in the other buffer`;
    case 'switched':
      return `The current segment ran out: switch to the other buffer (${event.first} to ${event.last})`;
    case 'step-changed':
      return `The step changes from ${event.from} to ${event.to}: the last segment lasted ${event.lastedMs} ms`;
  }
}

/** Appends entries; one that repeats a recent line extends that line instead of flooding the log. */
function logged(log: LeafLogEntry[], entries: LeafLogEntry[]): LeafLogEntry[] {
  if (entries.length === 0) return log;
  const out = [...log];
  for (const entry of entries) {
    const recent = out.length - 1 - [...out.slice(-3)].reverse().findIndex((e) => e.text === entry.text);
    if (recent < out.length && recent >= out.length - 3) {
      out[recent] = { ...(out[recent] as LeafLogEntry), until: entry.at };
    } else {
      out.push(entry);
    }
  }
  return out.slice(-LOG_LIMIT);
}

/** Everything that happens in one millisecond: `rate` calls of get(tag), in order. */
function tick(sim: LeafSim): LeafSim {
  let { server, db, issued, lastId, failed, waitingUntil, outage, lastError } = sim;
  const now = sim.now;
  const entries: LeafLogEntry[] = [];
  const seen = new Set<string>();
  const note = (text: string, error = false) => {
    // A burst of identical messages in one millisecond reads as one line.
    if (seen.has(text)) return;
    seen.add(text);
    entries.push(error ? { at: now, text, error } : { at: now, text });
  };
  for (let call = 0; call < sim.rate; call++) {
    if (waitingUntil !== null && now < waitingUntil) break;
    const retry = waitingUntil !== null;
    const result = getId(server, db, now, sim.config, retry);
    server = result.server;
    db = result.db;
    for (const event of result.events) note(describe(event), event.type === 'load-failed');
    if (result.kind === 'id') {
      waitingUntil = null;
      issued++;
      lastId = result.id;
      if (outage) outage = { ...outage, lastIdAt: now };
      continue;
    }
    if (result.kind === 'wait') {
      waitingUntil = result.until;
      note(`Both buffers are empty; the caller waits up to ${result.until - now} ms for the load in flight`);
      break;
    }
    waitingUntil = null;
    failed++;
    lastError = result.message;
    if (outage && outage.firstFailureAt === null) outage = { ...outage, firstFailureAt: now };
    note(`get() fails: ${result.message}`, true);
  }
  return {
    ...sim,
    server,
    db,
    issued,
    lastId,
    failed,
    waitingUntil,
    outage,
    lastError,
    log: logged(sim.log, entries),
  };
}

/** Moves virtual time forward by `ms` milliseconds. */
export function advance(sim: LeafSim, ms = 1): LeafSim {
  let next = sim;
  for (let i = 0; i < ms; i++) next = { ...tick(next), now: next.now + 1 };
  return next;
}

export function setRate(sim: LeafSim, rate: number): LeafSim {
  return { ...sim, rate: Math.max(1, Math.min(100_000, Math.round(rate))) };
}

/** The database goes away or comes back, at the current moment. */
export function setDatabase(sim: LeafSim, up: boolean): LeafSim {
  if (sim.db.up === up) return sim;
  const text = up ? 'The database is back' : 'The database goes away';
  return {
    ...sim,
    db: setDatabaseUp(sim.db, up),
    outage: up ? null : { since: sim.now, lastIdAt: null, firstFailureAt: null },
    log: logged(sim.log, [{ at: sim.now, text, error: !up }]),
  };
}

export interface BufferView {
  slot: 0 | 1;
  current: boolean;
  state: 'in use' | 'ready' | 'loading' | 'empty';
  first: number | null;
  last: number | null;
  size: number;
  /** IDs not handed out yet. */
  remaining: number;
  /** Share used, 0 to 1. */
  used: number;
  /** The load of the next segment starts once this share is used (Leaf: 10%). */
  loadAt: number;
}

/** Both buffers as the view draws them. */
export function buffers(sim: LeafSim): [BufferView, BufferView] {
  const { server } = sim;
  const view = (slot: 0 | 1): BufferView => {
    const current = server.current === slot;
    // A load in flight lands in the buffer that is not current.
    const incoming = !current && server.loading ? server.loading.segment : null;
    const segment = incoming ?? server.segments[slot];
    const live = current || server.nextReady || incoming !== null;
    if (!segment || !live) {
      return {
        slot,
        current,
        state: 'empty',
        first: null,
        last: null,
        size: 0,
        remaining: 0,
        used: 0,
        loadAt: sim.config.loadAt,
      };
    }
    const size = segment.last - segment.first + 1;
    const remaining = segment.last - segment.next + 1;
    return {
      slot,
      current,
      state: current ? 'in use' : incoming ? 'loading' : 'ready',
      first: segment.first,
      last: segment.last,
      size,
      remaining,
      used: (size - remaining) / size,
      loadAt: sim.config.loadAt,
    };
  };
  return [view(0), view(1)];
}

/** With the database gone, how long IDs keep flowing at the current rate, in ms. */
export function runwayMs(sim: LeafSim): number {
  return Math.floor(outageRunwayMs(sim.server, sim.rate));
}

export { remainingIds };
