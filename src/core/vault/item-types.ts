/**
 * One field model for every Psono entry type (spec §8). A decrypted secret is a flat object whose
 * keys carry the type as prefix; here it becomes quick-copy roles (username, password/main secret,
 * url, notes, totp), custom fields, environment variables and an ordered detail-field list that
 * keeps every unknown field. Values written by importers may have other JSON types — coerced.
 */
import type { RawTotpFields } from '../totp';
import { coerceText } from './field-text';

export const KNOWN_ITEM_TYPES = [
  'website_password',
  'application_password',
  'totp',
  'note',
  'bookmark',
  'environment_variables',
  'ssh_own_key',
  'mail_gpg_own_key',
  'credit_card',
  'identity',
  'elster_certificate',
  'passkey',
] as const;

export type KnownItemType = (typeof KNOWN_ITEM_TYPES)[number];
/** A known type or 'unknown' (the raw type string is kept separately); the bridge's EntryType. */
export type ItemKind = KnownItemType | 'unknown';

/** Stable field keys (the bridge's CopyField). `custom:N` / `env:N` index into the arrays. */
export type FieldKey = 'username' | 'password' | 'totp' | 'url' | 'notes' | 'main' | `custom:${number}` | `env:${number}` | `field:${string}`;
export type QuickAction = 'username' | 'password' | 'totp' | 'url' | 'notes';
export type FieldKind = 'text' | 'secret' | 'url' | 'multiline' | 'totp';

export interface ItemField {
  readonly key: FieldKey;
  readonly label: string;
  readonly kind: FieldKind;
  /** Secret values must not leave main unless the user reveals or copies them. */
  readonly secret: boolean;
  /** false for values that make no sense on a clipboard (passkey private keys). */
  readonly copyable: boolean;
  /** Display/copy text (objects as JSON, card expiry as `MM / YY`). */
  readonly value: string;
  /** The Psono property the value came from, e.g. `credit_card_cvc` or `custom_fields`. */
  readonly source: string;
}

export interface CustomField {
  readonly name: string;
  readonly type: string;
  readonly value: string;
}

export interface EnvironmentVariable {
  readonly key: string;
  readonly value: string;
}

export interface ItemModel {
  /** Raw Psono type string. */
  readonly type: string;
  readonly kind: ItemKind;
  readonly title: string | null;
  readonly username: string | null;
  /** The type's main secret: password, card number, private key, ELSTER password. */
  readonly password: string | null;
  readonly url: string | null;
  readonly notes: string | null;
  /** Present when the entry carries a TOTP secret (validate with totpParams). */
  readonly totp: RawTotpFields | null;
  readonly customFields: readonly CustomField[];
  readonly environmentVariables: readonly EnvironmentVariable[];
  readonly tags: readonly string[];
  /** Everything displayable, in display order, including fields this client does not know. */
  readonly fields: readonly ItemField[];
}

type Role = 'title' | 'username' | 'password' | 'url' | 'notes' | 'totp_code' | 'totp_period' | 'totp_algorithm' | 'totp_digits';

interface FieldSpec {
  /** Property name without the `<type>_` prefix. */
  readonly suffix: string;
  readonly label: string;
  readonly kind: FieldKind;
  readonly secret?: boolean;
  readonly role?: Role;
  readonly copyable?: boolean;
  readonly format?: (value: string) => string;
  /** Shown only as a TOTP parameter, never as its own field. */
  readonly hidden?: boolean;
}

const formatValidThrough = (value: string): string => (/^\d{4}$/.test(value) ? `${value.slice(0, 2)} / ${value.slice(2)}` : value);

const title = (): FieldSpec => ({ suffix: 'title', label: 'Title', kind: 'text', role: 'title' });
const notes = (): FieldSpec => ({ suffix: 'notes', label: 'Notes', kind: 'multiline', role: 'notes' });
const totpFields = (prefix: string): FieldSpec[] => [
  { suffix: `${prefix}code`, label: 'TOTP', kind: 'totp', secret: true, role: 'totp_code' },
  { suffix: `${prefix}period`, label: 'TOTP period', kind: 'text', role: 'totp_period', hidden: true },
  { suffix: `${prefix}algorithm`, label: 'TOTP algorithm', kind: 'text', role: 'totp_algorithm', hidden: true },
  { suffix: `${prefix}digits`, label: 'TOTP digits', kind: 'text', role: 'totp_digits', hidden: true },
];

const SCHEMAS: Record<KnownItemType, readonly FieldSpec[]> = {
  website_password: [
    title(),
    { suffix: 'url', label: 'URL', kind: 'url', role: 'url' },
    { suffix: 'username', label: 'Username', kind: 'text', role: 'username' },
    { suffix: 'password', label: 'Password', kind: 'secret', secret: true, role: 'password' },
    ...totpFields('totp_'),
    notes(),
    { suffix: 'url_filter', label: 'Domain filter', kind: 'text' },
    { suffix: 'auto_submit', label: 'Auto-submit', kind: 'text' },
    { suffix: 'allow_http', label: 'Allow HTTP', kind: 'text' },
  ],
  application_password: [
    title(),
    { suffix: 'username', label: 'Username', kind: 'text', role: 'username' },
    { suffix: 'password', label: 'Password', kind: 'secret', secret: true, role: 'password' },
    notes(),
  ],
  totp: [title(), ...totpFields(''), notes()],
  // A secure note's content is the secret itself: reveal on demand like a password.
  note: [title(), { suffix: 'notes', label: 'Note', kind: 'multiline', secret: true, role: 'notes' }],
  bookmark: [
    title(),
    { suffix: 'url', label: 'URL', kind: 'url', role: 'url' },
    notes(),
    { suffix: 'url_filter', label: 'Domain filter', kind: 'text' },
  ],
  environment_variables: [title(), notes()],
  ssh_own_key: [
    title(),
    { suffix: 'private', label: 'Private key', kind: 'secret', secret: true, role: 'password' },
    { suffix: 'public', label: 'Public key', kind: 'multiline' },
    notes(),
  ],
  mail_gpg_own_key: [
    title(),
    { suffix: 'name', label: 'Name', kind: 'text' },
    { suffix: 'email', label: 'E-mail', kind: 'text', role: 'username' },
    { suffix: 'private', label: 'Private key', kind: 'secret', secret: true, role: 'password' },
    { suffix: 'public', label: 'Public key', kind: 'multiline' },
  ],
  credit_card: [
    title(),
    { suffix: 'name', label: 'Card holder', kind: 'text' },
    { suffix: 'number', label: 'Card number', kind: 'secret', secret: true, role: 'password' },
    { suffix: 'valid_through', label: 'Valid through', kind: 'text', format: formatValidThrough },
    { suffix: 'cvc', label: 'CVC', kind: 'secret', secret: true },
    { suffix: 'pin', label: 'PIN', kind: 'secret', secret: true },
    notes(),
  ],
  identity: [
    title(),
    { suffix: 'first_name', label: 'First name', kind: 'text' },
    { suffix: 'last_name', label: 'Last name', kind: 'text' },
    { suffix: 'company', label: 'Company', kind: 'text' },
    { suffix: 'email', label: 'E-mail', kind: 'text', role: 'username' },
    { suffix: 'phone_number', label: 'Phone', kind: 'text' },
    { suffix: 'address', label: 'Address', kind: 'multiline' },
    { suffix: 'postal_code', label: 'Postal code', kind: 'text' },
    { suffix: 'city', label: 'City', kind: 'text' },
    { suffix: 'state', label: 'State', kind: 'text' },
    { suffix: 'country', label: 'Country', kind: 'text' },
    notes(),
  ],
  elster_certificate: [
    title(),
    { suffix: 'password', label: 'Password', kind: 'secret', secret: true, role: 'password' },
    { suffix: 'retrieval_code', label: 'Retrieval code', kind: 'secret', secret: true },
    { suffix: 'file_content', label: 'Certificate file', kind: 'secret', secret: true, copyable: false },
    notes(),
  ],
  passkey: [
    title(),
    { suffix: 'rp_id', label: 'Website (relying party)', kind: 'text' },
    { suffix: 'user_handle', label: 'User handle', kind: 'text' },
    { suffix: 'url_filter', label: 'Domain filter', kind: 'text' },
    { suffix: 'id', label: 'Credential id', kind: 'text' },
    { suffix: 'algorithm', label: 'Algorithm', kind: 'text' },
    { suffix: 'public_key', label: 'Public key', kind: 'multiline' },
    // The private key only works inside a WebAuthn authenticator: never offered for copying.
    { suffix: 'private_key', label: 'Private key', kind: 'secret', secret: true, copyable: false },
    { suffix: 'auto_submit', label: 'Auto-submit', kind: 'text' },
  ],
};

/** For unknown types: the conventional suffixes, so a future `foo_password` still copies. */
const GENERIC_SCHEMA: readonly FieldSpec[] = [
  title(),
  { suffix: 'url', label: 'URL', kind: 'url', role: 'url' },
  { suffix: 'username', label: 'Username', kind: 'text', role: 'username' },
  { suffix: 'password', label: 'Password', kind: 'secret', secret: true, role: 'password' },
  ...totpFields('totp_'),
  notes(),
];

/** Common to all types; handled separately. */
const COMMON_KEYS = new Set(['custom_fields', 'tags', 'attachments']);

/** Quick actions a type offers before its secret is read (list rows, tray menu). */
const TYPE_ACTIONS: Record<ItemKind, readonly QuickAction[]> = {
  website_password: ['username', 'password', 'totp', 'url', 'notes'],
  application_password: ['username', 'password', 'notes'],
  totp: ['totp'],
  note: ['notes'],
  bookmark: ['url'],
  environment_variables: [],
  ssh_own_key: ['password'],
  mail_gpg_own_key: ['username', 'password'],
  credit_card: ['password'],
  identity: ['username'],
  elster_certificate: ['password'],
  passkey: [],
  unknown: ['username', 'password', 'url', 'notes'],
};

const SENSITIVE_NAME = /pass|secret|private|token|pin|cvc|cvv|key|code/i;

const KNOWN = new Set<string>(KNOWN_ITEM_TYPES);

export function isKnownItemType(type: string): type is KnownItemType {
  return KNOWN.has(type);
}

/** The type's kind, for the raw type string of a datastore item (coerced from whatever JSON it is). */
export function itemKind(type: unknown): ItemKind {
  const text = coerceText(type) ?? '';
  return isKnownItemType(text) ? text : 'unknown';
}

/** What a list row may offer before reading; `website_password` lists TOTP even if it has none. */
export function typeActions(type: string): readonly QuickAction[] {
  return TYPE_ACTIONS[itemKind(type)];
}

/**
 * For secrets without a datastore item (restricted API keys): the known type whose prefix most
 * keys carry, as psonoci does (a `<type>_title` key decides ties). Null if nothing matches.
 */
export function inferItemType(secret: Record<string, unknown>): KnownItemType | null {
  let best: KnownItemType | null = null;
  let bestScore = 0;
  const keys = Object.keys(secret);
  for (const type of KNOWN_ITEM_TYPES) {
    const prefix = `${type}_`;
    let score = 0;
    for (const key of keys) {
      if (key.startsWith(prefix)) {
        // Longer, more specific prefixes must beat shorter ones that match by accident.
        score += key === `${type}_title` ? 1000 : 10;
      }
    }
    if (score > bestScore) {
      best = type;
      bestScore = score;
    }
  }
  return best;
}

/** The title stored inside a secret (`<type>_title`), used when there is no datastore item. */
export function secretTitle(secret: Record<string, unknown>, type: string): string | null {
  const value = coerceText(secret[`${type}_title`]);
  return value === null || value.trim() === '' ? null : value;
}

function nonEmpty(text: string | null): text is string {
  return text !== null && text !== '';
}

function customFieldsOf(value: unknown): CustomField[] {
  if (!Array.isArray(value)) {
    return [];
  }
  return value.map((raw: unknown, index) => {
    const field = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    return {
      name: coerceText(field['name']) ?? `Field ${index + 1}`,
      type: coerceText(field['type']) ?? 'text',
      value: coerceText(field['value']) ?? '',
    };
  });
}

function environmentVariablesOf(value: unknown): EnvironmentVariable[] {
  if (!Array.isArray(value)) {
    return [];
  }
  return value.map((raw: unknown) => {
    const variable = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    return { key: coerceText(variable['key']) ?? '', value: coerceText(variable['value']) ?? '' };
  });
}

function tagsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.map((tag) => coerceText(tag)).filter(nonEmpty) : [];
}

function humanLabel(name: string): string {
  const words = name.replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function fieldKeyFor(role: Role | undefined, source: string): FieldKey {
  switch (role) {
    case 'username':
    case 'password':
    case 'url':
    case 'notes':
      return role;
    case 'totp_code':
      return 'totp';
    default:
      return `field:${source}`;
  }
}

/** Builds the field model of a decrypted secret whose type comes from its datastore item. */
export function itemModel(type: string, secret: Record<string, unknown>): ItemModel {
  const kind = itemKind(type);
  const schema = kind === 'unknown' ? GENERIC_SCHEMA : SCHEMAS[kind];
  const prefix = `${type}_`;
  const consumed = new Set<string>(COMMON_KEYS);
  const roles: Partial<Record<Role, string>> = {};
  const rawRoles: Partial<Record<Role, unknown>> = {};
  const fields: ItemField[] = [];

  for (const spec of schema) {
    const source = `${prefix}${spec.suffix}`;
    consumed.add(source);
    const raw = secret[source];
    const text = coerceText(raw);
    if (spec.role) {
      rawRoles[spec.role] = raw;
      if (text !== null) {
        roles[spec.role] = text;
      }
    }
    if (spec.hidden || spec.role === 'title' || !nonEmpty(text)) {
      continue;
    }
    const key = fieldKeyFor(spec.role, source);
    fields.push({
      key,
      label: spec.label,
      kind: spec.kind,
      secret: spec.secret ?? false,
      copyable: spec.copyable ?? true,
      value: spec.format ? spec.format(text) : text,
      source,
    });
  }

  const environmentVariables = kind === 'environment_variables' ? environmentVariablesOf(secret['environment_variables_variables']) : [];
  if (kind === 'environment_variables') {
    consumed.add('environment_variables_variables');
    environmentVariables.forEach((variable, index) => {
      fields.push({ key: `env:${index}`, label: variable.key || `Variable ${index + 1}`, kind: 'secret', secret: true, copyable: true, value: variable.value, source: 'environment_variables_variables' });
    });
  }

  const customFields = customFieldsOf(secret['custom_fields']);
  customFields.forEach((field, index) => {
    const secretField = field.type === 'password';
    fields.push({ key: `custom:${index}`, label: field.name, kind: secretField ? 'secret' : 'text', secret: secretField, copyable: true, value: field.value, source: 'custom_fields' });
  });

  // Unknown fields are kept: anything with a sensitive-looking name is treated as secret.
  for (const [name, raw] of Object.entries(secret)) {
    if (consumed.has(name)) {
      continue;
    }
    const text = coerceText(raw);
    if (!nonEmpty(text)) {
      continue;
    }
    const label = humanLabel(name.startsWith(prefix) ? name.slice(prefix.length) : name);
    const sensitive = SENSITIVE_NAME.test(name);
    fields.push({ key: `field:${name}`, label, kind: sensitive ? 'secret' : text.includes('\n') ? 'multiline' : 'text', secret: sensitive, copyable: true, value: text, source: name });
  }

  const totpSecret = roles.totp_code;
  return {
    type,
    kind,
    title: nonEmpty(roles.title ?? null) ? roles.title! : null,
    username: nonEmpty(roles.username ?? null) ? roles.username! : null,
    password: nonEmpty(roles.password ?? null) ? roles.password! : null,
    url: nonEmpty(roles.url ?? null) ? roles.url! : null,
    notes: nonEmpty(roles.notes ?? null) ? roles.notes! : null,
    totp: nonEmpty(totpSecret ?? null)
      ? { secret: totpSecret, algorithm: rawRoles.totp_algorithm, digits: rawRoles.totp_digits, period: rawRoles.totp_period }
      : null,
    customFields,
    environmentVariables,
    tags: tagsOf(secret['tags']),
    fields,
  };
}

/** Quick actions that have a value in this (read) secret. */
export function itemActions(model: ItemModel): QuickAction[] {
  const actions: QuickAction[] = [];
  if (model.username !== null) {
    actions.push('username');
  }
  if (model.password !== null && model.kind !== 'passkey') {
    actions.push('password');
  }
  if (model.totp !== null) {
    actions.push('totp');
  }
  if (model.url !== null) {
    actions.push('url');
  }
  if (model.notes !== null) {
    actions.push('notes');
  }
  return actions;
}

/**
 * What the entry's "main secret" (Enter in the search window, `main` field key) is: the note text
 * for a note, the TOTP code for a TOTP item, otherwise the password (or, for an entry that has
 * none but carries a TOTP secret, its code). null if the entry has none of these.
 */
export function mainField(model: ItemModel): 'password' | 'totp' | 'notes' | null {
  if (model.kind === 'note') {
    return model.notes !== null && model.notes !== '' ? 'notes' : null;
  }
  if (model.kind === 'totp') {
    return model.totp !== null ? 'totp' : null;
  }
  if (model.password !== null && model.password !== '' && model.kind !== 'passkey') {
    return 'password';
  }
  return model.totp !== null ? 'totp' : null;
}

/**
 * The copy/reveal value for a field key, or null if the entry has no such field. `totp` returns
 * the stored base32 secret; compute the code with totpParams/totpCode. `main` resolves through
 * mainField(); when that is the TOTP code this returns null, because a code needs the clock —
 * callers check mainField() first (never hand out the base32 secret for a copy of "main").
 */
export function fieldValue(model: ItemModel, key: FieldKey): string | null {
  switch (key) {
    case 'main': {
      const main = mainField(model);
      return main === null || main === 'totp' ? null : fieldValue(model, main);
    }
    case 'username':
      return model.username;
    case 'password':
      return model.password;
    case 'url':
      return model.url;
    case 'notes':
      return model.notes;
    case 'totp':
      return model.totp === null ? null : (coerceText(model.totp.secret) ?? null);
    default: {
      const field = model.fields.find((candidate) => candidate.key === key);
      return field && field.copyable ? field.value : null;
    }
  }
}
