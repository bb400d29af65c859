import { useMemo } from 'react';
import { ChosenLog } from '../../algorithms/paxos/chosenlog';
import { usePlayer } from '../../plugin/context';
import { storiesAt, type SlotStory } from './state';

/** What the observer knows at the player's cursor: each chosen slot and who has learned it. */
export function useObserver(): SlotStory[] {
  const run = usePlayer((s) => s.run);
  const cursor = usePlayer((s) => s.cursor);
  const revision = usePlayer((s) => s.revision);
  return useMemo(() => {
    // A fork rewrites the log after the cursor: the revision says so.
    void revision;
    const log = run.logs['chosen'];
    if (!(log instanceof ChosenLog)) return [];
    return storiesAt(log, cursor);
  }, [run, cursor, revision]);
}
