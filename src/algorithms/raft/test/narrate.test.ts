import { describe, expect, it } from 'vitest';
import type { TraceEntry } from '../../../sim/types';
import { randomScenario } from '../explore';
import { raft } from '../index';

const MS = 1000;

function allEntries(): TraceEntry[] {
  const out: TraceEntry[] = [];
  for (const s of raft.scenarios) {
    const run = raft.createRun(s.scenario);
    run.seekTime(s.until ?? 2000 * MS);
    out.push(...run.entries(0, run.length()));
  }
  for (const seed of [1, 2, 3]) {
    const run = raft.createRun(randomScenario(seed, 'correct', 1500));
    run.seekTime(1500 * MS);
    out.push(...run.entries(0, run.length()));
  }
  return out;
}

describe('narration', () => {
  const entries = allEntries();

  it('covers every kind of event with a sentence of its own', () => {
    const kinds = new Set(entries.map((e) => e.kind));
    expect([...kinds].sort()).toEqual(['action', 'crash', 'deliver', 'drop', 'restart', 'resume', 'timer']);
    for (const e of entries) {
      expect(e.narration.length).toBeGreaterThan(10);
      // The kernel's generic fallback would say "<node> handles <kind>".
      expect(e.narration).not.toMatch(/ handles (deliver|timer|action)$/);
    }
  });

  it('says what happens in the paper’s words', () => {
    const texts = entries.map((e) => e.narration);
    const has = (pattern: RegExp) => expect(texts.some((t) => pattern.test(t))).toBe(true);
    has(/^S\d times out and starts an election for term \d+$/);
    has(/votes for S\d in term \d+$/);
    has(/grants a pre-vote, changing neither its term nor its vote/);
    has(/asks for pre-votes for term \d+; its own term stays \d+/);
    has(/wins the election for term \d+ with \d of \d votes/);
    has(/refuses S\d: it already voted for S\d in term \d+/);
    has(/is more up to date than S\d's/);
    has(/^S\d appends entr(y|ies) [\d–]+ from S\d, leader of term \d+/);
    has(/deletes its conflicting entries from index \d+/);
    has(/commitIndex moves to \d+ and it applies x=/);
    has(/moves nextIndex for S\d back to \d+ and retries/);
    has(/is now on a majority, but S\d may not mark it committed by counting/);
    has(/^S\d crashes\. Stable storage keeps currentTerm \d+/);
    has(/^S\d restarts as a follower from stable storage/);
    has(/^The partition stops S\d's/);
    has(/^The network loses S\d's/);
    has(/is not the leader: the client request .* goes on to S\d/);
    has(/^S\d sends heartbeats to/);
    has(/steps down from leader/);
  });
});
