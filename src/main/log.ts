/**
 * The main process's logger (the CLI prints results and errors, not log lines): info and debug to
 * stdout, warnings and errors to stderr. Lines look like
 *   2026-11-29T15:22:27.000Z INFO  [Session] logged in (restricted=false)
 * Callers pass fixed text and safe details (ids, kinds, counts), never a key, token or secret
 * value; the logging test greps every line written during the suite for the fixtures' secrets.
 * SecretBytes and SecretText print as [redacted] if one is interpolated by mistake, and the
 * finished line is masked: hex runs of 32+ characters, "Token …" credentials and long
 * random-looking strings. No pattern catches a short secret passed as plain text — so never do
 * that. Core code does not log at all.
 */
import { REDACTED_TEXT } from '../core/sensitive';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogSink = (level: LogLevel, line: string) => void;

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Same sink and level, another component tag. */
  child(component: string): Logger;
}

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Masks what looks like key material or a credential in finished text. */
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

const consoleSink: LogSink = (level, line) => {
  const stream = level === 'warn' || level === 'error' ? process.stderr : process.stdout;
  stream.write(`${line}\n`);
};

function levelFromEnvironment(): LogLevel {
  const configured = process.env['PSONO_TRAY_LOG_LEVEL']?.toLowerCase();
  return configured === 'debug' || configured === 'info' || configured === 'warn' || configured === 'error' ? configured : 'info';
}

/** `minLevel` defaults to PSONO_TRAY_LOG_LEVEL, else info. */
export function createLogger(component: string, sink: LogSink = consoleSink, minLevel: LogLevel = levelFromEnvironment()): Logger {
  const emit = (level: LogLevel, message: string): void => {
    if (LEVELS[level] >= LEVELS[minLevel]) {
      const line = `${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} [${component}] ${message.replace(/[\r\n]+/g, ' ')}`;
      sink(level, maskSecrets(line));
    }
  };
  return {
    debug: (message) => emit('debug', message),
    info: (message) => emit('info', message),
    warn: (message) => emit('warn', message),
    error: (message) => emit('error', message),
    child: (child) => createLogger(child, sink, minLevel),
  };
}

/** A description of a caught value that is safe to log: its class and kind, never its message. */
export function describeError(error: unknown): string {
  if (error && typeof error === 'object') {
    const name = error.constructor?.name ?? 'Error';
    const kind = 'kind' in error && typeof error.kind === 'string' ? ` (${error.kind})` : '';
    return `${name}${kind}`;
  }
  return typeof error;
}
