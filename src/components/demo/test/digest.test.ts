import { describe, expect, it, vi } from 'vitest';
import { raft } from '../../../algorithms/raft';
import { randomScenario } from '../../../algorithms/raft/explore';
import { traceDigest } from '../../../sim/digest';
import type { Run } from '../../../sim/types';
import { digestInSlices, runDigest } from '../digest';

/** The digest worked out from scratch, over the whole trace. */
const fresh = (run: Run) => traceDigest(run.entries(0, run.cursor() + 1), run.view().nodes);

const sliced = (run: Run) =>
  new Promise<string>((resolve) => {
    digestInSlices(run, resolve);
    void vi.runAllTimersAsync();
  });

describe('the page digest', () => {
  it('resumes from kept prefixes and stays the digest of the whole trace, across moves and forks', async () => {
    vi.useFakeTimers();
    try {
      const run = raft.createRun(randomScenario(4, 'correct', 4000));
      run.seekTime(2500_000);
      expect(runDigest(run)).toBe(fresh(run));
      run.seekTime(4000_000); // more events: only the new ones are hashed
      expect(await sliced(run)).toBe(fresh(run));
      run.seek(1500); // back, before kept prefixes that stay good for later
      expect(runDigest(run)).toBe(fresh(run));
      run.act({ type: 'crash', node: 'S1' }); // a fork: prefixes after it describe a lost timeline
      run.seekTime(4000_000);
      expect(await sliced(run)).toBe(fresh(run));
      expect(runDigest(run)).toBe(fresh(run));
      run.seek(-1);
      expect(runDigest(run)).toBe(fresh(run));
    } finally {
      vi.useRealTimers();
    }
  });
});
