/** Two-phase commit's parameters, declared once. */
import type { VariantInfo } from '../../sim/module';
import { defineParams, notBelow, param, type Params } from '../../sim/params';

export const VARIANTS = [
  {
    id: 'correct',
    title: 'Correct: a prepared participant waits',
    description:
      'A participant that voted yes waits for the decision however long it takes, holding its locks.',
    breaks: [],
  },
  {
    id: 'unilateral-abort-when-prepared',
    title: 'Broken: a prepared participant aborts on timeout',
    description:
      'A participant that voted yes gives up waiting and aborts on its own, though the coordinator may have decided to commit.',
    breaks: ['atomicity'],
  },
] as const satisfies readonly VariantInfo[];

const ms = { unit: 'ms' } as const;

export const twoPhaseCommitParams = defineParams(
  {
    participants: param.int({ label: 'Participants', min: 2, max: 7, default: 3 }),
    /** How long the coordinator waits for votes before it aborts. */
    voteTimeout: param.int({
      label: 'Vote timeout (coordinator)',
      min: 1,
      max: 60_000,
      step: 10,
      ...ms,
      default: 300,
    }),
    /** How long a prepared participant waits before asking for the decision (and between asks). */
    decisionTimeout: param.int({
      label: 'Decision timeout (prepared participant)',
      min: 1,
      max: 60_000,
      step: 10,
      ...ms,
      default: 400,
    }),
    latencyMin: param.int({ label: 'Latency, from', min: 0, max: 10_000, step: 5, ...ms, default: 20 }),
    latencyMax: param.int({ label: 'Latency, to', min: 0, max: 10_000, step: 5, ...ms, default: 60 }),
    loss: param.number({ label: 'Message loss', min: 0, max: 1, step: 0.05, default: 0 }),
    duplication: param.number({ label: 'Message duplication', min: 0, max: 1, step: 0.05, default: 0 }),
    cooperativeTermination: param.boolean({
      label: 'Cooperative termination (ask the peers)',
      default: false,
    }),
    variant: param.choice({
      label: 'Variant',
      options: VARIANTS.map((v) => ({ value: v.id, label: v.title })),
      default: 'correct',
    }),
  },
  [notBelow('latencyMax', 'latencyMin')],
);

export type TwoPhaseCommitParams = Params<typeof twoPhaseCommitParams>;
export type Variant = TwoPhaseCommitParams['variant'];
