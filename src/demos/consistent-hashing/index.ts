import { lazy } from 'react';
import type { NodeState } from '../../algorithms/consistent-hashing/cluster';
import type { DemoPlugin } from '../../plugin/plugin';
import HashStage from './HashStage';
import './consistent-hashing.css';

// Panels behind tabs come with their tab: the plot places keys 10 times over, the worker is big.
const LoadTable = lazy(() => import('./LoadTable'));
const VnodePlot = lazy(() => import('./VnodePlot'));
const Lookup = lazy(() => import('./Lookup'));
const Scale = lazy(() => import('./Scale'));

/** Consistent hashing's views for the shared player, named as in machine.ts and the article. */
export const hashingPlugin: DemoPlugin = {
  kind: 'player',
  describeNode(node) {
    const s = node.state as NodeState;
    if (s.role === 'clients') {
      return { role: 'clients', facts: s.hot > 0 ? [`hot key ×${s.hot}`] : [], timer: null };
    }
    return {
      role: s.member ? 'in the ring' : 'spare',
      facts: s.weight !== 1 ? [`weight ${s.weight}`] : [],
      timer: null,
    };
  },
  panels: [
    { id: 'loads', title: 'Load per node', tab: 'Loads', Component: LoadTable },
    { id: 'vnodes', title: 'Balance against virtual nodes', tab: 'Virtual nodes', Component: VnodePlot },
    { id: 'lookup', title: 'Look up a key: its node and preference list', tab: 'Lookup', Component: Lookup },
    { id: 'scale', title: 'A million keys in a Web Worker', tab: 'A million keys', Component: Scale },
  ],
  leader: () => null,
  faults: {
    node: ['crash', 'restart'],
    messages: false,
    partitions: false,
    network: false,
    client: {
      label: 'Change the membership',
      placeholder: 'leave',
      hint: 'join, leave or weight 2 to a cache node; the buttons above the picture add a hot key and the Lookup tab looks keys up.',
      accepts: (node) => (node.state as NodeState).role === 'cache',
    },
  },
  // Changes come 0.6 s apart in virtual time: at half speed, one every 1.2 s.
  defaultSpeed: 0.5,
  cue: () =>
    'Keys sit on the circle at their hash, coloured by the node that holds them; the keys a change moved are drawn larger. Add or remove a node above the picture.',
  spaceTime: false,
  Stage: HashStage,
  roles: [
    { role: 'in the ring', colour: 'var(--ok)' },
    { role: 'spare', colour: 'var(--muted)' },
    { role: 'clients', colour: 'var(--accent)' },
  ],
};

export default hashingPlugin;
