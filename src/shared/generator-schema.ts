/** The generator's options as main parses them from the window and from settings.json. */
import { z } from 'zod';

import { DEFAULT_PASSPHRASE_OPTIONS, DEFAULT_PASSWORD_OPTIONS, GENERATOR_LIMITS } from './generator-limits';

const bounded = (limits: { readonly min: number; readonly max: number }) => z.number().int().min(limits.min).max(limits.max);

const passwordShape = {
  kind: z.literal('password'),
  length: bounded(GENERATOR_LIMITS.length),
  lower: z.boolean(),
  upper: z.boolean(),
  digits: z.boolean(),
  symbols: z.boolean(),
  avoidLookAlikes: z.boolean(),
};

const passphraseShape = {
  kind: z.literal('passphrase'),
  words: bounded(GENERATOR_LIMITS.words),
  // Printable, no line breaks: it is typed and pasted.
  separator: z.string().max(GENERATOR_LIMITS.separatorMaxLength).regex(/^[^\p{C}]*$/u, 'no control characters'),
  capitalize: z.boolean(),
};

const someClass = (options: { lower: boolean; upper: boolean; digits: boolean; symbols: boolean }): boolean => options.lower || options.upper || options.digits || options.symbols;
const someClassMessage = { message: 'choose at least one character class' };

/** From the window: exactly these keys. */
export const generatorOptionsSchema = z.discriminatedUnion('kind', [
  z.object(passwordShape).strict().refine(someClass, someClassMessage),
  z.object(passphraseShape).strict(),
]);

/** In settings: keys a newer version added are dropped, like unknown settings are. */
export const generatorSettingsShape = {
  generatorKind: z.enum(['password', 'passphrase']).default('password'),
  generatorPassword: z.object(passwordShape).refine(someClass, someClassMessage).default(DEFAULT_PASSWORD_OPTIONS),
  generatorPassphrase: z.object(passphraseShape).default(DEFAULT_PASSPHRASE_OPTIONS),
};
