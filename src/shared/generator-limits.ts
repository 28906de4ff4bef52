/**
 * The generator's bounds and defaults as plain values, without zod, so the renderer can bound its
 * inputs with the numbers main's schema enforces (settings.ts, contract.ts).
 */
import type { PassphraseOptions, PasswordOptions } from '../core/generate/options';

export const GENERATOR_LIMITS = {
  length: { min: 8, max: 128 },
  words: { min: 3, max: 20 },
  separatorMaxLength: 3,
} as const;

export const DEFAULT_PASSWORD_OPTIONS: PasswordOptions = {
  kind: 'password',
  length: 20,
  lower: true,
  upper: true,
  digits: true,
  symbols: true,
  avoidLookAlikes: true,
};

export const DEFAULT_PASSPHRASE_OPTIONS: PassphraseOptions = { kind: 'passphrase', words: 6, separator: '-', capitalize: false };
