/**
 * What Leaf's panels read from the world at the cursor: each server's two buffers as bars, the
 * database row, and who handed out what. Pure, so the panels compute nothing else and the tests
 * read the same values.
 */
import { LOAD_BELOW, remaining } from '../../algorithms/leaf-segment/machine';
import type {
  ClientContext,
  DatabaseContext,
  LeafContext,
  ServerContext,
} from '../../algorithms/leaf-segment/types';
import type { NodeView, WorldView } from '../../sim/types';

export type SlotState = 'in use' | 'ready' | 'loading' | 'spent' | 'empty';

export interface SlotView {
  slot: 0 | 1;
  /** A and B, as the article calls the two slots. */
  name: 'A' | 'B';
  current: boolean;
  state: SlotState;
  first: number | null;
  /** Last ID of the range (max_id − 1). */
  last: number | null;
  size: number;
  used: number;
  /** Share used, 0 to 1. */
  fill: number;
  /** The share used at which the next load starts (Leaf: just over 10%). */
  loadMark: number;
}

export interface ServerView {
  id: string;
  up: boolean;
  role: string;
  slots: [SlotView, SlotView];
  step: number;
  rowStep: number;
  loading: boolean;
  waiting: number;
  served: number;
  refused: number;
  lastId: number | null;
  lastError: string | null;
  recent: ServerContext['recent'];
}

const ctxOf = (node: NodeView) => node.state as LeafContext;

function slotOf(c: ServerContext, slot: 0 | 1): SlotView {
  const current = c.current === slot;
  const name = slot === 0 ? 'A' : 'B';
  const base = { slot, name, current, loadMark: 1 - LOAD_BELOW } as const;
  const incoming = c.loading !== null && c.loading.slot === slot;
  const segment = c.segments[slot];
  // The other slot holds an old, spent segment until the next lease lands in it.
  const live = current ? c.initOk : c.nextReady;
  if (!segment || !live) {
    const state: SlotState = incoming ? 'loading' : 'empty';
    return { ...base, state, first: null, last: null, size: 0, used: 0, fill: 0 };
  }
  const size = segment.max - segment.first;
  const used = size - remaining(segment);
  const state: SlotState = current ? (used >= size ? 'spent' : 'in use') : 'ready';
  return {
    ...base,
    state,
    first: segment.first,
    last: segment.max - 1,
    size,
    used,
    fill: size > 0 ? used / size : 0,
  };
}

export function serverView(node: NodeView): ServerView | null {
  const c = ctxOf(node);
  if (c.role !== 'server') return null;
  return {
    id: node.id,
    up: node.up,
    role: node.role,
    slots: [slotOf(c, 0), slotOf(c, 1)],
    step: c.step,
    rowStep: c.minStep,
    loading: c.loading !== null,
    waiting: c.pending.reduce((n, p) => n + p.count, 0),
    served: c.served,
    refused: c.refused,
    lastId: c.lastId,
    lastError: c.lastError,
    recent: c.recent,
  };
}

export function servers(world: WorldView): ServerView[] {
  return world.nodes.flatMap((n) => serverView(n) ?? []);
}

export function database(world: WorldView): { node: NodeView; row: DatabaseContext } | null {
  for (const node of world.nodes) {
    const c = ctxOf(node);
    if (c.role === 'db') return { node, row: c };
  }
  return null;
}

export function clients(world: WorldView): { node: NodeView; client: ClientContext }[] {
  return world.nodes.flatMap((node) => {
    const c = ctxOf(node);
    return c.role === 'client' ? [{ node, client: c }] : [];
  });
}

/** A node's state in a word or two, as drawn in the picture. */
export const ROLE_SHORT: Record<string, string> = {
  fresh: 'no segment',
  serving: 'serving',
  dry: 'both empty',
};

/** The server's state in the reader's words. */
export const ROLE_WORDS: Record<string, string> = {
  fresh: 'no segment yet',
  serving: 'serving',
  dry: 'both buffers empty',
  asking: 'client',
  database: 'database',
};
