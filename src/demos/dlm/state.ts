/** Plain readings of a lock manager world for the panels. */
import type { BackendContext, ClientContext, DlmContext, ManagerContext } from '../../algorithms/dlm/types';
import type { NodeView, WorldView } from '../../sim/types';

export function managerOf(world: WorldView): ManagerContext | null {
  for (const n of world.nodes) {
    const ctx = n.state as DlmContext;
    if (ctx.role === 'manager') return ctx;
  }
  return null;
}

export function backendOf(world: WorldView): BackendContext | null {
  for (const n of world.nodes) {
    const ctx = n.state as DlmContext;
    if (ctx.role === 'backend') return ctx;
  }
  return null;
}

export function clientsOf(world: WorldView): { node: NodeView; ctx: ClientContext }[] {
  return world.nodes.flatMap((node) => {
    const ctx = node.state as DlmContext;
    return ctx.role === 'client' ? [{ node, ctx }] : [];
  });
}
