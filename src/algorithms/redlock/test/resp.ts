/**
 * A minimal RESP2 client over node:net, for tests against a real Redis only: the page never
 * imports it. It pipelines commands on one connection and answers them in order.
 */
import { connect, type Socket } from 'node:net';
import {
  COMPARE_AND_DELETE_SCRIPT,
  COMPARE_AND_EXTEND_SCRIPT,
  type RedisCommands,
  type SetOptions,
} from '../commands';

export class RespError extends Error {}

export type RespValue = string | number | null | RespError | RespValue[];

/** A command as Redis reads it: an array of bulk strings. */
export function encodeCommand(args: readonly (string | number)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = Buffer.from(String(arg), 'utf8');
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

/** Parses one reply starting at `offset`; null when the buffer does not hold all of it yet. */
export function parseReply(buf: Buffer, offset = 0): { value: RespValue; next: number } | null {
  const lineEnd = buf.indexOf('\r\n', offset);
  if (lineEnd < 0) return null;
  const kind = String.fromCharCode(buf[offset] as number);
  const line = buf.toString('utf8', offset + 1, lineEnd);
  const after = lineEnd + 2;
  switch (kind) {
    case '+':
      return { value: line, next: after };
    case '-':
      return { value: new RespError(line), next: after };
    case ':':
      return { value: Number(line), next: after };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, next: after };
      if (buf.length < after + length + 2) return null;
      return { value: buf.toString('utf8', after, after + length), next: after + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, next: after };
      const items: RespValue[] = [];
      let next = after;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buf, next);
        if (!item) return null;
        items.push(item.value);
        next = item.next;
      }
      return { value: items, next };
    }
    default:
      throw new Error(`RESP: unexpected reply type ${JSON.stringify(kind)}`);
  }
}

interface Pending {
  resolve(value: RespValue): void;
  reject(error: Error): void;
}

export class RespClient implements RedisCommands {
  private buffer: Buffer = Buffer.alloc(0);
  private readonly pending: Pending[] = [];

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error) => this.failAll(error));
    socket.on('close', () => this.failAll(new Error('RESP: connection closed')));
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host });
      socket.once('connect', () => {
        socket.removeListener('error', reject);
        resolve(new RespClient(socket));
      });
      socket.once('error', reject);
    });
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    let offset = 0;
    for (;;) {
      const parsed = parseReply(this.buffer, offset);
      if (!parsed) break;
      offset = parsed.next;
      const waiter = this.pending.shift();
      if (!waiter) continue;
      if (parsed.value instanceof RespError) waiter.reject(parsed.value);
      else waiter.resolve(parsed.value);
    }
    this.buffer = this.buffer.subarray(offset);
  }

  private failAll(error: Error): void {
    for (const waiter of this.pending.splice(0)) waiter.reject(error);
  }

  call(...args: (string | number)[]): Promise<RespValue> {
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.socket.write(encodeCommand(args));
    });
  }

  async set(key: string, value: string, options: SetOptions = {}): Promise<'OK' | null> {
    const args: (string | number)[] = ['SET', key, value];
    if (options.nx) args.push('NX');
    if (options.px !== undefined) args.push('PX', options.px);
    const reply = await this.call(...args);
    return reply === 'OK' ? 'OK' : null;
  }

  async get(key: string): Promise<string | null> {
    const reply = await this.call('GET', key);
    return typeof reply === 'string' ? reply : null;
  }

  async del(key: string): Promise<number> {
    return Number(await this.call('DEL', key));
  }

  async evalCompareAndDelete(key: string, value: string): Promise<number> {
    return Number(await this.call('EVAL', COMPARE_AND_DELETE_SCRIPT, 1, key, value));
  }

  async evalCompareAndExtend(key: string, value: string, ttl: number): Promise<number> {
    return Number(await this.call('EVAL', COMPARE_AND_EXTEND_SCRIPT, 1, key, value, ttl));
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.end();
    });
  }
}
