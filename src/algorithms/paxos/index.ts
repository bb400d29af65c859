/**
 * Paxos, as the player, the command line and the explorer load it. Single-decree Paxos and
 * Multi-Paxos are one module with a `mode` parameter: Multi-Paxos is the single-decree protocol
 * run for every slot of a log, with phase 1 done once for all slots by a distinguished proposer,
 * so the acceptor, the invariants, the scenarios and the views are the same code, and a
 * scenario (or a broken variant) can be replayed in either mode.
 */
import { defineAlgorithm } from '../../sim/module';
import type { WorldView } from '../../sim/types';
import { ChosenLog } from './chosenlog';
import { paxosSpec } from './cluster';
import { rivalsGenerator, swarmGenerator } from './explore';
import { INVARIANTS } from './invariants';
import { paxosParams, VARIANTS } from './params';
import { scenarios } from './scenarios';
import { ballotText, type PaxosContext, type PaxosParams, type PaxosView } from './types';

export type PaxosLogs = {
  /** The observer's record: when each value was chosen, and when each learner learned it. */
  chosen: ChosenLog;
};

const GENERATORS = [swarmGenerator, rivalsGenerator];
const HORIZON: Record<string, number> = { swarm: 1_500_000, rivals: 900_000 };

/** The client requests some server has learned were chosen. */
export function committedRequests(world: WorldView): number[] {
  const seen = new Set<number>();
  for (const node of world.nodes) {
    const state = node.state as PaxosView;
    for (const value of Object.values(state.learned)) if (value.request !== null) seen.add(value.request);
  }
  return [...seen];
}

export const paxos = defineAlgorithm<PaxosContext, PaxosView, PaxosParams, PaxosLogs>({
  id: 'paxos',
  title: 'Paxos',
  summary:
    'Single-decree Paxos as in Paxos Made Simple (prepare and promise, accept and accepted, acceptors on stable storage), and Multi-Paxos with a distinguished proposer and a log.',
  nodeNoun: { one: 'server', many: 'servers' },
  params: paxosParams,
  logs: () => ({ chosen: new ChosenLog() }),
  spec: (_params, logs) => paxosSpec(logs.chosen),
  scenarios,
  invariants: [...INVARIANTS],
  variants: VARIANTS,
  exploration: {
    generators: GENERATORS,
    horizon: (generator) => HORIZON[generator] ?? 1_500_000,
    sizeParams: ['nodes'],
  },
  comparison: {
    with: ['raft'],
    params: { mode: 'multi' },
    committed: committedRequests,
  },
  requestTitle(payload, node) {
    const text = typeof payload === 'string' ? payload : JSON.stringify(payload ?? '');
    return `A client asks${node ? ` ${node}` : ''} to propose ${text}`;
  },
  describeNode(node) {
    const s = node.state;
    const accepted = Object.entries(s.accepted)
      .map(([slot, p]) => `${slot}:${p.value.v}@${ballotText(p.ballot)}`)
      .join(',');
    const learned = Object.entries(s.learned)
      .map(([slot, v]) => `${slot}:${v.v}`)
      .join(',');
    return `promised=${ballotText(s.promised)} accepted=[${accepted}] learned=[${learned}]`;
  },
  report(run) {
    const rows = run.logs.chosen.chosenThrough(run.cursor());
    return rows.length === 0
      ? ['Nothing chosen.']
      : rows.map(
          (r) => `Slot ${r.slot}: ${r.value.v} chosen at ${r.time / 1000} ms in ${ballotText(r.ballot)}`,
        );
  },
});

export default paxos;
export { paxosParams, VARIANTS } from './params';
export type { PaxosContext, PaxosView, PaxosParams } from './types';
export type PaxosRun = ReturnType<typeof paxos.createRun>;
