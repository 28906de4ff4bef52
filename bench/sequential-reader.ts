/**
 * The spec read the way Psono's API-key example (psono-server examples/api_key_with_session.py)
 * reads it: one request at a time, no /info/, the API-key login, the datastore list, each password
 * datastore, then the shares depth-first through share_index, one after another, no cache (a share
 * mounted in two folders is fetched twice, with everything below it); no logout. Imports only
 * core's crypto and login primitives, so bench/cold-reader.ts stays a small bundle.
 */
import { boxKeyPair, keyFromHex, openJson, sealJson, unwrapKey } from '../src/core/crypto';
import type { Searchable } from '../src/core/search';
import type { ApiKeyCredentials } from '../src/core/session/credentials';
import { buildLoginRequest, openLoginResponse } from '../src/core/session/login';
import type { FreshRequest } from './fresh-http';

/** Sends one request and returns its body as text. */
export type SendText = (request: FreshRequest) => Promise<{ status: number; body: string }>;

export interface SequentialEntry extends Searchable {
  readonly secretId: string;
}

const FINGERPRINT = 'psono-tray-bench-device';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export async function readSequentially(credentials: ApiKeyCredentials, send: SendText): Promise<{ entries: SequentialEntry[]; requests: number }> {
  let requests = 0;
  const pair = boxKeyPair();
  const login = buildLoginRequest({ apiKeyId: credentials.apiKeyId, privateKeySeed: credentials.privateKey, sessionKeyPair: pair, deviceFingerprint: FINGERPRINT, deviceDescription: 'bench sequential reader', deviceTimeMs: Date.now() });
  const answer = await send({ method: 'POST', url: `${credentials.serverUrl}/api-key/login/`, headers: { 'Content-Type': 'application/json' }, body: login.bodyText });
  requests++;
  if (answer.status !== 200) {
    throw new Error(`bench: sequential reader's login got HTTP ${answer.status}`);
  }
  const session = openLoginResponse(answer.body, credentials, pair.secretKey);
  const get = async (path: string): Promise<unknown> => {
    const validator = sealJson({ request_time: new Date().toISOString(), request_device_fingerprint: FINGERPRINT }, session.sessionSecretKey);
    const response = await send({ method: 'GET', url: credentials.serverUrl + path, headers: { Authorization: `Token ${session.token.expose()}`, 'Authorization-Validator': JSON.stringify(validator) } });
    requests++;
    if (response.status !== 200) {
      throw new Error(`bench: sequential reader got HTTP ${response.status} for ${path}`);
    }
    // The example's way: the whole text through JSON.parse.
    const envelope = JSON.parse(response.body) as { text: string; nonce: string };
    return openJson(envelope.text, envelope.nonce, session.sessionSecretKey, 'response');
  };

  const list = (await get('/datastore/')) as { datastores: Json[] };
  const roots: Json[] = [];
  for (const store of list.datastores.filter((entry) => entry['type'] === 'password')) {
    const response = (await get(`/datastore/${String(store['id'])}/`)) as Json;
    const key = unwrapKey(response['secret_key'] as string, response['secret_key_nonce'] as string, session.userSecretKey!, 'datastore key');
    roots.push(openJson(response['data'] as string, response['data_nonce'] as string, key, 'datastore') as Json);
  }
  const mount = async (owner: Json): Promise<void> => {
    const index = owner['share_index'];
    if (!isObject(index)) {
      return;
    }
    for (const [shareId, entry] of Object.entries(index)) {
      if (!isObject(entry) || !Array.isArray(entry['paths'])) {
        continue;
      }
      for (const path of entry['paths'] as unknown[][]) {
        const node = resolve(owner, path);
        if (node === null) {
          continue;
        }
        const response = (await get(`/share/${shareId}/`)) as Json;
        const content = openJson(response['data'] as string, response['data_nonce'] as string, keyFromHex(entry['secret_key'] as string, 'share key'), 'share') as Json;
        for (const [key, value] of Object.entries(content)) {
          if (key !== 'id') {
            node[key] = value;
          }
        }
        await mount(node);
      }
    }
  };
  for (const root of roots) {
    await mount(root);
  }
  const entries: SequentialEntry[] = [];
  const flatten = (node: Json, path: string[]): void => {
    for (const item of Array.isArray(node['items']) ? (node['items'] as Json[]) : []) {
      if (item['deleted'] !== true && typeof item['secret_id'] === 'string') {
        const urlFilter = typeof item['urlfilter'] === 'string' ? item['urlfilter'] : null;
        entries.push({ secretId: item['secret_id'], title: String(item['name'] ?? ''), path, urlHost: urlFilter, urlFilter, description: String(item['description'] ?? ''), tags: [], type: String(item['type'] ?? '') });
      }
    }
    for (const folder of Array.isArray(node['folders']) ? (node['folders'] as Json[]) : []) {
      if (folder['deleted'] !== true) {
        flatten(folder, [...path, String(folder['name'] ?? '')]);
      }
    }
  };
  roots.forEach((root) => flatten(root, []));
  return { entries, requests };
}

function resolve(owner: Json, path: unknown[]): Json | null {
  let current: Json = owner;
  for (let i = 0; i < path.length; i++) {
    const list = [...((current['folders'] as Json[] | undefined) ?? []), ...(i === path.length - 1 ? ((current['items'] as Json[] | undefined) ?? []) : [])];
    const next = list.find((node) => node['id'] === path[i]);
    if (next === undefined || next['deleted'] === true) {
      return null;
    }
    current = next;
  }
  return current;
}
