/**
 * In-memory stand-ins for a logged-in session, for vault unit tests without HTTP:
 * - `VectorVaultSource` answers with the spec's worked-exchange responses (steps 4–7).
 * - `FakeVaultSource` encrypts plaintext datastores/shares/secrets on the fly like a server would,
 *   so tests can build cycles, duplicates and refusals.
 * Both throw PsonoError with status 400 for anything unknown, like the real server.
 */
import { bytesToHex, keyFromHex, randomBytes, sealJson, secretboxSeal, utf8Encode, wrapKey } from '../../src/core/crypto';
import { PsonoError } from '../../src/core/errors';
import { SecretBytes } from '../../src/core/sensitive';
import type { VaultSource } from '../../src/core/vault';
import { vectors } from '../fixtures/vectors';

type Json = Record<string, unknown>;

function denied(): PsonoError {
  return new PsonoError('not-found', { status: 400 });
}

export class VectorVaultSource implements VaultSource {
  readonly requests: string[] = [];
  readonly #responses = new Map<string, unknown>();
  readonly #userKey: string;

  constructor() {
    const exchange = vectors.api_key_login_exchange as Record<string, { request?: { path: string }; decrypted?: unknown; unwrapped_user_secret_key?: string }>;
    this.#userKey = exchange['step3_decrypted_login_info']!.unwrapped_user_secret_key!;
    for (const step of ['step4_datastore_list', 'step5_datastore_read', 'step6_share_read', 'step6b_nested_share_read', 'step7_secret_read', 'step7b_secret_read_totp_from_share', 'step7c_secret_read_from_nested_item_share']) {
      const record = exchange[step]!;
      this.#responses.set(record.request!.path, record.decrypted);
    }
  }

  async get(path: string): Promise<unknown> {
    this.requests.push(path);
    if (!this.#responses.has(path)) {
      throw denied();
    }
    // A deep copy, as a real response would be a fresh object.
    return structuredClone(this.#responses.get(path));
  }

  userSecretKey(): SecretBytes {
    return keyFromHex(this.#userKey, 'user secret key');
  }
}

export function randomKeyHex(): string {
  return bytesToHex(randomBytes(32));
}

export interface FakeDatastore {
  readonly id: string;
  readonly type?: string;
  readonly description?: string;
  readonly isDefault?: boolean;
  readonly content: Json | null;
  /** The datastore's plaintext as given (for content JSON.stringify cannot write); wins over content. */
  readonly plaintext?: string;
}

/** A tiny encrypting server model. Share/secret ids map to plaintext plus the key to seal it with. */
export class FakeVaultSource implements VaultSource {
  readonly requests: string[] = [];
  readonly userKey = SecretBytes.copyOf(randomBytes(32));
  readonly datastores: FakeDatastore[] = [];
  readonly shares = new Map<string, { key: string; content: Json; plaintext?: string; deny?: boolean; failWith?: Error }>();
  readonly secrets = new Map<string, { key: string; content: Json }>();
  /** Artificial latency per request, to observe concurrency. */
  delayMs = 0;
  inFlight = 0;
  maxInFlight = 0;
  /** Replaces answers as a hostile server would (after they are built and encrypted). */
  rewrite: ((path: string, answer: unknown) => unknown) | null = null;
  /** Answers for these paths wait until the promise settles (to observe request order). */
  readonly holds = new Map<string, Promise<void>>();

  /** `plaintext`: the share's content as JSON text, sealed as given (wins over `content`). */
  addShare(id: string, content: Json, options: { key?: string; plaintext?: string; deny?: boolean; failWith?: Error } = {}): string {
    const key = options.key ?? randomKeyHex();
    this.shares.set(id, {
      key,
      content,
      ...(options.plaintext !== undefined ? { plaintext: options.plaintext } : {}),
      ...(options.deny ? { deny: true } : {}),
      ...(options.failWith ? { failWith: options.failWith } : {}),
    });
    return key;
  }

  addSecret(id: string, content: Json): string {
    const key = randomKeyHex();
    this.secrets.set(id, { key, content });
    return key;
  }

  async get(path: string): Promise<unknown> {
    this.requests.push(path);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.delayMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      }
      await this.holds.get(path);
      const answer = this.#answer(path);
      return this.rewrite ? this.rewrite(path, answer) : answer;
    } finally {
      this.inFlight--;
    }
  }

  #answer(path: string): unknown {
    if (path === '/datastore/') {
      return { datastores: this.datastores.map((d) => ({ id: d.id, type: d.type ?? 'password', description: d.description ?? 'Default', is_default: d.isDefault ?? true })) };
    }
    const match = /^\/(datastore|share|secret)\/([^/]+)\/$/.exec(path);
    if (!match) {
      throw denied();
    }
    const [, kind, id] = match;
    if (kind === 'datastore') {
      const store = this.datastores.find((d) => d.id === id);
      if (!store) {
        throw new PsonoError('not-found', { status: 403 });
      }
      const datastoreKey = SecretBytes.copyOf(randomBytes(32));
      const wrapped = wrapKey(datastoreKey, this.userKey);
      if (store.plaintext !== undefined) {
        const sealed = secretboxSeal(utf8Encode(store.plaintext), datastoreKey);
        return { data: sealed.text, data_nonce: sealed.nonce, secret_key: wrapped.text, secret_key_nonce: wrapped.nonce, type: 'password', description: store.description ?? 'Default', is_default: true };
      }
      if (store.content === null) {
        return { data: '', data_nonce: '', secret_key: wrapped.text, secret_key_nonce: wrapped.nonce, type: 'password', description: store.description ?? 'Default', is_default: true };
      }
      // The official client writes the datastore's own id into its content; tests may give another.
      const sealed = sealJson({ datastore_id: id, ...store.content }, datastoreKey);
      return { data: sealed.text, data_nonce: sealed.nonce, secret_key: wrapped.text, secret_key_nonce: wrapped.nonce, type: 'password', description: store.description ?? 'Default', is_default: true };
    }
    if (kind === 'share') {
      const share = this.shares.get(id!);
      if (share?.failWith) {
        throw share.failWith;
      }
      if (!share || share.deny) {
        throw denied();
      }
      const shareKey = keyFromHex(share.key, 'share key');
      const sealed = share.plaintext === undefined ? sealJson(share.content, shareKey) : secretboxSeal(utf8Encode(share.plaintext), shareKey);
      return { id, data: sealed.text, data_nonce: sealed.nonce, rights: { read: true, write: false, grant: false } };
    }
    const secret = this.secrets.get(id!);
    if (!secret) {
      throw denied();
    }
    const sealed = sealJson(secret.content, keyFromHex(secret.key, 'secret key'));
    return { data: sealed.text, data_nonce: sealed.nonce, type: 'password', read_count: 1 };
  }

  userSecretKey(): SecretBytes {
    return this.userKey;
  }

  count(path: string): number {
    return this.requests.filter((request) => request === path).length;
  }
}

/** A readable uuid from a small number, so tests can name ids: uuid(7) → 00000000-0000-4000-8000-000000000007. */
export function uuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}
