/**
 * Leaf segment mode's parameters, declared once. Leaf's own constants where it has them: the next
 * segment loads once the current one is more than 10% used (fixed in Leaf, so not a parameter),
 * a caller waits about 10 ms for a load in flight, the step doubles when a segment lasted under
 * 15 minutes and is capped at 1,000,000. The row's step is small by default so a segment drains
 * in seconds on screen (Leaf's README inserts step 2000).
 */
import { defineParams, notBelow, param, type Params } from '../../sim/params';

const ms = { unit: 'ms' } as const;

export const leafParams = defineParams(
  {
    servers: param.int({ label: 'Leaf servers', min: 1, max: 4, default: 2 }),
    clients: param.int({ label: 'Clients', min: 1, max: 4, default: 2 }),
    maxId: param.int({ label: 'max_id in the row at the start', min: 0, max: 1_000_000_000, default: 1 }),
    step: param.int({ label: 'step in the row', min: 10, max: 1_000_000, step: 10, default: 100 }),
    dynamicStep: param.boolean({ label: 'Adapt the step to traffic', default: true }),
    segmentDuration: param.int({
      label: 'A segment used faster than this doubles the step',
      min: 100,
      max: 3_600_000,
      step: 100,
      ...ms,
      default: 900_000,
    }),
    maxStep: param.int({ label: 'Largest step', min: 10, max: 1_000_000, step: 10, default: 1_000_000 }),
    batch: param.int({ label: 'IDs per request', min: 1, max: 1000, default: 5 }),
    interval: param.int({
      label: 'Time between a client’s requests',
      min: 5,
      max: 10_000,
      ...ms,
      default: 100,
    }),
    waitFor: param.int({
      label: 'How long a caller waits for a load in flight',
      min: 0,
      max: 1000,
      ...ms,
      default: 10,
    }),
    dbTimeout: param.int({ label: 'Database call timeout', min: 1, max: 10_000, ...ms, default: 200 }),
    variant: param.choice({
      label: 'Variant',
      options: [
        { value: 'correct', label: 'Leaf: UPDATE then SELECT in one transaction' },
        { value: 'read-then-write', label: 'Broken: SELECT max_id, then write max_id + step' },
        { value: 'no-select', label: 'Broken: trusts its own arithmetic, no SELECT' },
      ],
      default: 'correct',
    }),
    latencyMin: param.int({ label: 'Latency, from', min: 0, max: 1000, ...ms, default: 1 }),
    latencyMax: param.int({ label: 'Latency, to', min: 0, max: 2000, ...ms, default: 5 }),
    loss: param.number({ label: 'Message loss', min: 0, max: 1, step: 0.01, default: 0 }),
  },
  [notBelow('latencyMax', 'latencyMin'), notBelow('maxStep', 'step')],
);

export type LeafParams = Params<typeof leafParams>;
export type LeafVariant = LeafParams['variant'];
