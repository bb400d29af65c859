/**
 * Two-phase commit's subcommand of the command line: the exhaustive search of every interleaving
 * of a small configuration (`exhaustive.ts`), with its verdicts and a path to each violation.
 */
import type { CliCommand, CommandInput } from '../../sim/module';
import { explore, type ExploreOptions, type ExploreResult } from './exhaustive';
import { VARIANTS } from './params';
import type { Variant } from './types';

export function describeExploration(r: ExploreResult): string {
  const o = r.options;
  const dims = [
    `C and ${o.participants} participants`,
    o.coordinatorTimeout ? 'C may time out' : 'C never times out',
    o.terminationProtocol
      ? o.cooperativeTermination
        ? 'cooperative termination'
        : 'participants ask C'
      : 'no termination protocol',
    o.crashCoordinator
      ? o.restartCoordinator
        ? 'C may crash and restart'
        : 'C may crash for good'
      : 'no crash of C',
    o.crashParticipants ? 'participants may crash and restart' : '',
    `variant ${o.variant}`,
  ].filter((d) => d !== '');
  const lines = [
    `Exhaustive exploration: ${dims.join(', ')}.`,
    `  distinct states:   ${r.states}`,
    `  steps examined:    ${r.transitions}`,
    `  terminal states:   ${r.terminal} (all committed: ${r.allCommitted}, all aborted: ${r.allAborted}, blocked: ${r.blocked})`,
    `  atomicity:         ${r.atomicityHolds ? 'holds in every state' : 'VIOLATED'}`,
    `  validity:          ${r.validityHolds ? 'holds in every state' : 'VIOLATED'}`,
  ];
  if (r.truncated) lines.push(`  stopped after ${r.states} states: the verdicts cover only these`);
  for (const v of r.violations) {
    lines.push(`  ${v.invariant}: ${v.detail}`, `    reached by: ${v.path.join(' → ')}`);
  }
  const example = r.blockedExamples[0];
  if (example) {
    lines.push(`  a blocked state: ${example.summary}`, `    reached by: ${example.path.join(' → ')}`);
  }
  return lines.join('\n');
}

function optionsOf({ values }: CommandInput): ExploreOptions {
  const options: ExploreOptions = {};
  const participants = values['participants'];
  if (typeof participants === 'string') {
    const n = Number(participants);
    if (!/^\d+$/.test(participants) || n < 1 || n > 7)
      throw new Error(`--participants must be a whole number from 1 to 7, got "${participants}"`);
    options.participants = n;
  }
  if (values['crash-coordinator']) options.crashCoordinator = true;
  if (values['restart-coordinator']) {
    options.crashCoordinator = true;
    options.restartCoordinator = true;
  }
  if (values['crash-participants']) options.crashParticipants = true;
  if (values['termination']) options.terminationProtocol = true;
  if (values['no-termination']) options.terminationProtocol = false;
  if (values['cooperative']) {
    options.terminationProtocol = true;
    options.cooperativeTermination = true;
  }
  if (values['no-coordinator-timeout']) options.coordinatorTimeout = false;
  const variant = values['variant'];
  if (typeof variant === 'string') {
    if (!VARIANTS.some((v) => v.id === variant))
      throw new Error(`--variant must be one of ${VARIANTS.map((v) => v.id).join(', ')}, got "${variant}"`);
    options.variant = variant as Variant;
  }
  return options;
}

const flag = (description: string) => ({ type: 'boolean', description }) as const;

export const twoPhaseCommitCommands: readonly CliCommand[] = [
  {
    name: 'exhaustive',
    summary:
      'Search every interleaving of a small configuration and check atomicity and validity in every state.',
    usage:
      'exhaustive [--participants N] [--crash-coordinator] [--restart-coordinator] [--crash-participants] [--no-termination] [--cooperative] [--no-coordinator-timeout] [--variant <v>]',
    options: {
      participants: {
        type: 'string',
        description: 'participants besides the coordinator, 1 to 7 (default 3)',
      },
      'crash-coordinator': flag('the coordinator may crash once, at any moment, and stay down'),
      'restart-coordinator': flag('the coordinator may crash once and restart from its log'),
      'crash-participants': flag('each participant may crash once and restart from its log'),
      termination: flag('a prepared participant may time out and ask for the decision (the default)'),
      'no-termination': flag('a prepared participant never times out'),
      cooperative: flag('with the termination protocol, it asks its peers too'),
      'no-coordinator-timeout': flag('the coordinator never gives up waiting for votes'),
      variant: {
        type: 'string',
        description: `correct or a broken variant: ${VARIANTS.map((v) => v.id).join(', ')}`,
      },
    },
    run(input) {
      const result = explore(optionsOf(input));
      return { output: describeExploration(result), exitCode: result.violations.length > 0 ? 1 : 0 };
    },
  },
];
