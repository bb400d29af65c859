/** A run that reaches its event budget stops and says so, rather than letting the clock run on. */
import { describe, expect, it } from 'vitest';
import raft from '../../../algorithms/raft';
import type { AlgorithmModule } from '../../../sim/module';
import { createPlayerStore } from '../../../stores/player';

describe('the event budget', () => {
  it('stops playback at the budget with a notice, and Play stays off', () => {
    const small: AlgorithmModule = {
      ...(raft as AlgorithmModule),
      createRun: (scenario, options) => raft.createRun(scenario, { ...options, maxEvents: 40 }),
    };
    const store = createPlayerStore(small);
    store.getState().setSpeed(1);
    store.getState().play();
    for (let i = 0; i < 200 && store.getState().playing; i++) store.getState().tick(50);
    const state = store.getState();
    expect(state.playing).toBe(false);
    expect(state.budgetSpent).toBe(true);
    expect(state.cursor).toBe(39);
    expect(state.time).toBe(state.run.time());
    expect(state.notice?.summary).toMatch(/limit of 40 events/);
    store.getState().play();
    expect(store.getState().playing).toBe(false);
  });
});
