import { lazy, startTransition, Suspense, useEffect, useState, type ComponentType } from 'react';
import { isDemoId, loadAlgorithm, loadDemo, type DemoId } from '../../registry';
import type { DemoPlugin } from '../../plugin/plugin';
import type { AlgorithmModule } from '../../sim/module';

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

async function load(id: DemoId): Promise<LoadState> {
  const entry = await loadDemo(id);
  if (entry.kind === 'standalone') return { status: 'standalone', Component: entry.Component };
  const module = await loadAlgorithm(id);
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
  return (
    <section className="demo-notice" aria-label="Live demo" aria-busy={busy || undefined}>
      <p>{children}</p>
      {summary && <p className="demo-notice-summary">{summary}</p>}
    </section>
  );
}

/**
 * The live demo of an article: loads its algorithm and views lazily and hands them to the player.
 * `summary` says what the demo shows while it loads, where no article around it does (embeds).
 */
export default function Demo({ demo, summary }: { demo: string; summary?: string | undefined }) {
  const [state, setState] = useState<LoadState>(() =>
    isDemoId(demo) ? { status: 'loading' } : { status: 'missing' },
  );

  useEffect(() => {
    if (!isDemoId(demo)) return;
    let cancelled = false;
    load(demo).then(
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
  }, [demo]);

  switch (state.status) {
    case 'missing':
      return <Notice>This demo is not available. The article reads on its own.</Notice>;
    case 'failed':
      return <Notice>{`The demo could not start: ${state.reason}`}</Notice>;
    case 'loading':
      return (
        <Notice busy summary={summary}>
          Loading the demo…
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
              Loading the demo…
            </Notice>
          }
        >
          <Player demo={state.demo} />
        </Suspense>
      );
  }
}
