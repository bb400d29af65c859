/**
 * What a reader (or a scenario) asks of the cluster, as the payload of a client action:
 * - to a cache node: `join`, `leave`, `weight <w>`;
 * - to the clients C: `hot <count>` (a burst of requests for one key; `hot 0` ends it) and
 *   `lookup <key>` (where does this key live, and its preference list).
 * Written as text in the player's request box, or as objects in scenarios.
 */
export type Request =
  | { op: 'join' }
  | { op: 'leave' }
  | { op: 'weight'; weight: number }
  | { op: 'hot'; count: number }
  | { op: 'lookup'; key: string };

export const CLIENTS = 'C';
export const MAX_WEIGHT = 8;
export const MAX_HOT = 5000;

/** Reads a payload; throws a sentence a reader understands when it is not a request. */
export function parseRequest(payload: unknown): Request {
  if (typeof payload === 'string') {
    const [word = '', ...rest] = payload.trim().split(/\s+/);
    const arg = rest.join(' ');
    switch (word.toLowerCase()) {
      case 'join':
      case 'leave':
        if (arg) break;
        return { op: word.toLowerCase() as 'join' | 'leave' };
      case 'weight':
        return checked({ op: 'weight', weight: Number(arg) });
      case 'hot':
        return checked({ op: 'hot', count: Number(arg) });
      case 'lookup':
        return checked({ op: 'lookup', key: arg });
    }
    throw new Error(
      `Cannot read the request "${payload}": say join, leave or weight 2 to a node, hot 300 or lookup user:42 to the clients`,
    );
  }
  if (typeof payload === 'object' && payload !== null && 'op' in payload) {
    return checked(payload as Request);
  }
  throw new Error(`A request is a word such as "join", got ${JSON.stringify(payload)}`);
}

function checked(request: Request): Request {
  switch (request.op) {
    case 'join':
    case 'leave':
      return { op: request.op };
    case 'weight':
      if (!Number.isFinite(request.weight) || request.weight < 0.25 || request.weight > MAX_WEIGHT) {
        throw new Error(`A weight is a number from 0.25 to ${MAX_WEIGHT}, got ${String(request.weight)}`);
      }
      return { op: 'weight', weight: request.weight };
    case 'hot':
      if (!Number.isInteger(request.count) || request.count < 0 || request.count > MAX_HOT) {
        throw new Error(`A hot key burst is 0 to ${MAX_HOT} requests, got ${String(request.count)}`);
      }
      return { op: 'hot', count: request.count };
    case 'lookup':
      if (typeof request.key !== 'string' || request.key.length === 0 || request.key.length > 200) {
        throw new Error('A lookup names a key of 1 to 200 characters');
      }
      return { op: 'lookup', key: request.key };
    default:
      throw new Error(`Unknown request ${JSON.stringify((request as { op: unknown }).op)}`);
  }
}

/** Whether a request goes to the clients (otherwise to a cache node). */
export function forClients(request: Request): boolean {
  return request.op === 'hot' || request.op === 'lookup';
}

export function describeRequest(request: Request, node: string | undefined): string {
  switch (request.op) {
    case 'join':
      return `${node ?? 'A node'} joins`;
    case 'leave':
      return `${node ?? 'A node'} leaves`;
    case 'weight':
      return `${node ?? 'A node'} gets weight ${request.weight}`;
    case 'hot':
      return request.count === 0
        ? 'The hot key cools down'
        : `A burst of ${request.count} requests for one key`;
    case 'lookup':
      return `Look up ${request.key}`;
  }
}
