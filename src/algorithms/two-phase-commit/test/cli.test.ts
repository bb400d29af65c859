import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/sim';

const sim = (...argv: string[]) => runCli(['two-phase-commit', ...argv]);

describe('two-phase commit on the command line', () => {
  it('runs a named scenario and reports the blocked participants', async () => {
    const { stdout, exitCode } = await sim('--scenario', 'coordinator-crash-after-prepare', '--final');
    expect(exitCode).toBe(0);
    expect(stdout).toContain('✓ Atomicity');
    expect(stdout).toContain('P3 in doubt since t = 41 ms, holding its locks');
  });

  it('prints the narration of every event unless --final', async () => {
    const { stdout } = await sim('--scenario', 'commit');
    expect(stdout).toContain('C has every yes vote: it logs COMMIT and sends Commit to P1, P2 and P3');
  });

  it('searches exhaustively, exiting 1 when the broken variant breaks atomicity', async () => {
    const correct = await sim('exhaustive');
    expect(correct.exitCode).toBe(0);
    expect(correct.stdout).toMatch(/distinct states: +\d+/);
    expect(correct.stdout).toContain('atomicity:         holds in every state');
    // The default search reaches it: a prepared participant's timer may fire.
    const broken = await sim('exhaustive', '--variant', 'unilateral-abort-when-prepared');
    expect(broken.exitCode).toBe(1);
    expect(broken.stdout).toContain('atomicity:         VIOLATED');
    const small = await sim('exhaustive', '--participants', '2', '--cooperative', '--restart-coordinator');
    expect(small.stdout).toContain('C and 2 participants');
    expect(small.stdout).toContain('cooperative termination');
    expect(small.stdout).toContain('C may crash and restart');
    const never = await sim('exhaustive', '--no-termination', '--variant', 'unilateral-abort-when-prepared');
    expect(never.stdout).toContain('no termination protocol');
    expect(never.exitCode).toBe(0);
  }, 60_000);

  it.each([
    [['exhaustive', '--participants', 'many'], /--participants must be a whole number/],
    [['exhaustive', '--variant', 'lax'], /--variant must be one of correct, unilateral/],
    [['exhaustive', '--frobnicate'], /unknown option "--frobnicate"/],
  ])('refuses %j with exit code 2', async (argv, pattern) => {
    const { stderr, exitCode } = await sim(...argv);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(pattern);
  });
});
