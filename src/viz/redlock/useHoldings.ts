import { useMemo } from 'react';
import { usePlayer, usePlayerContext } from '../../components/demo/context';
import type { PlayerStore } from '../../stores/player';
import { recorderFor, type Holding, type HoldingRecorder, type Overlap } from './redlockState';

// One recorder per player, shared by the Redlock panels of that player.
const recorders = new WeakMap<PlayerStore, HoldingRecorder>();

export interface Holdings {
  holdings: Holding[];
  overlaps: Overlap[];
  grantOrder: ReadonlyMap<string, number>;
}

/** Who believed they held the lock, and when, up to the player's cursor. */
export function useHoldings(): Holdings {
  const { player } = usePlayerContext();
  const run = usePlayer((s) => s.run);
  const cursor = usePlayer((s) => s.cursor);
  const revision = usePlayer((s) => s.revision);
  return useMemo(() => {
    void revision;
    const recorder = recorderFor(recorders.get(player) ?? null, run.scenario());
    recorders.set(player, recorder);
    recorder.advanceTo(cursor);
    return { ...recorder.upTo(cursor), grantOrder: recorder.grantOrder };
  }, [player, run, cursor, revision]);
}
