/* global window, document */
// A stand-in renderer for harness tests of main: records pushed events so tests can read them.
(() => {
  const received = [];
  Object.defineProperty(window, '__probeEvents', { value: received });
  const bridge = window.psonoTray;
  if (bridge) {
    for (const name of ['state:changed', 'window:shown', 'window:hidden', 'clipboard:changed']) {
      bridge.on(name, (payload) => received.push({ name, payload }));
    }
  }
  document.addEventListener('DOMContentLoaded', () => {
    document.getElementById('status').textContent = bridge ? 'bridge ready' : 'no bridge';
  });
})();
