// The answer-mutation hook (devserver/mutate.ts) acts at each layer as documented.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, afterEach, before, describe, it } from 'node:test';

import { openContent, startDevServer, withContent, type DevServer, type VaultSeed } from '../../devserver/index';
import { authed, rawFetch, rawLogin, type RawSession } from './raw-client';

const seed: VaultSeed = {
  seed: 'mutate-tests',
  user: { username: 'mia@example.com' },
  datastores: [{ type: 'password', folders: [{ name: 'Kept' }] }],
  apiKeys: [{ name: 'k' }],
};

/** The raw HTTP answer: headers, and the body as far as it came (node:http, which shows a cut). */
function rawGet(url: string): Promise<{ headers: Record<string, unknown>; body: string; aborted: boolean }> {
  return new Promise((resolve, reject) => {
    request(url, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      response.on('end', () => resolve({ headers: response.headers, body, aborted: false }));
      response.on('aborted', () => resolve({ headers: response.headers, body, aborted: true }));
      response.on('error', () => resolve({ headers: response.headers, body, aborted: true }));
    }).on('error', reject).end();
  });
}

describe('devserver answer mutation hook', () => {
  let server: DevServer;
  let session: RawSession;
  let datastoreId: string;
  before(async () => {
    server = await startDevServer({ seed });
    session = await rawLogin(server, server.apiKey('k'));
    const list = (await authed(server, session, 'GET', '/datastore/')).json as { datastores: Array<{ id: string }> };
    datastoreId = list.datastores[0]!.id;
  });
  afterEach(() => {
    server.faults.mutate = null;
  });
  after(() => server.close());

  it('plaintext: the replacement is encrypted for the session, and the content key opens and re-seals data', async () => {
    let seen = '';
    server.faults.mutate = {
      plaintext: (answer) => {
        if (answer.path !== `/datastore/${datastoreId}/` || answer.contentKey === undefined) {
          return undefined;
        }
        const content = openContent(answer.json, answer.contentKey) as { folders: Array<{ name: string }> };
        seen = content.folders[0]!.name;
        return withContent(answer.json, { folders: [{ name: 'Changed' }] }, answer.contentKey);
      },
    };
    const read = await authed(server, session, 'GET', `/datastore/${datastoreId}/`);
    assert.equal(read.encrypted, true);
    assert.equal(seen, 'Kept', 'the hook read the datastore content with its key');
    // Re-sealed under the same key: opening it again with that key gives the replacement.
    server.faults.mutate = { plaintext: (answer) => { if (answer.contentKey !== undefined) { seen = JSON.stringify(openContent(read.json, answer.contentKey)); } return undefined; } };
    await authed(server, session, 'GET', `/datastore/${datastoreId}/`);
    assert.equal(seen, '{"folders":[{"name":"Changed"}]}');
    const list = await authed(server, session, 'GET', '/datastore/');
    assert.ok(Array.isArray((list.json as { datastores: unknown }).datastores), 'other answers are kept');
    server.faults.mutate = { plaintext: (answer) => (answer.path === '/datastore/' ? { replaced: true } : undefined) };
    assert.deepEqual((await authed(server, session, 'GET', '/datastore/')).json, { replaced: true });
  });

  it('transport: the body sent instead of the envelope', async () => {
    server.faults.mutate = { transport: (answer) => (answer.path === '/datastore/' ? `${answer.envelope.toString('utf8').slice(0, 9)}` : undefined) };
    const response = await authed(server, session, 'GET', '/datastore/');
    assert.equal(response.text, '{"text":"');
    assert.equal(response.encrypted, false);
  });

  it('http: status and headers of any endpoint, chunked writes and a connection cut mid-body', async () => {
    server.faults.mutate = { http: (answer) => (answer.path === '/info/' ? { status: 418, headers: { ...answer.headers, 'X-Fuzz': '1' }, body: answer.body } : undefined) };
    const teapot = await rawFetch(`${server.url}/info/`);
    assert.deepEqual([teapot.status, teapot.headers.get('x-fuzz')], [418, '1']);

    server.faults.mutate = { http: (answer) => ({ status: answer.status, headers: { ...answer.headers }, body: answer.body, chunks: 3 }) };
    const chunked = await rawGet(`${server.url}/info/`);
    assert.deepEqual([chunked.headers['transfer-encoding'], chunked.headers['content-length'], chunked.aborted], ['chunked', undefined, false]);
    assert.ok(JSON.parse(chunked.body), 'the whole body arrives');

    server.faults.mutate = { http: (answer) => ({ status: answer.status, headers: { ...answer.headers }, body: answer.body, cutAfter: 5 }) };
    const cut = await rawGet(`${server.url}/info/`);
    assert.equal(cut.aborted, true);
    assert.ok(cut.body.length <= 5);
  });
});
