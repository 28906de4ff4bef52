/** The commands that read an entry's secret: get, totp, env and the variables for run. */
import { totpCode, totpParams } from '../core/totp';
import { fieldValue, type FieldKey, type Vault, type VaultEntry } from '../core/vault';
import { FailureError, NotFoundError, UsageError, type ParsedArgs } from './args';
import { formatVariables, invalidVariableName, variableMap, type EnvFormat } from './envvars';
import { entryReference } from './find';
import type { CliDeps } from './run';
import { escapeControl, quoted } from './text';

const FIELD_NAMES = ['title', 'username', 'password', 'url', 'notes', 'totp'] as const;

export const DEFAULT_CLEAR_SECONDS = 30;

function isFieldKey(name: string): name is FieldKey {
  return (
    (FIELD_NAMES as readonly string[]).includes(name) || name === 'main' || /^(custom|env):\d+$/.test(name) || /^field:[A-Za-z0-9_]+$/.test(name)
  );
}

/** A single value for a pipe: with a newline, as `op read` prints it, or bare with -n. */
function printValue(deps: CliDeps, args: ParsedArgs, value: string): void {
  deps.io.stdout(args.flags.has('--no-newline') ? value : `${value}\n`);
}

async function currentTotp(vault: Vault, entry: VaultEntry, now: number): Promise<{ code: string; secondsRemaining: number; period: number; digits: number }> {
  const { model } = await vault.item(entry);
  if (model.totp === null) {
    throw new NotFoundError(`entry ${entry.id} has no TOTP.`);
  }
  const params = totpParams(model.totp);
  return { ...totpCode(params, now), digits: params.digits };
}

export async function commandTotp(vault: Vault, entry: VaultEntry, args: ParsedArgs, deps: CliDeps): Promise<void> {
  const totp = await currentTotp(vault, entry, (deps.now ?? Date.now)());
  if (args.flags.has('--json')) {
    deps.io.stdout(`${JSON.stringify({ code: totp.code, seconds_remaining: totp.secondsRemaining, period: totp.period, digits: totp.digits })}\n`);
    return;
  }
  printValue(deps, args, totp.code);
}

/** One field's value as text (`totp`: the current code). */
async function fieldText(vault: Vault, entry: VaultEntry, field: string, deps: CliDeps): Promise<string> {
  if (field === 'totp') {
    return (await currentTotp(vault, entry, (deps.now ?? Date.now)())).code;
  }
  if (field !== 'title' && !isFieldKey(field)) {
    throw new UsageError(`unknown field ${quoted(field)}; use one of ${FIELD_NAMES.join(', ')}, custom:N, env:N or field:<name>.`);
  }
  const { model } = await vault.item(entry);
  const value = field === 'title' ? (model.title ?? entry.title) : fieldValue(model, field);
  if (value === null) {
    throw new NotFoundError(`entry ${entry.id} has no ${field}.`);
  }
  return value;
}

/** `copy`: the field (default password) onto the clipboard, cleared after --clear seconds (see clipboard/). */
export async function commandCopy(vault: Vault, entry: VaultEntry, args: ParsedArgs, deps: CliDeps): Promise<void> {
  await commandCopyValue(await fieldText(vault, entry, args.field ?? 'password', deps), args, deps);
}

/** The clipboard side of `copy`, for a value read directly or through the agent. */
export async function commandCopyValue(value: string, args: ParsedArgs, deps: CliDeps): Promise<void> {
  const field = args.field ?? 'password';
  const seconds = args.clear === null ? DEFAULT_CLEAR_SECONDS : Number(args.clear);
  if (deps.clipboard === undefined) {
    throw new FailureError('no clipboard here.');
  }
  const copied = await deps.clipboard.copy(value, seconds);
  if (!args.flags.has('--quiet')) {
    const when = seconds === 0 ? 'not cleared' : `cleared in ${seconds} s if unchanged`;
    const unmarked = copied.hint ? '' : `; ${copied.tool} cannot mark it secret for clipboard history`;
    deps.io.stderr(`psono: copied the ${escapeControl(field)} of ${quoted(args.positional[0]!)} to the clipboard (${when}${unmarked}).\n`);
  }
}

export async function commandGet(vault: Vault, entry: VaultEntry, args: ParsedArgs, deps: CliDeps): Promise<void> {
  const field = args.field;
  if (args.flags.has('--json')) {
    deps.io.stdout(`${JSON.stringify(await vault.secret(entry), null, 2)}\n`);
    return;
  }
  if (field !== null) {
    printValue(deps, args, await fieldText(vault, entry, field, deps));
    return;
  }
  const { model } = await vault.item(entry);
  // Names and values come from the vault: escaped, line by line, so none can drive the terminal.
  const lines = [
    ['Title', model.title ?? entry.title],
    ['Type', entry.type],
    ['Path', entryReference(entry)],
    ['Datastore', entry.datastore],
    ['Id', entry.id],
    ['Secret id', entry.secretId],
  ].map(([label, value]) => `${`${label}:`.padEnd(10)} ${escapeControl(value!)}`);
  for (const item of model.fields) {
    const value = item.secret
      ? `(hidden: psono get ${entry.id} --field ${item.key})`
      : item.value.split('\n').map(escapeControl).join('\n           ');
    lines.push(`${`${escapeControl(item.label)}:`.padEnd(10)} ${value}`);
  }
  deps.io.stdout(`${lines.join('\n')}\n`);
}

/** The entry's variables, checked: every name must be one a shell can set. */
async function variablesOf(vault: Vault, entry: VaultEntry): Promise<Map<string, string>> {
  if (entry.type !== 'environment_variables') {
    throw new NotFoundError(`entry ${entry.id} is a ${escapeControl(entry.type)}, not an environment_variables entry.`);
  }
  const { model } = await vault.item(entry);
  const bad = invalidVariableName(model.environmentVariables);
  if (bad !== null) {
    throw new FailureError(`entry ${entry.id} has a variable named ${quoted(bad)}, which is not a valid name (letters, digits and _, not starting with a digit).`);
  }
  return variableMap(model.environmentVariables);
}

export async function commandEnv(vault: Vault, entry: VaultEntry, args: ParsedArgs, deps: CliDeps): Promise<void> {
  const format = (args.flags.has('--json') ? 'json' : (args.format ?? 'dotenv')) as EnvFormat;
  deps.io.stdout(formatVariables(await variablesOf(vault, entry), format));
}

/** The variables of every entry, later ones overriding earlier ones. */
export async function commandRun(vault: Vault, entries: readonly VaultEntry[]): Promise<Record<string, string>> {
  const merged = new Map<string, string>();
  for (const entry of entries) {
    for (const [key, value] of await variablesOf(vault, entry)) {
      merged.set(key, value);
    }
  }
  // fromEntries defines own properties, so `__proto__` stays a plain variable.
  return Object.fromEntries(merged);
}
