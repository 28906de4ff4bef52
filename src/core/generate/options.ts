/** What the generator can be asked for. The product's bounds and defaults are in src/shared/generator-limits.ts. */

export interface PasswordOptions {
  readonly kind: 'password';
  readonly length: number;
  readonly lower: boolean;
  readonly upper: boolean;
  readonly digits: boolean;
  readonly symbols: boolean;
  /** Leave out characters that are easily misread for another (0/O, 1/l/I/|, …). */
  readonly avoidLookAlikes: boolean;
}

export interface PassphraseOptions {
  readonly kind: 'passphrase';
  readonly words: number;
  readonly separator: string;
  readonly capitalize: boolean;
}

export type GeneratorOptions = PasswordOptions | PassphraseOptions;
