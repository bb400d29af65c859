/**
 * The compatibility matrix as the dlock README gives it (the seed, vendored in
 * test/fixtures/seeds/), read cell by cell and compared with the code's; and the broken variant's
 * matrix differs from it in exactly the PR/CW cells.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPATIBILITY, MODES, PR_WITH_CW, isDownConversion, type Mode } from '../modes';

const seedDir = join(import.meta.dirname, '..', '..', '..', '..', 'test', 'fixtures', 'seeds');

function dlockReadme(): string {
  for (const file of readdirSync(seedDir)) {
    const text = readFileSync(join(seedDir, file), 'utf8');
    if (/alexandrelamarre\/dlock/i.test(text) && text.includes(':white_check_mark:')) return text;
  }
  throw new Error(`no dlock README among the seeds in ${seedDir}`);
}

/** The README's table, flattened by the listing that vendored it: a header row of modes, then each row's mode and six marks. */
function seedMatrix(text: string): Record<Mode, Record<Mode, boolean>> {
  const start = text.indexOf('Mode\nNL');
  const end = text.indexOf('### Notes', start);
  if (start < 0 || end < 0) throw new Error('the matrix is not where the README keeps it');
  const tokens =
    text.slice(start + 'Mode'.length, end).match(/NL|CR|CW|PR|PW|EX|:white_check_mark:|:x:/g) ?? [];
  const header = tokens.slice(0, 6);
  expect(header).toEqual([...MODES]);
  const out = {} as Record<Mode, Record<Mode, boolean>>;
  let i = 6;
  while (i < tokens.length) {
    const row = tokens[i] as Mode;
    const cells = tokens.slice(i + 1, i + 7);
    out[row] = Object.fromEntries(header.map((h, j) => [h, cells[j] === ':white_check_mark:'])) as Record<
      Mode,
      boolean
    >;
    i += 7;
  }
  return out;
}

describe('the compatibility matrix', () => {
  const seed = seedMatrix(dlockReadme());

  it('has every row of the README', () => {
    expect(Object.keys(seed)).toEqual([...MODES]);
  });

  it.each(MODES.flatMap((r) => MODES.map((h) => [r, h] as const)))(
    '%s requested against %s held matches the README',
    (r, h) => {
      expect(COMPATIBILITY[r][h]).toBe(seed[r][h]);
    },
  );

  it('is symmetric', () => {
    for (const r of MODES) for (const h of MODES) expect(COMPATIBILITY[r][h]).toBe(COMPATIBILITY[h][r]);
  });

  it('the broken matrix differs in the PR/CW cells only', () => {
    const diff = MODES.flatMap((r) =>
      MODES.filter((h) => PR_WITH_CW[r][h] !== COMPATIBILITY[r][h]).map((h) => `${r}/${h}`),
    );
    expect(diff.sort()).toEqual(['CW/PR', 'PR/CW']);
  });

  it('down-conversions are the moves to a mode compatible with everything the old one was', () => {
    expect(isDownConversion('EX', 'PR')).toBe(true);
    expect(isDownConversion('PW', 'CR')).toBe(true);
    expect(isDownConversion('PR', 'NL')).toBe(true);
    expect(isDownConversion('PR', 'CW')).toBe(false);
    expect(isDownConversion('CW', 'PR')).toBe(false);
    expect(isDownConversion('PR', 'EX')).toBe(false);
  });
});
