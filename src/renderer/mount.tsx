import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import type { BridgeApi } from '../shared/ipc/contract';
import { App } from './App';
import { createAppStore, type AppStore, type AppStoreOptions } from './store/app-store';
import { StoreProvider } from './store/context';

export interface MountedApp {
  readonly store: AppStore;
  unmount(): void;
}

/** Builds the window's store around the given bridge and renders the app into `container`. */
export function mountApp(api: BridgeApi, container: HTMLElement, options: AppStoreOptions = {}): MountedApp {
  const store = createAppStore(api, options);
  const root = createRoot(container);
  root.render(
    <StrictMode>
      <StoreProvider store={store}>
        <App />
      </StoreProvider>
    </StrictMode>,
  );
  void store.getState().init();
  return {
    store,
    unmount() {
      root.unmount();
      store.getState().dispose();
    },
  };
}
