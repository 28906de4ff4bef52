// Loaded with `node --import tsx --import ./test/harness/register.mjs`.
// Tests must never resolve the real `electron` package: its index.js tries to download the binary.
// ESM imports go through a resolve hook; CommonJS require() (which Node 20's hooks do not see) is
// redirected by patching Module._resolveFilename. Both paths yield the same test-double instance.
import Module, { register } from 'node:module';
import { fileURLToPath } from 'node:url';

const ELECTRON_IDS = new Set(['electron', 'electron/main', 'electron/common', 'electron/renderer']);

register('./electron-hooks.mjs', import.meta.url);

const double = await import('./fake-electron/index.ts');
globalThis.__PSONO_TRAY_ELECTRON_DOUBLE__ = double;

const cjsEntry = fileURLToPath(new URL('./fake-electron/cjs-entry.cjs', import.meta.url));
const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolveElectronToDouble(request, ...rest) {
  if (ELECTRON_IDS.has(request)) {return cjsEntry;}
  return originalResolve.call(this, request, ...rest);
};
