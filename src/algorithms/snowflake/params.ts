/** Snowflake's parameters, declared once. */
import { defineParams, param, type Params } from '../../sim/params';
import { POLICY_NAMES, type PolicyName, workerFromNumber } from './generator';
import { PRESETS, PRESET_NAMES, type PresetName } from './layout';

export const MAX_WORKERS = 32;
/** The steady load of the `rate` parameter lasts this long from local time 0. */
export const MAX_LOAD_MS = 1000;
const MAX_DATE_MS = 8.64e15;

export const snowflakeParams = defineParams(
  {
    preset: param.choice<PresetName>({
      label: 'Layout',
      options: PRESET_NAMES.map((name) => ({ value: name, label: PRESETS[name].title })),
      default: 'twitter',
    }),
    /** 'reference': the preset's own behaviour; otherwise a named policy. */
    policy: param.choice<'reference' | PolicyName>({
      label: 'Overflow and clock policy',
      options: [
        { value: 'reference', label: "The layout's own" },
        ...POLICY_NAMES.map((name) => ({ value: name, label: name })),
      ],
      default: 'reference',
    }),
    workers: param.int({ label: 'Workers', min: 1, max: MAX_WORKERS, default: 3 }),
    /** W2 is given W1's worker id, as a deployment mistake would. */
    sameWorkerId: param.boolean({ label: 'W2 reuses W1’s worker id', default: false }),
    /** The instant local time 0 stands for, in ms since 1970. */
    startMs: param.int({
      label: 'Local time 0, in ms since 1970',
      min: -MAX_DATE_MS,
      max: MAX_DATE_MS,
      default: Date.UTC(2024, 0, 1),
      hidden: true,
    }),
    /** k of the k-sorted check, in ms. */
    kWindowMs: param.int({ label: 'k-sorted window', min: 0, max: 10_000, unit: 'ms', default: 5 }),
    /** IDs each worker is asked for every millisecond, on top of the scenario's own requests. */
    rate: param.int({ label: 'Request rate per worker', min: 0, max: 10_000, unit: 'IDs/ms', default: 0 }),
    /** How long that steady load lasts, in ms. */
    loadMs: param.int({ label: 'Load lasts', min: 1, max: MAX_LOAD_MS, unit: 'ms', default: 40 }),
  },
  [
    {
      field: 'sameWorkerId',
      problem: (p) => (p.sameWorkerId && p.workers < 2 ? 'needs at least 2 workers' : null),
    },
    {
      // The layout must be able to number this many workers.
      field: 'workers',
      problem: (p) => {
        try {
          for (let i = 0; i < p.workers; i++) workerFromNumber(PRESETS[p.preset], i);
          return null;
        } catch (error) {
          return (error as Error).message;
        }
      },
    },
  ],
);

export type SnowflakeParams = Params<typeof snowflakeParams>;
