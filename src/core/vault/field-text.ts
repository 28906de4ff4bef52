/**
 * Field values as text. Item fields come from other users' shares, so nothing here recurses on how
 * deep a value nests.
 */

/** Objects and arrays nested deeper than this are not a field value (see `coerceText`). */
export const MAX_VALUE_NESTING = 32;

/**
 * Whether a JSON value nests objects/arrays deeper than `limit`, found without recursion (the value
 * comes from another user's share, and can be nested as deep as JSON.parse allows).
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (typeof current !== 'object' || current === null) {
      continue;
    }
    if (depth >= limit) {
      return true;
    }
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (typeof child === 'object' && child !== null) {
        stack.push({ value: child, depth: depth + 1 });
      }
    }
  }
  return false;
}

/**
 * Importers write `6`, `"6"`, booleans or nested objects; numbers and booleans keep their text,
 * objects become JSON. A value nested deeper than MAX_VALUE_NESTING is no field (null):
 * JSON.stringify recurses and would overflow the stack on one.
 */
export function coerceText(value: unknown): string | null {
  if (value === undefined || value === null) {
    return null;
  }
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return nestsDeeperThan(value, MAX_VALUE_NESTING) ? null : JSON.stringify(value);
}
