/**
 * An algorithm module in the reader's language, apart from module.ts so that a page can ask for it
 * before the kernel itself has loaded. Tables of other languages than English load here, on
 * demand: a page carries the words of its own language only.
 */
import { loadTable, tablesFor, translator, type Catalogue, type Locale } from './i18n';
import { KERNEL_MESSAGES } from './messages';
import type { AlgorithmModule } from './module';

/** The kernel's and an algorithm's tables of one language, when the caller has them already. */
export interface LocaleTables {
  kernel: Catalogue | undefined;
  algorithm: Catalogue | undefined;
}

/** Loads the tables of `locale` (the page does this at build time and inlines them). */
export async function localeTables(
  messages: AlgorithmModule['messages'],
  locale: Locale,
): Promise<LocaleTables> {
  const [kernel, algorithm] = await Promise.all([
    loadTable(KERNEL_MESSAGES, locale),
    loadTable(messages, locale),
  ]);
  return { kernel, algorithm };
}

/**
 * The module as a reader of `locale` meets it: runs narrate in that language, invariants carry
 * their `title` and description in it. What the algorithm has not translated stays English, so
 * this works for any module, whether it ships that language or not. `tables` are the language's
 * tables when the caller has them (a page inlines them); without them they are loaded.
 */
export async function inLocale<S, L, C>(
  module: AlgorithmModule<S, L, C>,
  locale: Locale,
  tables?: LocaleTables,
): Promise<AlgorithmModule<S, L, C>> {
  if ((module.locale ?? 'en') === locale) return module;
  const { kernel: kernelMessages, algorithm: algorithmMessages } =
    tables ?? (await localeTables(module.messages, locale));
  const t = translator(locale, tablesFor(module.messages?.en ?? {}, locale, algorithmMessages));
  const kernelText = translator(locale, tablesFor(KERNEL_MESSAGES.en, locale, kernelMessages));
  const text = (key: string, english: string) => {
    const found = t(key);
    return found === key ? english : found;
  };
  return {
    ...module,
    locale,
    scenarios: module.scenarios.map((s) => ({
      ...s,
      title: text(`scenario.${s.id}.title`, s.title),
      description: text(`scenario.${s.id}.description`, s.description),
    })),
    invariants: module.invariants.map((i) => ({
      ...i,
      title: text(`invariant.${i.id}.name`, i.name),
      description: text(`invariant.${i.id}.description`, i.description),
    })),
    kernelText,
    nodeNoun: {
      one: text('noun.one', module.nodeNoun.one),
      many: text('noun.many', module.nodeNoun.many),
    },
    requestTitle: (payload, node) => module.requestTitle(payload, node, t, kernelText),
    createRun: (scenario, options = {}) =>
      module.createRun(scenario, {
        locale,
        ...(kernelMessages ? { kernelMessages } : {}),
        ...(algorithmMessages ? { algorithmMessages } : {}),
        ...options,
      }),
  };
}

/** An invariant's name as the reader of the module reads it, from the English name violations carry. */
export function invariantTitle(module: Pick<AlgorithmModule, 'invariants'>, name: string): string {
  return module.invariants.find((i) => i.name === name)?.title ?? name;
}
