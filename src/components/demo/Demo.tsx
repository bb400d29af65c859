import { lazy, startTransition, Suspense, useEffect, useState, type ComponentType } from 'react';
import { isDemoId, loadAlgorithm, loadDemo, type DemoId } from '../../registry';
import type { DemoPlugin } from '../../plugin/plugin';
import type { AlgorithmModule } from '../../sim/module';
import { inLocale, type LocaleTables } from '../../sim/locale';
import type { Locale } from '../../sim/i18n';
import { PlayerLanguageContext, usePlayerText, type PlayerLanguage } from '../../plugin/i18n';

// The player's code loads only where a demo actually runs.
const Player = lazy(() => import('./Player'));

/** What the player is handed: the algorithm and the views that draw it. */
export interface LoadedDemo {
  id: DemoId;
  module: AlgorithmModule;
  plugin: DemoPlugin;
}

type LoadState =
  | { status: 'missing' }
  | { status: 'loading' }
  | { status: 'failed'; reason: string }
  | { status: 'ready'; demo: LoadedDemo }
  | { status: 'standalone'; Component: ComponentType };

async function load(id: DemoId, locale: Locale, tables: LocaleTables | undefined): Promise<LoadState> {
  const entry = await loadDemo(id);
  if (entry.kind === 'standalone') return { status: 'standalone', Component: entry.Component };
  // Runs narrate, and invariants read, in the page's language (English where the algorithm has none).
  const module = await inLocale(await loadAlgorithm(id), locale, tables);
  return { status: 'ready', demo: { id, module, plugin: entry } };
}

function Notice({
  children,
  busy = false,
  summary,
}: {
  children: string;
  busy?: boolean;
  summary?: string | undefined;
}) {
  const t = usePlayerText();
  return (
    <section className="demo-notice" aria-label={t('player.live-demo')} aria-busy={busy || undefined}>
      <p>{children}</p>
      {summary && <p className="demo-notice-summary">{summary}</p>}
    </section>
  );
}

interface DemoProps {
  demo: string;
  /** What the demo shows, said while it loads where no article around it does (embeds). */
  summary?: string | undefined;
  /** The page's language, and its part of the catalogue (src/i18n/player.ts). */
  locale?: Locale;
  messages?: Readonly<Record<string, string>>;
  /** The kernel's and the algorithm's tables of that language, inlined by the page. */
  tables?: LocaleTables;
}

/**
 * The live demo of an article: loads its algorithm and views lazily and hands them to the player,
 * with the words of the page's language.
 */
export default function Demo({ demo, summary, locale = 'en', messages = {}, tables }: DemoProps) {
  const [language] = useState<PlayerLanguage>(() => ({ locale, messages }));
  return (
    <PlayerLanguageContext.Provider value={language}>
      <DemoLoader demo={demo} summary={summary} locale={locale} tables={tables} />
    </PlayerLanguageContext.Provider>
  );
}

function DemoLoader({
  demo,
  summary,
  locale,
  tables,
}: {
  demo: string;
  summary: string | undefined;
  locale: Locale;
  tables: LocaleTables | undefined;
}) {
  const t = usePlayerText();
  const [state, setState] = useState<LoadState>(() =>
    isDemoId(demo) ? { status: 'loading' } : { status: 'missing' },
  );

  useEffect(() => {
    if (!isDemoId(demo)) return;
    let cancelled = false;
    load(demo, locale, tables).then(
      (loaded) => {
        // A transition renders the player in slices the browser can interleave with input and
        // painting, rather than in one long task as the page loads.
        if (!cancelled) startTransition(() => setState(loaded));
      },
      (error: unknown) => {
        if (!cancelled)
          setState({ status: 'failed', reason: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [demo, locale, tables]);

  switch (state.status) {
    case 'missing':
      return <Notice>{t('player.missing')}</Notice>;
    case 'failed':
      return <Notice>{t('player.failed', { reason: state.reason })}</Notice>;
    case 'loading':
      return (
        <Notice busy summary={summary}>
          {t('player.loading')}
        </Notice>
      );
    case 'standalone':
      return (
        <div data-testid="standalone-demo" data-demo={demo}>
          <state.Component />
        </div>
      );
    case 'ready':
      return (
        <Suspense
          fallback={
            <Notice busy summary={summary}>
              {t('player.loading')}
            </Notice>
          }
        >
          <Player demo={state.demo} />
        </Suspense>
      );
  }
}
