/** Starts a throwaway etcd on free loopback ports with a temp data dir, and stops it. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ETCD_HINT =
  'etcd is not installed: the conformance tests against a real etcd are skipped. Install it with `apt-get install -y etcd-server` (Debian/Ubuntu); CI installs it in .ci/run.';

export interface EtcdServer {
  endpoint: string;
  process: ChildProcess;
  dir: string;
}

/** The etcd binary's version line, or null when there is none. */
export function etcdVersion(): string | null {
  const probe = spawnSync('etcd', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return null;
  return probe.stdout.split('\n')[0]?.trim() ?? null;
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

export async function startEtcd(): Promise<EtcdServer> {
  const client = await freePort();
  const peer = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'dlm-etcd-'));
  const endpoint = `http://127.0.0.1:${client}`;
  const peerUrl = `http://127.0.0.1:${peer}`;
  const child = spawn(
    'etcd',
    [
      '--name',
      'dlm-test',
      '--data-dir',
      dir,
      '--listen-client-urls',
      endpoint,
      '--advertise-client-urls',
      endpoint,
      '--listen-peer-urls',
      peerUrl,
      '--initial-advertise-peer-urls',
      peerUrl,
      '--initial-cluster',
      `dlm-test=${peerUrl}`,
      '--log-level',
      'error',
    ],
    { stdio: 'ignore' },
  );
  return { endpoint, process: child, dir };
}

export async function stopEtcd(server: EtcdServer): Promise<void> {
  await new Promise<void>((resolve) => {
    const p = server.process;
    if (p.exitCode !== null || p.signalCode !== null) return resolve();
    p.once('exit', () => resolve());
    p.kill('SIGTERM');
  });
  rmSync(server.dir, { recursive: true, force: true });
}
