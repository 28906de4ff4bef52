/**
 * Locking must not wait on a silent server: the logout is bounded. On lock, main's
 * SessionController closes the vault session; PsonoVaultSession.close sends the logout and gives
 * up on the answer after its own bound, then wipes the keys anyway. Real core and HTTP against the
 * dev server on 127.0.0.1; only the logout's answer is withheld.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { HttpRequest, HttpResponse, HttpTransport } from '../../src/core/http';
import { PsonoVaultService } from '../../src/main/vault/psono-vault-service';
import { createLogger } from '../../src/main/log';
import { coreCredentials, GITHUB_ID, startDevVault, type DevVault } from './helpers';

/**
 * Sends every request for real, but never delivers the logout's answer: a server that took the
 * request and went silent, longer than any timeout the transport would apply.
 */
class SilentLogoutTransport implements HttpTransport {
  readonly sent: string[] = [];
  constructor(private readonly inner: HttpTransport) {}
  send(request: HttpRequest): Promise<HttpResponse> {
    const path = new URL(request.url).pathname;
    this.sent.push(`${request.method} ${path}`);
    const answer = this.inner.send(request);
    if (path.endsWith('/authentication/logout/')) {
      answer.catch(() => undefined);
      return new Promise<HttpResponse>(() => undefined);
    }
    return answer;
  }
}

describe('lock with a server that does not answer the logout', () => {
  let dev: DevVault;

  before(async () => {
    dev = await startDevVault();
  });

  after(async () => {
    await dev.close();
  });

  // Without the bound, close() never resolves and this test times out.
  it('close() gives up waiting, the logout was sent, and the session is wiped', { timeout: 60_000 }, async () => {
    const transport = new SilentLogoutTransport(dev.transport);
    const service = new PsonoVaultService({
      transport,
      deviceFingerprint: 'lock-logout-test',
      deviceDescription: 'psono-tray lock logout test',
      log: createLogger('Vault', () => undefined),
    });
    const session = await service.open(coreCredentials(dev.setupValues()));
    assert.ok(session.find(GITHUB_ID), 'the vault is open');
    assert.notEqual(session.renewal, null, 'a renewable session while open');

    await session.close();

    assert.equal(transport.sent.at(-1), 'POST /server/authentication/logout/');
    assert.equal(session.renewal, null, 'nothing left to renew');
    await assert.rejects(session.details(GITHUB_ID), 'the vault was wiped');
  });
});
