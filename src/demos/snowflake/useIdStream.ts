import { useMemo } from 'react';
import { IdLog } from '../../algorithms/snowflake/idlog';
import type { SnowflakeParams } from '../../algorithms/snowflake/params';
import { usePlayer } from '../../plugin/context';
import { idStreamOf, type IdStreamData } from './ids';

/** The IDs handed out up to the player's cursor, read from the run's own ID log. */
export function useIdStream(): IdStreamData {
  const run = usePlayer((s) => s.run);
  const cursor = usePlayer((s) => s.cursor);
  const revision = usePlayer((s) => s.revision);
  return useMemo(() => {
    // A fork rewrites the log after the cursor: the revision says so.
    void revision;
    const log = run.logs['ids'];
    if (!(log instanceof IdLog)) throw new Error('The Snowflake panels need a Snowflake run');
    // The run's scenario carries its parameters complete, as the module parsed them.
    return idStreamOf(log, run.scenario().params as SnowflakeParams, cursor);
  }, [run, cursor, revision]);
}
