/**
 * The algorithm contract: everything shared code (the player, the command line, the explorer, the
 * content schema, the tests) knows about an algorithm, declared in one place. An algorithm folder
 * exports one `AlgorithmModule` made with `defineAlgorithm`, which does the wiring every
 * algorithm needs (validate the scenario, parse the parameters, check node names, build the run).
 */
import type { EventLog } from './event-log';
import type { ParamField, ParamSchema } from './params';
import { tablesFor, translator, type Locale, type Messages, type Translate } from './i18n';
import { actionTitle } from './format';
import { SimulationRun, type RunOptions } from './run';
import { checkNodeNames, validateScenario } from './scenario';
import type { NodeStatus, SimulationSpec } from './spec';
import type {
  Action,
  Micros,
  NamedScenario,
  NodeId,
  NodeView,
  ParamSpec,
  Run,
  Scenario,
  TimedAction,
  Violation,
  WorldView,
} from './types';

/** A property the run checks after every event. `name` is what violations carry. */
export interface InvariantInfo {
  id: string;
  /** The invariant's name in English: violations and the checker name it so. */
  name: string;
  /** One line a reader understands. */
  description: string;
  /** The name in the reader's language, where the module was put in one (see `inLocale`). */
  title?: string;
}

/** The algorithm as published, or one of its deliberately broken variants. */
export interface VariantInfo {
  id: string;
  title: string;
  description: string;
  /** Ids of the invariants this variant is built to break (empty for the correct one). */
  breaks: readonly string[];
  /**
   * For an algorithm whose broken variants are configurations rather than code (a lock without
   * fencing tokens), the parameters that make this variant; otherwise the `variant` parameter
   * names it.
   */
  params?: Readonly<Record<string, unknown>>;
}

/** How a node is called in this algorithm's words: server, worker, process. */
export interface NodeNoun {
  one: string;
  many: string;
}

/** Draws the scenario of one exploration run. Pure: the same seed gives the same scenario. */
export interface ExploreGenerator<P = Record<string, unknown>> {
  id: string;
  title: string;
  description: string;
  scenario(seed: number, settings: ExploreSettings<P>): Scenario;
}

export interface ExploreSettings<P> {
  algorithm: string;
  /** The parameters the reader chose (variant included); a generator may vary the others. */
  params: P;
  /** The nodes a run with those parameters has. */
  nodes: readonly NodeId[];
  /** Simulated time one run covers. */
  horizon: Micros;
  /** Shrink every timing five-fold, so more happens per simulated second. */
  fast: boolean;
}

export interface Exploration<P = Record<string, unknown>> {
  /** The default explorer runs them all in turn; a caller may pick one. */
  generators: readonly ExploreGenerator<P>[];
  /** Simulated time per run for a generator, unless the caller sets one. */
  horizon(generator: string): Micros;
  /**
   * Whole-number parameters that count nodes (servers, participants), which the shrinker lowers
   * to find a counterexample with fewer of them.
   */
  sizeParams?: readonly string[];
}

export interface CliEnvironment {
  /** The wall clock in ms since 1970, for commands that default to "now" (never the simulation). */
  nowMs?: number;
}

export interface CliResult {
  output: string;
  exitCode: number;
}

/** An option of a subcommand, as the shared command line parses it (`node:util` parseArgs). */
export interface CliOption {
  type: 'string' | 'boolean';
  description: string;
}

/** What the command line hands a subcommand: its options by name, and the words in between. */
export interface CommandInput {
  values: Readonly<Record<string, string | boolean | undefined>>;
  positionals: readonly string[];
}

/**
 * A subcommand of `npm run sim -- <algorithm> <name> …`, for what is not a run (decode an ID). It
 * declares its options; the command line parses them, refuses unknown ones, and calls `run`,
 * which returns its text or throws an Error whose message says what was wrong (exit code 2).
 */
export interface CliCommand {
  name: string;
  summary: string;
  /** The synopsis after the algorithm's name, e.g. `decode <id> --preset <name>`. */
  usage: string;
  options: Readonly<Record<string, CliOption>>;
  run(input: CommandInput, env: CliEnvironment): CliResult;
}

/**
 * What a side-by-side comparison (two algorithms on one fault schedule) reads of an algorithm. The
 * compare view is shared code: it learns from here which modules may stand beside this one.
 */
export interface Comparison {
  /** Ids of the modules this one can be compared with. */
  with: readonly string[];
  /** Parameters that make the comparable configuration (Multi-Paxos rather than single-decree). */
  params?: Readonly<Record<string, unknown>>;
  /**
   * The client requests (the kernel's request numbers, 0 for a run's first client action) known
   * committed in this world: the moment a request first appears here is its commit.
   */
  committed(world: WorldView): readonly number[];
}

/** What every algorithm exports: all the player, the CLI and the explorer need. */
export interface AlgorithmModule<S = unknown, L = Readonly<Record<string, EventLog>>, C = unknown> {
  id: string;
  title: string;
  /** One sentence: what the simulation shows. */
  summary: string;
  nodeNoun: NodeNoun;
  defaultParams: Readonly<Record<string, unknown>>;
  /** The player's controls, from the same declaration as the parser. */
  params: readonly ParamSpec[];
  /** Validates and completes parameters; throws a ParamError naming the field. */
  parseParams(raw: unknown): Record<string, unknown>;
  scenarios: readonly NamedScenario[];
  invariants: readonly InvariantInfo[];
  variants: readonly VariantInfo[];
  exploration: Exploration | null;
  commands: readonly CliCommand[];
  createRun(scenario: Scenario, options?: RunOptions): AlgorithmRun<S, L, C>;
  /** A node's state in one line, for the command line's final state ("term 3, commitIndex 4"). */
  describeNode(node: NodeView<S>): string;
  /**
   * A client request in a few words, for a chapter mark ("A client writes x=1"); `text` and
   * `kernel` are the algorithm's and the kernel's words in the reader's language (see inLocale).
   */
  requestTitle(payload: unknown, node: NodeId | undefined, text?: Translate, kernel?: Translate): string;
  /** The kernel's words in the module's language (chapter titles); English when unset. */
  kernelText?: Translate;
  /** Lines worth printing after a run besides the invariants (a participant blocked in doubt). */
  report(run: AlgorithmRun<S, L, C>): string[];
  /** The algorithm's words (`invariant.<id>.name`, `.description`, narration), English and loaders. */
  messages?: Messages | null;
  /** The language its runs narrate in and its invariants read in (see `inLocale`); English if unset. */
  locale?: Locale;
  /** How this algorithm stands beside another on one fault schedule, if it can. */
  comparison?: Comparison | null;
}

/** A run of a module: the kernel's run with the algorithm's event logs. */
export type AlgorithmRun<S = unknown, L = Readonly<Record<string, EventLog>>, C = unknown> = Run<S> & {
  readonly logs: L;
  /** The nodes at the cursor as invariants see them, context included. */
  nodes(): readonly NodeStatus<C>[];
  /** Every violation on the current timeline at or before the cursor. */
  violations(): readonly Violation[];
  /** Computes (or replays) until the cursor reaches time `t` or the run ends; returns the cursor. */
  runUntil(t: Micros): number;
};

export interface AlgorithmDefinition<C, S, P, L extends Record<string, EventLog>> {
  id: string;
  title: string;
  summary: string;
  nodeNoun: NodeNoun;
  params: ParamSchema<P>;
  /** The kernel's view of the algorithm for these parameters; `logs` are this run's own. */
  spec(params: P, logs: L): SimulationSpec<C, S, P>;
  /** Fresh event logs for a run (see `EventLog`); a fork discards their future with the trace's. */
  logs?(params: P): L;
  /** Called once the run is built, with the nodes as they start (a log that needs its first row). */
  started?(logs: L, nodes: readonly NodeStatus<C>[]): void;
  /** Actions the parameters imply (a steady load); they run but stay out of the shared scenario. */
  generatedActions?(params: P): TimedAction[];
  /** Refuses an action this algorithm cannot take, throwing a reason a reader understands. */
  checkAction?(action: Action, params: P): void;
  /** The world as views see it, completed from the logs. */
  view?(world: WorldView<S>, logs: L): WorldView<S>;
  scenarios: readonly NamedScenario[];
  invariants: readonly InvariantInfo[];
  variants: readonly VariantInfo[];
  exploration?: Exploration<P>;
  commands?: readonly CliCommand[];
  describeNode?(node: NodeView<S>): string;
  /** `text`: the algorithm's messages in the reader's language, as narration gets them. */
  requestTitle?(payload: unknown, node: NodeId | undefined, text?: Translate): string;
  report?(run: AlgorithmRun<S, L, C>): string[];
  /** Its words: English, and a loader per other language; narration gets them as `text`. */
  messages?: Messages;
  comparison?: Comparison;
}

class ModuleRun<C, S, P, L extends Record<string, EventLog>> extends SimulationRun<C, S, P> {
  constructor(
    spec: SimulationSpec<C, S, P>,
    scenario: Scenario,
    params: P,
    options: RunOptions,
    readonly logs: L,
    private readonly viewOf: ((world: WorldView<S>, logs: L) => WorldView<S>) | undefined,
  ) {
    super(spec, scenario, params, options);
  }

  override view(): WorldView<S> {
    const world = super.view();
    return this.viewOf ? this.viewOf(world, this.logs) : world;
  }
}

const EMPTY_LOGS = Object.freeze({});

export function defineAlgorithm<
  C,
  S,
  P extends object,
  L extends Record<string, EventLog> = Record<never, never>,
>(definition: AlgorithmDefinition<C, S, P, L>): AlgorithmModule<S, L, C> {
  const { id, params, nodeNoun } = definition;
  const variantIds = new Set(definition.variants.map((v) => v.id));
  const invariantIds = new Set(definition.invariants.map((i) => i.id));
  for (const variant of definition.variants) {
    for (const broken of variant.breaks) {
      if (!invariantIds.has(broken))
        throw new Error(`${id}: variant ${variant.id} breaks unknown invariant ${broken}`);
    }
  }
  // Variants that are configurations carry their own parameters; the others are a `variant` choice.
  if (variantIds.size > 0 && definition.variants.some((v) => !v.params)) {
    const field = (params.fields as Record<string, ParamField>)['variant'];
    const options = field?.kind === 'choice' ? field.options.map((o) => o.value) : [];
    if (options.length !== variantIds.size || !options.every((o) => variantIds.has(o))) {
      throw new Error(`${id}: the variant parameter must offer exactly the declared variants`);
    }
  }

  function createRun(raw: Scenario, options: RunOptions = {}): AlgorithmRun<S, L, C> {
    const scenario = validateScenario(raw);
    if (scenario.algorithm !== id) {
      throw new Error(
        `scenario.algorithm: this is the ${definition.title} simulator, got ${JSON.stringify(scenario.algorithm)}`,
      );
    }
    const parsed = params.parse(scenario.params);
    const logs = definition.logs?.(parsed) ?? (EMPTY_LOGS as L);
    const spec = definition.spec(parsed, logs);
    checkNodeNames(scenario, spec.nodeIds(parsed), nodeNoun);
    if (definition.checkAction) {
      scenario.actions.forEach(({ action }, i) => {
        try {
          definition.checkAction?.(action, parsed);
        } catch (error) {
          throw new Error(`scenario.actions[${i}].action: ${(error as Error).message}`, { cause: error });
        }
      });
    }
    const messages = definition.messages;
    const locale = options.locale ?? 'en';
    const run = new ModuleRun(
      spec,
      { ...scenario, params: { ...(parsed as Record<string, unknown>) } },
      parsed,
      {
        ...options,
        ...(messages
          ? { text: translator(locale, tablesFor(messages.en, locale, options.algorithmMessages)) }
          : {}),
        logs: Object.values(logs),
        generated: definition.generatedActions?.(parsed) ?? [],
        ...(definition.checkAction
          ? { checkAction: (a: Action) => definition.checkAction?.(a, parsed) }
          : {}),
      },
      logs,
      definition.view,
    );
    definition.started?.(logs, run.nodes() as readonly NodeStatus<C>[]);
    return run;
  }

  return {
    id,
    title: definition.title,
    summary: definition.summary,
    nodeNoun,
    defaultParams: params.defaults as Record<string, unknown>,
    params: params.controls,
    parseParams: (raw) => ({ ...(params.parse(raw) as Record<string, unknown>) }),
    scenarios: definition.scenarios,
    invariants: definition.invariants,
    variants: definition.variants,
    exploration: (definition.exploration as Exploration | undefined) ?? null,
    commands: definition.commands ?? [],
    createRun,
    describeNode: definition.describeNode ?? (() => ''),
    requestTitle: (payload, node, text, kernel) =>
      definition.requestTitle
        ? definition.requestTitle(payload, node, text)
        : actionTitle({ type: 'client', node, payload } as Action, undefined, kernel),
    report: definition.report ?? (() => []),
    messages: definition.messages ?? null,
    locale: 'en',
    comparison: definition.comparison ?? null,
  };
}
