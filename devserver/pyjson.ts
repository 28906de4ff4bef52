/**
 * Byte-exact emulation of the two serialisations a Django/DRF Psono server emits:
 * - Python `json.dumps(obj)` defaults: `", "` / `": "` separators and `ensure_ascii=True`
 *   (used for the login info, the `/info/` document and the `/api-key-access/*` bodies);
 * - DRF's JSONRenderer: compact separators and raw UTF-8 (every other JSON response).
 * And Python's `datetime.isoformat()` for aware UTC datetimes.
 */

/** Python `json.dumps(value)` with default arguments. */
export function pythonJsonDumps(value: unknown): string {
  return escapeNonAscii(serialise(value, ', ', ': '));
}

/** DRF JSONRenderer output (compact, UTF-8 kept). */
export function drfJson(value: unknown): string {
  return JSON.stringify(value);
}

function serialise(value: unknown, itemSeparator: string, keySeparator: string): string {
  if (value === null || value === undefined) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return `[${value.map((entry) => serialise(entry, itemSeparator, keySeparator)).join(itemSeparator)}]`;
  }
  if (typeof value === 'object') {
    const parts: string[] = [];
    for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
      if (entry === undefined) {
        continue;
      }
      parts.push(`${JSON.stringify(key)}${keySeparator}${serialise(entry, itemSeparator, keySeparator)}`);
    }
    return `{${parts.join(itemSeparator)}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    // Python writes NaN/Infinity; JSON cannot. Never produced by the server's own data.
    return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  }
  return JSON.stringify(value);
}

/**
 * Python's ensure_ascii escapes every character outside printable ASCII (0x20–0x7e) as \uXXXX,
 * astral characters as surrogate pairs. JSON.stringify already escaped quotes, backslashes and
 * control characters, so escaping the remaining code units ≥ 0x7f gives Python's exact output.
 */
function escapeNonAscii(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Python `datetime.isoformat()` of an aware UTC datetime: `YYYY-MM-DDTHH:MM:SS[.ffffff]+00:00`,
 * the fraction omitted when the microseconds are zero.
 */
export function pythonIsoformat(epochMs: number, microsecondsWithinMs = 0): string {
  const date = new Date(Math.floor(epochMs));
  const base = date.toISOString().slice(0, 19);
  const micros = date.getUTCMilliseconds() * 1000 + microsecondsWithinMs;
  return micros === 0 ? `${base}+00:00` : `${base}.${String(micros).padStart(6, '0')}+00:00`;
}

/**
 * Parses an ISO-8601 timestamp. Returns `undefined` for an unparseable value and `'naive'` when
 * it has no zone designator (Django would mix naive and aware datetimes).
 */
export function parseAwareTimestamp(text: unknown): number | 'naive' | undefined {
  if (typeof text !== 'string') {
    return undefined;
  }
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/i.exec(text.trim());
  if (match === null) {
    return undefined;
  }
  if (match[3] === undefined) {
    return 'naive';
  }
  // Date.parse handles at most millisecond fractions reliably; trim longer ones.
  const time = match[2]!.replace(/(\.\d{3})\d+/, '$1');
  const zone = match[3].toUpperCase() === 'Z' ? 'Z' : match[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const parsed = Date.parse(`${match[1]}T${time}${zone}`);
  return Number.isNaN(parsed) ? undefined : parsed;
}
