/**
 * What the consistent-hashing views read at the cursor, from the run's placement log: the row of
 * the event at the cursor, the row before it (to see what moved), and the run's parameters.
 */
import { useMemo } from 'react';
import type { HashingParams } from '../../algorithms/consistent-hashing/params';
import {
  type Placement,
  PlacementLog,
  type PlacementRow,
} from '../../algorithms/consistent-hashing/placementlog';
import { stdDev } from '../../algorithms/consistent-hashing/place';
import { usePlayer } from '../../plugin/context';

export interface PlacementView {
  row: PlacementRow;
  prev: PlacementRow | null;
  params: HashingParams;
  /** Every node of the run, in order: the owner arrays index into it. */
  nodes: readonly string[];
}

export function usePlacement(): PlacementView | null {
  const run = usePlayer((s) => s.run);
  const cursor = usePlayer((s) => s.cursor);
  const revision = usePlayer((s) => s.revision);
  return useMemo(() => {
    void revision;
    const log = run.logs['placement'];
    if (!(log instanceof PlacementLog)) return null;
    const row = log.at(cursor);
    if (!row) return null;
    return {
      row,
      prev: log.before(cursor),
      params: run.scenario().params as HashingParams,
      nodes: log.nodes,
    };
  }, [run, cursor, revision]);
}

/** Per request: whether its node changed with the event at the cursor. */
export function movedMask(now: Placement, before: Placement | null | undefined): Uint8Array {
  const mask = new Uint8Array(now.owner.length);
  if (!before) return mask;
  const common = Math.min(now.owner.length, before.owner.length);
  for (let i = 0; i < common; i++) if (now.owner[i] !== before.owner[i]) mask[i] = 1;
  return mask;
}

export interface Stats {
  moved: number;
  /** Keys (distinct, not hot copies) that moved. */
  movedKeys: number;
  /** Of those, keys that moved between two nodes the change did not touch. */
  stray: number;
  ideal: number;
  std: number;
  mean: number;
  max: number;
}

export function statsOf(view: PlacementView, which: 'a' | 'b'): Stats | null {
  const p = view.row[which];
  if (!p) return null;
  const before = view.prev?.[which];
  const mask = movedMask(p, before);
  let movedKeys = 0;
  let stray = 0;
  const changed = view.row.change.node === null ? -2 : view.nodes.indexOf(view.row.change.node);
  for (let i = 0; i < Math.min(view.params.keys, mask.length); i++) {
    if (!mask[i]) continue;
    movedKeys++;
    if (p.owner[i] !== changed && before?.owner[i] !== changed) stray++;
  }
  const total = p.loads.reduce((a, b) => a + b, 0);
  return {
    moved: p.moved,
    movedKeys,
    stray,
    ideal: view.row.change.ideal * view.params.keys,
    std: stdDev(p.loads),
    mean: p.loads.length > 0 ? total / p.loads.length : 0,
    max: Math.max(0, ...p.loads),
  };
}

/** The colour class of node i of the run (twelve hues, the same in both pictures). */
export function colourClass(i: number): string {
  return i < 0 ? 'ch-none' : `ch-c${i % 12}`;
}
