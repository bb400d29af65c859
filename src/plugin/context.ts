import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { PlayerState, PlayerStore } from '../stores/player';
import type { UiState, UiStore } from '../stores/ui';
import type { DemoPlugin } from './plugin';

export interface PlayerContextValue {
  player: PlayerStore;
  ui: UiStore;
  plugin: DemoPlugin;
  /** Prefix for element ids, unique per player on the page. */
  idPrefix: string;
}

export const PlayerContext = createContext<PlayerContextValue | null>(null);

export function usePlayerContext(): PlayerContextValue {
  const value = useContext(PlayerContext);
  if (!value) throw new Error('Player parts must be rendered inside a Player');
  return value;
}

export function usePlayer<T>(selector: (state: PlayerState) => T): T {
  return useStore(usePlayerContext().player, selector);
}

export function useUi<T>(selector: (state: UiState) => T): T {
  return useStore(usePlayerContext().ui, selector);
}
