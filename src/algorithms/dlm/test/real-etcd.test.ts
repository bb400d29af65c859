/**
 * The simulated etcd against a real one. A throwaway etcd on loopback and the simulated store get
 * the same requests in the same order (leases, transactions comparing revisions, deletes, a
 * prefix watch, lease expiry); their answers must match, revisions included. Lease IDs differ by
 * design (etcd draws them) and are compared by the order they were granted in. Skipped, saying
 * so, when the etcd binary is absent; CI installs it.
 */
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyTxn,
  emptyStore,
  endLease,
  grantLease,
  keepAlive,
  range,
  type EtcdStore,
  type KeyValue,
  type Txn,
  type TxnResult,
  type WatchEvent,
} from '../etcd';
import { ETCD_HINT, etcdVersion, startEtcd, stopEtcd, type EtcdServer } from './etcd-server';

const version = etcdVersion();
if (!version) console.warn(ETCD_HINT);

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** What both sides answer, with lease IDs as the order of their grant. */
type Kv = Omit<KeyValue, 'lease'> & { lease: number };
type Answer = TxnResult extends infer R
  ? R extends { ok: true }
    ? Omit<R, 'events' | 'ranges'> & { ranges: Kv[][] }
    : R
  : never;

interface Side {
  grant(ttl: number): Promise<{ lease: number; ttl: number }>;
  keepAlive(lease: number): Promise<number>;
  revoke(lease: number): Promise<void>;
  txn(t: Txn): Promise<Answer>;
  range(prefix: string): Promise<Kv[]>;
  /** Lets `ms` pass; leases past their TTL end. */
  wait(ms: number): Promise<void>;
  /** Watch events on the prefix seen so far. */
  events(): WatchEvent[];
}

/** The simulated store with a virtual clock; a lease ends once its TTL has passed without a keep-alive. */
function simulated(prefix: string): Side {
  let store: EtcdStore = emptyStore();
  let now = 0;
  const deadlines = new Map<number, number>();
  const seen: WatchEvent[] = [];
  const watch = (events: WatchEvent[]) => seen.push(...events.filter((e) => e.key.startsWith(prefix)));
  return {
    async grant(ttl) {
      const g = grantLease(store, ttl);
      store = g.store;
      deadlines.set(g.lease.id, now + g.lease.ttl * 1000);
      return { lease: g.lease.id, ttl: g.lease.ttl };
    },
    async keepAlive(lease) {
      const ttl = keepAlive(store, lease);
      if (ttl > 0) deadlines.set(lease, now + ttl * 1000);
      return ttl;
    },
    async revoke(lease) {
      const r = endLease(store, lease);
      store = r.store;
      deadlines.delete(lease);
      watch(r.events);
    },
    async txn(t) {
      const r = applyTxn(store, t);
      store = r.store;
      if (!r.result.ok) return r.result;
      watch(r.result.events);
      const { events: _e, ...rest } = r.result;
      return rest;
    },
    async range(p) {
      return range(store, p, true);
    },
    async wait(ms) {
      now += ms;
      for (const [id, at] of [...deadlines].sort((a, b) => a[1] - b[1])) {
        if (at > now) continue;
        const r = endLease(store, id);
        store = r.store;
        deadlines.delete(id);
        watch(r.events);
      }
    },
    events: () => seen,
  };
}

function real(client: Etcd3, prefix: string): Side & { close(): Promise<void> } {
  const ids: string[] = [];
  const idOf = (raw: string | number | undefined | null) => {
    const s = String(raw ?? '0');
    if (s === '0') return 0;
    const i = ids.indexOf(s);
    return i < 0 ? -1 : i + 1;
  };
  const rawOf = (lease: number) => ids[lease - 1] ?? String(9_999_999 + lease);
  const kvOf = (kv: {
    key: Buffer;
    value: Buffer;
    create_revision: string;
    mod_revision: string;
    version: string;
    lease: string;
  }): Kv => ({
    key: kv.key.toString(),
    value: kv.value.toString(),
    createRevision: Number(kv.create_revision),
    modRevision: Number(kv.mod_revision),
    version: Number(kv.version),
    lease: idOf(kv.lease),
  });
  const seen: WatchEvent[] = [];
  const watcher = client
    .watch()
    .prefix(prefix)
    .create()
    .then((w) => {
      w.on('put', (kv) =>
        seen.push({
          type: 'put',
          key: kv.key.toString(),
          modRevision: Number(kv.mod_revision),
          value: kv.value.toString(),
        }),
      );
      w.on('delete', (kv) =>
        seen.push({
          type: 'delete',
          key: kv.key.toString(),
          modRevision: Number(kv.mod_revision),
          value: '',
        }),
      );
      return w;
    });
  const op = (o: Txn['success'][number]) => {
    if (o.type === 'put')
      return {
        request_put: {
          key: Buffer.from(o.key),
          value: Buffer.from(o.value),
          lease: o.lease ? rawOf(o.lease) : '0',
        },
      };
    if (o.type === 'delete') return { request_delete_range: { key: Buffer.from(o.key) } };
    const key = Buffer.from(o.key);
    const end = Buffer.from(o.key);
    end[end.length - 1] = (end[end.length - 1] ?? 0) + 1;
    return { request_range: o.prefix ? { key, range_end: end } : { key } };
  };
  const targets = { create: 'Create', mod: 'Mod', version: 'Version', value: 'Value' } as const;
  const results = { equal: 'Equal', 'not-equal': 'NotEqual', greater: 'Greater', less: 'Less' } as const;
  const field = {
    create: 'create_revision',
    mod: 'mod_revision',
    version: 'version',
    value: 'value',
  } as const;
  return {
    async grant(ttl) {
      const r = await client.leaseClient.leaseGrant({ TTL: ttl });
      ids.push(String(r.ID));
      return { lease: ids.length, ttl: Number(r.TTL) };
    },
    async keepAlive(lease) {
      const stream = await client.leaseClient.leaseKeepAlive();
      const ttl = await new Promise<number>((resolve, reject) => {
        stream.on('data', (res: { TTL: string }) => resolve(Number(res.TTL)));
        stream.on('error', reject);
        stream.write({ ID: rawOf(lease) });
      });
      stream.end();
      return ttl;
    },
    async revoke(lease) {
      await client.leaseClient.leaseRevoke({ ID: rawOf(lease) });
    },
    async txn(t) {
      try {
        const r = await client.kv.txn({
          compare: t.compare.map((c) => ({
            key: Buffer.from(c.key),
            target: targets[c.target],
            result: results[c.result],
            [field[c.target]]: c.target === 'value' ? Buffer.from(String(c.value)) : c.value,
          })),
          success: t.success.map(op),
          failure: t.failure.map(op),
        });
        const ranges = (r.responses ?? [])
          .filter((x) => x.response_range)
          .map((x) => (x.response_range?.kvs ?? []).map((kv) => kvOf(kv as never)));
        return { ok: true, succeeded: Boolean(r.succeeded), revision: Number(r.header?.revision), ranges };
      } catch (error) {
        if (/requested lease not found/.test(String((error as Error).message)))
          return { ok: false, error: 'lease not found' };
        throw error;
      }
    },
    async range(p) {
      const key = Buffer.from(p);
      const end = Buffer.from(p);
      end[end.length - 1] = (end[end.length - 1] ?? 0) + 1;
      const r = await client.kv.range({ key, range_end: end });
      return (r.kvs ?? []).map((kv) => kvOf(kv as never));
    },
    wait: sleep,
    events: () => seen,
    async close() {
      await (await watcher).cancel();
    },
  };
}

type Step = (s: Side) => Promise<unknown>;
const put = (key: string, value: string, lease?: number): Txn['success'][number] =>
  lease === undefined ? { type: 'put', key, value } : { type: 'put', key, value, lease };

/** Each case runs on both sides in turn; the sides' stores carry on from case to case. */
const cases: { name: string; steps: Step[] }[] = [
  {
    name: 'create-if-absent, twice: the second compare fails and the revision stays',
    steps: [
      (s) =>
        s.txn({
          compare: [{ key: '/t/a', target: 'create', result: 'equal', value: 0 }],
          success: [put('/t/a', 'one')],
          failure: [],
        }),
      (s) =>
        s.txn({
          compare: [{ key: '/t/a', target: 'create', result: 'equal', value: 0 }],
          success: [put('/t/a', 'two')],
          failure: [{ type: 'range', key: '/t/a' }],
        }),
      (s) => s.range('/t/'),
    ],
  },
  {
    name: 'a grant under a lease, then a write fenced by the grant’s revision, then a stale one',
    steps: [
      (s) => s.grant(5),
      (s) =>
        s.txn({
          compare: [{ key: '/dlm/R/C1/1', target: 'create', result: 'equal', value: 0 }],
          success: [put('/dlm/R/C1/1', 'granted EX', 1)],
          failure: [],
        }),
      (s) =>
        s.txn({
          compare: [{ key: '/dlm/R/C1/1', target: 'mod', result: 'equal', value: 3 }],
          success: [put('/data/R', 'C1')],
          failure: [],
        }),
      (s) =>
        s.txn({
          compare: [{ key: '/dlm/R/C1/1', target: 'create', result: 'equal', value: 3 }],
          success: [put('/dlm/R/C1/1', 'granted PR', 1)],
          failure: [],
        }),
      (s) =>
        s.txn({
          compare: [{ key: '/dlm/R/C1/1', target: 'mod', result: 'equal', value: 3 }],
          success: [put('/data/R', 'stale')],
          failure: [],
        }),
      (s) => s.range('/dlm/'),
      // The manager's repeated grant: its own value is already there, so it reads the key back.
      (s) =>
        s.txn({
          compare: [
            { key: '/dlm/R/C1/1', target: 'create', result: 'equal', value: 3 },
            { key: '/dlm/R/C1/1', target: 'value', result: 'not-equal', value: 'granted PR' },
          ],
          success: [put('/dlm/R/C1/1', 'granted PR', 1)],
          failure: [{ type: 'range', key: '/dlm/R/C1/1' }],
        }),
      // Revoked here, so no later expiry races this one on the wall clock.
      (s) => s.revoke(1),
      (s) => s.range('/dlm/'),
    ],
  },
  {
    name: 'a put under an unknown lease is refused whole',
    steps: [
      (s) => s.txn({ compare: [], success: [put('/t/b', 'x', 42), put('/t/c', 'y')], failure: [] }),
      (s) => s.range('/t/'),
    ],
  },
  {
    name: 'deleting a missing key changes nothing; deleting a present one bumps the revision',
    steps: [
      (s) => s.txn({ compare: [], success: [{ type: 'delete', key: '/t/none' }], failure: [] }),
      (s) => s.txn({ compare: [], success: [{ type: 'delete', key: '/t/a' }], failure: [] }),
      (s) =>
        s.txn({
          compare: [{ key: '/t/a', target: 'version', result: 'equal', value: 0 }],
          success: [put('/t/a', 'again')],
          failure: [],
        }),
      (s) => s.range('/t/'),
    ],
  },
  {
    name: 'a lease shorter than etcd’s minimum gets the minimum; revoking it deletes its keys in one revision',
    steps: [
      (s) => s.grant(1),
      (s) =>
        s.txn({
          compare: [],
          success: [put('/dlm/R/C2/1', 'waiting PR', 2), put('/dlm/R/C3/1', 'waiting CR', 2)],
          failure: [],
        }),
      (s) => s.revoke(2),
      (s) => s.range('/dlm/'),
      (s) => s.keepAlive(2),
    ],
  },
  {
    name: 'keep-alives hold a lease past its TTL; without them it ends and takes its keys',
    steps: [
      (s) => s.grant(2),
      (s) => s.grant(2),
      (s) => s.txn({ compare: [], success: [put('/dlm/R/C4/1', 'granted PR', 3)], failure: [] }),
      (s) => s.txn({ compare: [], success: [put('/dlm/R/C5/1', 'granted PR', 4)], failure: [] }),
      (s) => s.wait(900),
      (s) => s.keepAlive(3),
      (s) => s.wait(900),
      (s) => s.keepAlive(3),
      (s) => s.wait(900),
      (s) => s.keepAlive(3),
      (s) => s.range('/dlm/R/'),
      (s) => s.wait(3200),
      (s) => s.range('/dlm/R/'),
      (s) => s.keepAlive(4),
    ],
  },
];

describe.skipIf(!version)(`the simulated etcd against ${version ?? 'a real etcd'}`, () => {
  let server: EtcdServer;
  let client: Etcd3;
  let realSide: ReturnType<typeof real>;
  const sim = simulated('/dlm/');

  beforeAll(async () => {
    server = await startEtcd();
    client = new Etcd3({ hosts: server.endpoint });
    for (let i = 0; ; i++) {
      try {
        await client.get('/ready');
        break;
      } catch (error) {
        if (i > 100) throw error;
        await sleep(100);
      }
    }
    realSide = real(client, '/dlm/');
    await sleep(200);
  }, 20_000);

  afterAll(async () => {
    await realSide?.close();
    client?.close();
    if (server) await stopEtcd(server);
  });

  for (const c of cases) {
    it(
      c.name,
      async () => {
        const got: unknown[] = [];
        const want: unknown[] = [];
        for (const step of c.steps) got.push(await step(realSide));
        for (const step of c.steps) want.push(await step(sim));
        expect(got).toEqual(want);
      },
      30_000,
    );
  }

  it('a prefix watch reports the same changes at the same revisions', async () => {
    await sleep(300);
    expect(realSide.events()).toEqual(sim.events());
    expect(sim.events().some((e) => e.type === 'delete')).toBe(true);
  });
});
