import type { Run } from '../../sim/types';
import { traceDigest } from '../../sim/digest';

/**
 * The digest of a run up to its cursor (the kernel's fingerprint of the trace and the nodes at the
 * cursor): what the page shows and what the tests compare with a run made in Node.
 */
export function runDigest(run: Run): string {
  return traceDigest(run.entries(0, run.cursor() + 1), run.view().nodes);
}
