/** The variables of environment_variables entries: checked names, and dotenv / shell / JSON text. */
import type { EnvironmentVariable } from '../core/vault';

export type EnvFormat = 'dotenv' | 'export' | 'json';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The name of the first variable that no shell could set, or null. */
export function invalidVariableName(variables: readonly EnvironmentVariable[]): string | null {
  return variables.find((variable) => !IDENTIFIER.test(variable.key))?.key ?? null;
}

/** Merged in order: a later variable of the same name replaces an earlier one, as `export` would. */
export function variableMap(variables: readonly EnvironmentVariable[]): Map<string, string> {
  // A Map, not an object: `__proto__` is a valid variable name.
  return new Map(variables.map(({ key, value }) => [key, value]));
}

/** POSIX shell: single quotes keep everything literal; a quote itself is closed, escaped, reopened. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * dotenv has no single standard: bare when nothing needs quoting; single quotes (literal) when the
 * value has no quote, backslash or line break; else double quotes with \\, \", \n and \r escapes,
 * which python-dotenv reads back exactly.
 */
function dotenvQuote(value: string): string {
  if (/^[A-Za-z0-9_./:@%+,=-]*$/.test(value)) {
    return value;
  }
  if (!/['\\\n\r]/.test(value)) {
    return `'${value}'`;
  }
  return `"${value.replace(/[\\"]/g, (char) => `\\${char}`).replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
}

export function formatVariables(variables: ReadonlyMap<string, string>, format: EnvFormat): string {
  const entries = [...variables];
  switch (format) {
    case 'json':
      return `${JSON.stringify(Object.fromEntries(entries), null, 2)}\n`;
    case 'export':
      return entries.map(([key, value]) => `export ${key}=${shellQuote(value)}\n`).join('');
    case 'dotenv':
      return entries.map(([key, value]) => `${key}=${dotenvQuote(value)}\n`).join('');
  }
}
