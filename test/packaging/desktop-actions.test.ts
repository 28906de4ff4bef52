// The .desktop file's "Search" and "Lock" actions, rendered by electron-builder's own desktop-entry
// writer from electron-builder.yml, and what the running instance does with each action's command line.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';

import { runLaunchCommands } from '../../src/main/lifecycle';
import { loadBuilderConfig } from '../../scripts/validate-builder';

interface LinuxTargetHelperModule {
  LinuxTargetHelper: { prototype: { computeDesktopEntry(options: unknown, exec?: string): Promise<string> } };
}
const builderRequire = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'));
const { LinuxTargetHelper } = builderRequire('./out/targets/LinuxTargetHelper') as LinuxTargetHelperModule;

const config = loadBuilderConfig('electron-builder.yml');
const linux = config['linux'] as Record<string, unknown>;
const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as { desktopName: string };

/** The desktop entry as the deb target writes it (the packager reduced to what the writer reads). */
async function renderDesktopEntry(): Promise<string> {
  const packager = {
    appInfo: { productName: 'Psono Tray', sanitizedProductName: 'Psono Tray' },
    executableName: linux['executableName'],
    info: { metadata: { desktopName: packageJson.desktopName } },
    fileAssociations: [],
    config: {},
    platformSpecificBuildOptions: linux,
  };
  const helper = Object.assign(Object.create(LinuxTargetHelper.prototype) as LinuxTargetHelperModule['LinuxTargetHelper']['prototype'], {
    packager,
    getDescription: () => String(linux['description']),
  });
  return helper.computeDesktopEntry(linux);
}

/** Groups of a desktop file: name → key → value. */
function parseDesktopFile(text: string): Map<string, Map<string, string>> {
  const groups = new Map<string, Map<string, string>>();
  let current: Map<string, string> | null = null;
  for (const line of text.split('\n')) {
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = new Map();
      groups.set(header[1]!, current);
    } else if (current && line.includes('=')) {
      current.set(line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1));
    }
  }
  return groups;
}

describe('.desktop actions', () => {
  test('the entry lists Search and Lock, each a group with a name and a command', async () => {
    const groups = parseDesktopFile(await renderDesktopEntry());
    assert.equal(groups.get('Desktop Entry')?.get('Actions'), 'Search;Lock;');
    assert.deepEqual(Object.fromEntries(groups.get('Desktop Action Search') ?? []), { Name: 'Search', Exec: 'psono-tray --show-search' });
    assert.deepEqual(Object.fromEntries(groups.get('Desktop Action Lock') ?? []), { Name: 'Lock', Exec: 'psono-tray --lock' });
  });

  test('the running instance turns each action\'s command line into showing the search or locking', async () => {
    const groups = parseDesktopFile(await renderDesktopEntry());
    const run = (action: string): string[] => {
      const argv = (groups.get(`Desktop Action ${action}`)?.get('Exec') ?? '').split(' ');
      const done: string[] = [];
      runLaunchCommands(argv, {
        lock: () => done.push('lock'),
        toggleSearch: () => done.push('toggle-search'),
        showSearch: () => done.push('show-search'),
        show: () => done.push('show'),
      });
      return done;
    };
    assert.deepEqual(run('Search'), ['show-search']);
    assert.deepEqual(run('Lock'), ['lock']);
  });
});
