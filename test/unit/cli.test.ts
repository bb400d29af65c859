/**
 * The command line's contract, run on every algorithm of the registry: one set of flags, one JSON
 * shape, one meaning of the exit codes. An algorithm added to the registry is tested here at once.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/sim';
import { loadAlgorithms } from '../../src/registry';

const modules = await loadAlgorithms();

describe('npm run sim', () => {
  it('answers --help with every algorithm, and asks for one when none is named', async () => {
    const help = await runCli(['--help']);
    expect(help.exitCode).toBe(0);
    for (const m of modules) expect(help.stdout).toContain(`  ${m.id} `);
    expect(help.stdout).toContain('--explore <N>');
    const none = await runCli([]);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain('name an algorithm first');
  });

  it('names an unknown algorithm and what is known', async () => {
    const out = await runCli(['paxos-made-complicated', '--list']);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/Unknown algorithm "paxos-made-complicated" \(known: raft/);
  });
});

describe.each(modules.map((m) => [m.id, m] as const))('npm run sim -- %s', (id, m) => {
  it('--help lists its scenarios, invariants, variants and generators', async () => {
    const { stdout, exitCode } = await runCli([id, '--help']);
    expect(exitCode).toBe(0);
    for (const s of m.scenarios) expect(stdout).toContain(s.id);
    for (const i of m.invariants) expect(stdout).toContain(i.name);
    for (const v of m.variants) expect(stdout).toContain(v.id);
    for (const g of m.exploration?.generators ?? []) expect(stdout).toContain(g.id);
    for (const p of m.params) expect(stdout).toContain(p.key);
  });

  it('--list names every scenario', async () => {
    const { stdout, exitCode } = await runCli([id, '--list']);
    expect(exitCode).toBe(0);
    expect(stdout.split('\n').map((line) => line.split(/\s+/)[0])).toEqual(m.scenarios.map((s) => s.id));
  });

  it('runs every scenario with --format json --final in the common shape', async () => {
    for (const s of m.scenarios) {
      const { stdout, exitCode } = await runCli([id, '--scenario', s.id, '--format', 'json', '--final']);
      const out = JSON.parse(stdout) as Record<string, unknown> & {
        violations: unknown[];
        invariants: { id: string; name: string; holds: boolean; violation: unknown }[];
        final: { time: number; cursor: number; nodes: unknown[] };
      };
      expect(Object.keys(out), s.id).toEqual([
        'algorithm',
        'scenario',
        'digest',
        'events',
        'time',
        'invariants',
        'violations',
        'final',
      ]);
      expect(out['algorithm']).toBe(id);
      expect(out['digest']).toMatch(/^[0-9a-f]{16}$/);
      expect(out.invariants.map((i) => i.id)).toEqual(m.invariants.map((i) => i.id));
      expect(out.invariants.every((i) => i.holds === (i.violation === null))).toBe(true);
      expect(out.final.nodes.length).toBeGreaterThan(0);
      expect(exitCode, s.id).toBe(out.violations.length > 0 ? 1 : 0);
    }
  });

  it('prints the same run twice, and its events unless --final', async () => {
    const first = m.scenarios[0]?.id as string;
    const a = await runCli([id, '--scenario', first, '--until', '300.5']);
    const b = await runCli([id, '--scenario', first, '--until', '300.5']);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toMatch(/^\[ +[\d.]+ ms\] #0 /);
    expect(a.stdout).toContain('Invariants:');
    const final = await runCli([id, '--scenario', first, '--until', '300.5', '--final']);
    expect(final.stdout.startsWith('Final state at')).toBe(true);
    const shiviz = await runCli([id, '--scenario', first, '--until', '300.5', '--format', 'shiviz']);
    expect(shiviz.exitCode).toBeLessThan(2);
  });

  it.runIf(m.exploration !== null)('--explore 20 runs and reports what it found', async () => {
    const { stdout, exitCode } = await runCli([id, '--explore', '20', '--format', 'json']);
    const out = JSON.parse(stdout) as { runs: number; findings: unknown[]; generator: string };
    expect(out.runs).toBe(20);
    // The default explorer runs every generator in turn.
    expect(out.generator).toBe('all');
    expect(exitCode).toBe(out.findings.length > 0 ? 1 : 0);
  });

  it.each([
    [['--seed=-3'], /--seed must be a whole number/],
    [['--seed', '-3'], /--seed needs a value/],
    [['--seed'], /--seed needs a value/],
    [['--until', 'soon'], /--until must be a number of milliseconds/],
    [['--format', 'xml'], /--format must be text, json or shiviz/],
    [['--scenario', 'a', '--file', 'b'], /either --scenario or --file/],
    [['--scenario', 'no-such-scenario'], /no scenario "no-such-scenario"/],
    [['--frobnicate'], /unknown option "--frobnicate"/],
    [['--param', 'novalue'], /--param expects key=value/],
    [['--param', 'noSuchParameter=1'], /params\.noSuchParameter: is not a parameter/],
    [['--param', 'toString=1'], /params\.toString: is not a parameter/],
    [['--variant', 'no-such-variant'], /--variant/],
    [['--explore', 'many'], /--explore must be a whole number/],
    [['--explore', '2', '--generator', 'none-such'], /--generator: no generator "none-such"/],
    [['--explore', '2', '--invariant', 'none-such'], /--invariant must be one of/],
  ])('refuses %j with exit code 2 and a one-line reason', async (argv, pattern) => {
    const { stderr, exitCode } = await runCli([id, ...argv]);
    expect(exitCode).toBe(2);
    expect(stderr.split('\n')[0]).toMatch(pattern);
  });
});
