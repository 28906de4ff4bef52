import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { UsageError } from '../../../src/cli/args';
import { ALLOW_HTTP, readCredentials, type CredentialFiles } from '../../../src/cli/credentials';

const NO_FILES: CredentialFiles = {
  readFile: () => {
    throw new Error('no file in this test');
  },
  fileMode: () => null,
};

function env(serverUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PSONO_SERVER_URL: serverUrl,
    PSONO_API_KEY_ID: '6b0e7f3a-2c41-4d8e-9a57-1f2e3d4c5b6a',
    PSONO_API_KEY_PRIVATE_KEY: 'ab'.repeat(32),
    PSONO_API_KEY_SECRET_KEY: 'cd'.repeat(32),
    PSONO_SERVER_SIGNATURE: 'ef'.repeat(32),
    ...extra,
  };
}

describe('CLI credentials', () => {
  it('refuses plain http:// to another computer as a usage error that names the switch', () => {
    assert.throws(
      () => readCredentials(env('http://psono.example.com/server'), null, NO_FILES),
      (error: unknown) => error instanceof UsageError && error.message.includes('in clear') && error.message.includes(ALLOW_HTTP),
    );
  });

  it('takes plain http:// to this computer, https:// anywhere, and http:// elsewhere only with the switch', () => {
    for (const url of ['http://127.0.0.1:10100/server', 'http://localhost/server', 'http://[::1]:8000/server', 'https://psono.example.com/server']) {
      assert.equal(readCredentials(env(url), null, NO_FILES).serverUrl, url);
    }
    const allowed = readCredentials(env('http://psono.example.com/server', { [ALLOW_HTTP]: '1' }), null, NO_FILES);
    assert.equal(allowed.serverUrl, 'http://psono.example.com/server');
  });

  it('a malformed value the user gave is a usage error (exit 2), not a failure', () => {
    assert.throws(() => readCredentials(env('https://psono.example.com/server', { PSONO_API_KEY_ID: 'not-a-uuid' }), null, NO_FILES), UsageError);
  });
});
