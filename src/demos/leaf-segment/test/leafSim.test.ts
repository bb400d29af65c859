import { describe, expect, it } from 'vitest';
import { advance, buffers, createLeafSim, runwayMs, setDatabase, setRate } from '../leafSim';

describe('the Leaf segment view model', () => {
  it('loads the next segment in the background after 10% of the current one, then switches to it', () => {
    let sim = createLeafSim(10, 1000);
    sim = advance(sim, 1);
    expect(buffers(sim)[0]).toMatchObject({ state: 'in use', first: 1, last: 1000 });
    expect(buffers(sim)[1].state).toBe('empty');
    // 10% of 1,000 IDs is used after 10 ms at 10 a millisecond.
    sim = advance(sim, 10);
    expect(buffers(sim)[1].state).toMatch(/loading|ready/);
    expect(sim.log.some((e) => /Background load/.test(e.text))).toBe(true);
    sim = advance(sim, 100);
    expect(sim.server.current).toBe(1);
    expect(sim.log.some((e) => /switch to the other buffer/.test(e.text))).toBe(true);
    expect(sim.issued).toBe(1110);
  });

  it('doubles the step when segments last under 15 minutes', () => {
    let sim = createLeafSim(50, 1000);
    sim = advance(sim, 200);
    expect(sim.server.step).toBeGreaterThan(1000);
    expect(sim.log.some((e) => /step changes from 1000 to 2000/.test(e.text))).toBe(true);
  });

  it('keeps handing out IDs from memory for the runway it announced once the database goes away, then fails', () => {
    let sim = advance(createLeafSim(20, 1000), 5);
    sim = setDatabase(sim, false);
    const runway = runwayMs(sim);
    expect(runway).toBeGreaterThan(0);
    const issuedBefore = sim.issued;
    sim = advance(sim, runway);
    expect(sim.failed).toBe(0);
    expect(sim.issued - issuedBefore).toBe(runway * 20);
    sim = advance(sim, 30);
    expect(sim.failed).toBeGreaterThan(0);
    expect(sim.lastError).toMatch(/Both segments are empty/);
    expect(sim.outage?.firstFailureAt).toBe(sim.outage && sim.outage.since + runway);
    // Back up: the next call claims a new segment and IDs flow again.
    sim = advance(setDatabase(sim, true), 20);
    expect(sim.outage).toBeNull();
    const failed = sim.failed;
    sim = advance(sim, 5);
    expect(sim.failed).toBe(failed);
  });

  it('clamps the consumption rate to a usable range', () => {
    expect(setRate(createLeafSim(), 0).rate).toBe(1);
    expect(setRate(createLeafSim(), 2.6).rate).toBe(3);
  });
});

describe('the Leaf event log', () => {
  it('folds a failure repeated every millisecond into one line with its span', () => {
    let sim = advance(createLeafSim(50, 1000), 2);
    sim = setDatabase(sim, false);
    sim = advance(sim, 200);
    const failures = sim.log.filter((e) => /get\(\) fails/.test(e.text));
    expect(failures).toHaveLength(1);
    expect(failures[0]?.until).toBe(sim.now - 1);
    expect(failures[0]?.at).toBe(sim.outage?.firstFailureAt);
  });
});
