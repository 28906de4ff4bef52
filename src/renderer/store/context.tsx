/**
 * Hands the window's store to components through React context (the store is created with the
 * bridge injected, so it cannot be a module singleton). Components read through selectors only.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';

import type { AppStore, AppStoreState } from './app-store';

const StoreContext = createContext<AppStore | null>(null);

export function StoreProvider({ store, children }: { readonly store: AppStore; readonly children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useAppStoreApi(): AppStore {
  const store = useContext(StoreContext);
  if (!store) {
    throw new Error('useAppStore outside StoreProvider');
  }
  return store;
}

export function useAppStore<T>(selector: (state: AppStoreState) => T): T {
  return useStore(useAppStoreApi(), selector);
}
