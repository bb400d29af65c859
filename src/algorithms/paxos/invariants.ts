/**
 * The safety properties of Paxos (section 2.1 of "Paxos Made Simple"), checked after every event
 * by an observer that sees every acceptor at once. A value is chosen for a slot the moment a
 * majority of acceptors has accepted one proposal (one number and value), whether or not anyone
 * knows yet; the checker keeps every acceptance it has seen, since a later one overwrites it.
 */
import type { CheckedEvent, Finding, InvariantChecker, NodeStatus } from '../../sim/spec';
import type { NodeId } from '../../sim/types';
import type { ChosenLog, ChosenRow, LearnedRow } from './chosenlog';
import { ballotText, sameValue, type Ballot, type PaxosContext, type Value } from './types';

export const AGREEMENT = 'At most one value chosen';
export const VALIDITY = 'Only a proposed value is chosen';
export const STABILITY = 'A chosen value never changes';
export const LEARNED_CHOSEN = 'Learners learn only chosen values';

export const INVARIANTS = [
  {
    id: 'agreement',
    name: AGREEMENT,
    description: 'For each slot, no two different values are ever chosen (accepted by a majority).',
  },
  {
    id: 'validity',
    name: VALIDITY,
    description: 'A chosen value is one some proposer was given: its own, a client’s command, or a no-op.',
  },
  {
    id: 'stability',
    name: STABILITY,
    description:
      'Once a value is chosen for a slot, every proposal with a higher number for that slot carries that value (P2b).',
  },
  {
    id: 'learned-chosen',
    name: LEARNED_CHOSEN,
    description: 'A learner learns a value for a slot only if it is the value chosen for that slot.',
  },
] as const;

interface Ghost {
  /** Per "slot:ballot": the value and the acceptors that ever accepted it. */
  votes: Record<string, { value: Value; acceptors: NodeId[] }>;
  chosen: Record<number, { value: Value; ballot: Ballot }>;
  proposed: string[];
  learned: string[];
}

const key = (v: Value) => `${v.v}#${v.request ?? ''}`;

export class PaxosChecker implements InvariantChecker<PaxosContext> {
  readonly names = INVARIANTS.map((i) => i.name);
  private g: Ghost = { votes: {}, chosen: {}, proposed: ['no-op#'], learned: [] };
  private proposed = new Set(this.g.proposed);
  private learned = new Set<string>();

  constructor(private readonly log?: ChosenLog) {}

  check(nodes: readonly NodeStatus<PaxosContext>[], changed: number, event: CheckedEvent): Finding[] {
    const findings: Finding[] = [];
    const majority = Math.floor(nodes.length / 2) + 1;
    const chosenRows: ChosenRow[] = [];
    const learnedRows: LearnedRow[] = [];
    const which = changed >= 0 ? [nodes[changed] as NodeStatus<PaxosContext>] : nodes;
    for (const node of which) {
      const ctx = node.context;
      for (const input of ctx.inputs) {
        const k = key(input);
        if (!this.proposed.has(k)) {
          this.proposed.add(k);
          this.g.proposed.push(k);
        }
      }
      for (const [slotText, proposal] of Object.entries(ctx.accepted)) {
        const slot = Number(slotText);
        const vk = `${slot}:${proposal.ballot}`;
        const entry = this.g.votes[vk] ?? (this.g.votes[vk] = { value: proposal.value, acceptors: [] });
        if (!entry.acceptors.includes(node.id)) entry.acceptors.push(node.id);
        const chosen = this.g.chosen[slot];
        if (chosen && proposal.ballot > chosen.ballot && !sameValue(proposal.value, chosen.value)) {
          findings.push({
            invariant: STABILITY,
            detail: `${node.id} accepted ${proposal.value.v} in proposal ${ballotText(proposal.ballot)} for slot ${slot}, after ${chosen.value.v} was chosen in ${ballotText(chosen.ballot)}`,
          });
        }
        if (entry.acceptors.length >= majority && (!chosen || chosen.ballot !== proposal.ballot)) {
          if (chosen && !sameValue(chosen.value, entry.value)) {
            findings.push({
              invariant: AGREEMENT,
              detail: `slot ${slot}: ${entry.value.v} is chosen in proposal ${ballotText(proposal.ballot)} (accepted by ${entry.acceptors.join(', ')}), but ${chosen.value.v} was chosen in ${ballotText(chosen.ballot)}`,
            });
          }
          if (!chosen) {
            this.g.chosen[slot] = { value: entry.value, ballot: proposal.ballot };
            chosenRows.push({
              index: event.index,
              time: event.time,
              slot,
              value: entry.value,
              ballot: proposal.ballot,
              acceptors: [...entry.acceptors],
            });
            if (!this.proposed.has(key(entry.value))) {
              findings.push({
                invariant: VALIDITY,
                detail: `slot ${slot}: ${entry.value.v} is chosen, but no proposer was ever given it`,
              });
            }
          }
        }
      }
    }
    for (const node of which) {
      for (const [slotText, value] of Object.entries(node.context.learned)) {
        const slot = Number(slotText);
        const lk = `${node.id}:${slot}`;
        if (!this.learned.has(lk)) {
          this.learned.add(lk);
          this.g.learned.push(lk);
          learnedRows.push({ index: event.index, time: event.time, slot, node: node.id });
        }
        const chosen = this.g.chosen[slot];
        if (!chosen || !sameValue(chosen.value, value)) {
          findings.push({
            invariant: LEARNED_CHOSEN,
            detail: chosen
              ? `${node.id} learned ${value.v} for slot ${slot}, but ${chosen.value.v} was chosen`
              : `${node.id} learned ${value.v} for slot ${slot}, which nothing was chosen for`,
          });
        }
      }
    }
    if (this.log?.wants(event.index)) this.log.write(event.index, chosenRows, learnedRows);
    return findings;
  }

  save(): unknown {
    return structuredClone(this.g);
  }

  load(saved: unknown): void {
    this.g = structuredClone(saved as Ghost);
    this.proposed = new Set(this.g.proposed);
    this.learned = new Set(this.g.learned);
  }
}
