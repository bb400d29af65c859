/**
 * The six lock modes of the VMS distributed lock manager and their compatibility matrix, exactly
 * as the dlock README gives it (and as the OpenVMS System Services Reference Manual's $ENQ
 * describes each mode). Rows are the mode requested, columns the mode held; the matrix is
 * symmetric.
 */
export const MODES = ['NL', 'CR', 'CW', 'PR', 'PW', 'EX'] as const;
export type Mode = (typeof MODES)[number];

export const MODE_NAMES: Record<Mode, string> = {
  NL: 'null',
  CR: 'concurrent read',
  CW: 'concurrent write',
  PR: 'protected read',
  PW: 'protected write',
  EX: 'exclusive',
};

export type Matrix = Readonly<Record<Mode, Readonly<Record<Mode, boolean>>>>;

function matrixOf(rows: Record<Mode, string>): Matrix {
  const out = {} as Record<Mode, Record<Mode, boolean>>;
  for (const requested of MODES) {
    out[requested] = {} as Record<Mode, boolean>;
    MODES.forEach((held, i) => {
      out[requested][held] = rows[requested][i] === 'y';
    });
  }
  return out;
}

/** NL CR CW PR PW EX, in that order, per row. */
export const COMPATIBILITY: Matrix = matrixOf({
  NL: 'yyyyyy',
  CR: 'yyyyyn',
  CW: 'yyynnn',
  PR: 'yynynn',
  PW: 'yynnnn',
  EX: 'ynnnnn',
});

/** A broken matrix: protected read and concurrent write are said to be compatible (both ways). */
export const PR_WITH_CW: Matrix = {
  ...COMPATIBILITY,
  PR: { ...COMPATIBILITY.PR, CW: true },
  CW: { ...COMPATIBILITY.CW, PR: true },
};

export type MatrixChoice = 'seed' | 'pr-with-cw';

export function matrixFor(choice: MatrixChoice): Matrix {
  return choice === 'pr-with-cw' ? PR_WITH_CW : COMPATIBILITY;
}

export function isMode(value: unknown): value is Mode {
  return typeof value === 'string' && (MODES as readonly string[]).includes(value);
}

/**
 * A down-conversion: the new mode is compatible with everything the old one was, so granting it
 * can never conflict with a lock already granted. The lock manager grants it at once.
 */
export function isDownConversion(from: Mode, to: Mode, m: Matrix = COMPATIBILITY): boolean {
  return MODES.every((other) => !m[from][other] || m[to][other]);
}

/** Modes in which a holder may update the resource. */
export function writes(mode: Mode): boolean {
  return mode === 'CW' || mode === 'PW' || mode === 'EX';
}

/** The matrix as text, for the command line. */
export function matrixTable(m: Matrix = COMPATIBILITY): string {
  const row = (first: string, cells: readonly string[]) =>
    [first.padEnd(13), ...cells.map((c) => c.padEnd(5))].join('').trimEnd();
  const head = row('held →', MODES);
  const rows = MODES.map((r) =>
    row(
      `${r} requested`,
      MODES.map((h) => (m[r][h] ? 'yes' : 'no')),
    ),
  );
  return [head, ...rows].join('\n');
}
