/**
 * The one logger of the main process (`src/main/log.ts` gives it main's sink); the CLI prints
 * results and errors, not log lines. Lines look like
 *   2026-11-29T15:22:27.000Z INFO  [Session] Logged in. user=alice@example.com restricted=false
 * Three lines of defence keep secrets out of them:
 * 1. SecretBytes/SecretText print as [redacted] (their own toString/toJSON).
 * 2. Fields whose names sound secret (token, password, key, …) are redacted whatever they hold,
 *    byte arrays print only their length, errors print kind and message but never bodies.
 * 3. The finished line is scanned: hex runs of 32+ characters, "Token …" credentials and long
 *    random-looking strings are masked, in case a secret slipped into free text.
 * What no pattern can catch is a short secret passed as plain text in a message — so never do
 * that: pass secrets only inside SecretText/SecretBytes. Core code does not log at all.
 */
import { PsonoError } from '../core/errors';
import { REDACTED_TEXT, SecretBytes, SecretText } from '../core/sensitive';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** Same sink and level, another component tag. */
  child(component: string): Logger;
}

export interface LoggerOptions {
  /** Lines below this level are dropped. Default: PSONO_TRAY_LOG_LEVEL or 'info'. */
  readonly level?: LogLevel;
  /** Where finished lines go (without newline), with their level. Default: stderr. */
  readonly sink?: (line: string, level: LogLevel) => void;
  readonly clock?: () => number;
}

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const MAX_FIELD_CHARS = 2_000;
const MAX_DEPTH = 4;

/** Field names whose values are never printed (booleans excepted: `restrictToSecrets=true` is harmless). */
const SENSITIVE_NAME =
  /token|secret|passw|private|authori[sz]|validator|seed|cookie|credential|totp|otp|session_?key|^pin$|pin_?code|notes?$|^value$|^data$|^text$|^nonce$|^body$|key$/i;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Masks what looks like key material or a credential in finished text. Exported so the CLI can
 * run its error output through the same filter.
 */
export function maskSecrets(text: string): string {
  return text
    .replace(/\b(Token|Bearer|Basic)\s+[^\s"',;}\]]+/gi, `$1 ${REDACTED_TEXT}`)
    .replace(/[0-9a-fA-F]{32,}/g, '[hex redacted]')
    .replace(/[A-Za-z0-9+_-]{32,}={0,2}/g, (run) => {
      // Long runs mixing letters and digits look like generated secrets; UUIDs (ids) stay readable.
      if (UUID.test(run) || !/[0-9]/.test(run) || !/[A-Za-z]/.test(run)) {
        return run;
      }
      return '[token redacted]';
    });
}

function describeError(error: Error): Record<string, unknown> {
  if (error instanceof PsonoError) {
    // PsonoError messages are built from fixed text and safe details by design.
    return { kind: error.kind, message: error.message, ...(error.details.status === undefined ? {} : { status: error.details.status }) };
  }
  const described: Record<string, unknown> = { name: error.name, message: error.message };
  if (error.stack !== undefined) {
    described['stack'] = error.stack.split('\n').slice(1, 6).map((line) => line.trim()).join(' | ');
  }
  return described;
}

/** Converts a field value to something JSON-safe with secrets replaced. */
function scrub(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (value instanceof SecretBytes || value instanceof SecretText) {
    return REDACTED_TEXT;
  }
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') {
    return value;
  }
  if (typeof value === 'bigint') {
    return value.toString();
  }
  if (typeof value === 'undefined') {
    return 'undefined';
  }
  if (typeof value === 'function' || typeof value === 'symbol') {
    return `[${typeof value}]`;
  }
  if (value instanceof Uint8Array) {
    return `[${value.length} bytes]`;
  }
  if (value instanceof ArrayBuffer) {
    return `[${value.byteLength} bytes]`;
  }
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  }
  if (seen.has(value)) {
    return '[circular]';
  }
  if (depth >= MAX_DEPTH) {
    return '[…]';
  }
  seen.add(value);
  if (value instanceof Error) {
    return scrub(describeError(value), depth + 1, seen);
  }
  if (Array.isArray(value)) {
    return value.slice(0, 50).map((item) => scrub(item, depth + 1, seen));
  }
  if (value instanceof Map) {
    return scrub(Object.fromEntries(value), depth, seen);
  }
  if (value instanceof Set) {
    return scrub([...value], depth, seen);
  }
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SENSITIVE_NAME.test(key) && typeof inner !== 'boolean' && inner !== null && inner !== undefined ? REDACTED_TEXT : scrub(inner, depth + 1, seen);
  }
  return out;
}

function formatField(key: string, value: unknown): string {
  if (SENSITIVE_NAME.test(key) && typeof value !== 'boolean' && value !== null && value !== undefined) {
    return `${key}=${REDACTED_TEXT}`;
  }
  const scrubbed = scrub(value, 0, new WeakSet());
  let text: string;
  if (typeof scrubbed === 'string') {
    text = /^[^\s"=]+$/.test(scrubbed) ? scrubbed : JSON.stringify(scrubbed);
  } else {
    text = JSON.stringify(scrubbed) ?? String(scrubbed);
  }
  if (text.length > MAX_FIELD_CHARS) {
    text = `${text.slice(0, MAX_FIELD_CHARS)}…`;
  }
  return `${key}=${text}`;
}

/** Formats one log line (exported for tests and for the CLI's --verbose output). */
export function formatLogLine(timeMs: number, level: LogLevel, component: string, message: string, fields?: LogFields): string {
  const parts = [new Date(timeMs).toISOString(), level.toUpperCase().padEnd(5), `[${component}]`, message.replace(/[\r\n]+/g, ' ')];
  if (fields !== undefined) {
    for (const [key, value] of Object.entries(fields)) {
      parts.push(formatField(key, value));
    }
  }
  return maskSecrets(parts.join(' '));
}

function levelFromEnvironment(): LogLevel {
  const configured = process.env['PSONO_TRAY_LOG_LEVEL']?.toLowerCase();
  return configured === 'debug' || configured === 'info' || configured === 'warn' || configured === 'error' ? configured : 'info';
}

export function createLogger(component: string, options: LoggerOptions = {}): Logger {
  const threshold = LEVELS[options.level ?? levelFromEnvironment()];
  const sink = options.sink ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const clock = options.clock ?? Date.now;
  const emit = (level: LogLevel, message: string, fields?: LogFields): void => {
    if (LEVELS[level] < threshold) {
      return;
    }
    let line: string;
    try {
      line = formatLogLine(clock(), level, component, message, fields);
    } catch {
      // A getter that throws must not take the caller down; and its value is not worth the risk of printing.
      line = maskSecrets(`${new Date(clock()).toISOString()} ${level.toUpperCase().padEnd(5)} [${component}] ${message} (fields unprintable)`);
    }
    sink(line, level);
  };
  return {
    debug: (message, fields) => emit('debug', message, fields),
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
    child: (child) => createLogger(child, { ...options, level: options.level ?? levelFromEnvironment() }),
  };
}
