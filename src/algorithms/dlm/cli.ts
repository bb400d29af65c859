/** `npm run sim -- dlm matrix`: the compatibility matrix, as the manager uses it. */
import type { CliCommand } from '../../sim/module';
import { COMPATIBILITY, MODES, MODE_NAMES, PR_WITH_CW, matrixTable } from './modes';

export const dlmCommands: CliCommand[] = [
  {
    name: 'matrix',
    summary: 'Print the compatibility matrix of the six lock modes (requested mode by held mode).',
    usage: 'matrix [--broken] [--json]',
    options: {
      broken: { type: 'boolean', description: 'the broken variant’s matrix (PR compatible with CW)' },
      json: { type: 'boolean', description: 'print JSON' },
    },
    run(input) {
      const m = input.values['broken'] ? PR_WITH_CW : COMPATIBILITY;
      if (input.values['json'])
        return { output: JSON.stringify({ modes: MODES, compatible: m }, null, 2), exitCode: 0 };
      const legend = MODES.map((mode) => `  ${mode}  ${MODE_NAMES[mode]}`).join('\n');
      return { output: `${matrixTable(m)}\n\n${legend}`, exitCode: 0 };
    },
  },
];
