/**
 * Generates a password or passphrase in main and copies it under the clipboard's rules (history
 * hints, cleared after the delay only if unchanged, cleared on lock). The value is returned to
 * the window too: the user asked to see what was made, and it is not a vault secret until they
 * store it somewhere. The options used are remembered, so the tray's item makes the same kind.
 */
import { generatePassphrase, generatePassword, passphraseBits, passwordBits, type GeneratorOptions, type RandomSource } from '../../core/generate';
import type { GeneratedValue } from '../../shared/ipc/dto';
import { cryptoRandomSource } from './crypto-random';
import { effLargeWordList } from './word-list';

export interface GeneratorServiceDeps {
  readonly clipboard: { copy(value: string, label: string): Promise<{ clearsInSeconds: number | null }> };
  readonly remember: (options: GeneratorOptions) => Promise<unknown>;
  readonly random?: RandomSource;
}

export class GeneratorService {
  readonly #random: RandomSource;

  constructor(private readonly deps: GeneratorServiceDeps) {
    this.#random = deps.random ?? cryptoRandomSource();
  }

  async generate(options: GeneratorOptions): Promise<{ value: string; bits: number; label: string }> {
    if (options.kind === 'password') {
      return { value: generatePassword(this.#random, options), bits: passwordBits(options), label: 'generated password' };
    }
    const words = await effLargeWordList();
    return { value: generatePassphrase(this.#random, words, options), bits: passphraseBits(options.words, words.length), label: 'generated passphrase' };
  }

  async copy(options: GeneratorOptions): Promise<GeneratedValue> {
    const { value, bits, label } = await this.generate(options);
    const { clearsInSeconds } = await this.deps.clipboard.copy(value, label);
    await this.deps.remember(options);
    return { value, bits, label, clearsInSeconds };
  }
}
