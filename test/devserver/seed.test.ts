// The seed format: the README example is valid, and mistakes in a seed are reported clearly.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import { describeSeed, SeedError, type VaultSeed } from '../../devserver/index';

function readmeExample(): VaultSeed {
  const readme = readFileSync(new URL('../../devserver/README.md', import.meta.url), 'utf8');
  const block = /### Example\s+```json\n([\s\S]*?)\n```/.exec(readme);
  assert.ok(block, 'README has a JSON example');
  return JSON.parse(block[1]!) as VaultSeed;
}

const base: VaultSeed = { user: { username: 'e@example.com' }, datastores: [{ type: 'password' }], apiKeys: [{ name: 'k' }] };

describe('devserver seed format', () => {
  it('accepts the README example and resolves its refs', () => {
    const described = describeSeed(readmeExample());
    assert.ok(described.items.get('mail')?.secretId);
    assert.deepEqual([...described.shareIds.keys()], ['team', 'db', 'locked']);
    assert.deepEqual([...described.apiKeyIds.keys()], ['tray', 'restricted', 'readonly-off']);
  });

  const mistakes: Array<[string, VaultSeed, RegExp]> = [
    ['unknown share ref', { ...base, datastores: [{ type: 'password', folders: [{ share: 'nope' }] }] }, /unknown share "nope"/],
    ['folder share mounted in items', { ...base, shares: [{ ref: 's', kind: 'folder', name: 'S' }], datastores: [{ type: 'password', items: [{ share: 's' }] }] }, /folder share/],
    ['item without secret', { ...base, datastores: [{ type: 'password', items: [{ type: 'note' }] }] }, /needs a "secret"/],
    ['bad key', { ...base, user: { username: 'x', secretKey: 'abc' } }, /64 hex/],
    ['bad id', { ...base, datastores: [{ type: 'password', id: 'nope' }] }, /not a UUID/],
    ['unknown secret on an API key', { ...base, apiKeys: [{ name: 'k', secrets: ['ghost'] }] }, /no item with a secret for "ghost"/],
    ['duplicate item ref', { ...base, datastores: [{ type: 'password', items: [{ type: 'note', ref: 'a', secret: {} }, { type: 'note', ref: 'a', secret: {} }] }] }, /ref "a" is used twice/],
  ];
  for (const [name, seed, message] of mistakes) {
    it(`rejects a seed with ${name}`, () => {
      assert.throws(() => describeSeed(seed), (error: unknown) => error instanceof SeedError && message.test(error.message));
    });
  }
});
