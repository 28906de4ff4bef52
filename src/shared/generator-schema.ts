/** The generator's options as main parses them from the window and from settings.json. */
import { z } from 'zod';

import { DEFAULT_PASSPHRASE_OPTIONS, DEFAULT_PASSWORD_OPTIONS, GENERATOR_LIMITS } from './generator-limits';

const bounded = (limits: { readonly min: number; readonly max: number }) => z.number().int().min(limits.min).max(limits.max);

export const passwordOptionsSchema = z
  .object({
    kind: z.literal('password'),
    length: bounded(GENERATOR_LIMITS.length),
    lower: z.boolean(),
    upper: z.boolean(),
    digits: z.boolean(),
    symbols: z.boolean(),
    avoidLookAlikes: z.boolean(),
  })
  .strict()
  .refine((options) => options.lower || options.upper || options.digits || options.symbols, { message: 'choose at least one character class' });

export const passphraseOptionsSchema = z
  .object({
    kind: z.literal('passphrase'),
    words: bounded(GENERATOR_LIMITS.words),
    // Printable, no line breaks: it is typed and pasted.
    separator: z.string().max(GENERATOR_LIMITS.separatorMaxLength).regex(/^[^\p{C}]*$/u, 'no control characters'),
    capitalize: z.boolean(),
  })
  .strict();

export const generatorOptionsSchema = z.discriminatedUnion('kind', [passwordOptionsSchema, passphraseOptionsSchema]);

export const generatorSettingsShape = {
  generatorKind: z.enum(['password', 'passphrase']).default('password'),
  generatorPassword: passwordOptionsSchema.default(DEFAULT_PASSWORD_OPTIONS),
  generatorPassphrase: passphraseOptionsSchema.default(DEFAULT_PASSPHRASE_OPTIONS),
};
