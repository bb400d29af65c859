/**
 * Meituan Leaf's segment mode as a pure model. A database row per business tag holds
 * (max_id, step); a server claims a range of `step` IDs with one UPDATE and hands them out from
 * memory. Two segments form a double buffer: once 10% of the current one is used, the next is
 * loaded in the background; when the current one runs out the server switches. Time is a number
 * of milliseconds supplied by the caller; nothing here reads a clock.
 */

export interface LeafSegmentConfig {
  /** Share of the current segment used before the next one is loaded (Leaf: 0.1). */
  loadAt: number;
  /** How long a background load takes, in ms. */
  loadLatencyMs: number;
  /** Upper bound of the adaptive step (Leaf: 1,000,000). */
  maxStep: number;
  /**
   * A segment that lasted less than this doubles the next step (Leaf: 15 minutes); one that lasted
   * more than twice this halves it (30 minutes), never below the row's step.
   */
  growBelowMs: number;
  /** How long a caller whose segments are both empty waits for a load in flight (Leaf: about 10 ms). */
  waitForLoadMs: number;
}

export const LEAF_SEGMENT_DEFAULTS: LeafSegmentConfig = {
  loadAt: 0.1,
  loadLatencyMs: 5,
  maxStep: 1_000_000,
  growBelowMs: 15 * 60 * 1000,
  waitForLoadMs: 10,
};

/** The `leaf_alloc` row of one business tag. */
export interface LeafDatabase {
  maxId: number;
  /** The step configured in the row; the adaptive step never goes below it. */
  step: number;
  up: boolean;
}

/** A claimed range of IDs, from `first` to `last` inclusive; `next` is the next one to hand out. */
export interface Segment {
  first: number;
  last: number;
  next: number;
  step: number;
  /** When the range was claimed from the database (ms). */
  loadedAt: number;
}

export interface LeafServer {
  /** The double buffer. */
  segments: [Segment | null, Segment | null];
  current: 0 | 1;
  /** The other buffer holds a loaded segment that has not been used yet. */
  nextReady: boolean;
  /** A background load whose range the database already granted, usable from `readyAt`. */
  loading: { readyAt: number; segment: Segment } | null;
  /** Step of the next claim; adapts to how fast segments are used. */
  step: number;
  /** When the step was last updated from a claim; null until the second claim (as in Leaf). */
  updatedAt: number | null;
}

export type LeafEvent =
  | { type: 'claimed'; first: number; last: number; step: number; maxId: number; background: boolean }
  | { type: 'load-failed'; reason: 'database-down' }
  | { type: 'segment-ready'; first: number; last: number }
  | { type: 'switched'; first: number; last: number }
  | { type: 'step-changed'; from: number; to: number; lastedMs: number };

export type LeafResult =
  | { kind: 'id'; id: string; value: number; server: LeafServer; db: LeafDatabase; events: LeafEvent[] }
  | { kind: 'wait'; until: number; server: LeafServer; db: LeafDatabase; events: LeafEvent[] }
  | {
      kind: 'error';
      code: 'init-failed' | 'both-segments-empty';
      message: string;
      server: LeafServer;
      db: LeafDatabase;
      events: LeafEvent[];
    };

export function createDatabase(maxId = 1, step = 1000): LeafDatabase {
  if (!Number.isSafeInteger(maxId) || maxId < 0)
    throw new Error(`max_id must be a whole number ≥ 0, not ${maxId}.`);
  if (!Number.isSafeInteger(step) || step < 1)
    throw new Error(`step must be a whole number ≥ 1, not ${step}.`);
  return { maxId, step, up: true };
}

export function createServer(db: LeafDatabase): LeafServer {
  return {
    segments: [null, null],
    current: 0,
    nextReady: false,
    loading: null,
    step: db.step,
    updatedAt: null,
  };
}

/**
 * The UPDATE: max_id grows by `step` and the server owns [old max_id, new max_id). Leaf sets its
 * counter to `max_id - step` and serves values while they stay below `max_id`.
 */
function claim(db: LeafDatabase, step: number, now: number): { db: LeafDatabase; segment: Segment } {
  const maxId = db.maxId + step;
  if (!Number.isSafeInteger(maxId)) throw new Error('max_id outgrew the exactly representable integers.');
  return {
    db: { ...db, maxId },
    segment: { first: db.maxId, last: maxId - 1, next: db.maxId, step, loadedAt: now },
  };
}

/** Leaf's adaptive step: decided from how long ago the step was last set. */
function nextStep(server: LeafServer, db: LeafDatabase, config: LeafSegmentConfig, now: number): number {
  if (server.updatedAt === null) return db.step;
  const lasted = now - server.updatedAt;
  if (lasted < config.growBelowMs) return server.step * 2 > config.maxStep ? server.step : server.step * 2;
  if (lasted < 2 * config.growBelowMs) return server.step;
  return Math.floor(server.step / 2) >= db.step ? Math.floor(server.step / 2) : server.step;
}

function remainingIn(segment: Segment | null): number {
  return segment ? segment.last - segment.next + 1 : 0;
}

/** IDs the server can still hand out without the database, counting a load already granted. */
export function remainingIds(server: LeafServer): number {
  const other = server.current === 0 ? 1 : 0;
  return (
    remainingIn(server.segments[server.current]) +
    (server.nextReady ? remainingIn(server.segments[other]) : 0) +
    remainingIn(server.loading?.segment ?? null)
  );
}

/** With the database gone, how long IDs keep flowing at `perMs` IDs per millisecond. */
export function outageRunwayMs(server: LeafServer, perMs: number): number {
  return remainingIds(server) / perMs;
}

export function setDatabaseUp(db: LeafDatabase, up: boolean): LeafDatabase {
  return { ...db, up };
}

/**
 * One call of get(tag): an ID, a short wait for a load in flight, or an error.
 *
 * @param retry true when this caller already waited once for a load (Leaf waits once, then fails)
 */
export function getId(
  serverIn: LeafServer,
  dbIn: LeafDatabase,
  now: number,
  config: LeafSegmentConfig = LEAF_SEGMENT_DEFAULTS,
  retry = false,
): LeafResult {
  let server: LeafServer = { ...serverIn, segments: [...serverIn.segments] };
  let db = dbIn;
  const events: LeafEvent[] = [];
  const other = (): 0 | 1 => (server.current === 0 ? 1 : 0);

  if (server.loading && now >= server.loading.readyAt) {
    const { segment } = server.loading;
    server.segments[other()] = segment;
    server = { ...server, nextReady: true, loading: null };
    events.push({ type: 'segment-ready', first: segment.first, last: segment.last });
  }

  if (server.segments[server.current] === null) {
    // The first call loads synchronously, as Leaf's cache initialisation does.
    if (!db.up) {
      return {
        kind: 'error',
        code: 'init-failed',
        message: 'The database is unreachable and no segment was ever loaded: no ID can be handed out.',
        server,
        db,
        events,
      };
    }
    const claimed = claim(db, db.step, now);
    db = claimed.db;
    server.segments[server.current] = claimed.segment;
    events.push({ type: 'claimed', ...span(claimed.segment), maxId: db.maxId, background: false });
  }

  for (;;) {
    const segment = server.segments[server.current] as Segment;
    const remaining = remainingIn(segment);
    if (!server.nextReady && server.loading === null && remaining < (1 - config.loadAt) * segment.step) {
      if (db.up) {
        const step = nextStep(server, db, config, now);
        if (server.updatedAt !== null && step !== server.step) {
          events.push({
            type: 'step-changed',
            from: server.step,
            to: step,
            lastedMs: now - server.updatedAt,
          });
        }
        const claimed = claim(db, step, now);
        db = claimed.db;
        server = {
          ...server,
          step,
          updatedAt: now,
          loading: { readyAt: now + config.loadLatencyMs, segment: claimed.segment },
        };
        events.push({ type: 'claimed', ...span(claimed.segment), maxId: db.maxId, background: true });
      } else {
        events.push({ type: 'load-failed', reason: 'database-down' });
      }
    }
    if (remaining > 0) {
      const value = segment.next;
      server.segments[server.current] = { ...segment, next: value + 1 };
      return {
        kind: 'id',
        id: String(value),
        value,
        server,
        db,
        events,
      };
    }
    if (server.nextReady) {
      server = { ...server, current: other(), nextReady: false };
      const next = server.segments[server.current] as Segment;
      events.push({ type: 'switched', first: next.first, last: next.last });
      continue;
    }
    if (server.loading && !retry) {
      return {
        kind: 'wait',
        until: Math.min(server.loading.readyAt, now + config.waitForLoadMs),
        server,
        db,
        events,
      };
    }
    return {
      kind: 'error',
      code: 'both-segments-empty',
      message: server.loading
        ? 'Both segments are empty and the next one did not arrive in time.'
        : 'Both segments are empty and the database cannot grant a new one.',
      server,
      db,
      events,
    };
  }
}

function span(segment: Segment): { first: number; last: number; step: number } {
  return { first: segment.first, last: segment.last, step: segment.step };
}
