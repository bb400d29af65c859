import { lazy, Suspense, useEffect, useState } from 'react';
import { ALGORITHM_IDS, isDemoId, loadAlgorithm, loadDemo } from '../../registry';
import { decodeComparison } from '../../sim/compare';
import type { CompareSide } from './Compare';

// The comparison's code loads only once both algorithms are known.
const Compare = lazy(() => import('./Compare'));

type State =
  | { status: 'loading' }
  | { status: 'failed'; reason: string }
  | { status: 'ready'; sides: [CompareSide, CompareSide] };

async function side(id: string): Promise<CompareSide> {
  if (!isDemoId(id) || !ALGORITHM_IDS.includes(id)) throw new Error(`there is no simulation called “${id}”`);
  const [module, demo] = await Promise.all([loadAlgorithm(id), loadDemo(id)]);
  if (demo.kind !== 'player') throw new Error(`${module.title} has no player to compare`);
  return { module, plugin: demo };
}

/**
 * Two algorithms on one fault schedule, side by side: which two comes from the address
 * (`#a=<id>&b=<id>&s=<schedule>&t=<µs>`), else `pair`, which the page found among the modules that
 * declare each other.
 */
export default function CompareDemo({ pair }: { pair: [string, string] | null }) {
  const [state, setState] = useState<State>({ status: 'loading' });
  useEffect(() => {
    let cancelled = false;
    (async () => {
      const link = decodeComparison(window.location.hash);
      const ids: [string, string] | null = link.kind === 'link' ? [link.a, link.b] : pair;
      if (!ids) throw new Error('no two simulations declare that they can be compared');
      const sides = (await Promise.all(ids.map(side))) as [CompareSide, CompareSide];
      if (!cancelled) setState({ status: 'ready', sides });
    })().catch((error: unknown) => {
      if (!cancelled)
        setState({ status: 'failed', reason: error instanceof Error ? error.message : String(error) });
    });
    return () => {
      cancelled = true;
    };
  }, [pair]);
  if (state.status === 'failed')
    return (
      <section className="demo-notice" aria-label="Comparison">
        <p>{`The comparison could not start: ${state.reason}.`}</p>
      </section>
    );
  const loading = (
    <section className="demo-notice" aria-label="Comparison" aria-busy="true">
      <p>Loading the comparison…</p>
    </section>
  );
  if (state.status === 'loading') return loading;
  return (
    <Suspense fallback={loading}>
      <Compare sides={state.sides} />
    </Suspense>
  );
}
