// Entry of the search window's page: find the preload's bridge and mount the app.
import { getBridge } from './bridge';
import { mountApp } from './mount';
import { strings } from './strings';

const container = document.getElementById('root');
const api = getBridge();
if (container && api) {
  mountApp(api, container);
} else if (container) {
  // Only happens if the page is opened outside the app (no preload): say so instead of a blank window.
  container.textContent = strings.noBridge;
}
