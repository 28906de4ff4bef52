/**
 * Child process of lock-heap.test.ts (not a test file itself). It never imports the fixtures, so
 * any fixture secret in its heap came through the client code. Steps:
 *   credentials on stdin → PIN setup + PIN unlock → session login → vault index → read every
 *   secret field (as copy/reveal would) → heap snapshot "before" (control) → lock through the real
 *   LockService → drop references → forced GC → heap snapshot "after".
 * Prints one JSON line: snapshot paths, the token's SHA-256 (never the token), entry titles count.
 */
import { createHash } from 'node:crypto';
import { setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { DEFAULT_LOCK_SETTINGS, LockMachine } from '../../src/core/lock';
import type { HttpRequest, HttpResponse, HttpTransport } from '../../src/core/http';
import { parseCredentials, PsonoSession, type ApiKeyCredentials } from '../../src/core/session';
import { fieldValue, loadVault, type Vault } from '../../src/core/vault';
import { LockService } from '../../src/main/lock';
import { NodeHttpTransport } from '../../src/platform/http-transport';
import { NO_ATTEMPTS, PinLock, type AttemptState } from '../../src/platform/pin';

interface ChildInput {
  readonly credentials: { serverUrl: string; apiKeyId: string; privateKey: string; secretKey: string; serverSignature: string; serverPublicKey: string };
  readonly pin: string;
  readonly outDir: string;
}

function forceGc(): void {
  // --expose-gc may not be on the command line; the flag can still be set at runtime.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  for (const chunk of chunks) {
    chunk.fill(0);
  }
  return text;
}

/** Remembers only a hash of each session token seen in an Authorization header. */
class TokenHashingTransport implements HttpTransport {
  readonly tokenHashes = new Set<string>();
  constructor(private readonly inner: HttpTransport) {}
  send(request: HttpRequest): Promise<HttpResponse> {
    const authorization = request.headers['Authorization'];
    if (typeof authorization === 'string' && authorization.startsWith('Token ')) {
      this.tokenHashes.add(createHash('sha256').update(authorization.slice(6)).digest('hex'));
    }
    return this.inner.send(request);
  }
}

interface Holder {
  session: PsonoSession | null;
  vault: Vault | null;
  revealed: string[];
  clipboard: string | null;
}

async function main(): Promise<void> {
  let input: ChildInput | null = JSON.parse(await readStdin()) as ChildInput;
  const outDir = input.outDir;
  const inner = new NodeHttpTransport();
  const transport = new TokenHashingTransport(inner);
  const holder: Holder = { session: null, vault: null, revealed: [], clipboard: null };

  // Setup: the pasted keys are wrapped under the PIN; only the wrapped record is kept.
  let wrapped: string | null = null;
  let attempts: AttemptState = NO_ATTEMPTS;
  const pinLock = new PinLock({
    keyStore: { read: async () => wrapped, write: async (value) => void (wrapped = value), erase: async () => void (wrapped = null) },
    attemptStore: { read: async () => attempts, write: async (state) => void (attempts = state) },
  });
  let pasted: ApiKeyCredentials | null = parseCredentials(input.credentials);
  await pinLock.setup({ privateKey: pasted.privateKey, secretKey: pasted.secretKey }, input.pin, { N: 2 ** 12, r: 8, p: 1 });
  const profile = { serverUrl: pasted.serverUrl, apiKeyId: pasted.apiKeyId, serverSignature: pasted.serverSignature, serverPublicKey: pasted.serverPublicKey };
  pasted.privateKey.wipe();
  pasted.secretKey.wipe();
  pasted = null;
  let pin: string | null = input.pin;
  input = null;

  const machine = new LockMachine({ clock: Date, settings: DEFAULT_LOCK_SETTINGS, hasProfile: true });
  const service = new LockService({
    machine,
    readSystemIdleSeconds: () => 0,
    targets: {
      clearClipboard: () => {
        holder.clipboard = null;
      },
      wipe: () => {
        holder.vault?.wipe();
        holder.vault = null;
        holder.revealed = [];
      },
      resetRenderer: () => undefined,
      logout: async () => {
        await holder.session?.logout();
      },
      wipeSession: () => {
        holder.session?.wipe();
        holder.session = null;
      },
      publishState: () => undefined,
    },
  });

  // Unlock with the PIN, log in, index, read every field of every entry.
  const outcome = await service.unlock(async () => {
    const opened = await pinLock.unlock(pin ?? '');
    pin = null;
    if (!opened.ok) {
      throw new Error(`PIN unlock failed: ${opened.error.kind}`);
    }
    const credentials: ApiKeyCredentials = { ...profile, privateKey: opened.value.privateKey, secretKey: opened.value.secretKey };
    try {
      holder.session = await PsonoSession.login(credentials, {
        transport,
        deviceFingerprint: '5f0c7d2e-9a41-4b3c-8e6f-2d1a0b9c8e7f',
        deviceDescription: 'lock heap test',
        timeoutMs: 20_000,
      });
    } finally {
      opened.value.privateKey.wipe();
      opened.value.secretKey.wipe();
    }
    holder.vault = await loadVault(holder.session);
    for (const entry of holder.vault.entries) {
      const { model } = await holder.vault.item(entry);
      for (const field of model.fields) {
        const value = fieldValue(model, field.key);
        if (value !== null) {
          holder.revealed.push(value);
        }
      }
      holder.clipboard = model.password ?? holder.clipboard;
    }
    return holder.vault.entries.length;
  });
  if (!outcome.ok) {
    throw new Error('unlock did not complete');
  }
  const entries = outcome.value;
  const revealedCount = holder.revealed.length;

  forceGc();
  const before = writeHeapSnapshot(`${outDir}/before-lock.heapsnapshot`);

  await service.lockNow();
  await service.settled();
  service.dispose();
  inner.close();
  // Let sockets close and pending callbacks (with their buffers) run out.
  await new Promise((resolve) => setTimeout(resolve, 200));
  forceGc();
  const after = writeHeapSnapshot(`${outDir}/after-lock.heapsnapshot`);

  process.stdout.write(
    `${JSON.stringify({ before, after, entries, revealedCount, phase: service.phase, tokenHashes: [...transport.tokenHashes] })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`lock-heap child failed: ${error instanceof Error ? error.name : 'error'}\n`);
  process.exit(1);
});
