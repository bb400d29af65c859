import { describe, it } from 'vitest';
import { checkSafety } from './property';

describe('safety under random faults (first half of 10,000 seeds)', () => {
  it('no invariant ever fails for the correct algorithm', () => checkSafety(5000, 1), 120_000);
});
