import { useEffect } from 'react';

import { ShortcutSheet } from './components/ShortcutSheet';
import { LargeType } from './components/LargeType';
import { StatusLine } from './components/StatusLine';
import { DetailView } from './screens/DetailView';
import { GeneratorScreen } from './screens/GeneratorScreen';
import { LockedScreen } from './screens/LockedScreen';
import { SearchScreen } from './screens/SearchScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { SetupScreen } from './screens/SetupScreen';
import { ConnectingScreen, LoadingScreen, StartupErrorScreen } from './screens/StateScreens';
import { assertNever } from './errors';
import { useAppStore, useAppStoreApi } from './store/context';
import { selectPhase, selectTheme } from './store/selectors';

function isTextInput(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

/** Window-wide keys that work on every screen (the search box handles its own first). */
function useGlobalKeys(): void {
  const store = useAppStoreApi();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) {
        return;
      }
      const state = store.getState();
      const primary = event.ctrlKey || event.metaKey;
      if (state.shortcutSheetOpen && event.key === 'Escape') {
        event.preventDefault();
        state.setShortcutSheet(false);
        return;
      }
      if (event.key === 'Escape' && (state.screen === 'settings' || state.screen === 'generator' || state.screen === 'detail')) {
        // The detail view handles Esc itself while it has focus; this is for focus left on the page (a closed large type).
        event.preventDefault();
        state.showScreen('search');
        return;
      }
      const unlocked = state.app?.phase === 'unlocked';
      if (primary && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'l' && unlocked) {
        event.preventDefault();
        void state.lock();
      } else if (primary && event.shiftKey && !event.altKey && event.key.toLowerCase() === 'l' && unlocked) {
        event.preventDefault();
        void state.openLargeType();
      } else if (primary && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'g' && unlocked) {
        event.preventDefault();
        state.showScreen('generator');
      } else if (primary && event.key === ',' && state.app?.phase !== 'no-profile') {
        event.preventDefault();
        state.showScreen('settings');
      } else if (event.key === '?' && !isTextInput(event.target) && unlocked) {
        event.preventDefault();
        state.setShortcutSheet(true);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}

function useTheme(): void {
  const theme = useAppStore(selectTheme);
  useEffect(() => {
    document.documentElement.dataset['theme'] = theme;
  }, [theme]);
}

function UnlockedScreens() {
  const screen = useAppStore((state) => state.screen);
  switch (screen) {
    case 'search':
      return <SearchScreen />;
    case 'detail':
      return <DetailView />;
    case 'settings':
      return <SettingsScreen />;
    case 'generator':
      return <GeneratorScreen />;
    default:
      return assertNever(screen, 'screen');
  }
}

function PhaseScreens() {
  const phase = useAppStore(selectPhase);
  const screen = useAppStore((state) => state.screen);
  const startupError = useAppStore((state) => state.startupError);
  const store = useAppStoreApi();
  if (phase === null) {
    return startupError ? <StartupErrorScreen error={startupError} onRetry={() => void store.getState().refreshState()} /> : <LoadingScreen />;
  }
  switch (phase) {
    case 'no-profile':
      return <SetupScreen />;
    case 'locked':
      return screen === 'settings' ? <SettingsScreen /> : <LockedScreen />;
    case 'unlocking':
      return <ConnectingScreen />;
    case 'unlocked':
      return <UnlockedScreens />;
    default:
      return assertNever(phase, 'phase');
  }
}

/** Every screen sits in the one `main` landmark; the status line is the page's footer. */
export function App() {
  const sheetOpen = useAppStore((state) => state.shortcutSheetOpen);
  const unlocked = useAppStore((state) => selectPhase(state) === 'unlocked');
  useGlobalKeys();
  useTheme();
  return (
    <div className="app">
      <main className="app-main">
        <PhaseScreens />
      </main>
      {unlocked ? <StatusLine /> : null}
      {sheetOpen ? <ShortcutSheet /> : null}
      {unlocked ? <LargeType /> : null}
    </div>
  );
}
