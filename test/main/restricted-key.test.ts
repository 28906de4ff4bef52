/**
 * A restricted key ("restrict to secrets") through main's vault service: no login at all (spec,
 * happy path: restricted keys skip it; a login can end the owner's other sessions, §4.2), its
 * attached secrets read session-less (§6.7), and nothing to log out on lock. Real core and HTTP
 * against the dev server on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { ApiKeyCredentials } from '../../src/core/session';
import { coreCredentials, GITHUB_ID, MAIN_VAULT_SEED, startDevVault, type DevVault } from './helpers';

describe('a restricted key in main', () => {
  let dev: DevVault;
  const credentials = (name = 'restricted'): ApiKeyCredentials => coreCredentials(dev.setupValues(name));
  const wire = (): string[] => dev.server.stats.requests.map((request) => `${request.method} ${request.path}`);

  before(async () => {
    dev = await startDevVault({ ...MAIN_VAULT_SEED, apiKeys: [...(MAIN_VAULT_SEED.apiKeys ?? []), { name: 'restricted', restrictToSecrets: true, secrets: ['github'] }] });
  });

  after(async () => {
    await dev.close();
  });

  it('the setup check shows the server and the attached secrets, without logging in', async () => {
    dev.server.stats.reset();
    const check = await dev.vaultService().check(credentials());
    assert.equal(check.restricted, true);
    assert.equal(check.entryCount, 1);
    assert.equal(check.username, null, 'only a login tells the owner');
    assert.match(check.serverFingerprint, /\S/);
    assert.match(check.serverVersion, /^\d+\.\d+\.\d+/);
    assert.ok(!wire().some((request) => request.endsWith('/api-key/login/')), wire().join());
    assert.equal(wire().filter((request) => request.endsWith('/api-key-access/inspect/')).length, 1, 'inspected once');
  });

  it('unlock reads the secret session-less; lock wipes it and has no session to end', async () => {
    dev.server.stats.reset();
    const session = await dev.vaultService().open(credentials());
    assert.equal(session.restricted, true);
    assert.equal(session.renewal, null, 'no session, nothing to renew');
    const [entry] = session.entries;
    assert.ok(entry);
    assert.equal(entry.title, 'GitHub');
    assert.notEqual(entry.id, GITHUB_ID, 'restricted entries are keyed by secret id');
    const password = await session.readField(entry.id, 'password');
    assert.equal(password.value.expose(), 'gh-Fixture-Pass-91!');
    await session.close();
    await assert.rejects(session.details(entry.id), 'the vault was wiped');
    assert.ok(!wire().some((request) => request.endsWith('/api-key/login/') || request.endsWith('/authentication/logout/')), wire().join());
  });

  it('a key the profile knows as unrestricted logs in at once, without the inspection or /info/', async () => {
    dev.server.stats.reset();
    const session = await dev.vaultService().open(credentials('tray'), { restricted: false });
    assert.equal(session.restricted, false);
    await session.close();
    // The signed login answer is the server's proof of identity.
    assert.equal(wire()[0], 'POST /api-key/login/');
    assert.ok(!wire().some((request) => request.endsWith('/api-key-access/inspect/') || request === 'GET /info/'), wire().join());
  });

  it('a key restricted since the profile was saved: its one login ends at once, and it reads session-less', async () => {
    const active = dev.server.stats.activeSessions();
    dev.server.stats.reset();
    const session = await dev.vaultService().open(credentials(), { restricted: false });
    assert.equal(session.restricted, true);
    assert.equal(session.entries.length, 1);
    // Session-less reads are not signed: /info/ is verified before them, alongside the inspection.
    assert.deepEqual(wire().slice(0, 2), ['POST /api-key/login/', 'POST /authentication/logout/']);
    assert.deepEqual(wire().slice(2, 4).sort(), ['GET /info/', 'POST /api-key-access/inspect/']);
    assert.equal(dev.server.stats.activeSessions(), active);
    await session.close();
  });
});
