/** Starts throwaway redis-server processes on free loopback ports, each in its own temp dir. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RespClient } from './resp';

export const INSTALL_HINT =
  'redis-server is not installed. Install it with `apt-get install -y redis-server` (Debian/Ubuntu) or `brew install redis` (macOS); CI installs it in .ci/run.';

export interface RedisServer {
  port: number;
  process: ChildProcess;
  dir: string;
}

/** Throws with the install hint when redis-server is missing: the tests must not skip silently. */
export function requireRedisServer(): string {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new Error(INSTALL_HINT);
  return probe.stdout.trim();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPing(port: number, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    try {
      const client = await RespClient.connect(port);
      const pong = await client.call('PING');
      await client.close();
      if (pong === 'PONG') return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until)
      throw new Error(`redis-server on port ${port} did not answer PING in ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function startRedisServers(count: number): Promise<RedisServer[]> {
  requireRedisServer();
  const servers: RedisServer[] = [];
  for (let i = 0; i < count; i++) {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'redlock-redis-'));
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
    ];
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    servers.push({ port, process: child, dir });
  }
  try {
    await Promise.all(servers.map((s) => waitForPing(s.port, 5000)));
  } catch (error) {
    await stopRedisServers(servers);
    throw error;
  }
  return servers;
}

export async function stopRedisServers(servers: readonly RedisServer[]): Promise<void> {
  await Promise.all(
    servers.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (s.process.exitCode !== null || s.process.signalCode !== null) return resolve();
          s.process.once('exit', () => resolve());
          s.process.kill('SIGTERM');
        }),
    ),
  );
  for (const s of servers) rmSync(s.dir, { recursive: true, force: true });
}
