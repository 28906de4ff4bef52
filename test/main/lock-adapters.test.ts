/**
 * The small adapters AutoLock and main's composition use: renewal-error classification,
 * the keep-alive request, powerMonitor events → lock inputs, and the system idle reading.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { PsonoError } from '../../src/core/errors';
import { classifyRenewalError, keepAliveSession, readSystemIdleSeconds, watchPowerMonitor } from '../../src/main/lock';

describe('lock adapters', () => {
  it('keep-alive classifies renewal errors: revoked key, lost session, transient with retry-after', () => {
    assert.deepEqual(classifyRenewalError(new PsonoError('key-inactive')), { ok: false, permanent: true, reason: 'key-revoked' });
    assert.deepEqual(classifyRenewalError(new PsonoError('bad-api-key')), { ok: false, permanent: true, reason: 'key-revoked' });
    assert.deepEqual(classifyRenewalError(new PsonoError('server-identity-mismatch')), { ok: false, permanent: true, reason: 'session-lost' });
    assert.deepEqual(classifyRenewalError(new PsonoError('network')), { ok: false, permanent: false });
    assert.deepEqual(classifyRenewalError(new PsonoError('rate-limited', { retryAfterSeconds: 90 })), { ok: false, permanent: false, retryAfterMs: 90_000 });
    assert.deepEqual(classifyRenewalError(new PsonoError('read-not-allowed')), { ok: true });
    assert.deepEqual(classifyRenewalError(new Error('boom')), { ok: false, permanent: false });
  });

  it('keep-alive makes one authenticated request and reports no expiry once closed', async () => {
    const paths: string[] = [];
    const target = { expiresAt: 123 as number | null, closed: false, get: async (path: string) => void paths.push(path) };
    const renewable = keepAliveSession(target);
    assert.equal(renewable.sessionExpiresAt(), 123);
    assert.equal(renewable.renewMarginMs, 20_000, 'inside PsonoSession\'s 30 s lazy-renewal window');
    assert.deepEqual(await renewable.renew(), { ok: true });
    assert.deepEqual(paths, ['/datastore/']);
    target.closed = true;
    assert.equal(renewable.sessionExpiresAt(), null);
  });

  it('powerMonitor events become lock inputs; unsubscribing removes every listener', () => {
    const listeners = new Map<string, () => void>();
    const powerMonitor = {
      on: (event: string, listener: () => void) => {
        listeners.set(event, listener);
        return powerMonitor;
      },
      removeListener: (event: string) => {
        listeners.delete(event);
        return powerMonitor;
      },
      getSystemIdleTime: () => 7,
    };
    const inputs: string[] = [];
    // the double is structurally what we use of Electron's PowerMonitor
    const stop = watchPowerMonitor(powerMonitor as unknown as Parameters<typeof watchPowerMonitor>[0], (input) => inputs.push(input.type));
    for (const event of ['suspend', 'resume', 'lock-screen', 'unlock-screen']) {
      listeners.get(event)?.();
    }
    assert.deepEqual(inputs, ['suspend', 'resume', 'os-lock', 'os-unlock']);
    stop();
    assert.equal(listeners.size, 0);
    assert.equal(readSystemIdleSeconds(powerMonitor), 7);
    assert.equal(
      readSystemIdleSeconds({
        getSystemIdleTime: () => {
          throw new Error('no idle source');
        },
      }),
      null,
    );
  });
});
