import { describe, expect, it } from 'vitest';
import { redlockCli } from '../cli';

describe('redlock CLI', () => {
  it('prints the narrated trace and the violations of a counterexample', () => {
    const { output, exitCode } = redlockCli(['--scenario', 'clock-jump']);
    expect(exitCode).toBe(1);
    expect(output).toContain("C's clock jumps forwards by 2 s");
    expect(output).toMatch(/VIOLATION Mutual exclusion at [\d.]+ ms/);
  });

  it('says so when the observer finds nothing', () => {
    const safe = redlockCli(['--scenario', 'restart-delayed']);
    expect(safe.output).toContain('The observer found no violation.');
    expect(safe.exitCode).toBe(0);
    expect(redlockCli(['--list']).output.split('\n')).toHaveLength(15);
  });

  it('a seed changes the timings but not the story', () => {
    const a = redlockCli(['--scenario', 'split-votes', '--seed', '7', '--json']);
    const b = redlockCli(['--scenario', 'split-votes', '--seed', '8', '--json']);
    const again = redlockCli(['--scenario', 'split-votes', '--seed', '7', '--json']);
    expect(a.output).toBe(again.output);
    expect(a.output).not.toBe(b.output);
    expect(JSON.parse(a.output).violations).toEqual([]);
  });

  it('refuses unknown scenarios and bad seeds with usage', () => {
    const unknown = redlockCli(['--scenario', 'nope']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.output).toContain('No scenario "nope"');
    expect(unknown.output).toContain('process-pause-fencing');
    expect(redlockCli(['--scenario', 'uncontended', '--seed', '-1']).exitCode).toBe(2);
    expect(redlockCli([]).output).toContain('Missing --scenario');
  });
});
