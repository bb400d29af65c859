/**
 * The Redis commands Redlock needs, behind one interface, and their meaning as a pure function on
 * a keyspace. The simulated node (redis-node.ts) and the real-Redis client used in tests both
 * implement `RedisCommands`, so the same table of cases can be asked of both.
 */

/** Options of `SET key value [NX] [PX ms]`. */
export interface SetOptions {
  /** Only set the key if it does not exist. */
  nx?: boolean;
  /** Expire the key after this many milliseconds. */
  px?: number;
}

export interface RedisCommands {
  /** `SET`: 'OK' when the key was written, null when NX found it taken. */
  set(key: string, value: string, options?: SetOptions): Promise<'OK' | null>;
  get(key: string): Promise<string | null>;
  /** Plain `DEL`: the number of keys removed, whoever set them. */
  del(key: string): Promise<number>;
  /** The release script: delete the key only if it still holds `value`. 1 if deleted, else 0. */
  evalCompareAndDelete(key: string, value: string): Promise<number>;
  /** The extend script: reset the TTL only if the key still holds `value`. 1 if extended, else 0. */
  evalCompareAndExtend(key: string, value: string, ttl: number): Promise<number>;
}

/** The scripts as Redis runs them (EVAL script 1 key value [ttl]). */
export const COMPARE_AND_DELETE_SCRIPT =
  'if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end';
export const COMPARE_AND_EXTEND_SCRIPT =
  'if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end';

/** One command as a message carries it to a simulated node. */
export type RedisCommand =
  | { op: 'set'; key: string; value: string; nx: boolean; px: number | null }
  | { op: 'get'; key: string }
  | { op: 'del'; key: string }
  | { op: 'cad'; key: string; value: string }
  | { op: 'cax'; key: string; value: string; ttl: number };

export type RedisReply = 'OK' | string | number | null;

/** A key as the node stores it; `ttl` is the last PX given, in milliseconds (null: no expiry). */
export interface StoredKey {
  value: string;
  ttl: number | null;
}

export type Keyspace = Readonly<Record<string, StoredKey>>;

/** What a command does to a key's expiry: arm it for `px` ms from now, or remove it. */
export type ExpiryChange = { key: string; px: number } | { key: string; clear: true } | null;

export interface Outcome {
  keys: Keyspace;
  reply: RedisReply;
  expiry: ExpiryChange;
  /** True when the keyspace changed (what an fsync-always node writes to disk). */
  wrote: boolean;
}

function without(keys: Keyspace, key: string): Keyspace {
  return Object.fromEntries(Object.entries(keys).filter(([k]) => k !== key));
}

/**
 * The meaning of each command, as Redis defines it. Expiry is not a timestamp here: the caller
 * keeps it on its own clock (a timer on the node's local clock in the simulation).
 */
export function execute(keys: Keyspace, cmd: RedisCommand): Outcome {
  const current = Object.hasOwn(keys, cmd.key) ? keys[cmd.key] : undefined;
  switch (cmd.op) {
    case 'set': {
      if (cmd.nx && current) return { keys, reply: null, expiry: null, wrote: false };
      const next = { ...keys, [cmd.key]: { value: cmd.value, ttl: cmd.px } };
      // SET without PX drops any previous expiry.
      const expiry: ExpiryChange =
        cmd.px === null ? { key: cmd.key, clear: true } : { key: cmd.key, px: cmd.px };
      return { keys: next, reply: 'OK', expiry, wrote: true };
    }
    case 'get':
      return { keys, reply: current ? current.value : null, expiry: null, wrote: false };
    case 'del':
      if (!current) return { keys, reply: 0, expiry: null, wrote: false };
      return { keys: without(keys, cmd.key), reply: 1, expiry: { key: cmd.key, clear: true }, wrote: true };
    case 'cad':
      if (!current || current.value !== cmd.value) return { keys, reply: 0, expiry: null, wrote: false };
      return { keys: without(keys, cmd.key), reply: 1, expiry: { key: cmd.key, clear: true }, wrote: true };
    case 'cax': {
      if (!current || current.value !== cmd.value) return { keys, reply: 0, expiry: null, wrote: false };
      const next = { ...keys, [cmd.key]: { value: current.value, ttl: cmd.ttl } };
      return { keys: next, reply: 1, expiry: { key: cmd.key, px: cmd.ttl }, wrote: true };
    }
  }
}

/** "SET lock C1:1 NX PX 10000", as redis-cli would show it. */
export function describeCommand(cmd: RedisCommand): string {
  switch (cmd.op) {
    case 'set':
      return `SET ${cmd.key} ${cmd.value}${cmd.nx ? ' NX' : ''}${cmd.px === null ? '' : ` PX ${cmd.px}`}`;
    case 'get':
      return `GET ${cmd.key}`;
    case 'del':
      return `DEL ${cmd.key}`;
    case 'cad':
      return `EVAL compare-and-delete ${cmd.key} ${cmd.value}`;
    case 'cax':
      return `EVAL compare-and-extend ${cmd.key} ${cmd.value} ${cmd.ttl}`;
  }
}

export function describeReply(reply: RedisReply): string {
  if (reply === null) return '(nil)';
  if (typeof reply === 'number') return `(integer) ${reply}`;
  return reply;
}
