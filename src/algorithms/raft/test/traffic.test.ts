import { describe, expect, it } from 'vitest';
import type { Scenario, TimedAction } from '../../../sim/types';
import raft from '..';

const MS = 1000;

/** A healthy cluster on a slow network under a steady stream of client writes. */
function steadyLoad(nodes: number, heartbeatMs: number, clientEveryMs: number): Scenario {
  const actions: TimedAction[] = [];
  for (let at = 600 * MS; at < 10_000 * MS; at += clientEveryMs * MS) {
    actions.push({ at, action: { type: 'client', payload: { key: 'k', value: String(at) } } });
  }
  return {
    version: 1,
    algorithm: 'raft',
    params: {
      nodes,
      heartbeatInterval: heartbeatMs,
      latencyMin: 100,
      latencyMax: 150,
      electionTimeoutMin: 400,
      electionTimeoutMax: 800,
    },
    seed: 11,
    actions,
  };
}

describe('replication traffic', () => {
  it('stays bounded while clients keep writing: replies do not spawn endless chains', () => {
    const run = raft.createRun(steadyLoad(9, 20, 100));
    const inFlight = (ms: number) => {
      run.seekTime(ms * MS);
      return run.view().messages.length;
    };
    // Per follower, at most one AppendEntries per heartbeat and per client write can be on the
    // wire during one latency, each with its reply.
    const followers = 8;
    const bound = 2 * followers * (Math.ceil(150 / 20) + Math.ceil(150 / 100) + 1);
    const early = inFlight(3000);
    const late = inFlight(9000);
    expect(early).toBeGreaterThan(0);
    expect(late).toBeLessThanOrEqual(bound);
    expect(late).toBeLessThanOrEqual(early * 1.2);
  });

  it('still sends the next batch at once to a follower that is far behind', () => {
    const actions: TimedAction[] = [];
    for (let at = 600 * MS; at < 4000 * MS; at += 10 * MS) {
      actions.push({ at, action: { type: 'client', payload: { key: 'k', value: String(at) } } });
    }
    // S3 is cut off while some 150 entries are written; PreVote keeps it from deposing the leader.
    actions.push(
      { at: 1000 * MS, action: { type: 'partition', groups: [['S1', 'S2'], ['S3']] } },
      { at: 2500 * MS, action: { type: 'heal' } },
    );
    actions.sort((a, b) => a.at - b.at);
    const run = raft.createRun({
      version: 1,
      algorithm: 'raft',
      params: { nodes: 3, preVote: true },
      seed: 11,
      actions,
    });
    const logLength = (id: string) => run.nodes().find((n) => n.id === id)?.context.log.length ?? 0;
    run.seekTime(2500 * MS);
    expect(logLength('S1') - logLength('S3')).toBeGreaterThan(140);
    // One batch of 16 per 50 ms heartbeat, against 100 new entries a second, would need about
    // 700 ms; sending the next batch as each full one is acknowledged takes well under half that.
    run.seekTime(2850 * MS);
    expect(run.nodes().find((n) => n.id === 'S1')?.role).toBe('leader');
    expect(logLength('S3')).toBeGreaterThanOrEqual(logLength('S1') - 5);
  });
});
