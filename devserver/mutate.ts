/**
 * The answer-mutation hook (`server.faults.mutate`): a test sees every answer at three layers and
 * may replace it. It lives in the dev server because the plaintext layer needs keys only the server
 * holds: the session key (to encrypt a mutated answer validly) and the content keys of datastores,
 * shares and secrets (to read and re-encrypt what a client decrypts inside the answer).
 *
 *   plaintext  the JSON of an authenticated answer before transport encryption (+ its content key)
 *   transport  the sealed `{"text","nonce"}` body after transport encryption
 *   http       the final status, headers and body of every answer, plain or encrypted
 */
import type { ServerResponse } from 'node:http';

import { openJson, sealJson, secretboxSeal, utf8Encode } from '../src/core/crypto';
import type { SecretBytes } from '../src/core/sensitive';

export interface AnswerContext {
  /** Path below the base path, e.g. `/share/<id>/`. */
  readonly path: string;
  readonly method: string;
  readonly status: number;
  /** The request's Authorization header (`Token <session token>`), if any. */
  readonly authorization: string | undefined;
}

export interface PlaintextAnswer extends AnswerContext {
  /** The JSON the server is about to encrypt for the session. */
  readonly json: unknown;
  /** The key of the answer's `data`/`data_nonce` (datastore, share or secret reads), else undefined. */
  readonly contentKey: SecretBytes | undefined;
}

export interface TransportAnswer extends AnswerContext {
  /** The encrypted body as sent: `{"text":"<hex>","nonce":"<hex>"}`. */
  readonly envelope: Buffer;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** Send without Content-Length (chunked transfer encoding), in this many writes. */
  chunks?: number;
  /** Destroy the connection after this many body bytes, Content-Length announcing the whole body. */
  cutAfter?: number;
}

export interface AnswerMutator {
  /** The JSON to encrypt instead, or undefined to keep the answer. */
  plaintext?(answer: PlaintextAnswer): unknown;
  /** The body to send instead of the envelope, or undefined to keep it. */
  transport?(answer: TransportAnswer): string | Buffer | undefined;
  /** A replacement answer, or undefined to keep it. */
  http?(answer: AnswerContext & { readonly headers: Readonly<Record<string, string>>; readonly body: Buffer }): HttpAnswer | undefined;
}

/** The decrypted content of an answer's `data`/`data_nonce` pair. */
export function openContent(json: unknown, key: SecretBytes): unknown {
  const record = json as { data?: unknown; data_nonce?: unknown };
  if (typeof record.data !== 'string' || typeof record.data_nonce !== 'string' || record.data === '') {
    return undefined;
  }
  return openJson(record.data, record.data_nonce, key, 'content');
}

/** A copy of the answer with `content` encrypted under `key` as its `data`/`data_nonce`. */
export function withContent(json: unknown, content: unknown, key: SecretBytes): Record<string, unknown> {
  const sealed = sealJson(content, key);
  return { ...(json as Record<string, unknown>), data: sealed.text, data_nonce: sealed.nonce };
}

/** As `withContent`, from the content's JSON text (for content too deep for JSON.stringify). */
export function withContentText(json: unknown, text: string, key: SecretBytes): Record<string, unknown> {
  const sealed = secretboxSeal(utf8Encode(text), key);
  return { ...(json as Record<string, unknown>), data: sealed.text, data_nonce: sealed.nonce };
}

/** Writes a (possibly mutated) answer: chunked, or cut off mid-body, as `answer` says. */
export function writeHttpAnswer(response: ServerResponse, answer: HttpAnswer): void {
  const headers = { ...answer.headers };
  const lengthHeader = Object.keys(headers).find((name) => name.toLowerCase() === 'content-length');
  if (answer.chunks !== undefined && lengthHeader !== undefined) {
    delete headers[lengthHeader];
  }
  response.writeHead(answer.status, headers);
  if (answer.cutAfter !== undefined) {
    response.write(answer.body.subarray(0, answer.cutAfter), () => response.destroy());
    return;
  }
  const size = Math.max(1, Math.ceil(answer.body.length / Math.max(1, answer.chunks ?? 1)));
  let at = 0;
  while (answer.body.length - at > size) {
    response.write(answer.body.subarray(at, at + size));
    at += size;
  }
  response.end(answer.body.subarray(at));
}
