/**
 * The clipboard double, following Electron 45's W3C-style API: write() takes ClipboardItems whose
 * keys are MIME types or Electron custom formats (e.g. `electron application/osclipboard;format="x"`
 * for a raw platform format); readText()/read() are async; clear() is sync.
 */
type Payload = string | Blob | Promise<Blob | string> | { title: string; url: string };

export class ClipboardItem {
  readonly types: string[];
  readonly #items: Record<string, Payload>;
  constructor(items: Record<string, Payload>) {
    this.#items = { ...items };
    this.types = Object.keys(items);
  }
  async getType(type: string): Promise<Blob> {
    if (!(type in this.#items)) {
      throw new DOMException(`The type '${type}' was not found`, 'NotFoundError');
    }
    const value = await this.#items[type];
    if (value instanceof Blob) {
      return value;
    }
    return new Blob([typeof value === 'string' ? value : JSON.stringify(value)]);
  }
}

/** What write() needs from an item: Electron's ClipboardItem or the double's. */
export interface ClipboardItemLike {
  readonly types: string[];
  getType(type: string): Promise<Blob | { title: string; url: string }>;
}

/** One committed clipboard entry: MIME/custom type → bytes. */
type Contents = Map<string, Buffer>;

class FakeClipboard {
  #contents: Contents = new Map();
  /** How many times anything wrote to the clipboard (ours or "another app"). */
  writes = 0;

  async readText(): Promise<string> {
    return this.#contents.get('text/plain')?.toString('utf8') ?? '';
  }
  async writeText(text: string): Promise<void> {
    this.#commit(new Map([['text/plain', Buffer.from(text, 'utf8')]]));
  }
  async write(data: ReadonlyArray<ClipboardItemLike>): Promise<void> {
    const next: Contents = new Map();
    for (const item of data) {
      for (const type of item.types) {
        const payload = await item.getType(type);
        next.set(type, payload instanceof Blob ? Buffer.from(await payload.arrayBuffer()) : Buffer.from(JSON.stringify(payload)));
      }
    }
    this.#commit(next);
  }
  async read(): Promise<ClipboardItem[]> {
    if (this.#contents.size === 0) {
      return [];
    }
    const items: Record<string, Blob> = {};
    for (const [type, bytes] of this.#contents) {
      items[type] = new Blob([new Uint8Array(bytes)]);
    }
    return [new ClipboardItem(items)];
  }
  async has(mimetype: string): Promise<boolean> {
    return this.#contents.has(mimetype);
  }
  clear(): void {
    this.#commit(new Map());
  }

  #commit(contents: Contents): void {
    this.#contents = contents;
    this.writes++;
  }

  /** Harness: the formats of the current entry. */
  __formats(): string[] {
    return [...this.#contents.keys()];
  }
  /** Harness: the raw bytes of one format, as text. */
  __readFormat(type: string): string | null {
    return this.#contents.get(type)?.toString('utf8') ?? null;
  }
  __reset(): void {
    this.#contents = new Map();
    this.writes = 0;
  }
}

export const clipboard = new FakeClipboard();
