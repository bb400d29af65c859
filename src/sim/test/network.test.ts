import { describe, expect, it } from 'vitest';
import type { TraceEntry } from '../types';
import { type EchoContext, echoRun, finish, ping } from './fixture';

const handled = (run: ReturnType<typeof echoRun>, node: string) =>
  (run.view().nodes.find((n) => n.id === node)?.state as EchoContext).handled;

const kinds = (entries: TraceEntry[]) => entries.map((e) => `${e.kind}:${e.node ?? ''}`);

describe('network', () => {
  it('delivers a message after a latency drawn in [min, max)', () => {
    const run = finish(echoRun([ping(0, 'N1', 'N2')], { latencyMin: 1000, latencyMax: 2000 }));
    const deliveries = run.entries(0, run.length()).filter((e) => e.kind === 'deliver');
    expect(deliveries.map((e) => e.message?.kind)).toEqual(['Ping', 'Pong']);
    for (const d of deliveries) {
      const latency = (d.message?.deliverAt ?? 0) - (d.message?.sentAt ?? 0);
      expect(latency).toBeGreaterThanOrEqual(1000);
      expect(latency).toBeLessThan(2000);
    }
    expect(handled(run, 'N2')).toEqual(['ping:N1:0']);
    expect(handled(run, 'N1')).toEqual(['pong:N2:0']);
  });

  it('loses every message at loss rate 1, with a drop entry for each', () => {
    const run = finish(echoRun([ping(0, 'N1', 'N2')], { loss: 1 }));
    expect(kinds(run.entries(0, run.length()))).toEqual(['action:N1', 'drop:N2']);
    expect(handled(run, 'N2')).toEqual([]);
  });

  it('delivers twice at duplication rate 1', () => {
    const run = finish(echoRun([ping(0, 'N1', 'N2')], { duplication: 1 }));
    expect(handled(run, 'N2')).toEqual(['ping:N1:0', 'ping:N1:0']);
    // Each of the two pings is answered twice as well.
    expect(handled(run, 'N1')).toHaveLength(4);
  });

  it('applies loss and duplication rates statistically', () => {
    const actions = Array.from({ length: 400 }, (_, i) => ping(i * 10, 'N1', 'N2', i));
    const lossy = finish(echoRun(actions, { loss: 0.25 }, 3));
    const got = handled(lossy, 'N2').length;
    expect(got).toBeGreaterThan(400 * 0.75 - 40);
    expect(got).toBeLessThan(400 * 0.75 + 40);
    const dup = finish(echoRun(actions, { duplication: 0.25 }, 3));
    const copies = handled(dup, 'N2').length;
    expect(copies).toBeGreaterThan(400 * 1.25 - 40);
    expect(copies).toBeLessThan(400 * 1.25 + 40);
  });

  it('cuts links between partition groups and restores them on heal', () => {
    const run = finish(
      echoRun([
        { at: 0, action: { type: 'partition', groups: [['N1'], ['N2', 'N3']] } },
        ping(10, 'N1', 'N2', 1),
        ping(10, 'N2', 'N3', 2),
        { at: 100_000, action: { type: 'heal' } },
        ping(100_010, 'N1', 'N2', 3),
      ]),
    );
    expect(handled(run, 'N2')).toEqual(['pong:N3:2', 'ping:N1:3']);
    expect(handled(run, 'N3')).toEqual(['ping:N2:2']);
    const drops = run.entries(0, run.length()).filter((e) => e.kind === 'drop');
    expect(drops).toHaveLength(1);
    expect(drops[0]?.message?.from).toBe('N1');
  });

  it('keeps nodes named in no group together', () => {
    const run = finish(
      echoRun([
        { at: 0, action: { type: 'partition', groups: [['N1']] } },
        ping(10, 'N2', 'N3'),
        ping(10, 'N1', 'N3'),
      ]),
    );
    expect(handled(run, 'N3')).toEqual(['ping:N2:0']);
  });

  it('drops a message in flight by id, and duplicates another', () => {
    const run = echoRun([ping(0, 'N1', 'N2', 1), ping(0, 'N1', 'N3', 2)]);
    run.step();
    run.step();
    const [toN2, toN3] = run.view().messages;
    expect(toN2?.to).toBe('N2');
    run.act({ type: 'drop', message: toN2?.id ?? -1 });
    run.act({ type: 'duplicate', message: toN3?.id ?? -1 });
    finish(run);
    expect(handled(run, 'N2')).toEqual([]);
    expect(handled(run, 'N3')).toEqual(['ping:N1:2', 'ping:N1:2']);
  });

  it('uses a per-link latency over the network-wide range', () => {
    const run = finish(
      echoRun([
        { at: 0, action: { type: 'set-link-latency', from: 'N1', to: 'N2', min: 50_000, max: 50_001 } },
        ping(0, 'N1', 'N2'),
      ]),
    );
    const [pingEntry, pongEntry] = run.entries(0, run.length()).filter((e) => e.kind === 'deliver');
    expect(pingEntry?.time).toBe(50_000);
    // The way back keeps the default range.
    expect((pongEntry?.time ?? 0) - 50_000).toBeLessThan(2000);
  });

  it('changes the network-wide latency with set-latency', () => {
    const run = finish(
      echoRun([{ at: 0, action: { type: 'set-latency', min: 7000, max: 7001 } }, ping(0, 'N1', 'N2')]),
    );
    expect(run.entries(0, run.length()).find((e) => e.kind === 'deliver')?.time).toBe(7000);
  });

  it('loses a message that reaches a crashed node', () => {
    const run = finish(echoRun([ping(0, 'N1', 'N2'), { at: 500, action: { type: 'crash', node: 'N2' } }]));
    const last = run.entries(0, run.length()).at(-1);
    expect(last?.kind).toBe('drop');
    expect(last?.narration).toMatch(/down/);
  });
});
