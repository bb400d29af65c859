import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../../scripts/sim';

describe('sim CLI arguments', () => {
  it('reads a scenario run', () => {
    expect(
      parseArgs(['raft', '--scenario', 'election', '--seed', '4', '--until', '1500', '--format', 'json']),
    ).toMatchObject({
      algorithm: 'raft',
      scenario: 'election',
      seed: 4,
      until: 1500,
      format: 'json',
    });
  });

  it('reads an exploration with a variant and parameters', () => {
    expect(
      parseArgs(['raft', '--explore', '100', '--variant', 'no-current-term-check', '--param', 'nodes=3']),
    ).toMatchObject({
      explore: 100,
      params: { variant: 'no-current-term-check', nodes: 3 },
    });
  });

  it.each([
    [[], /name the algorithm first/],
    [['raft', '--seed'], /--seed needs a value/],
    [['raft', '--seed', '-3'], /--seed must be a whole number/],
    [['raft', '--format', 'xml'], /--format must be text, json or shiviz/],
    [['raft', '--scenario', 'a', '--file', 'b'], /either --scenario or --file/],
    [['raft', '--frobnicate'], /unknown option "--frobnicate"/],
    [['raft', '--param', 'novalue'], /--param expects key=value/],
  ])('refuses %j with a clear message', (argv, pattern) => {
    expect(() => parseArgs(argv)).toThrow(pattern);
  });
});
