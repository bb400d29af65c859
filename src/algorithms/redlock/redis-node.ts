/**
 * The simulated Redis node. Two faces of one model:
 *
 * - `answerCommand` and `armExpiries`: what a passive node does with a command inside the
 *   simulation. A key's expiry is a timer on the node's own local clock, so a clock that runs fast
 *   or jumps forward expires keys early, as it does in Redis (which stores absolute expiry times).
 * - `SimulatedRedis`: the same command semantics behind `RedisCommands`, with a manual
 *   millisecond clock, for comparing answers with a real Redis server.
 */
import type { Effect } from '../../sim/spec';
import { execute, type Keyspace, type RedisCommand, type RedisCommands, type SetOptions } from './commands';
import type { CommandMessage, RedisNodeContext, ReplyMessage } from './types';

const MS = 1000;

export function expiryTimer(key: string): string {
  return `expire:${key}`;
}

/** Handle one command: the new context, and the reply, expiry timer and disk write as effects. */
export function answerCommand(
  ctx: RedisNodeContext,
  m: CommandMessage,
): { ctx: RedisNodeContext; effects: Effect[] } {
  const outcome = execute(ctx.keys, m.cmd);
  const effects: Effect[] = [];
  const change = outcome.expiry;
  if (change && 'px' in change)
    effects.push({ type: 'set-timer', name: expiryTimer(change.key), duration: change.px * MS });
  else if (change) effects.push({ type: 'cancel-timer', name: expiryTimer(change.key) });
  const next = outcome.wrote ? { ...ctx, keys: outcome.keys, commands: ctx.commands + 1 } : ctx;
  // With fsync on every write, the change is on disk before the reply leaves.
  if (outcome.wrote && ctx.persistence === 'fsync') effects.push({ type: 'persist' });
  const reply: ReplyMessage = { type: 'Reply', from: ctx.id, cmd: m.cmd, reply: outcome.reply };
  effects.push({ type: 'send', to: m.from, message: reply });
  return { ctx: next, effects };
}

/** A key's expiry timer fired on the node's clock: the key is gone. */
export function expireKey(ctx: RedisNodeContext, key: string): RedisNodeContext {
  if (!Object.hasOwn(ctx.keys, key)) return ctx;
  return { ...ctx, keys: Object.fromEntries(Object.entries(ctx.keys).filter(([k]) => k !== key)) };
}

/**
 * Keys read back from disk get their expiry timers again. The disk keeps the TTL, not the moment
 * it was set, so a restored key lives its full TTL again from the restart: longer than in Redis
 * (which stores absolute times), never shorter, so the model errs on the safe side.
 */
export function armExpiries(ctx: RedisNodeContext): Effect[] {
  const effects: Effect[] = [];
  for (const [key, stored] of Object.entries(ctx.keys)) {
    if (stored.ttl !== null)
      effects.push({ type: 'set-timer', name: expiryTimer(key), duration: stored.ttl * MS });
  }
  return effects;
}

/** The command semantics of the simulated node over a manual clock, in milliseconds. */
export class SimulatedRedis implements RedisCommands {
  private keys: Keyspace = {};
  private readonly expiresAt = new Map<string, number>();
  private now = 0;

  /** Move this node's clock forwards; keys whose time has come expire. */
  advance(ms: number): void {
    this.now += ms;
    this.sweep();
  }

  private sweep(): void {
    for (const [key, at] of [...this.expiresAt]) {
      if (at <= this.now) {
        this.expiresAt.delete(key);
        this.keys = Object.fromEntries(Object.entries(this.keys).filter(([k]) => k !== key));
      }
    }
  }

  private run(cmd: RedisCommand) {
    this.sweep();
    const outcome = execute(this.keys, cmd);
    this.keys = outcome.keys;
    const change = outcome.expiry;
    if (change && 'px' in change) this.expiresAt.set(change.key, this.now + change.px);
    else if (change) this.expiresAt.delete(change.key);
    return outcome.reply;
  }

  set(key: string, value: string, options: SetOptions = {}): Promise<'OK' | null> {
    const reply = this.run({ op: 'set', key, value, nx: options.nx ?? false, px: options.px ?? null });
    return Promise.resolve(reply === 'OK' ? 'OK' : null);
  }

  get(key: string): Promise<string | null> {
    const reply = this.run({ op: 'get', key });
    return Promise.resolve(typeof reply === 'string' ? reply : null);
  }

  del(key: string): Promise<number> {
    return Promise.resolve(Number(this.run({ op: 'del', key })));
  }

  evalCompareAndDelete(key: string, value: string): Promise<number> {
    return Promise.resolve(Number(this.run({ op: 'cad', key, value })));
  }

  evalCompareAndExtend(key: string, value: string, ttl: number): Promise<number> {
    return Promise.resolve(Number(this.run({ op: 'cax', key, value, ttl })));
  }
}
