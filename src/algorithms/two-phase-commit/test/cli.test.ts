import { describe, expect, it } from 'vitest';
import { parseCliArgs, twoPhaseCommitCli } from '../cli';

describe('two-phase commit CLI', () => {
  it('runs a named scenario and reports the blocked participants', () => {
    const { output, exitCode } = twoPhaseCommitCli([
      '--scenario',
      'coordinator-crash-after-prepare',
      '--final',
    ]);
    expect(exitCode).toBe(0);
    expect(output).toContain('✓ Atomicity');
    expect(output).toContain('P3 in doubt since t = 41 ms, holding its locks');
  });

  it('prints the narration of every event unless --final', () => {
    const { output } = twoPhaseCommitCli(['--scenario', 'commit']);
    expect(output).toContain('C has every yes vote: it logs COMMIT and sends Commit to P1, P2 and P3');
  });

  it('explores exhaustively and exits 1 when the broken variant breaks atomicity', () => {
    const correct = twoPhaseCommitCli(['--explore']);
    expect(correct.exitCode).toBe(0);
    expect(correct.output).toMatch(/distinct states: +\d+/);
    expect(correct.output).toContain('atomicity:         holds in every state');
    const broken = twoPhaseCommitCli([
      '--explore',
      '--termination',
      '--variant',
      'unilateral-abort-when-prepared',
    ]);
    expect(broken.exitCode).toBe(1);
    expect(broken.output).toContain('atomicity:         VIOLATED');
  });

  it('reads exploration dimensions', () => {
    expect(
      parseCliArgs(['--explore', '--participants', '2', '--cooperative', '--restart-coordinator']),
    ).toMatchObject({
      explore: true,
      exploreOptions: {
        participants: 2,
        terminationProtocol: true,
        cooperativeTermination: true,
        crashCoordinator: true,
        restartCoordinator: true,
      },
    });
  });

  it.each([
    [['--scenario', 'nope'], /no scenario "nope"/],
    [['--seed'], /--seed needs a value/],
    [['--variant', 'lax'], /--variant must be/],
    [['--explore', '--scenario', 'commit'], /either --scenario or --explore/],
    [['--frobnicate'], /unknown option "--frobnicate"/],
  ])('refuses %j with exit code 2', (argv, pattern) => {
    const { output, exitCode } = twoPhaseCommitCli(argv);
    expect(exitCode).toBe(2);
    expect(output).toMatch(pattern);
  });
});
