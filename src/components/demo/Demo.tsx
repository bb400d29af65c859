import { lazy, Suspense, useEffect, useState, type ComponentType } from 'react';
import { isDemoAvailable, loadDemo, standaloneDemos, type DemoId, type LoadedDemo } from './demos';

// The player's code loads only where a demo actually runs.
const Player = lazy(() => import('./Player'));

type LoadState =
  | { status: 'missing' }
  | { status: 'loading' }
  | { status: 'failed'; reason: string }
  | { status: 'ready'; demo: LoadedDemo }
  | { status: 'standalone'; Component: ComponentType };

/** The live demo of an article: loads the algorithm lazily and hands it to the player. */
export default function Demo({ demo }: { demo: DemoId }) {
  const [state, setState] = useState<LoadState>(() =>
    isDemoAvailable(demo) ? { status: 'loading' } : { status: 'missing' },
  );

  useEffect(() => {
    if (!isDemoAvailable(demo)) return;
    let cancelled = false;
    const standalone = standaloneDemos[demo];
    if (standalone) {
      standalone().then(
        (Component) => {
          if (!cancelled) setState({ status: 'standalone', Component });
        },
        (error: unknown) => {
          if (!cancelled)
            setState({ status: 'failed', reason: error instanceof Error ? error.message : String(error) });
        },
      );
      return () => {
        cancelled = true;
      };
    }
    loadDemo(demo).then(
      (loaded) => {
        if (!cancelled) setState(loaded ? { status: 'ready', demo: loaded } : { status: 'missing' });
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

  if (state.status === 'missing') {
    return (
      <section className="demo-notice" aria-label="Live demo">
        <p>This demo is not available yet. The article reads on its own; the simulation will appear here.</p>
      </section>
    );
  }
  if (state.status === 'failed') {
    return (
      <section className="demo-notice" aria-label="Live demo">
        <p>The demo could not start: {state.reason}</p>
      </section>
    );
  }
  if (state.status === 'loading') {
    return (
      <section className="demo-notice" aria-label="Live demo" aria-busy="true">
        <p>Loading the demo…</p>
      </section>
    );
  }
  if (state.status === 'standalone') {
    return (
      <div data-testid="standalone-demo" data-demo={demo}>
        <state.Component />
      </div>
    );
  }
  return (
    <Suspense
      fallback={
        <section className="demo-notice" aria-label="Live demo" aria-busy="true">
          <p>Loading the demo…</p>
        </section>
      }
    >
      <Player demo={state.demo} />
    </Suspense>
  );
}
