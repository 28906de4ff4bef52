import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { openJson, keyFromHex, unwrapKey } from '../../../src/core/crypto';
import { totpCode, totpParams } from '../../../src/core/totp';
import { PsonoError } from '../../../src/core/errors';
import { fieldValue, inferItemType, itemActions, itemModel, loadRestrictedVault, restrictedSource, typeActions, type ItemModel } from '../../../src/core/vault';
import { vectors } from '../../fixtures/vectors';

const exchange = vectors.api_key_login_exchange as Record<string, { secret_content: Record<string, unknown> }>;
const fieldsOf = (model: ItemModel): string[][] => model.fields.map((f) => [f.key, f.label, f.kind, f.secret ? 'secret' : 'plain', f.value]);

describe('item field model', () => {
  it('website password from the worked exchange: roles, TOTP, custom fields, tags', () => {
    const model = itemModel('website_password', exchange['step7_secret_read']!.secret_content);
    assert.equal(model.kind, 'website_password');
    assert.equal(model.title, 'Example Mail');
    assert.equal(model.username, 'alice');
    assert.equal(model.password, 'pä$$wörd-€-🔑');
    assert.equal(model.url, 'https://mail.example.com/login');
    assert.equal(model.notes, 'first line\nsecond line');
    assert.deepEqual(model.tags, ['mail']);
    assert.deepEqual(itemActions(model), ['username', 'password', 'totp', 'url', 'notes']);
    assert.equal(totpCode(totpParams(model.totp!), 1767225600_000).code, '260025');
    assert.deepEqual(fieldsOf(model), [
      ['url', 'URL', 'url', 'plain', 'https://mail.example.com/login'],
      ['username', 'Username', 'text', 'plain', 'alice'],
      ['password', 'Password', 'secret', 'secret', 'pä$$wörd-€-🔑'],
      ['totp', 'TOTP', 'totp', 'secret', 'JBSWY3DPEHPK3PXP'],
      ['notes', 'Notes', 'multiline', 'plain', 'first line\nsecond line'],
      ['field:website_password_url_filter', 'Domain filter', 'text', 'plain', 'mail.example.com'],
      ['field:website_password_auto_submit', 'Auto-submit', 'text', 'plain', 'false'],
      ['field:website_password_allow_http', 'Allow HTTP', 'text', 'plain', 'false'],
      ['custom:0', 'Recovery PIN', 'secret', 'secret', '4711'],
      ['custom:1', 'Account no.', 'text', 'plain', 'DE-0042'],
    ]);
    assert.equal(fieldValue(model, 'custom:0'), '4711');
    assert.equal(fieldValue(model, 'main'), 'pä$$wörd-€-🔑');
  });

  it('TOTP entry with importer-typed values ("8" digits as a string)', () => {
    const model = itemModel('totp', { totp_title: 'VPN', totp_code: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', totp_digits: '8', totp_period: '30', totp_algorithm: 'sha1' });
    assert.deepEqual(itemActions(model), ['totp']);
    assert.equal(totpCode(totpParams(model.totp!), 59_000).code, '94287082');
    assert.equal(model.password, null);
  });

  it('credit card: number is the main secret, CVC and PIN secret, expiry shown as MM / YY', () => {
    const model = itemModel('credit_card', { credit_card_title: 'Visa', credit_card_number: 4111111111111111, credit_card_name: 'A. Lice', credit_card_cvc: '123', credit_card_pin: 1234, credit_card_valid_through: '0728' });
    assert.equal(model.password, '4111111111111111');
    assert.deepEqual(fieldsOf(model), [
      ['field:credit_card_name', 'Card holder', 'text', 'plain', 'A. Lice'],
      ['password', 'Card number', 'secret', 'secret', '4111111111111111'],
      ['field:credit_card_valid_through', 'Valid through', 'text', 'plain', '07 / 28'],
      ['field:credit_card_cvc', 'CVC', 'secret', 'secret', '123'],
      ['field:credit_card_pin', 'PIN', 'secret', 'secret', '1234'],
    ]);
  });

  it('environment variables become one secret field each; SSH and GPG keys map to the main secret', () => {
    const env = itemModel('environment_variables', { environment_variables_title: 'CI', environment_variables_variables: [{ key: 'TOKEN', value: 'abc' }, { key: 'REGION', value: 'eu' }] });
    assert.deepEqual(fieldsOf(env), [['env:0', 'TOKEN', 'secret', 'secret', 'abc'], ['env:1', 'REGION', 'secret', 'secret', 'eu']]);
    assert.equal(fieldValue(env, 'env:1'), 'eu');
    const ssh = itemModel('ssh_own_key', { ssh_own_key_title: 'k', ssh_own_key_private: '-----BEGIN OPENSSH PRIVATE KEY-----', ssh_own_key_public: 'ssh-ed25519 AAAA' });
    assert.deepEqual(itemActions(ssh), ['password']);
    const gpg = itemModel('mail_gpg_own_key', { mail_gpg_own_key_email: 'a@example.com', mail_gpg_own_key_private: 'armored' });
    assert.deepEqual(itemActions(gpg), ['username', 'password']);
  });

  it('passkey private keys (JWK objects) are kept but never copyable', () => {
    const model = itemModel('passkey', { passkey_title: 'GitHub', passkey_rp_id: 'github.com', passkey_private_key: { kty: 'EC', d: 'x' }, passkey_algorithm: { name: 'ECDSA', namedCurve: 'P-256' } });
    const privateKey = model.fields.find((f) => f.source === 'passkey_private_key')!;
    assert.equal(privateKey.copyable, false);
    assert.equal(privateKey.value, '{"kty":"EC","d":"x"}');
    assert.equal(fieldValue(model, 'field:passkey_private_key'), null);
    assert.deepEqual(itemActions(model), []);
    assert.deepEqual(typeActions('passkey'), []);
  });

  it('a secure note is secret; identity, bookmark and ELSTER map their fields', () => {
    const note = itemModel('note', { note_title: 'Codes', note_notes: 'a\nb' });
    assert.deepEqual(fieldsOf(note), [['notes', 'Note', 'multiline', 'secret', 'a\nb']]);
    const identity = itemModel('identity', { identity_first_name: 'Jörg', identity_email: 'j@example.com' });
    assert.equal(identity.username, 'j@example.com');
    const bookmark = itemModel('bookmark', { bookmark_title: 'Docs', bookmark_url: 'https://docs.example.com' });
    assert.deepEqual(itemActions(bookmark), ['url']);
    const elster = itemModel('elster_certificate', { elster_certificate_password: 'pw', elster_certificate_retrieval_code: 'rc', elster_certificate_file_content: 'blob' });
    assert.equal(elster.password, 'pw');
    assert.equal(fieldValue(elster, 'field:elster_certificate_retrieval_code'), 'rc');
  });

  it('unknown types and unknown fields are kept; sensitive-looking names are secret', () => {
    const model = itemModel('hologram', { hologram_title: 'H', hologram_password: 's3', hologram_colour: 'blue', api_token: 't', extra_object: { a: 1 } });
    assert.equal(model.kind, 'unknown');
    assert.equal(model.title, 'H');
    assert.equal(model.password, 's3');
    assert.deepEqual(fieldsOf(model), [
      ['password', 'Password', 'secret', 'secret', 's3'],
      ['field:hologram_colour', 'Colour', 'text', 'plain', 'blue'],
      ['field:api_token', 'Api token', 'secret', 'secret', 't'],
      ['field:extra_object', 'Extra object', 'text', 'plain', '{"a":1}'],
    ]);
    const website = itemModel('website_password', { website_password_password: 'x', website_password_new_field: 'kept' });
    assert.ok(website.fields.some((f) => f.key === 'field:website_password_new_field' && f.value === 'kept'));
  });

  it('infers the type of a secret without an item from its key prefixes (restricted keys)', () => {
    assert.equal(inferItemType(exchange['step7_secret_read']!.secret_content), 'website_password');
    assert.equal(inferItemType(exchange['step7b_secret_read_totp_from_share']!.secret_content), 'totp');
    assert.equal(inferItemType({ mail_gpg_own_key_private: 'x', mail_gpg_own_key_email: 'y' }), 'mail_gpg_own_key');
    assert.equal(inferItemType({ environment_variables_variables: [] }), 'environment_variables');
    assert.equal(inferItemType({ something: 1 }), null);
  });
});

describe('restricted vault (spec §6.7)', () => {
  it('indexes the attached secrets with titles from their content and serves them from cache', async () => {
    const restricted = (vectors.api_key_login_exchange as Record<string, unknown>)['restricted_key_sessionless'] as {
      credentials: { api_key_secret_key: string };
      inspect: { decoded: { api_key_secrets: Array<{ secret_id: string }> } };
      read_secret: { decoded: { data: string; data_nonce: string; secret_key: string; secret_key_nonce: string } };
    };
    const reads: string[] = [];
    // Shaped like SessionlessApi: inspect() → {secrets}, readSecret() → decrypted JSON.
    const api = {
      inspect: async () => ({ secrets: restricted.inspect.decoded.api_key_secrets.map((s) => ({ secretId: s.secret_id })) }),
      readSecret: async (secretId: string): Promise<unknown> => {
        reads.push(secretId);
        const r = restricted.read_secret.decoded;
        const key = unwrapKey(r.secret_key, r.secret_key_nonce, keyFromHex(restricted.credentials.api_key_secret_key, 'api key secret'), 'secret key');
        return openJson(r.data, r.data_nonce, key);
      },
    };
    const source = restrictedSource(api);
    const vault = await loadRestrictedVault(source);
    assert.deepEqual(vault.entries.map((e) => [e.id, e.title, e.type, e.urlHost, e.description, vault.itemKey(e)]), [
      ['5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f', 'Example Mail', 'website_password', 'mail.example.com', 'alice', undefined],
    ]);
    const { model } = await vault.item('5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f');
    assert.equal(model.username, 'alice');
    assert.equal(reads.length, 1);
  });

  it('a secret that is not a JSON object is a malformed response, and a refused one a warning', async () => {
    const ids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];
    const api = {
      inspect: async () => ({ secrets: ids.map((secretId) => ({ secretId })) }),
      readSecret: async (secretId: string): Promise<unknown> => {
        if (secretId === ids[1]) {
          throw new PsonoError('not-found', { status: 400 });
        }
        return { note_title: 'ok', note_notes: 'x' };
      },
    };
    const vault = await loadRestrictedVault(restrictedSource(api));
    assert.deepEqual(vault.entries.map((e) => [e.title, e.type]), [['ok', 'note']]);
    assert.deepEqual(vault.warnings.map((w) => [w.kind, w.id]), [['secret-unreadable', ids[1]]]);
    const broken = restrictedSource({ inspect: api.inspect, readSecret: async () => ['not', 'an', 'object'] });
    await assert.rejects(loadRestrictedVault(broken), (error: unknown) => error instanceof PsonoError && error.kind === 'malformed-response');
  });
});
