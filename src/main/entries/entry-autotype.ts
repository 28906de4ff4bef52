/**
 * What auto-type types for one entry: the entry's own sequence (a custom field named `autotype`,
 * `Auto-Type`…) or the one in Settings, with the fields it names read from the vault. The lock is
 * checked before the reads and after them, as for a copy.
 */
import {
  isAutoTypeFieldName,
  parseSequence,
  resolveSequence,
  sequenceFields,
  type AutoTypeAction,
  type AutoTypeField,
} from '../../core/autotype';
import { isPsonoError } from '../../core/errors';
import { AppFailure } from '../app-error';
import type { VaultSession } from '../vault/vault-service';
import type { VaultGate } from './vault-gate';

/** A field the entry does not have reads as null (resolveSequence names it); other failures pass. */
async function orNull(read: () => Promise<string>): Promise<string | null> {
  try {
    return await read();
  } catch (error) {
    if (isPsonoError(error) && (error.kind === 'invalid-input' || error.kind === 'not-found')) {
      return null;
    }
    throw error;
  }
}

async function entrySequence(vault: VaultSession, id: string): Promise<string | null> {
  const { fields } = await vault.details(id);
  const field = fields.find((candidate) => candidate.key.startsWith('custom:') && isAutoTypeFieldName(candidate.label));
  if (!field) {
    return null;
  }
  const text = field.value ?? (await vault.readField(id, field.key)).value.expose();
  return text.trim() === '' ? null : text.trim();
}

function readValue(vault: VaultSession, id: string, field: AutoTypeField): Promise<string | null> {
  return orNull(async () => (field === 'totp' ? (await vault.totp(id)).code : (await vault.readField(id, field)).value.expose()));
}

/** The actions for entry `id`, or a failure that says why nothing can be typed. */
export async function autoTypeActions(gate: VaultGate, id: string, defaultSequence: string): Promise<{ readonly vault: VaultSession; readonly actions: readonly AutoTypeAction[] }> {
  const { vault } = gate.entry(id);
  const own = await entrySequence(vault, id);
  const parsed = parseSequence(own ?? defaultSequence);
  if (!parsed.ok) {
    const where = own === null ? 'in Settings' : 'of this entry (its auto-type field)';
    throw new AppFailure('invalid-argument', { message: `The auto-type sequence ${where} is not valid: ${parsed.error.message}.` });
  }
  const values: Partial<Record<AutoTypeField, string | null>> = {};
  for (const field of sequenceFields(parsed.value)) {
    values[field] = await readValue(vault, id, field);
  }
  gate.stillOpen(vault);
  const resolved = resolveSequence(parsed.value, values);
  if (!resolved.ok) {
    throw new AppFailure('unsupported', { message: resolved.error });
  }
  return { vault, actions: resolved.value };
}
