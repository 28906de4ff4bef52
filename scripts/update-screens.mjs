// Copies the screenshots the README shows from the test suite's output (test-results/screens/,
// written by test/e2e, test/renderer and test/a11y) into docs/screens/. Run after `npm test`.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';

// e2e-*: the end-to-end suite (real renderer + real main + dev server); detail-dark, shortcut-recorder-*,
// remove-profile-*: the renderer suite; a11y-*: the accessibility tier's forced-colour and 200 % zoom
// states (docs/ACCESSIBILITY.md); settings-autotype-*: the renderer suite's auto-type section.
const chosen = [
  'e2e-search-light.png',
  'e2e-detail-light.png',
  'e2e-setup-light.png',
  'e2e-settings-light.png',
  'e2e-locked-light.png',
  'e2e-recent-light.png',
  'e2e-recent-dark.png',
  'e2e-settings-search-window-light.png',
  'e2e-settings-search-window-dark.png',
  'detail-dark.png',
  'remove-profile-light.png',
  'remove-profile-dark.png',
  'e2e-generator-light.png',
  'e2e-generator-dark.png',
  'e2e-large-type-light.png',
  'e2e-large-type-dark.png',
  'shortcut-recorder-light.png',
  'shortcut-recorder-dark.png',
  'a11y-forced-search-results.png',
  'a11y-forced-detail.png',
  'a11y-zoom200-detail.png',
  'a11y-zoom200-locked.png',
  'settings-autotype-light.png',
  'settings-autotype-dark.png',
  'settings-autotype-unavailable-light.png',
  'settings-autotype-unavailable-dark.png',
];
mkdirSync('docs/screens', { recursive: true });
let missing = 0;
for (const name of chosen) {
  const from = `test-results/screens/${name}`;
  if (!existsSync(from)) {
    console.error(`missing ${from}: run the tests first`);
    missing++;
    continue;
  }
  copyFileSync(from, `docs/screens/${name}`);
}
process.exit(missing === 0 ? 0 : 1);
