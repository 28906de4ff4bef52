// Renderer tests' page entry: the real app, mounted exactly as main.tsx does, plus a handle on the
// store so tests can assert what it holds. Never part of the shipped bundle.
import { getBridge } from '../../../src/renderer/bridge';
import { mountApp } from '../../../src/renderer/mount';

interface TestWindow {
  __psonoTestOptions?: { revealMs?: number };
  __psonoTestStore?: unknown;
}

const testWindow = window as unknown as TestWindow;
const container = document.getElementById('root');
const api = getBridge();
if (!container || !api) {
  throw new Error('test page: no #root or no bridge');
}
const mounted = mountApp(api, container, testWindow.__psonoTestOptions ?? {});
testWindow.__psonoTestStore = mounted.store;
