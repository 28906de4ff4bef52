// Resolve hook: `import 'electron'` from any module resolves to the test double.
const ELECTRON_IDS = new Set(['electron', 'electron/main', 'electron/common', 'electron/renderer']);
const DOUBLE_URL = new URL('./fake-electron/index.ts', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (ELECTRON_IDS.has(specifier)) {return { url: DOUBLE_URL, format: 'module', shortCircuit: true };}
  return nextResolve(specifier, context);
}
