/**
 * What the fuzzer does to one answer, by layer. Each mutation says what it means for the client:
 *   same      the meaning is unchanged (header case, chunking): the output must be the untampered one;
 *   tampered  the answer is not what the server sent or not what the protocol allows: the output must
 *             be the untampered one (the client did not depend on it) or an error or warning;
 *   content   validly encrypted content that a share's owner could write (names, nesting, mounts):
 *             only the general checks apply (exit code, no leak, no control character, no hang);
 *   warns     such content that the client must not take in silence (a share cycle, folders nested
 *             past the cap): a warning or an error.
 */
import { openContent, withContent, withContentText, type HttpAnswer, type PlaintextAnswer } from '../../devserver/index';
import type { Prng } from './prng';
import { SHARES } from './world';

export type Layer = 'http' | 'transport' | 'plaintext';
export type Meaning = 'same' | 'tampered' | 'content' | 'warns';

/** Answers seen so far (the untampered runs and the current one), for replays. */
export interface Memory {
  readonly envelopes: Array<{ readonly path: string; readonly body: Buffer }>;
  readonly plaintexts: Array<{ readonly path: string; readonly json: unknown }>;
}

interface HttpIn { readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: Buffer }

export type Mutation =
  | { readonly layer: 'http'; readonly name: string; readonly meaning: Meaning; mutate(answer: HttpIn, rng: Prng, memory: Memory): HttpAnswer }
  | { readonly layer: 'transport'; readonly name: string; readonly meaning: Meaning; mutate(envelope: Buffer, rng: Prng, memory: Memory, path: string): string | Buffer }
  | { readonly layer: 'plaintext'; readonly name: string; readonly meaning: Meaning; readonly content?: boolean; readonly commands?: readonly string[]; readonly paths?: RegExp; mutate(answer: PlaintextAnswer, rng: Prng, memory: Memory): unknown };

/** Reads whose `data` the hook can decrypt and re-encrypt. */
export const CONTENT_PATH = /^\/(datastore|share|secret)\/[0-9a-f-]{36}\/$/;

const HOSTILE_NAMES = [
  '\u001b[31mred\u001b[0m', '\u001b]52;c;cHduZWQ=\u0007', 'a\rb\bc', '\u009b2J', 'tab\there', '\u0000nul', 'bidi\u202eevil', '\u001b]0;title\u001b\\',
];

function flipHexDigit(text: string, at: number): string {
  const digit = (Number.parseInt(text[at]!, 16) ^ 0x1).toString(16);
  return text.slice(0, at) + digit + text.slice(at + 1);
}

function envelopeOf(body: Buffer): { text: string; nonce: string } {
  return JSON.parse(body.toString('utf8')) as { text: string; nonce: string };
}

function withHeaders(answer: HttpIn, headers: Record<string, string>): HttpAnswer {
  return { status: answer.status, headers, body: answer.body };
}

function setLength(headers: Readonly<Record<string, string>>, length: number): Record<string, string> {
  return { ...headers, 'Content-Length': String(length) };
}

const HTTP: Mutation[] = [
  { layer: 'http', name: 'status', meaning: 'tampered', mutate: (a, rng) => ({ ...withHeaders(a, a.headers), status: rng.pick([201, 204, 301, 304, 400, 401, 403, 404, 409, 418, 423, 429, 500, 502, 503, 599].filter((s) => s !== a.status)) }) },
  { layer: 'http', name: 'header-case', meaning: 'same', mutate: (a) => withHeaders(a, Object.fromEntries(Object.entries(a.headers).map(([k, v]) => [k.toUpperCase(), v]))) },
  { layer: 'http', name: 'extra-headers', meaning: 'same', mutate: (a) => withHeaders(a, { ...a.headers, 'X-Fuzz': 'x'.repeat(2000), Server: 'fuzz' }) },
  { layer: 'http', name: 'chunked', meaning: 'same', mutate: (a, rng) => ({ ...withHeaders(a, a.headers), chunks: 2 + rng.below(6) }) },
  { layer: 'http', name: 'content-type', meaning: 'tampered', mutate: (a, rng) => withHeaders(a, { ...a.headers, 'Content-Type': rng.pick(['text/html; charset=utf-8', 'application/octet-stream', '', 'application/json; charset=latin1']) }) },
  { layer: 'http', name: 'content-encoding', meaning: 'tampered', mutate: (a) => withHeaders(a, { ...a.headers, 'Content-Encoding': 'gzip' }) },
  { layer: 'http', name: 'empty-body', meaning: 'tampered', mutate: (a) => ({ status: a.status, headers: setLength(a.headers, 0), body: Buffer.alloc(0) }) },
  { layer: 'http', name: 'truncated', meaning: 'tampered', mutate: (a, rng) => { const body = a.body.subarray(0, rng.below(Math.max(1, a.body.length))); return { status: a.status, headers: setLength(a.headers, body.length), body }; } },
  { layer: 'http', name: 'cut-connection', meaning: 'tampered', mutate: (a, rng) => ({ ...withHeaders(a, a.headers), cutAfter: rng.below(Math.max(1, a.body.length)) }) },
  { layer: 'http', name: 'oversized', meaning: 'tampered', mutate: (a, rng) => { const body = Buffer.concat([a.body, Buffer.alloc((1 + rng.below(8)) << 20, rng.pick([0x20, 0x41, 0x7b]))]); return { status: a.status, headers: setLength(a.headers, body.length), body }; } },
  { layer: 'http', name: 'html-page', meaning: 'tampered', mutate: (a) => { const body = Buffer.from('<!doctype html><title>502</title><h1>Bad gateway</h1>'); return { status: a.status, headers: setLength({ ...a.headers, 'Content-Type': 'text/html' }, body.length), body }; } },
];

const TRANSPORT: Mutation[] = [
  { layer: 'transport', name: 'bit-flip', meaning: 'tampered', mutate: (body, rng) => { const e = envelopeOf(body); return JSON.stringify({ ...e, text: flipHexDigit(e.text, rng.below(e.text.length)) }); } },
  { layer: 'transport', name: 'nonce-flip', meaning: 'tampered', mutate: (body, rng) => { const e = envelopeOf(body); return JSON.stringify({ ...e, nonce: flipHexDigit(e.nonce, rng.below(e.nonce.length)) }); } },
  { layer: 'transport', name: 'nonce-length', meaning: 'tampered', mutate: (body, rng) => { const e = envelopeOf(body); return JSON.stringify({ ...e, nonce: rng.pick(['', e.nonce.slice(2), `${e.nonce}00`, 'zz'.repeat(24)]) }); } },
  { layer: 'transport', name: 'replay-this-run', meaning: 'tampered', mutate: (body, rng, memory) => rng.pick(memory.envelopes.slice(-6).map((e) => e.body).concat([body])) },
  { layer: 'transport', name: 'replay-other-session', meaning: 'tampered', mutate: (body, rng, memory) => memory.envelopes.length === 0 ? body : rng.pick(memory.envelopes).body },
  { layer: 'transport', name: 'not-json', meaning: 'tampered', mutate: (body, rng) => rng.pick(['', 'null', '[]', '{}', '{"text":1,"nonce":2}', '<html>', body.toString('utf8').slice(1), `${body.toString('utf8')}}`]) },
  { layer: 'transport', name: 'swapped', meaning: 'tampered', mutate: (body) => { const e = envelopeOf(body); return JSON.stringify({ text: e.nonce, nonce: e.text }); } },
];

type Tree = Record<string, unknown>;

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function uuid(rng: Prng): string {
  const hex = Array.from({ length: 32 }, () => rng.below(16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** The JSON text of a folder chain `depth` deep (too deep for JSON.stringify, so built as text). */
function chainText(depth: number, rng: Prng): string {
  const opens: string[] = [];
  for (let level = 0; level < depth; level++) {
    opens.push(`{"id":"${uuid(rng)}","name":"d${level}","folders":[`);
  }
  const bottom = JSON.stringify({ id: uuid(rng), name: 'bottom', items: [{ id: uuid(rng), name: 'Deep item', type: 'note' }] });
  return `${opens.join('')}${bottom}${']}'.repeat(depth)}`;
}

/** Every folder and item object of a content tree, iteratively. */
function nodes(root: Tree): Tree[] {
  const found: Tree[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!isTree(node)) {
      continue;
    }
    found.push(node);
    for (const key of ['folders', 'items']) {
      const children = node[key];
      if (Array.isArray(children)) {
        stack.push(...children);
      }
    }
  }
  return found;
}

/** Decrypts the answer's content, lets `change` edit it, and re-encrypts it under the same key. */
function editContent(answer: PlaintextAnswer, change: (content: unknown) => unknown): unknown {
  const key = answer.contentKey;
  if (key === undefined) {
    return undefined;
  }
  const content = openContent(answer.json, key);
  return withContent(answer.json, change(content), key);
}

const CHAIN_MARK = '\u0000fuzz-chain';

/** Adds a folder chain `depth` deep below a random folder of the content. */
function deepen(answer: PlaintextAnswer, depth: number, rng: Prng): unknown {
  const key = answer.contentKey;
  const content = key === undefined ? undefined : openContent(answer.json, key);
  const node = someFolder(content, rng);
  if (key === undefined || node === undefined) {
    return undefined;
  }
  node['folders'] = [...(Array.isArray(node['folders']) ? node['folders'] : []), CHAIN_MARK];
  const text = JSON.stringify(content).replace(JSON.stringify(CHAIN_MARK), chainText(depth, rng));
  return withContentText(answer.json, text, key);
}

/** A folder (or the root) of a content tree: not an item, not a mounted share. */
function someFolder(content: unknown, rng: Prng): Tree | undefined {
  const folders = isTree(content) ? nodes(content).filter((node) => !('type' in node) && !('share_id' in node)) : [];
  return folders.length === 0 ? undefined : rng.pick(folders);
}

/** A random value of a type other than the one given. */
function otherType(value: unknown, rng: Prng): unknown {
  const options: unknown[] = [null, 0, -1, 1e308, true, '', 'x', [], {}, [[]], { id: 1 }];
  return rng.pick(options.filter((option) => typeof option !== typeof value || Array.isArray(option) !== Array.isArray(value)));
}

/** A random member (at any depth) of a JSON value, as its parent and key. */
function someSlot(value: unknown, rng: Prng, membersOnly = false): { parent: Tree | unknown[]; key: string | number } | undefined {
  const slots: Array<{ parent: Tree | unknown[]; key: string | number }> = [];
  const stack: unknown[] = [value];
  while (stack.length > 0 && slots.length < 5000) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      node.forEach((child, index) => { if (!membersOnly) { slots.push({ parent: node, key: index }); } stack.push(child); });
    } else if (isTree(node)) {
      Object.entries(node).forEach(([key, child]) => { slots.push({ parent: node, key }); stack.push(child); });
    }
  }
  return slots.length === 0 ? undefined : rng.pick(slots);
}

function setSlot(slot: { parent: Tree | unknown[]; key: string | number }, value: unknown): void {
  (slot.parent as Record<string | number, unknown>)[slot.key] = value;
}

/** Mounts `share` at the root of the content, with its share index entry. */
function mount(content: unknown, share: { readonly id: string; readonly keyHex: string }, rng: Prng): unknown {
  if (!isTree(content)) {
    return content;
  }
  const id = uuid(rng);
  const folders = Array.isArray(content['folders']) ? content['folders'] : (content['folders'] = []);
  (folders as unknown[]).push({ id, name: 'Loop', share_id: share.id, share_secret_key: share.keyHex });
  const index = isTree(content['share_index']) ? content['share_index'] : (content['share_index'] = {});
  (index as Tree)[share.id] = { paths: [[id]], secret_key: share.keyHex };
  return content;
}

/** The share an answer to `/share/<id>/` is of. */
function shareOf(path: string): { readonly id: string; readonly keyHex: string } | undefined {
  return SHARES.find((share) => path === `/share/${share.id}/`);
}

const FOLDER_CONTENT = /^\/(datastore|share)\/[0-9a-f-]{36}\/$/;
const SHARE_CONTENT = /^\/share\/[0-9a-f-]{36}\/$/;

const PLAINTEXT: Mutation[] = [
  { layer: 'plaintext', name: 'empty-object', meaning: 'tampered', mutate: () => ({}) },
  { layer: 'plaintext', name: 'not-an-object', meaning: 'tampered', mutate: (_a, rng) => rng.pick([null, [], '', 0, 'text', [{}]]) },
  { layer: 'plaintext', name: 'wrong-type', meaning: 'tampered', mutate: (a, rng) => { const json: unknown = structuredClone(a.json); const slot = someSlot(json, rng); if (slot !== undefined) { setSlot(slot, otherType((slot.parent as Record<string | number, unknown>)[slot.key], rng)); } return json; } },
  // A member of an object, not an element of a list: a shorter list is an answer a server may give.
  { layer: 'plaintext', name: 'missing-field', meaning: 'tampered', mutate: (a, rng) => { const json: unknown = structuredClone(a.json); const slot = someSlot(json, rng, true); if (slot !== undefined && !Array.isArray(slot.parent)) { delete slot.parent[slot.key]; } return json; } },
  { layer: 'plaintext', name: 'replayed-body', meaning: 'tampered', mutate: (a, rng, memory) => { const others = memory.plaintexts.filter((p) => p.path !== a.path); return others.length === 0 ? {} : rng.pick(others).json; } },
  { layer: 'plaintext', name: 'deep-nesting', meaning: 'content', content: true, paths: FOLDER_CONTENT, mutate: (a, rng) => deepen(a, rng.pick([50, 200]), rng) },
  { layer: 'plaintext', name: 'too-deep', meaning: 'warns', content: true, paths: FOLDER_CONTENT, mutate: (a, rng) => deepen(a, rng.pick([300, 2_000, 12_000, 25_000]), rng) },
  { layer: 'plaintext', name: 'mount-again', meaning: 'content', content: true, paths: FOLDER_CONTENT, mutate: (a, rng) => editContent(a, (c) => mount(c, rng.pick(SHARES), rng)) },
  { layer: 'plaintext', name: 'cycle', meaning: 'warns', content: true, paths: SHARE_CONTENT, mutate: (a, rng) => editContent(a, (c) => mount(c, shareOf(a.path)!, rng)) },
  { layer: 'plaintext', name: 'control-names', meaning: 'content', content: true, commands: ['ls', 'ls --json'], mutate: (a, rng) => editContent(a, (c) => { for (const node of isTree(c) ? nodes(c) : []) { if (rng.below(2) === 0) { node['name'] = `${rng.pick(HOSTILE_NAMES)}${String(node['name'])}`; } } if (isTree(c)) { for (const key of Object.keys(c)) { if (typeof c[key] === 'string' && /_(title|username|url)$/.test(key)) { c[key] = `${String(c[key])}${rng.pick(HOSTILE_NAMES)}`; } } } return c; }) },
  { layer: 'plaintext', name: 'huge-string', meaning: 'content', content: true, mutate: (a, rng) => editContent(a, (c) => { const slot = someSlot(c, rng); if (slot !== undefined) { setSlot(slot, 'H'.repeat(rng.pick([10_000, 500_000, 3_000_000]))); } return c; }) },
  { layer: 'plaintext', name: 'content-wrong-type', meaning: 'content', content: true, mutate: (a, rng) => editContent(a, (c) => { const slot = someSlot(c, rng); if (slot !== undefined) { setSlot(slot, otherType((slot.parent as Record<string | number, unknown>)[slot.key], rng)); } return c; }) },
  { layer: 'plaintext', name: 'missing-ids', meaning: 'content', content: true, mutate: (a, rng) => editContent(a, (c) => { for (const node of isTree(c) ? nodes(c) : []) { if (rng.below(2) === 0) { delete node['id']; } } return c; }) },
  { layer: 'plaintext', name: 'empty-content', meaning: 'content', content: true, mutate: (a, rng) => editContent(a, () => rng.pick([{}, null, [], '', 0])) },
  { layer: 'plaintext', name: 'other-content', meaning: 'content', content: true, mutate: (a, rng, memory) => editContent(a, () => { const other = memory.plaintexts.find((p) => p.path !== a.path && CONTENT_PATH.test(p.path)); return other === undefined ? {} : rng.pick([{ folders: [{ name: 'Elsewhere', items: [] }] }, other.json]); }) },
];

export const MUTATIONS: Readonly<Record<Layer, readonly Mutation[]>> = { http: HTTP, transport: TRANSPORT, plaintext: PLAINTEXT };

/** Whether `mutation` can act on an answer at `path` (`encrypted`: the answer is transport-encrypted). */
export function appliesTo(mutation: Mutation, path: string, encrypted: boolean): boolean {
  if (mutation.layer === 'http') {
    return true;
  }
  if (!encrypted || path === '/authentication/logout/') {
    return false;
  }
  if (mutation.layer === 'transport') {
    return true;
  }
  return (mutation.content !== true || CONTENT_PATH.test(path)) && (mutation.paths?.test(path) ?? true);
}
