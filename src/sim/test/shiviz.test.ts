import { describe, expect, it } from 'vitest';
import { SHIVIZ_REGEX, toShiViz } from '../shiviz';
import { echoRun, finish, ping } from './fixture';

describe('ShiViz export', () => {
  it('writes one event per pair of lines with vector clocks that respect message order', () => {
    const run = finish(echoRun([ping(0, 'N1', 'N2'), { at: 10, action: { type: 'heal' } }]));
    const text = toShiViz(run.entries(0, run.length()));
    const lines = text.split('\n');
    expect(lines).toHaveLength(6); // the heal has no process
    const parsed = [...text.matchAll(new RegExp(SHIVIZ_REGEX, 'g'))].map((m) => ({
      host: m.groups?.host,
      clock: JSON.parse(m.groups?.clock ?? '{}') as Record<string, number>,
    }));
    expect(parsed).toEqual([
      { host: 'N1', clock: { N1: 1 } },
      { host: 'N2', clock: { N1: 1, N2: 1 } },
      { host: 'N1', clock: { N1: 2, N2: 1 } },
    ]);
  });
});
