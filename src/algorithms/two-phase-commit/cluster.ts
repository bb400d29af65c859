/**
 * How two-phase commit maps onto the kernel: one coordinator C and participants P1..Pn, each an
 * instance of the same machine with its role in the input; the log is the persistent state; the
 * narration says what each event did in the protocol's words.
 */
import { formatDuration, listNames } from '../../sim/format';
import { SimulationRun, type RunOptions } from '../../sim/run';
import { validateScenario } from '../../sim/scenario';
import type { Effect, NarrationInput, SimMessage, SimulationSpec } from '../../sim/spec';
import type { Action, Micros, NodeId, Scenario, WorldView } from '../../sim/types';
import { createChecker } from './invariants';
import { FORCED_TIMER, loggedDecision, twoPhaseCommitMachine, type MachineInput } from './machine';
import type {
  LogRecord,
  NodeConfig,
  PersistentState,
  TwoPhaseCommitContext,
  TwoPhaseCommitMessage,
  TwoPhaseCommitParams,
  TwoPhaseCommitViewState,
  Variant,
} from './types';

export const ALGORITHM_ID = 'two-phase-commit';
export const COORDINATOR = 'C';
const MS = 1000;

export const DEFAULT_PARAMS: TwoPhaseCommitParams = {
  participants: 3,
  voteTimeout: 300,
  decisionTimeout: 400,
  latencyMin: 20,
  latencyMax: 60,
  loss: 0,
  duplication: 0,
  cooperativeTermination: false,
  variant: 'correct',
};

const VARIANTS: readonly Variant[] = ['correct', 'unilateral-abort-when-prepared'];

function numberParam(
  raw: Record<string, unknown>,
  key: keyof TwoPhaseCommitParams,
  min: number,
  max: number,
): number {
  const value = raw[key] ?? DEFAULT_PARAMS[key];
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new Error(`${key} must be a number, got ${String(value)}`);
  if (value < min || value > max) throw new Error(`${key} must be between ${min} and ${max}, got ${value}`);
  return value;
}

/** Validate and fill in parameters; every error names the parameter. */
export function parseParams(raw: Record<string, unknown>): TwoPhaseCommitParams {
  const known = new Set(Object.keys(DEFAULT_PARAMS));
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) throw new Error(`Unknown parameter "${key}" (known: ${[...known].join(', ')})`);
  }
  const participants = numberParam(raw, 'participants', 2, 7);
  if (!Number.isInteger(participants))
    throw new Error(`participants must be a whole number, got ${participants}`);
  const latencyMin = numberParam(raw, 'latencyMin', 0, 10_000);
  const latencyMax = numberParam(raw, 'latencyMax', 0, 10_000);
  if (latencyMax < latencyMin)
    throw new Error(`latencyMax (${latencyMax}) must not be below latencyMin (${latencyMin})`);
  const cooperative = raw.cooperativeTermination ?? DEFAULT_PARAMS.cooperativeTermination;
  if (typeof cooperative !== 'boolean') throw new Error('cooperativeTermination must be true or false');
  const variant = raw.variant ?? DEFAULT_PARAMS.variant;
  if (!VARIANTS.includes(variant as Variant)) {
    throw new Error(`variant must be one of ${VARIANTS.join(', ')}, got ${String(variant)}`);
  }
  return {
    participants,
    voteTimeout: numberParam(raw, 'voteTimeout', 1, 60_000),
    decisionTimeout: numberParam(raw, 'decisionTimeout', 1, 60_000),
    latencyMin,
    latencyMax,
    loss: numberParam(raw, 'loss', 0, 1),
    duplication: numberParam(raw, 'duplication', 0, 1),
    cooperativeTermination: cooperative,
    variant: variant as Variant,
  };
}

export function participantIds(count: number): NodeId[] {
  return Array.from({ length: count }, (_, i) => `P${i + 1}`);
}

export function nodeConfig(node: NodeId, params: TwoPhaseCommitParams): NodeConfig {
  return {
    id: node,
    role: node === COORDINATOR ? 'coordinator' : 'participant',
    coordinator: COORDINATOR,
    participants: participantIds(params.participants),
    voteTimeout: Math.round(params.voteTimeout * MS),
    decisionTimeout: Math.round(params.decisionTimeout * MS),
    cooperativeTermination: params.cooperativeTermination,
    variant: params.variant,
  };
}

export function freshInput(node: NodeId, params: TwoPhaseCommitParams): MachineInput {
  return { config: nodeConfig(node, params), log: [], recovered: false };
}

export function restartInput(node: NodeId, params: TwoPhaseCommitParams, persisted: unknown): MachineInput {
  const log = (persisted as PersistentState | undefined)?.log ?? [];
  return { config: nodeConfig(node, params), log: [...log], recovered: true };
}

export function persistentState(context: TwoPhaseCommitContext): PersistentState {
  return { log: [...context.log] };
}

export function viewState(context: TwoPhaseCommitContext, state: string): TwoPhaseCommitViewState {
  return {
    role: context.config.role,
    state,
    log: context.log,
    decision: loggedDecision(context.log),
    prepared: context.prepared,
    acks: context.acks,
    locksHeld: context.locksHeld,
    locksHeldSince: null,
    inDoubt: context.config.role === 'participant' && state === 'prepared',
  };
}

/** The protocol state a context implies (the kernel's view state sees the context only). */
function stateOf(context: TwoPhaseCommitContext): string {
  const decision = loggedDecision(context.log);
  if (decision) return decision === 'commit' ? 'committed' : 'aborted';
  if (context.config.role === 'coordinator') return 'init';
  return context.log.includes('prepared') ? 'prepared' : 'working';
}

export function label(message: SimMessage): string {
  const m = message as TwoPhaseCommitMessage;
  switch (m.type) {
    case 'Prepared':
      return `Prepared: ${m.rm} votes yes`;
    case 'VoteNo':
      return `VoteNo: ${m.rm} votes no`;
    case 'Ack':
      return `Ack: ${m.rm} has ${m.decision === 'commit' ? 'committed' : 'aborted'}`;
    case 'DecisionRequest':
      return `DecisionRequest: ${m.rm} asks for the outcome`;
    case 'DecisionReply':
      return `DecisionReply: ${m.from} knows ${m.decision}`;
    default:
      return m.type;
  }
}

// -------------------------------------------------------------------------------------------------
// Narration

const RECORD_WORDS: Record<LogRecord, string> = { prepared: 'PREPARED', commit: 'COMMIT', abort: 'ABORT' };

/** "sends Commit to P1, P2 and P3 and Prepared to C" from a list of effects. */
function describeSends(effects: readonly Effect[]): string | null {
  const byKind = new Map<string, NodeId[]>();
  for (const e of effects) {
    if (e.type !== 'send') continue;
    const kind = e.message.type;
    byKind.set(kind, [...(byKind.get(kind) ?? []), e.to]);
  }
  if (byKind.size === 0) return null;
  return `sends ${listNames([...byKind].map(([kind, to]) => `${kind} to ${listNames(to)}`))}`;
}

function newRecords(before: readonly LogRecord[] | undefined, after: readonly LogRecord[]): LogRecord[] {
  return after.slice(before?.length ?? 0);
}

/** What the process did: log, lock, send, in that order. */
function describeEffects(input: NarrationInput<TwoPhaseCommitContext>): string[] {
  const parts: string[] = [];
  const after = input.after?.context;
  if (!after) return parts;
  const records = newRecords(input.before?.context.log, after.log);
  if (records.length > 0 && input.effects.some((e) => e.type === 'persist')) {
    parts.push(`logs ${records.map((r) => RECORD_WORDS[r]).join(' and ')}`);
  }
  const hadLocks = input.before?.context.locksHeld ?? false;
  if (!hadLocks && after.locksHeld)
    parts.push(input.kind === 'restart' ? 'takes its locks again' : 'takes its locks');
  if (hadLocks && !after.locksHeld) parts.push('releases its locks');
  const sends = describeSends(input.effects);
  if (sends) parts.push(sends);
  return parts;
}

function sentence(subject: string, parts: readonly string[], otherwise: string): string {
  if (parts.length === 0) return `${subject}${otherwise}`;
  return `${subject}: it ${listNames(parts)}`;
}

function describeDelivery(input: NarrationInput<TwoPhaseCommitContext>): string {
  const node = input.node as NodeId;
  const body = input.message?.body as TwoPhaseCommitMessage;
  const from = input.message?.from ?? '?';
  const before = input.before;
  const after = input.after;
  const stateBefore = before ? stateOf(before.context) : '';
  const stateAfter = after ? stateOf(after.context) : '';
  const parts = describeEffects(input);
  const subject = `${node} receives ${body.type} from ${from}`;
  const changed = stateBefore !== stateAfter;
  switch (body.type) {
    case 'Prepare':
      if (stateBefore === 'working') return `${subject}: it votes yes; it ${listNames(parts)}`;
      if (stateBefore === 'prepared') return `${subject} again: it repeats its yes vote`;
      if (stateBefore === 'aborted') return `${subject}, but it has aborted: it votes no`;
      return `${subject}; it has already committed and ignores it`;
    case 'Prepared': {
      if (stateBefore === 'init' && after) {
        const count = after.context.prepared.length;
        const total = after.context.config.participants.length;
        if (changed) return `${node} has every yes vote: it ${listNames(parts)}`;
        if (before?.context.prepared.includes(body.rm))
          return `${subject} again: ${body.rm}'s vote is counted once`;
        return `${subject}: ${body.rm} votes yes (${count} of ${total})`;
      }
      return `${subject} after the decision: the late vote changes nothing${parts.length > 0 ? `; it ${listNames(parts)}` : ''}`;
    }
    case 'VoteNo':
      if (changed) return `${subject}: ${body.rm} votes no, so ${node} aborts; it ${listNames(parts)}`;
      return `${subject}: it has already decided`;
    case 'Commit':
    case 'Abort': {
      const outcome = body.type === 'Commit' ? 'commits' : 'aborts';
      if (changed) return `${subject}: it ${outcome}; it ${listNames(parts)}`;
      if (stateBefore === 'committed' || stateBefore === 'aborted') {
        const same = (body.type === 'Commit') === (stateBefore === 'committed');
        if (same) return sentence(`${subject}: it has already ${stateBefore}, nothing changes`, parts, '');
        return `${subject}, but it has already ${stateBefore}: it ignores it`;
      }
      return `${subject}; it ignores it`;
    }
    case 'Ack': {
      if (!after) return subject;
      if (before?.context.acks.includes(body.rm)) return `${subject} again: nothing changes`;
      const acks = after.context.acks.length;
      const total = after.context.config.participants.length;
      return `${subject}: ${body.rm} has ${body.decision === 'commit' ? 'committed' : 'aborted'} (${acks} of ${total} acknowledged)${acks === total ? `; ${node} can forget the transaction` : ''}`;
    }
    case 'DecisionRequest': {
      const asker = body.rm;
      if (stateBefore === 'working' && changed) {
        return `${subject}: it has not voted, so it aborts; it ${listNames(parts)}`;
      }
      if (parts.some((p) => p.startsWith('sends')))
        return `${subject}: it knows the outcome; it ${listNames(parts)}`;
      if (stateBefore === 'init') return `${subject}: ${node} has not decided yet and keeps collecting votes`;
      return `${subject}: it is in doubt too and cannot help ${asker}`;
    }
    case 'DecisionReply':
      if (changed)
        return `${subject}: ${body.from} knows the outcome, so ${node} ${body.decision === 'commit' ? 'commits' : 'aborts'}; it ${listNames(parts)}`;
      return `${subject}: it already knows the outcome`;
  }
}

function describeTimer(input: NarrationInput<TwoPhaseCommitContext>): string {
  const node = input.node as NodeId;
  const before = input.before ? stateOf(input.before.context) : '';
  const after = input.after ? stateOf(input.after.context) : '';
  const parts = describeEffects(input);
  const forced = input.timer === FORCED_TIMER;
  const context = input.after?.context;
  if (context?.config.role === 'coordinator') {
    if (input.timer === 'start') return `${node} starts two-phase commit: phase one, it ${listNames(parts)}`;
    if (before === 'init' && after === 'aborted') {
      return `${node} ${forced ? 'is made to time out' : 'times out waiting for votes'}: it aborts; it ${listNames(parts)}`;
    }
    if (parts.length > 0) return `${node} has not heard every acknowledgement: it ${listNames(parts)}`;
    return `${node}'s ${input.timer ?? ''} timer fires; nothing to do`;
  }
  if (before === 'prepared' && after === 'aborted') {
    return `${node} hears nothing and aborts on its own although it voted yes (the broken variant); it ${listNames(parts)}`;
  }
  if (before === 'prepared') return `${node} is in doubt and hears nothing: it ${listNames(parts)}`;
  return `${node}'s ${input.timer ?? ''} timer fires; nothing to do`;
}

function describeRestart(input: NarrationInput<TwoPhaseCommitContext>): string {
  const node = input.node as NodeId;
  const context = input.after?.context;
  if (!context) return `${node} restarts`;
  const sends = describeSends(input.effects);
  const then = sends ? `; it ${sends}` : '';
  const persisted = input.effects.some((e) => e.type === 'persist');
  const state = stateOf(context);
  if (context.config.role === 'coordinator') {
    if (persisted)
      return `${node} restarts with no decision on its log: presumed abort, it logs ABORT${then}`;
    return `${node} restarts and reads ${state === 'committed' ? 'COMMIT' : 'ABORT'} from its log${then}`;
  }
  if (state === 'prepared') {
    return `${node} restarts and reads PREPARED from its log: in doubt, it takes its locks again${then}`;
  }
  if (persisted)
    return `${node} restarts with no PREPARED on its log: its unprepared work is lost, so it logs ABORT`;
  return `${node} restarts and reads ${state === 'committed' ? 'COMMIT' : 'ABORT'} from its log: it has ${state}`;
}

function describeCrash(input: NarrationInput<TwoPhaseCommitContext>): string {
  const node = input.node as NodeId;
  const context = input.before?.context;
  if (!context) return `${node} crashes`;
  const log = context.log.length === 0 ? 'nothing' : context.log.map((r) => RECORD_WORDS[r]).join(', ');
  const locks = context.locksHeld ? ' (its locks stay taken: the data is still reserved)' : '';
  return `${node} crashes: its volatile state is lost; its log holds ${log}${locks}`;
}

function describeAction(input: NarrationInput<TwoPhaseCommitContext>, action: Action): string | null {
  if (action.type === 'timeout') return describeTimer(input);
  if (action.type !== 'client') return null;
  const node = input.node as NodeId;
  if (action.payload !== 'abort')
    return `${node} ignores a client request it does not know (only "abort" means something here)`;
  const before = input.before ? stateOf(input.before.context) : '';
  const after = input.after ? stateOf(input.after.context) : '';
  if (before === 'init' && after === 'aborted') {
    return `${node} is asked to abort before it has decided (it may): it ${listNames(describeEffects(input))}`;
  }
  if (before === 'working' && after === 'aborted') {
    return `${node} aborts its transaction on its own (allowed while working): it ${listNames(describeEffects(input))}`;
  }
  if (before === 'prepared')
    return `${node} is asked to abort but has voted yes: it may not decide alone, and refuses`;
  return `${node} is asked to abort; it is ${before} and nothing changes`;
}

export function narrate(input: NarrationInput<TwoPhaseCommitContext>): string | null {
  switch (input.kind) {
    case 'deliver':
      return describeDelivery(input);
    case 'timer':
      return describeTimer(input);
    case 'restart':
      return describeRestart(input);
    case 'crash':
      return describeCrash(input);
    case 'action':
      return input.action ? describeAction(input, input.action) : null;
    default:
      return null;
  }
}

// -------------------------------------------------------------------------------------------------
// The spec and the run

export const twoPhaseCommitSpec: SimulationSpec<
  TwoPhaseCommitContext,
  TwoPhaseCommitViewState,
  TwoPhaseCommitParams
> = {
  nodeIds: (params) => [COORDINATOR, ...participantIds(params.participants)],
  machine: twoPhaseCommitMachine,
  input: (node, _nodes, params) => freshInput(node, params),
  persistent: persistentState,
  restartInput: (node, _nodes, params, persisted) => restartInput(node, params, persisted),
  network: (params) => ({
    latencyMin: Math.round(params.latencyMin * MS),
    latencyMax: Math.round(params.latencyMax * MS),
    loss: params.loss,
    duplication: params.duplication,
  }),
  forcedTimer: FORCED_TIMER,
  clientTarget: () => null,
  viewState: (context) => viewState(context, stateOf(context)),
  label,
  narrate,
  createChecker,
};

interface LockChange {
  /** The trace index after which the change was seen. */
  index: number;
  node: NodeId;
  held: boolean;
  time: Micros;
}

/**
 * The kernel's run plus one thing machines cannot know: when each participant took its locks
 * (machines see no clock). Changes are recorded as new events are computed; history never changes
 * except by `act`, which discards the future.
 */
export class TwoPhaseCommitRun extends SimulationRun<
  TwoPhaseCommitContext,
  TwoPhaseCommitViewState,
  TwoPhaseCommitParams
> {
  private lockChanges: LockChange[] = [];
  private held = new Map<NodeId, boolean>();

  override step(): boolean {
    const computing = this.cursor() === this.length() - 1;
    const moved = super.step();
    if (moved && computing) this.recordLocks();
    return moved;
  }

  override act(action: Action): void {
    const cursor = this.cursor();
    this.lockChanges = this.lockChanges.filter((c) => c.index <= cursor);
    this.held = new Map();
    for (const c of this.lockChanges) this.held.set(c.node, c.held);
    super.act(action);
    this.recordLocks();
  }

  override view(): WorldView<TwoPhaseCommitViewState> {
    const world = super.view();
    const since = new Map<NodeId, Micros>();
    for (const c of this.lockChanges) {
      if (c.index > world.cursor) break;
      if (c.held) since.set(c.node, c.time);
      else since.delete(c.node);
    }
    return {
      ...world,
      nodes: world.nodes.map((n) =>
        n.state.locksHeld || n.state.inDoubt
          ? { ...n, state: { ...n.state, locksHeldSince: since.get(n.id) ?? null } }
          : n,
      ),
    };
  }

  private recordLocks(): void {
    const index = this.cursor();
    for (const node of this.nodes()) {
      const held =
        node.context.locksHeld ||
        (node.context.config.role === 'participant' && stateOf(node.context) === 'prepared');
      if ((this.held.get(node.id) ?? false) === held) continue;
      this.held.set(node.id, held);
      this.lockChanges.push({ index, node: node.id, held, time: this.time() });
    }
  }
}

/** A shared scenario is untrusted: every node it names must exist. */
function checkNodeNames(scenario: Scenario, nodes: readonly NodeId[]): void {
  const known = new Set(nodes);
  const check = (name: string, path: string): void => {
    if (!known.has(name)) {
      throw new Error(
        `${path}: no process named ${JSON.stringify(name)} (processes are ${nodes.join(', ')})`,
      );
    }
  };
  scenario.actions.forEach(({ action }, i) => {
    const path = `scenario.actions[${i}].action`;
    if ('node' in action && action.node !== undefined) check(action.node, `${path}.node`);
    if (action.type === 'partition') {
      action.groups.forEach((g, gi) => g.forEach((n, ni) => check(n, `${path}.groups[${gi}][${ni}]`)));
    }
    if (action.type === 'set-link-latency') {
      check(action.from, `${path}.from`);
      check(action.to, `${path}.to`);
    }
  });
}

export function createRun(raw: Scenario, options?: RunOptions): TwoPhaseCommitRun {
  const scenario = validateScenario(raw);
  if (scenario.algorithm !== ALGORITHM_ID) {
    throw new Error(
      `scenario.algorithm: this is the two-phase commit simulator, got ${JSON.stringify(scenario.algorithm)}`,
    );
  }
  const params = parseParams(scenario.params);
  checkNodeNames(scenario, twoPhaseCommitSpec.nodeIds(params));
  return new TwoPhaseCommitRun(twoPhaseCommitSpec, { ...scenario, params: { ...params } }, params, options);
}

/** "300 ms" for narration and docs. */
export function describeTimeout(ms: number): string {
  return formatDuration(ms * MS);
}
