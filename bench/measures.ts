/** Search per keystroke, copy, and the heap the unlocked index holds. */
import { search, type Searchable, type SearchIndex } from '../src/core/search';
import type { ApiKeyCredentials } from '../src/core/session';
import { fieldValue, type Vault } from '../src/core/vault';
import { ClipboardService, type ClipboardServiceOptions } from '../src/main/clipboard/clipboard-service';
import type { Logger } from '../src/main/log';
import { clipboard as fakeClipboard, ClipboardItem as FakeClipboardItem } from '../test/harness/fake-electron/clipboard';
import { summarize, type Summary } from './stats';
import { unlockOurs } from './unlock';

/** Words a user types, one character at a time: services, hosts, folders, people, a typo. */
const TYPED_WORDS = ['github', 'netflix', 'banking', 'alice', 'prod', 'grafana', 'wifi', 'zendes', 'infras', 'passwd'];
/** main's default result count (SEARCH_LIMIT_DEFAULT in src/main/app.ts). */
const SEARCH_LIMIT = 50;

export interface SearchResult {
  readonly all: Summary;
  /** Process CPU time per keystroke (user + system): what the search costs without the neighbours' load. */
  readonly cpu: Summary;
  /** Index 0 = 1-character queries … index 5 = 6 characters. */
  readonly byLength: Summary[];
  readonly keystrokes: number;
}

/**
 * Every prefix of every word, 1–6 characters, as main's search handler runs it (search() with the
 * default limit over the index built at unlock). No debounce: each keystroke is a full search.
 */
export function measureSearch(index: SearchIndex<Searchable>, rounds: number): SearchResult {
  const byLength: number[][] = [[], [], [], [], [], []];
  const all: number[] = [];
  const cpu: number[] = [];
  let sink = 0;
  for (let round = 0; round < rounds; round++) {
    for (const word of TYPED_WORDS) {
      for (let length = 1; length <= Math.min(6, word.length); length++) {
        const cpuStarted = process.cpuUsage();
        const started = performance.now();
        sink += search(index, word.slice(0, length), { limit: SEARCH_LIMIT }).total;
        const elapsed = performance.now() - started;
        const cpuUsed = process.cpuUsage(cpuStarted);
        cpu.push((cpuUsed.user + cpuUsed.system) / 1000);
        byLength[length - 1]!.push(elapsed);
        all.push(elapsed);
      }
    }
  }
  if (sink < 0) {
    throw new Error('unreachable');
  }
  return { all: summarize(all), cpu: summarize(cpu), byLength: byLength.map(summarize), keystrokes: all.length };
}

export interface CopyResult {
  readonly total: Summary;
  readonly fetchDecrypt: Summary;
  readonly clipboardWrite: Summary;
  readonly clipboard: string;
}

const silentLog: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLog };

/**
 * Copy a password as main does: the secret read (GET /secret/<id>/ + transport decrypt + secretbox
 * with the item key, through the vault's cache — every entry here is copied for the first time),
 * the field picked from the item model, then ClipboardService.copy with the Linux history hint.
 * The clipboard is the Electron test double (an in-memory clipboard); a real one adds the OS.
 */
export async function measureCopy(vault: Vault, count: number): Promise<CopyResult> {
  const service = new ClipboardService({
    // The double's write() takes real ClipboardItems (with getType), which is what the service passes.
    clipboard: fakeClipboard as unknown as ClipboardServiceOptions['clipboard'],
    ClipboardItem: FakeClipboardItem,
    platform: 'linux',
    settings: () => ({ clipboardClearSeconds: 30, clipboardExcludeFromHistory: true }),
    log: silentLog,
    onChange: () => undefined,
  });
  const candidates = vault.entries.filter((entry) => entry.type === 'website_password');
  const step = Math.max(1, Math.floor(candidates.length / count));
  const total: number[] = [];
  const fetchDecrypt: number[] = [];
  const write: number[] = [];
  try {
    for (let i = 0; i < count && i * step < candidates.length; i++) {
      const entry = candidates[i * step]!;
      const started = performance.now();
      const { model } = await vault.item(entry);
      const value = fieldValue(model, 'password');
      const fetched = performance.now();
      if (value === null) {
        throw new Error('bench: a generated website password has no password');
      }
      await service.copy(value, 'password');
      const ended = performance.now();
      total.push(ended - started);
      fetchDecrypt.push(fetched - started);
      write.push(ended - fetched);
    }
    if ((await fakeClipboard.readText()) === '') {
      throw new Error('bench: nothing reached the clipboard');
    }
  } finally {
    await service.clearIfOurs('quit');
    service.dispose();
  }
  return { total: summarize(total), fetchDecrypt: summarize(fetchDecrypt), clipboardWrite: summarize(write), clipboard: 'Electron test double (in-memory), via src/main/clipboard ClipboardService' };
}

export interface MemoryResult {
  readonly heapMB: number;
  readonly vaultOnlyMB: number;
  readonly entries: number;
}

async function settledHeap(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    globalThis.gc!();
    await new Promise((resolve) => setImmediate(resolve));
  }
  // The index keeps offsets and postings in typed arrays, whose bytes live outside the JS heap.
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/**
 * Heap plus ArrayBuffer bytes after full GCs, before unlocking and while holding the unlocked vault
 * (entries, keys, lookup maps) plus its search index, with the session closed and the transport gone.
 */
export async function measureMemory(credentials: ApiKeyCredentials): Promise<MemoryResult> {
  const before = await settledHeap();
  let unlocked: Awaited<ReturnType<typeof unlockOurs>> | null = await unlockOurs(credentials);
  const { vault } = unlocked;
  await unlocked.session.logout();
  unlocked.transport.close();
  const held = await settledHeap();
  // Drop everything but the vault: what is freed now was the search index.
  unlocked = null;
  const vaultOnly = await settledHeap();
  const entries = vault.entries.length;
  vault.wipe();
  return { heapMB: (held - before) / 1048576, vaultOnlyMB: (vaultOnly - before) / 1048576, entries };
}

