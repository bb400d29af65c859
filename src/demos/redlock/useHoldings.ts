import { useMemo } from 'react';
import { LockLog } from '../../algorithms/redlock/locklog';
import { usePlayer } from '../../plugin/context';
import { lockHistoryOf, type LockHistory } from './redlockState';

/** Who believed they held the lock, and when, and the storage's writes, up to the player's cursor. */
export function useHoldings(): LockHistory {
  const run = usePlayer((s) => s.run);
  const cursor = usePlayer((s) => s.cursor);
  const revision = usePlayer((s) => s.revision);
  return useMemo(() => {
    // A fork rewrites the log after the cursor: the revision says so.
    void revision;
    const log = run.logs['locks'];
    if (!(log instanceof LockLog)) throw new Error('The Redlock panels need a Redlock run');
    return lockHistoryOf(log, cursor);
  }, [run, cursor, revision]);
}
