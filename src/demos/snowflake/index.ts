import { lazy } from 'react';
import type { DemoPlugin } from '../../plugin/plugin';
import Duplicates from './Duplicates';
import IdBeingMade from './IdBeingMade';
import SequenceFill from './SequenceFill';
import { workerOf } from './worker';
import Workers from './Workers';
import './snowflake.css';

// Panels behind tabs that do not open first come with their tab (the charts bring D3's scales).
const IdStream = lazy(() => import('./IdStream'));
const RateChart = lazy(() => import('./RateChart'));
const ClockControls = lazy(() => import('./ClockControls'));
const Decoder = lazy(() => import('./Decoder'));

/** The machine's state names, in the reader's words. */
const ROLE_WORDS: Record<string, string> = { waitingForClock: 'waiting for its clock' };

/** Snowflake's views for the shared player, named as in machine.ts and the article. */
export const snowflakePlugin: DemoPlugin = {
  kind: 'player',
  describeNode(node) {
    const w = workerOf(node);
    const facts = [`seq ${w.sequence}`, `${w.issued} IDs`];
    if (w.refused > 0) facts.push(`${w.refused} refused`);
    if (w.queue > 0) facts.push(`${w.queue} queued`);
    // A worker's only timer is its clock reaching the reading it waits for.
    const clock = node.timers.find((t) => t.name === 'clock');
    return {
      role: ROLE_WORDS[node.role] ?? node.role,
      facts,
      timer: clock ? { label: 'waiting for its clock', setAt: clock.setAt, at: clock.at } : null,
    };
  },
  panels: [
    { id: 'duplicates', title: 'Duplicate detector', tab: 'Duplicates', Component: Duplicates },
    { id: 'id', title: 'The ID being made', tab: 'The ID', Component: IdBeingMade },
    {
      id: 'sequence',
      title: 'Sequence within the current time unit',
      tab: 'Sequence',
      Component: SequenceFill,
    },
    { id: 'stream', title: 'The stream of IDs', tab: 'Stream', Component: IdStream },
    { id: 'rate', title: 'IDs per time unit against the ceiling', tab: 'Rate', Component: RateChart },
    { id: 'clocks', title: 'Clocks', Component: ClockControls },
    { id: 'decoder', title: 'Decode and encode an ID', tab: 'Decoder', Component: Decoder },
  ],
  leader: () => null,
  faults: {
    node: ['crash', 'restart', 'pause', 'clock-jump', 'clock-rate'],
    messages: false,
    partitions: false,
    network: false,
    client: { label: 'Ask a worker for IDs', placeholder: '5', hint: 'How many IDs, from 1 to 100,000.' },
  },
  // A steady-load run lasts about 30 ms: at 0.005x a reader watches it for six seconds.
  defaultSpeed: 0.005,
  cue: () =>
    'Each worker makes IDs from its own clock, its worker number and a sequence; none talks to another. Step a clock back from a worker’s menu to see what each layout does.',
  spaceTime: false,
  Stage: Workers,
  timerLegend: 'waiting for its clock',
  roles: [
    { role: 'ready', colour: 'var(--ok)' },
    { role: 'waiting for its clock', colour: 'var(--warn)' },
    { role: 'refusing', colour: 'var(--danger)' },
  ],
};

export default snowflakePlugin;
