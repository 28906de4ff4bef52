import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { FAKE_CREDENTIALS, FAKE_FINGERPRINT, FAKE_PIN, FakeBridge, PASTED_DIALOG } from '../fakes/fake-bridge';
import { sharedRenderer } from './support/renderer-page';

describe('setup, settings and lock screens in Chromium', { timeout: 600_000 }, () => {
  const renderer = sharedRenderer('test');

  const open = (bridge: FakeBridge) => renderer.open(bridge);

  describe('setup', () => {
    it('fills all six fields from the pasted dialog, tests the connection and saves with a PIN', async () => {
      const ui = await open(new FakeBridge({ phase: 'no-profile' }));
      try {
        await ui.page.getByTestId('setup-screen').waitFor();
        await ui.page.getByTestId('setup-paste').fill(PASTED_DIALOG);
        assert.equal(await ui.page.getByTestId('setup-paste-note').innerText(), 'Filled 6 of 6 fields from the pasted text.');
        assert.equal(await ui.page.getByTestId('setup-paste').inputValue(), '', 'the pasted copy of the keys is dropped');
        assert.equal(await ui.page.getByTestId('setup-apiKeyId').inputValue(), FAKE_CREDENTIALS.apiKeyId);
        assert.equal(await ui.page.getByTestId('setup-apiKeyPrivateKey').getAttribute('type'), 'password');
        await ui.page.getByTestId('setup-test').click();
        const check = ui.page.getByTestId('setup-check');
        await check.waitFor();
        assert.match(await check.innerText(), /Connected as alice@example\.test — 7 entries/);
        assert.match(await check.innerText(), /Server version 6\.1\.0/);
        assert.ok((await check.innerText()).includes(FAKE_FINGERPRINT));
        assert.deepEqual(ui.bridge.callsOf('setupCheck'), [FAKE_CREDENTIALS]);

        await ui.page.getByTestId('setup-pin').fill('12345');
        await ui.page.getByTestId('setup-pin-repeat').fill('12345');
        await ui.page.getByTestId('setup-save').click({ force: true });
        await ui.page.getByText('At least 6 characters.').waitFor();
        await ui.page.getByTestId('setup-pin').fill(FAKE_PIN);
        await ui.page.getByTestId('setup-pin-repeat').fill(FAKE_PIN + 'x');
        await ui.page.getByText('The two PINs differ.').waitFor();
        await ui.page.getByTestId('setup-pin-repeat').fill(FAKE_PIN);
        await ui.page.getByTestId('setup-save').click();
        await ui.searchBox.waitFor();
        assert.deepEqual(ui.bridge.callsOf('setupSave'), [{ credentials: '[credentials]', pin: '[pin]' }]);
        const storeText = await ui.storeJson();
        assert.ok(!storeText.includes(FAKE_CREDENTIALS.apiKeyPrivateKey) && !storeText.includes(FAKE_CREDENTIALS.apiKeySecretKey));
      } finally {
        await ui.close();
      }
    });

    it('says what is wrong with each field', async () => {
      const ui = await open(new FakeBridge({ phase: 'no-profile' }));
      try {
        await ui.page.getByTestId('setup-test').click();
        for (const field of ['serverUrl', 'apiKeyId', 'apiKeyPrivateKey', 'apiKeySecretKey', 'serverSignature']) {
          assert.equal(await ui.page.getByTestId(`setup-${field}-error`).innerText(), 'Required.', field);
        }
        assert.equal(await ui.page.getByTestId('setup-serverPublicKey-error').count(), 0, 'the public key is optional');
        await ui.page.getByTestId('setup-serverUrl').fill('psono.example.test');
        await ui.page.getByTestId('setup-apiKeyId').fill('1234');
        await ui.page.getByTestId('setup-apiKeyPrivateKey').fill('ab'.repeat(20));
        await ui.page.getByTestId('setup-apiKeySecretKey').fill('xy'.repeat(32));
        assert.match(await ui.page.getByTestId('setup-serverUrl-error').innerText(), /Not a web address/);
        assert.match(await ui.page.getByTestId('setup-apiKeyId-error').innerText(), /key id like/);
        assert.equal(await ui.page.getByTestId('setup-apiKeyPrivateKey-error').innerText(), 'Must be 64 hexadecimal characters; this has 40.');
        assert.match(await ui.page.getByTestId('setup-apiKeySecretKey-error').innerText(), /only hexadecimal characters/);
        assert.equal(await ui.page.getByTestId('setup-apiKeyId').getAttribute('aria-invalid'), 'true');
        assert.equal(ui.bridge.callsOf('setupCheck').length, 0, 'nothing goes to main while fields are invalid');
      } finally {
        await ui.close();
      }
    });

    it('shows the server’s objection at the field it concerns and explains the remedy', async () => {
      const ui = await open(new FakeBridge({ phase: 'no-profile' }));
      try {
        await ui.page.getByTestId('setup-paste').fill(PASTED_DIALOG.replace(FAKE_CREDENTIALS.serverSignature, 'ee'.repeat(32)));
        await ui.page.getByTestId('setup-test').click();
        const alert = ui.page.getByTestId('setup-error');
        await alert.waitFor();
        assert.match(await alert.innerText(), /Server identity does not match/);
        assert.match(await alert.innerText(), /Check SERVER_SIGNATURE/);
        assert.match(await ui.page.getByTestId('setup-serverSignature-error').innerText(), /not the one this API key was issued for/);
        assert.equal(await ui.page.getByTestId('setup-save').count(), 0, 'no save without a passing check');
      } finally {
        await ui.close();
      }
    });

    it('offers “no PIN” only with a warning and saves with pin null', async () => {
      const ui = await open(new FakeBridge({ phase: 'no-profile' }));
      try {
        await ui.page.getByTestId('setup-paste').fill(JSON.stringify({ API_KEY_ID: FAKE_CREDENTIALS.apiKeyId, API_KEY_PRIVATE_KEY: FAKE_CREDENTIALS.apiKeyPrivateKey, API_KEY_SECRET_KEY: FAKE_CREDENTIALS.apiKeySecretKey, SERVER_URL: FAKE_CREDENTIALS.serverUrl, SERVER_SIGNATURE: FAKE_CREDENTIALS.serverSignature }));
        await ui.page.getByTestId('setup-test').click();
        await ui.page.getByTestId('setup-check').waitFor();
        await ui.page.getByTestId('setup-no-pin').check();
        await ui.page.getByText(/Anyone who can use your computer account/).waitFor();
        await ui.page.getByTestId('setup-save').click();
        await ui.searchBox.waitFor();
        assert.deepEqual(ui.bridge.callsOf('setupSave'), [{ credentials: '[credentials]', pin: null }]);
      } finally {
        await ui.close();
      }
    });

    it('drops the typed private and secret key when the window hides', async () => {
      const ui = await open(new FakeBridge({ phase: 'no-profile' }));
      try {
        await ui.page.getByTestId('setup-paste').fill(PASTED_DIALOG);
        await ui.emit('window:hidden', null);
        await ui.page.waitForFunction(() => (document.querySelector('[data-testid="setup-apiKeyPrivateKey"]') as HTMLInputElement).value === '');
        const dom = await ui.domText();
        assert.ok(!dom.includes(FAKE_CREDENTIALS.apiKeyPrivateKey) && !dom.includes(FAKE_CREDENTIALS.apiKeySecretKey));
        assert.equal(await ui.page.getByTestId('setup-apiKeyId').inputValue(), FAKE_CREDENTIALS.apiKeyId, 'public values stay');
      } finally {
        await ui.close();
      }
    });
  });

  describe('settings', () => {
    it('saves each change through settings:set and shows the real shortcut registration', async () => {
      const ui = await open(new FakeBridge());
      try {
        await ui.press('Control+,');
        const screen = ui.page.getByTestId('settings-screen');
        await screen.waitFor();
        await ui.page.locator('[data-setting="lockOnSleep"]').uncheck();
        await ui.page.getByText('Saved.').waitFor();
        const idle = ui.page.locator('[data-setting="idleMinutes"]');
        await idle.fill('5');
        await idle.press('Enter');
        const clear = ui.page.locator('[data-setting="clipboardClearSeconds"]');
        await clear.fill('0');
        await clear.blur();
        await ui.page.getByText('the clipboard is not cleared automatically').waitFor();
        await ui.page.locator('[data-setting="startAtLogin"]').check();
        assert.match(await ui.page.getByTestId('shortcut-state').innerText(), /CommandOrControl\+Alt\+P is registered/);
        // The recorder: a key without a modifier is not taken, Esc cancels, Ctrl+L is recorded rather than locking.
        const record = ui.page.getByTestId('shortcut-record');
        await record.click();
        await ui.press('p');
        assert.match(await ui.page.getByTestId('shortcut-hint').innerText(), /Hold Ctrl, Alt or Super/);
        await ui.press('Escape');
        assert.match(await ui.page.getByTestId('shortcut-hint').innerText(), /cancelled/);
        await screen.waitFor();
        assert.equal(await ui.page.getByTestId('shortcut-current').innerText(), 'CommandOrControl+Alt+P');
        await record.click();
        await ui.page.keyboard.down('Control');
        await ui.page.keyboard.down('Alt');
        await ui.page.waitForFunction(() => document.querySelector('[data-testid="shortcut-current"]')?.textContent === 'CommandOrControl+Alt+…');
        await ui.page.keyboard.up('Alt');
        await ui.page.keyboard.up('Control');
        await ui.screenshot('shortcut-recorder-light');
        await ui.page.emulateMedia({ colorScheme: 'dark' });
        await ui.screenshot('shortcut-recorder-dark');
        await ui.page.emulateMedia({ colorScheme: 'light' });
        await ui.press('Meta+Space');
        await ui.page.getByText(/Super\+Space could not be registered/).waitFor();
        assert.equal(ui.bridge.callsOf('lockLock').length, 0);
        await ui.page.locator('[data-setting="theme"]').selectOption('dark');
        await ui.page.waitForFunction(() => document.documentElement.dataset['theme'] === 'dark');
        assert.deepEqual(ui.bridge.callsOf('settingsSet'), [
          { lockOnSleep: false },
          { idleMinutes: 5 },
          { clipboardClearSeconds: 0 },
          { startAtLogin: true },
          { shortcut: 'Super+Space' },
          { theme: 'dark' },
        ]);
        await ui.page.locator('[data-setting="idleMinutes"]').fill('99999');
        await ui.page.locator('[data-setting="idleMinutes"]').blur();
        assert.equal(await ui.page.locator('[data-setting="idleMinutes"]').inputValue(), '5', 'an out-of-range number is not sent');
        assert.equal(ui.bridge.callsOf('settingsSet').length, 6);
        await ui.page.getByTestId('settings-screen').press('Escape');
        await ui.searchBox.waitFor();
      } finally {
        await ui.close();
      }
    });

    it('says under each lock trigger whether this desktop delivers it (Wayland: no idle time)', async () => {
      const ui = await open(new FakeBridge({ lockTriggers: { systemIdle: 'unavailable', osLock: 'unknown', sleep: 'available' } }));
      try {
        await ui.press('Control+,');
        await ui.page.getByTestId('settings-screen').waitFor();
        const idle = ui.page.getByTestId('trigger-systemIdle');
        assert.equal(await idle.getAttribute('data-state'), 'unavailable');
        // Idle locking still works without system idle time (app inactivity stands in).
        assert.equal(await ui.page.locator('[data-setting="lockOnIdle"]').isDisabled(), false);
        assert.match(await idle.innerText(), /does not report idle time \(e\.g\. Wayland\).*without being used instead/);
        assert.equal(await ui.page.getByTestId('trigger-osLock').getAttribute('data-state'), 'unknown');
        assert.match(await ui.page.getByTestId('trigger-osLock').innerText(), /Checking/);
        assert.match(await ui.page.getByTestId('trigger-sleep').innerText(), /tells Psono Tray before it sleeps/);
        // The hint is the toggle's description for screen readers.
        const describedBy = await ui.page.locator('[data-setting="lockOnIdle"]').getAttribute('aria-describedby');
        assert.equal(describedBy, await idle.getAttribute('id'));
        // main found out more: the screen follows the pushed state.
        await ui.emit('state:changed', { ...ui.bridge.state, lockTriggers: { systemIdle: 'available', osLock: 'unavailable', sleep: 'available' } });
        await ui.page.locator('[data-testid="trigger-osLock"][data-state="unavailable"]').waitFor();
        assert.match(await ui.page.getByTestId('trigger-osLock').innerText(), /does not tell Psono Tray when the screen locks/);
        assert.match(await idle.innerText(), /reports idle time/);
        // A trigger this desktop does not deliver is shown off and cannot be ticked; the others stay as set.
        const osLock = ui.page.locator('[data-setting="lockOnOsLock"]');
        assert.deepEqual([await osLock.isChecked(), await osLock.isDisabled()], [false, true]);
        const sleep = ui.page.locator('[data-setting="lockOnSleep"]');
        assert.deepEqual([await sleep.isChecked(), await sleep.isDisabled()], [true, false]);
      } finally {
        await ui.close();
      }
    });

    it('shows the profile and removes it only after confirmation', async () => {
      const ui = await open(new FakeBridge());
      try {
        await ui.page.getByRole('button', { name: 'Settings' }).click();
        assert.equal(await ui.page.getByTestId('profile-fingerprint').innerText(), FAKE_FINGERPRINT);
        await ui.page.getByRole('button', { name: 'Remove profile…' }).click();
        assert.equal(ui.bridge.callsOf('profileRemove').length, 0);
        const confirm = ui.page.getByRole('alertdialog');
        const button = confirm.getByRole('button', { name: 'Remove profile' });
        assert.equal(await button.isDisabled(), true, 'the profile has a PIN: nothing to confirm without it');
        await confirm.getByTestId('remove-profile-pin').fill('not-the-pin');
        await button.click();
        await confirm.getByTestId('remove-profile-error').waitFor();
        assert.match(await confirm.getByTestId('remove-profile-error').innerText(), /PIN is wrong/);
        assert.equal(await ui.page.getByTestId('setup-screen').count(), 0);
        await confirm.getByTestId('remove-profile-pin').fill(FAKE_PIN);
        await confirm.getByTestId('remove-profile-pin').press('Enter');
        await ui.page.getByTestId('setup-screen').waitFor();
        assert.deepEqual(ui.bridge.callsOf('profileRemove'), [{ pin: '[pin]' }, { pin: '[pin]' }]);
      } finally {
        await ui.close();
      }
    });

    it('changes the PIN, reporting a wrong current PIN', async () => {
      const ui = await open(new FakeBridge());
      try {
        await ui.page.getByRole('button', { name: 'Settings' }).click();
        await ui.page.getByTestId('current-pin').fill('wrong-pin-0');
        await ui.page.getByTestId('new-pin').fill('new-pin-777');
        await ui.page.getByRole('button', { name: 'Change PIN' }).click();
        await ui.page.getByText(/Wrong PIN: The current PIN is wrong/).waitFor();
        await ui.page.getByTestId('current-pin').fill(FAKE_PIN);
        await ui.page.getByTestId('new-pin').fill('new-pin-777');
        await ui.page.getByRole('button', { name: 'Change PIN' }).click();
        await ui.page.getByText('PIN changed.').waitFor();
        assert.equal(await ui.page.getByTestId('current-pin').inputValue(), '');
      } finally {
        await ui.close();
      }
    });
  });

  describe('lock states', () => {
    it('unlocks with the PIN after a wrong attempt, then focuses the search', async () => {
      const bridge = new FakeBridge({ phase: 'locked' });
      const ui = await open(bridge);
      try {
        const pin = ui.page.getByTestId('unlock-pin');
        await pin.waitFor();
        await ui.page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'unlock-pin');
        await pin.fill('not-the-pin');
        await pin.press('Enter');
        const error = ui.page.getByTestId('unlock-error');
        await error.waitFor();
        assert.match(await error.innerText(), /Wrong PIN.*try again in 2 s/s);
        assert.equal(await pin.inputValue(), '', 'a wrong PIN is not kept');
        await pin.fill(FAKE_PIN);
        await pin.press('Enter');
        await ui.searchBox.waitFor();
        await ui.page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'combobox');
      } finally {
        await ui.close();
      }
    });

    it('unlocks a profile without PIN with one button and says what protects it', async () => {
      const ui = await open(new FakeBridge({ phase: 'locked', hasPin: false }));
      try {
        assert.equal(await ui.page.getByTestId('unlock-pin').count(), 0);
        await ui.page.getByText(/relies on your operating-system login/).waitFor();
        await ui.page.getByTestId('unlock-button').click();
        await ui.searchBox.waitFor();
        assert.deepEqual(ui.bridge.callsOf('lockUnlock'), [{ pin: null }]);
      } finally {
        await ui.close();
      }
    });

    it('explains each way the app can end up locked, and sends a revoked key to setup', async () => {
      const bridge = new FakeBridge();
      const ui = await open(bridge);
      try {
        bridge.setPhase('unlocking');
        await ui.page.getByTestId('connecting-screen').waitFor();
        bridge.setPhase('locked', 'session-lost');
        await ui.page.getByText('The server session ended. Unlock to log in again.').waitFor();
        bridge.setPhase('locked', 'sleep');
        await ui.page.getByText('Locked because the computer went to sleep.').waitFor();
        bridge.setPhase('locked', 'key-revoked');
        await ui.page.getByText(/API key was deleted or deactivated/).waitFor();
        assert.equal(await ui.page.getByTestId('unlock-pin').count(), 0);
        await ui.page.getByRole('button', { name: 'Set up again' }).click();
        // Setting up again removes the profile, so its PIN is asked for.
        await ui.page.getByRole('alertdialog').getByTestId('remove-profile-pin').fill(FAKE_PIN);
        await ui.page.getByRole('alertdialog').getByRole('button', { name: 'Remove profile' }).click();
        await ui.page.getByTestId('setup-screen').waitFor();
      } finally {
        await ui.close();
      }
    });

    it('shows an unreachable server on unlock with the remedy', async () => {
      const bridge = new FakeBridge({ phase: 'locked' });
      bridge.failNext.set('lockUnlock', { kind: 'network', message: 'Cannot reach the Psono server.' });
      const ui = await open(bridge);
      try {
        await ui.page.getByTestId('unlock-pin').fill(FAKE_PIN);
        await ui.page.getByTestId('unlock-pin').press('Enter');
        const error = ui.page.getByTestId('unlock-error');
        await error.waitFor();
        assert.match(await error.innerText(), /Server unreachable/);
        assert.match(await error.innerText(), /Check your network connection/);
      } finally {
        await ui.close();
      }
    });

    it('shows a start-up failure with a retry', async () => {
      const bridge = new FakeBridge();
      bridge.failNext.set('appGetState', { kind: 'keychain-unavailable', message: 'No Secret Service keyring is available.' });
      const ui = await open(bridge);
      try {
        const screen = ui.page.getByTestId('startup-error');
        await screen.waitFor();
        assert.match(await screen.innerText(), /No secure key storage/);
        assert.match(await screen.innerText(), /GNOME Keyring or KWallet/);
        await ui.page.getByRole('button', { name: 'Try again' }).click();
        await ui.searchBox.waitFor();
      } finally {
        await ui.close();
      }
    });
  });
});
