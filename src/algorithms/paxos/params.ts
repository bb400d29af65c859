/** Paxos's parameters, in the units the player shows (milliseconds), declared once. */
import type { VariantInfo } from '../../sim/module';
import { defineParams, notBelow, param, type Params } from '../../sim/params';

/**
 * The protocol as "Paxos Made Simple" gives it, or one of two deliberately broken variants: an
 * acceptor that keeps nothing on stable storage, and a proposer that ignores what the promises
 * report. Both can let two different values be chosen.
 */
export const VARIANTS = [
  {
    id: 'correct',
    title: 'As in Paxos Made Simple',
    description:
      'Acceptors keep their promise and their accepted proposal on stable storage; a proposer proposes the value of the highest-numbered proposal the promises report.',
    breaks: [],
  },
  {
    id: 'no-persistence',
    title: 'Broken: an acceptor forgets its promise on restart',
    description:
      'Acceptors keep their promise and accepted proposal in memory only: after a crash an acceptor answers as if it had never promised or accepted anything.',
    breaks: ['agreement', 'stability', 'learned-chosen'],
  },
  {
    id: 'ignore-accepted',
    title: 'Broken: the proposer ignores the highest accepted value',
    description:
      'After a majority of promises, the proposer proposes its own value even when a promise reports an accepted one, so a chosen value can be replaced.',
    breaks: ['agreement', 'stability', 'learned-chosen'],
  },
] as const satisfies readonly VariantInfo[];

export const MODES = [
  { value: 'single', label: 'Single-decree (one value)' },
  { value: 'multi', label: 'Multi-Paxos (a log of values)' },
] as const;

const ms = { unit: 'ms' } as const;

export const paxosParams = defineParams(
  {
    mode: param.choice({ label: 'Protocol', options: [...MODES], default: 'single' }),
    nodes: param.int({ label: 'Servers', min: 1, max: 9, default: 5 }),
    /** Single-decree: how many servers propose a value of their own at the start. */
    proposers: param.int({ label: 'Proposers at the start (single-decree)', min: 0, max: 9, default: 1 }),
    /** Single-decree: the second proposer starts this long after the first, and so on. */
    stagger: param.int({ label: 'Gap between proposers', min: 0, max: 10_000, ...ms, default: 25 }),
    retry: param.choice({
      label: 'A pre-empted proposer',
      options: [
        { value: 'backoff', label: 'backs off for a random time' },
        { value: 'eager', label: 'retries at once (livelock)' },
      ],
      default: 'backoff',
    }),
    retryMin: param.int({ label: 'Back-off, from', min: 1, max: 60_000, step: 10, ...ms, default: 100 }),
    retryMax: param.int({ label: 'Back-off, to', min: 1, max: 60_000, step: 10, ...ms, default: 200 }),
    /** Multi-Paxos: a server that hears no leader for this long runs phase 1 itself. */
    leaderTimeoutMin: param.int({
      label: 'Leader timeout, from',
      min: 1,
      max: 60_000,
      step: 10,
      ...ms,
      default: 150,
    }),
    leaderTimeoutMax: param.int({
      label: 'Leader timeout, to',
      min: 1,
      max: 60_000,
      step: 10,
      ...ms,
      default: 300,
    }),
    heartbeatInterval: param.int({
      label: 'Heartbeat interval',
      min: 1,
      max: 60_000,
      step: 5,
      ...ms,
      default: 50,
    }),
    latencyMin: param.int({ label: 'Latency, from', min: 0, max: 10_000, ...ms, default: 10 }),
    latencyMax: param.int({ label: 'Latency, to', min: 0, max: 10_000, ...ms, default: 15 }),
    loss: param.number({ label: 'Message loss', min: 0, max: 1, step: 0.01, default: 0 }),
    duplication: param.number({ label: 'Message duplication', min: 0, max: 1, step: 0.01, default: 0 }),
    variant: param.choice({
      label: 'Variant',
      options: VARIANTS.map((v) => ({ value: v.id, label: v.title })),
      default: 'correct',
    }),
  },
  [
    notBelow('latencyMax', 'latencyMin'),
    notBelow('retryMax', 'retryMin'),
    {
      field: 'leaderTimeoutMax',
      problem: (p) =>
        p.leaderTimeoutMax <= p.leaderTimeoutMin
          ? `must be above leaderTimeoutMin (${p.leaderTimeoutMin}), got ${p.leaderTimeoutMax}`
          : null,
    },
    {
      field: 'proposers',
      problem: (p) =>
        p.proposers > p.nodes ? `must be at most the servers (${p.nodes}), got ${p.proposers}` : null,
    },
  ],
);

export type PaxosParams = Params<typeof paxosParams>;
export type Variant = PaxosParams['variant'];
export type Mode = PaxosParams['mode'];
