/** The lock status for the settings screen: a state per trigger, and a warning per setting the desktop cannot honour. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { lockTriggerStates, lockWarnings } from '../../src/main/lock';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';

const ALL_ON = { ...DEFAULT_SETTINGS, lockOnIdle: true, lockOnOsLock: true, lockOnSleep: true, idleMinutes: 7 };

describe('lock status', () => {
  it('unknown until the trigger sources are probed; then what they found', () => {
    assert.deepEqual(lockTriggerStates({ settings: ALL_ON, systemIdle: 'unknown', delivered: null }), { systemIdle: 'unknown', osLock: 'unknown', sleep: 'unknown' });
    assert.deepEqual(lockTriggerStates({ settings: ALL_ON, systemIdle: 'available', delivered: { osLock: false, sleep: true } }), {
      systemIdle: 'available',
      osLock: 'unavailable',
      sleep: 'available',
    });
    assert.deepEqual(lockWarnings({ settings: ALL_ON, systemIdle: 'unknown', delivered: null }), [], 'nothing to warn about before probing');
  });

  it('warns for each enabled trigger this desktop does not deliver, and only for enabled ones', () => {
    const nothing = { systemIdle: 'unavailable', delivered: { osLock: false, sleep: false } } as const;
    const warnings = lockWarnings({ settings: ALL_ON, ...nothing });
    assert.equal(warnings.length, 3);
    assert.match(warnings[0]!, /does not report system idle time .* 7 minutes/);
    assert.match(warnings[1]!, /when the screen locks/);
    assert.match(warnings[2]!, /before it sleeps/);
    const off = { ...ALL_ON, lockOnIdle: false, lockOnOsLock: false, lockOnSleep: false };
    assert.deepEqual(lockWarnings({ settings: off, ...nothing }), []);
    assert.deepEqual(lockWarnings({ settings: ALL_ON, systemIdle: 'available', delivered: { osLock: true, sleep: true } }), []);
  });
});
