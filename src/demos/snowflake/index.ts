import Decoder from './Decoder';
import type { DemoPlugin } from '../../plugin/plugin';
import ClockControls from './ClockControls';
import Duplicates from './Duplicates';
import IdBeingMade from './IdBeingMade';
import IdStream from './IdStream';
import RateChart from './RateChart';
import SequenceFill from './SequenceFill';
import { workerOf } from './worker';
import './snowflake.css';

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
      role: node.role,
      facts,
      timer: clock ? { label: 'waiting for its clock', setAt: clock.setAt, at: clock.at } : null,
    };
  },
  panels: [
    { id: 'duplicates', title: 'Duplicate detector', Component: Duplicates },
    { id: 'id', title: 'The ID being made', Component: IdBeingMade },
    { id: 'sequence', title: 'Sequence within the current time unit', Component: SequenceFill },
    { id: 'stream', title: 'The stream of IDs', Component: IdStream },
    { id: 'rate', title: 'IDs per time unit against the ceiling', Component: RateChart },
    { id: 'clocks', title: 'Clocks', Component: ClockControls },
    { id: 'decoder', title: 'Decode and encode an ID', Component: Decoder },
  ],
  leader: () => null,
  timerLegend: 'waiting for its clock',
  roles: [
    { role: 'ready', colour: 'var(--ok)' },
    { role: 'waitingForClock', colour: 'var(--warn)' },
    { role: 'refusing', colour: 'var(--danger)' },
  ],
};

export default snowflakePlugin;
