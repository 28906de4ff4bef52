/**
 * Types for secret material that refuse to be printed.
 *
 * JavaScript cannot promise that no other copy of a value exists (strings are immutable and
 * the GC may move buffers), so wiping is best effort: we zero the buffers we own and drop
 * references to everything else. What these types do guarantee is that logging, string
 * interpolation, JSON.stringify and util.inspect print `[redacted]` instead of the value.
 */

const REDACTED = '[redacted]';
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/** Raw key bytes (32-byte keys, 64-byte signing keys). Zero-filled by `wipe()`. */
export class SecretBytes {
  #bytes: Uint8Array;
  #wiped = false;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  /** Copies `bytes`; the caller keeps (and should wipe) its own buffer. */
  static copyOf(bytes: Uint8Array): SecretBytes {
    return new SecretBytes(Uint8Array.from(bytes));
  }

  get length(): number {
    return this.#bytes.length;
  }

  get wiped(): boolean {
    return this.#wiped;
  }

  /** The live buffer. Do not keep it beyond the call that needs it. */
  expose(): Uint8Array {
    if (this.#wiped) {
      throw new Error('secret bytes used after wipe');
    }
    return this.#bytes;
  }

  wipe(): void {
    this.#bytes.fill(0);
    this.#wiped = true;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspectSymbol](): string {
    return REDACTED;
  }
}

/** A secret text value (token, password, revealed field). Strings cannot be zeroed; `wipe()` drops the reference. */
export class SecretText {
  #value: string | undefined;

  constructor(value: string) {
    this.#value = value;
  }

  get wiped(): boolean {
    return this.#value === undefined;
  }

  expose(): string {
    if (this.#value === undefined) {
      throw new Error('secret text used after wipe');
    }
    return this.#value;
  }

  wipe(): void {
    this.#value = undefined;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspectSymbol](): string {
    return REDACTED;
  }
}

export const REDACTED_TEXT = REDACTED;
