/** How the Paxos views read a server and the observer's log, at the cursor. */
import type { PaxosView } from '../../algorithms/paxos';
import type { ChosenLog, ChosenRow, LearnedRow } from '../../algorithms/paxos/chosenlog';
import { ballotText } from '../../algorithms/paxos/types';
import type { NodeView } from '../../sim/types';
import { colour } from '../../viz/colours';

export interface ServerReading {
  id: string;
  up: boolean;
  phase: string;
  state: PaxosView;
}

export function readServer(node: NodeView): ServerReading {
  const state = node.state as PaxosView;
  return { id: node.id, up: node.up, phase: state.phase, state };
}

/** The roles as the legend and the outlines show them. */
export const ROLE_COLOURS = [
  { role: 'acceptor', colour: colour.muted },
  { role: 'preparing', colour: colour.warn },
  { role: 'proposing', colour: colour.accent },
  { role: 'leader', colour: colour.accent },
] as const;

export function paxosMessageColour(kind: string): string {
  if (kind === 'Prepare' || kind === 'Promise' || kind === 'Nack') return colour.warn;
  if (kind === 'Accept' || kind === 'Accepted') return colour.accent;
  if (kind === 'Chosen' || kind === 'Forward' || kind === 'CatchUp') return colour.ok;
  return colour.fg;
}

export { ballotText };

/** Per slot: the moment it was chosen and which learners knew by the cursor. */
export interface SlotStory {
  slot: number;
  chosen: ChosenRow;
  learned: LearnedRow[];
}

export function storiesAt(log: ChosenLog, cursor: number): SlotStory[] {
  const learned = log.learnedThrough(cursor);
  return log.chosenThrough(cursor).map((chosen) => ({
    slot: chosen.slot,
    chosen,
    learned: learned.filter((l) => l.slot === chosen.slot),
  }));
}
