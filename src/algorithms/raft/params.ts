/** Raft's parameters, in the units the player shows (milliseconds), declared once. */
import { defineParams, notBelow, param, type Params } from '../../sim/params';
import type { VariantInfo } from '../../sim/module';

/**
 * The algorithm as the paper gives it, or one of its deliberately broken variants: counting
 * replicas of earlier terms (section 5.4.2), accepting a second configuration change while one is
 * uncommitted, or changing the configuration before committing an entry of the leader's own term
 * (the fix to single-server changes published in 2015).
 */
export const VARIANTS = [
  {
    id: 'correct',
    title: 'As in the paper and the dissertation',
    description:
      'Figure 2 of the paper, with single-server membership changes as in chapter 4 of the dissertation.',
    breaks: [],
  },
  {
    id: 'no-current-term-check',
    title: 'Broken: count replicas of any term',
    description:
      'A leader marks an entry committed once a majority holds it, whatever its term: Figure 8 of the paper shows a committed entry then overwritten.',
    breaks: ['leader-completeness', 'state-machine-safety'],
  },
  {
    id: 'two-changes-at-once',
    title: 'Broken: a second configuration change before the first commits',
    description:
      'A leader accepts a configuration change while another is uncommitted, so two configurations without a common majority can each elect a leader.',
    breaks: ['election-safety', 'leader-completeness'],
  },
  {
    id: 'change-before-term-commit',
    title: 'Broken: change the configuration before committing an entry of the leader’s term',
    description:
      'A new leader changes the configuration at once, as the dissertation first allowed; the 2015 counterexample then elects a leader that lacks a committed entry.',
    breaks: ['leader-completeness', 'state-machine-safety'],
  },
] as const satisfies readonly VariantInfo[];

export const raftParams = defineParams(
  {
    nodes: param.int({ label: 'Servers', min: 1, max: 9, default: 5 }),
    electionTimeoutMin: param.int({
      label: 'Election timeout, from',
      min: 1,
      max: 60_000,
      step: 10,
      unit: 'ms',
      default: 150,
    }),
    electionTimeoutMax: param.int({
      label: 'Election timeout, to',
      min: 1,
      max: 60_000,
      step: 10,
      unit: 'ms',
      default: 300,
    }),
    heartbeatInterval: param.int({
      label: 'Heartbeat interval',
      min: 1,
      max: 60_000,
      step: 5,
      unit: 'ms',
      default: 50,
    }),
    latencyMin: param.int({ label: 'Latency, from', min: 0, max: 10_000, unit: 'ms', default: 10 }),
    latencyMax: param.int({ label: 'Latency, to', min: 0, max: 10_000, unit: 'ms', default: 15 }),
    loss: param.number({ label: 'Message loss', min: 0, max: 1, step: 0.01, default: 0 }),
    duplication: param.number({ label: 'Message duplication', min: 0, max: 1, step: 0.01, default: 0 }),
    variant: param.choice({
      label: 'Commit rule and configuration changes',
      options: VARIANTS.map((v) => ({ value: v.id, label: v.title })),
      default: 'correct',
    }),
    batchSize: param.int({ label: 'Entries per AppendEntries', min: 1, max: 1000, default: 16 }),
    preVote: param.boolean({ label: 'PreVote (ask before starting an election)', default: false }),
    outside: param.int({ label: 'Servers outside the first configuration', min: 0, max: 8, default: 0 }),
  },
  [
    {
      field: 'outside',
      problem: (p) =>
        p.outside >= p.nodes
          ? `must leave at least one server in the configuration (below ${p.nodes}), got ${p.outside}`
          : null,
    },
    {
      field: 'electionTimeoutMax',
      problem: (p) =>
        p.electionTimeoutMax <= p.electionTimeoutMin
          ? `must be above electionTimeoutMin (${p.electionTimeoutMin}), got ${p.electionTimeoutMax}`
          : null,
    },
    notBelow('latencyMax', 'latencyMin'),
  ],
);

export type RaftParams = Params<typeof raftParams>;
export type Variant = RaftParams['variant'];
