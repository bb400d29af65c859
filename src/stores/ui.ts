import { createStore, type StoreApi } from 'zustand/vanilla';
import type { NodeId } from '../sim/types';

/** What the reader picked in a view, to act on in the fault panel. */
export type Selection = { kind: 'node'; id: NodeId } | { kind: 'message'; id: number } | null;

export interface UiState {
  selection: Selection;
  shortcutsOpen: boolean;
  /** The last share link made, shown so it can be copied by hand, and the player revision it describes. */
  shareUrl: string | null;
  shareRevision: number;
  /** The panel shown under the picture, or null for the first one. */
  tab: string | null;
  select(selection: Selection): void;
  setShortcutsOpen(open: boolean): void;
  setShareUrl(url: string | null, revision?: number): void;
  setTab(tab: string): void;
}

export type UiStore = StoreApi<UiState>;

export function createUiStore(): UiStore {
  return createStore<UiState>()((set) => ({
    selection: null,
    shortcutsOpen: false,
    shareUrl: null,
    shareRevision: -1,
    tab: null,
    select: (selection) => set({ selection }),
    setShortcutsOpen: (shortcutsOpen) => set({ shortcutsOpen }),
    setShareUrl: (shareUrl, shareRevision = -1) => set({ shareUrl, shareRevision }),
    setTab: (tab) => set({ tab }),
  }));
}
