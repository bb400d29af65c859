import { useMemo } from 'react';
import { usePlayer, usePlayerContext } from '../../components/demo/context';
import type { PlayerStore } from '../../stores/player';
import { recorderFor, type IdRecorder, type StreamId } from './ids';

// One recorder per player, shared by all Snowflake panels of that player.
const recorders = new WeakMap<PlayerStore, IdRecorder>();

export interface IdStream {
  ids: StreamId[];
  recorder: IdRecorder;
}

/** Every ID handed out up to the player's cursor, recorded on a replay beside the player's run. */
export function useIdStream(): IdStream {
  const { player } = usePlayerContext();
  const run = usePlayer((s) => s.run);
  const cursor = usePlayer((s) => s.cursor);
  const revision = usePlayer((s) => s.revision);
  return useMemo(() => {
    void revision;
    const recorder = recorderFor(recorders.get(player) ?? null, run.scenario());
    recorders.set(player, recorder);
    recorder.advanceTo(cursor);
    return { ids: recorder.upTo(cursor), recorder };
  }, [player, run, cursor, revision]);
}
