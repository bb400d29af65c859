import { describe, expect, it } from 'vitest';
import paxos from '../../../algorithms/paxos';
import { scenarios } from '../../../algorithms/paxos/scenarios';
import { paxosPlugin } from '..';
import { storiesAt } from '../state';

const plain = scenarios.find((s) => s.id === 'plain-round')?.scenario;

describe('the observer at the cursor', () => {
  it('has A chosen with no learner, then learners one by one', () => {
    if (!plain) throw new Error('no plain round');
    const run = paxos.createRun(plain);
    run.seekTime(120_000);
    const log = run.logs.chosen;
    const chosenAt = log.chosen[0]?.index ?? -1;
    expect(storiesAt(log, chosenAt - 1)).toEqual([]);
    const [story] = storiesAt(log, chosenAt);
    expect(story?.chosen.value.v).toBe('A');
    expect(story?.learned).toEqual([]);
    expect(storiesAt(log, run.length())[0]?.learned).toHaveLength(5);
  });

  it('a node reads its promise and what it knows', () => {
    if (!plain) throw new Error('no plain round');
    const run = paxos.createRun(plain);
    run.seekTime(120_000);
    const s1 = run.view().nodes[0];
    if (!s1) throw new Error('no S1');
    const summary = paxosPlugin.describeNode(s1);
    expect(summary.role).toBe('acceptor');
    expect(summary.facts).toEqual(['prom 1.S1', 'knows A']);
  });
});
