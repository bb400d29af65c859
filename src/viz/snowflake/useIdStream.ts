import { useMemo } from 'react';
import { SnowflakeRun } from '../../algorithms/snowflake/cluster';
import { usePlayer } from '../../components/demo/context';
import { idStreamOf, type IdStreamData } from './ids';

/** The IDs handed out up to the player's cursor, read from the run's own ID log. */
export function useIdStream(): IdStreamData {
  const run = usePlayer((s) => s.run);
  const cursor = usePlayer((s) => s.cursor);
  const revision = usePlayer((s) => s.revision);
  return useMemo(() => {
    // A fork rewrites the log after the cursor: the revision says so.
    void revision;
    if (!(run instanceof SnowflakeRun)) throw new Error('The Snowflake panels need a Snowflake run');
    return idStreamOf(run, cursor);
  }, [run, cursor, revision]);
}
