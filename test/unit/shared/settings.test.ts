import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { generatorOptionsSchema } from '../../../src/shared/generator-schema';
import { requestSchemas } from '../../../src/shared/ipc/contract';
import { DEFAULT_SETTINGS, settingsPatchSchema, storedSettingsSchema } from '../../../src/shared/settings';

describe('settings vocabulary', () => {
  it('has one set of defaults: lock after 10 idle minutes, app inactivity off, clipboard cleared after 30 s', () => {
    assert.equal(DEFAULT_SETTINGS.lockOnIdle, true);
    assert.equal(DEFAULT_SETTINGS.idleMinutes, 10);
    assert.equal(DEFAULT_SETTINGS.lockOnAppInactivity, false);
    assert.equal(DEFAULT_SETTINGS.clipboardClearSeconds, 30);
    assert.equal(DEFAULT_SETTINGS.shortcut, 'CommandOrControl+Alt+P');
    assert.ok(Object.isFrozen(DEFAULT_SETTINGS));
  });

  it('a patch keeps only the keys it names (no defaults filled in)', () => {
    assert.deepEqual(settingsPatchSchema.parse({}), {});
    assert.deepEqual(settingsPatchSchema.parse({ idleMinutes: 3 }), { idleMinutes: 3 });
    assert.equal(requestSchemas['settings:set'], settingsPatchSchema);
  });

  it('a patch is checked against the same ranges and refuses unknown keys', () => {
    assert.equal(settingsPatchSchema.safeParse({ idleMinutes: 0 }).success, false);
    assert.equal(settingsPatchSchema.safeParse({ idleMinutes: 24 * 60 + 1 }).success, false);
    assert.equal(settingsPatchSchema.safeParse({ clipboardClearSeconds: 0 }).success, true);
    assert.equal(settingsPatchSchema.safeParse({ theme: 'blue' }).success, false);
    assert.equal(settingsPatchSchema.safeParse({ futureSetting: true }).success, false);
  });

  it('the stored form drops unknown keys instead of refusing them', () => {
    assert.deepEqual(storedSettingsSchema.parse({ theme: 'dark', futureSetting: true }), { theme: 'dark' });
  });
});

describe('generator settings and options', () => {
  it('the stored options drop keys a newer version added; the window must send exactly the known ones', () => {
    const stored = storedSettingsSchema.parse({ generatorPassphrase: { kind: 'passphrase', words: 5, separator: '.', capitalize: true, futureKey: 1 } });
    assert.deepEqual(stored.generatorPassphrase, { kind: 'passphrase', words: 5, separator: '.', capitalize: true });
    assert.equal(generatorOptionsSchema.safeParse({ kind: 'passphrase', words: 5, separator: '.', capitalize: true, futureKey: 1 }).success, false);
    assert.equal(generatorOptionsSchema.safeParse({ ...DEFAULT_SETTINGS.generatorPassword }).success, true);
  });

  it('bounds: no class, a too short length, too many words and a control character are refused', () => {
    const password = DEFAULT_SETTINGS.generatorPassword;
    const passphrase = DEFAULT_SETTINGS.generatorPassphrase;
    for (const bad of [
      { ...password, lower: false, upper: false, digits: false, symbols: false },
      { ...password, length: 7 },
      { ...passphrase, words: 21 },
      { ...passphrase, separator: '\n' },
    ]) {
      assert.equal(generatorOptionsSchema.safeParse(bad).success, false, JSON.stringify(bad));
    }
    assert.equal(settingsPatchSchema.safeParse({ generatorPassword: { ...password, lower: false, upper: false, digits: false, symbols: false } }).success, false);
  });
});
