/**
 * The "main secret" of an entry (Enter in the search window, the `main` field key): password; the
 * note text for a note; the TOTP code for a TOTP item — never the base32 TOTP secret.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { fieldValue, itemModel, mainField } from '../../../src/core/vault';

const TOTP_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('mainField / fieldValue(main)', () => {
  it('a password entry: its password', () => {
    const model = itemModel('website_password', { website_password_title: 'GitHub', website_password_password: 'gh-pass', website_password_notes: 'n' });
    assert.equal(mainField(model), 'password');
    assert.equal(fieldValue(model, 'main'), 'gh-pass');
  });

  it('a password entry that also has a TOTP secret: still the password', () => {
    const model = itemModel('website_password', { website_password_title: 'GitHub', website_password_password: 'gh-pass', website_password_totp_code: TOTP_SECRET });
    assert.equal(mainField(model), 'password');
    assert.equal(fieldValue(model, 'main'), 'gh-pass');
  });

  it('a note: its text', () => {
    const model = itemModel('note', { note_title: 'Wifi', note_notes: 'wifi-note-text' });
    assert.equal(mainField(model), 'notes');
    assert.equal(fieldValue(model, 'main'), 'wifi-note-text');
  });

  it('a TOTP item: the code (needs the clock), so fieldValue never hands out the stored secret', () => {
    const model = itemModel('totp', { totp_title: 'VPN', totp_code: TOTP_SECRET, totp_period: 30, totp_digits: 6 });
    assert.equal(mainField(model), 'totp');
    assert.equal(fieldValue(model, 'main'), null);
    assert.equal(fieldValue(model, 'totp'), TOTP_SECRET, 'the totp key itself still reads the stored secret');
  });

  it('an entry without a password but with a TOTP secret: the code', () => {
    const model = itemModel('website_password', { website_password_title: 'SSO', website_password_totp_code: TOTP_SECRET });
    assert.equal(mainField(model), 'totp');
    assert.equal(fieldValue(model, 'main'), null);
  });

  it('nothing secret to copy: null', () => {
    const bookmark = itemModel('bookmark', { bookmark_title: 'Docs', bookmark_url: 'https://docs.example.com/' });
    assert.equal(mainField(bookmark), null);
    assert.equal(fieldValue(bookmark, 'main'), null);
    const emptyNote = itemModel('note', { note_title: 'Empty', note_notes: '' });
    assert.equal(mainField(emptyNote), null);
  });
});
