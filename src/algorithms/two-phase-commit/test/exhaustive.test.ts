import { describe, expect, it } from 'vitest';
import { explore, exploreSteps, type ExploreResult } from '../exhaustive';

const base = explore();
// Without the termination protocol, so a blocked state is one where nothing more can happen.
const crash = explore({ crashCoordinator: true, terminationProtocol: false });
const crashAndAsk = explore({ crashCoordinator: true, terminationProtocol: true });

describe('exhaustive exploration: C and 3 participants, no loss', () => {
  it('visits every reachable state once and finishes', () => {
    expect(base.done).toBe(true);
    expect(base.frontier).toBe(0);
    expect(base.explored).toBe(base.states);
    // TwoPhase alone has 288 states; messages and acknowledgements per participant make many more.
    expect(base.states).toBeGreaterThan(288);
  });

  it('gives the same count on every run', () => {
    expect(explore().states).toBe(base.states);
  });

  it('finds atomicity and validity in every state of the correct protocol', () => {
    for (const result of [base, crash, crashAndAsk]) {
      expect(result.atomicityHolds).toBe(true);
      expect(result.validityHolds).toBe(true);
      expect(result.violations).toEqual([]);
    }
  });

  it('ends in commit or in abort, never blocked, when nothing crashes', () => {
    expect(base.blocked).toBe(0);
    expect(base.allCommitted).toBeGreaterThan(0);
    expect(base.allAborted).toBeGreaterThan(0);
    expect(base.allCommitted + base.allAborted).toBe(base.terminal);
  });

  it('finds blocked states when C may crash: participants prepared forever', () => {
    expect(crash.blocked).toBeGreaterThan(0);
    const example = crash.blockedExamples[0];
    expect(example?.summary).toMatch(/^C down/);
    expect(example?.path.at(-1)).toBe('C crashes');
    expect(crash.allCommitted + crash.allAborted + crash.blocked).toBe(crash.terminal);
  });

  it('cooperative termination unblocks some of them, but not a state where nobody knows', () => {
    // Two participants keep this one fast; the CLI explores three (about 229,000 states).
    const options = { participants: 2, crashCoordinator: true, terminationProtocol: true } as const;
    const alone = explore(options);
    const cooperative = explore({ ...options, cooperativeTermination: true });
    expect(cooperative.atomicityHolds).toBe(true);
    expect(cooperative.blocked).toBeGreaterThan(0);
    expect(cooperative.blocked).toBeLessThan(alone.blocked);
    for (const b of cooperative.blockedExamples) expect(b.inDoubt).toEqual(['P1', 'P2']);
  });

  it('is never blocked for good when C restarts from its log', () => {
    const recovering = explore({
      crashCoordinator: true,
      restartCoordinator: true,
      terminationProtocol: true,
    });
    expect(recovering.blocked).toBe(0);
    expect(recovering.atomicityHolds).toBe(true);
  });

  it('finds the atomicity violation of the broken variant, with the steps that lead to it', () => {
    // The default search: a prepared participant's decision timer may fire.
    const broken = explore({ variant: 'unilateral-abort-when-prepared' });
    expect(broken.atomicityHolds).toBe(false);
    const violation = broken.violations.find((v) => v.invariant === 'Atomicity');
    expect(violation?.path.at(-1)).toMatch(/decision timer fires/);
    expect(violation?.path).toContain("C's start timer fires");
  });

  it('stops at the state budget and says so', () => {
    const capped = explore({ maxStates: 1000 });
    expect(capped.truncated).toBe(true);
    expect(capped.done).toBe(true);
    expect(capped.states).toBeLessThan(base.states);
    expect(base.truncated).toBe(false);
  });

  it('runs in chunks with progress that only grows, to the same result', () => {
    const steps = exploreSteps({}, 500);
    let last = -1;
    let result: ExploreResult | undefined;
    for (;;) {
      const next = steps.next();
      if (next.done) {
        result = next.value;
        break;
      }
      expect(next.value.explored).toBeGreaterThan(last);
      last = next.value.explored;
    }
    expect(result.states).toBe(base.states);
    expect(result.blocked).toBe(base.blocked);
  });
});
