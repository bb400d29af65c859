import type { WorkerView } from '../../algorithms/snowflake/cluster';
import type { NodeView } from '../../sim/types';

/** A worker's state as the views read it; the player hands node state over untyped. */
export function workerOf(node: NodeView): WorkerView {
  return node.state as WorkerView;
}
