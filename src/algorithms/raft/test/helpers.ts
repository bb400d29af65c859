import { createActor } from 'xstate';
import { collectEffects } from '../../../sim/effects';
import type { Effect } from '../../../sim/spec';
import type { NodeId } from '../../../sim/types';
import { raftMachine, type RaftEvent } from '../machine';
import type {
  AppendEntries,
  LogEntry,
  PersistentState,
  RaftConfig,
  RaftContext,
  RaftMessage,
  Variant,
} from '../types';

export function config(
  id: NodeId,
  size = 5,
  variant: Variant = 'correct',
  preVote = false,
  members?: readonly NodeId[],
): RaftConfig {
  const all = Array.from({ length: size }, (_, i) => `S${i + 1}`);
  return {
    id,
    peers: all.filter((n) => n !== id),
    clusterSize: size,
    initialMembers: members ?? all,
    electionTimeoutMin: 150_000,
    electionTimeoutMax: 300_000,
    heartbeatInterval: 50_000,
    batchSize: 16,
    variant,
    preVote,
  };
}

let request = 1000;

export function entry(term: number, value = `v${request}`): LogEntry {
  return { term, command: { key: 'x', value, request: request++ } };
}

export function logOf(...terms: number[]): LogEntry[] {
  return terms.map((t) => entry(t));
}

/** One Raft server as a live actor, with the effects of the last event at hand. */
export function server(
  id: NodeId,
  options: {
    size?: number;
    persisted?: PersistentState;
    variant?: Variant;
    preVote?: boolean;
    /** The initial configuration, when not every server of the run. */
    members?: readonly NodeId[];
  } = {},
) {
  // The machine hands its effects over while the kernel (here: this helper) collects them.
  const startEffects: Effect[] = [];
  let actor!: ReturnType<typeof createActor<typeof raftMachine>>;
  collectEffects(() => {
    actor = createActor(raftMachine, {
      input: {
        config: config(
          id,
          options.size ?? 5,
          options.variant ?? 'correct',
          options.preVote ?? false,
          options.members,
        ),
        ...(options.persisted ? { persisted: options.persisted } : {}),
      },
    });
    actor.start();
  }, startEffects);
  return {
    startEffects,
    send(event: RaftEvent): Effect[] {
      return collectEffects(() => actor.send(event));
    },
    get ctx(): RaftContext {
      return actor.getSnapshot().context;
    },
    get role(): string {
      return actor.getSnapshot().value as string;
    },
  };
}

export function messages(effects: Effect[]): { to: NodeId; message: RaftMessage }[] {
  return effects.flatMap((e) => (e.type === 'send' ? [{ to: e.to, message: e.message as RaftMessage }] : []));
}

export function only<T extends RaftMessage['type']>(
  effects: Effect[],
  type: T,
): Extract<RaftMessage, { type: T }> {
  const found = messages(effects).filter((m) => m.message.type === type);
  if (found.length !== 1) throw new Error(`expected one ${type}, got ${found.length}`);
  return found[0]?.message as Extract<RaftMessage, { type: T }>;
}

export function appendEntries(fields: Partial<AppendEntries> & { term: number }): AppendEntries {
  return {
    type: 'AppendEntries',
    leaderId: 'S1',
    prevLogIndex: 0,
    prevLogTerm: 0,
    entries: [],
    leaderCommit: 0,
    ...fields,
  };
}

export const electionTimeout: RaftEvent = { type: 'timeout', timer: 'election' };

/** Makes S1 of a cluster of `size` leader of term 1 by timing out and collecting votes. */
export function electedLeader(size = 5, persisted?: PersistentState) {
  const s = server('S1', persisted ? { size, persisted } : { size });
  s.send(electionTimeout);
  for (let i = 2; i <= size && s.role !== 'leader'; i++) {
    s.send({ type: 'RequestVoteResponse', term: s.ctx.currentTerm, voteGranted: true, from: `S${i}` });
  }
  return s;
}
