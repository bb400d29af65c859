/** The parameters of a consistent-hashing run, declared once (parser and the player's controls). */
import { defineParams, param, type Params } from '../../sim/params';
import { SCHEME_TITLES } from './place';

export const MAX_NODES = 12;
export const MAX_KEYS = 5000;

const algorithms = (['ring', 'jump', 'rendezvous', 'bounded', 'maglev'] as const).map((value) => ({
  value,
  label: SCHEME_TITLES[value],
}));

export const hashingParams = defineParams(
  {
    algorithm: param.choice<'ring' | 'jump' | 'rendezvous' | 'bounded' | 'maglev'>({
      label: 'Algorithm',
      options: algorithms,
      default: 'ring',
    }),
    /** A second scheme on the same keys and the same changes, drawn beside the first. */
    compare: param.choice<'none' | 'ring' | 'jump' | 'rendezvous' | 'bounded' | 'maglev' | 'modulo'>({
      label: 'Side by side with',
      options: [
        { value: 'none', label: 'nothing' },
        ...algorithms,
        { value: 'modulo', label: SCHEME_TITLES.modulo },
      ],
      default: 'modulo',
    }),
    nodes: param.int({ label: 'Nodes in the ring at the start', min: 1, max: MAX_NODES, default: 4 }),
    maxNodes: param.int({ label: 'Cache nodes (spares join later)', min: 1, max: MAX_NODES, default: 6 }),
    keys: param.int({ label: 'Keys', min: 10, max: MAX_KEYS, default: 400 }),
    vnodes: param.int({ label: 'Virtual nodes per unit of weight', min: 1, max: 500, default: 100 }),
    epsilon: param.number({ label: 'ε of bounded loads', min: 0, max: 3, step: 0.05, default: 0.25 }),
    replicas: param.int({ label: 'Preference list length (replicas)', min: 1, max: 5, default: 3 }),
    variant: param.choice<'correct' | 'mod-n' | 'sticky-hot-key'>({
      label: 'Variant',
      options: [
        { value: 'correct', label: 'As published' },
        { value: 'mod-n', label: 'Broken: hash mod N' },
        { value: 'sticky-hot-key', label: 'Broken: bounded loads that follow a key’s first request' },
      ],
      default: 'correct',
    }),
  },
  [
    {
      field: 'nodes',
      problem: (p) => (p.nodes > p.maxNodes ? 'cannot exceed the number of cache nodes' : null),
    },
  ],
);

export type HashingParams = Params<typeof hashingParams>;
