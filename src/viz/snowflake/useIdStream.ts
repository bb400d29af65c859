import { useMemo } from 'react';
import { usePlayer, usePlayerContext } from '../../components/demo/context';
import type { PlayerStore } from '../../stores/player';
import {
  analyse,
  recorderFor,
  type IdRecorder,
  type StreamAnalysis,
  type StreamId,
  type UnitsAt,
} from './ids';

// One recorder per player, shared by all Snowflake panels of that player.
const recorders = new WeakMap<PlayerStore, IdRecorder>();

export interface IdStream {
  ids: StreamId[];
  recorder: IdRecorder;
  /** Duplicates, k-sorted flags and per-unit counts, shared by the panels. */
  analysis: StreamAnalysis;
  /** k of the k-sorted check, in µs. */
  windowMicros: number;
  /** IDs per worker and time unit, counting every ID handed out. */
  units: UnitsAt;
}

/** Every ID handed out up to the player's cursor, recorded on a replay beside the player's run. */
export function useIdStream(): IdStream {
  const { player } = usePlayerContext();
  const run = usePlayer((s) => s.run);
  const cursor = usePlayer((s) => s.cursor);
  const revision = usePlayer((s) => s.revision);
  return useMemo(() => {
    void revision;
    const recorder = recorderFor(recorders.get(player) ?? null, run.scenario(), cursor);
    recorders.set(player, recorder);
    recorder.advanceTo(cursor);
    const ids = recorder.upTo(cursor);
    const windowMicros = Number(run.scenario().params['kWindowMs'] ?? 5) * 1000;
    return {
      ids,
      recorder,
      analysis: analyse(ids, windowMicros),
      windowMicros,
      units: recorder.unitsAt(cursor),
    };
  }, [player, run, cursor, revision]);
}
