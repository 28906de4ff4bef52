/**
 * The main process's logger. Lines start with a [Component] tag. Callers pass fixed text and
 * safe details (ids, kinds, counts) — never a key, token or secret value; the logging test greps
 * every line written during the suite for the fixtures' secrets. As a second line of defence every
 * finished line goes through the platform logger's maskSecrets (the CLI's filter): hex runs of 32+
 * characters, "Token …" credentials and long random-looking strings are masked, newlines flattened.
 */
import { maskSecrets } from '../platform/logger';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogSink = (level: LogLevel, line: string) => void;

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  child(component: string): Logger;
}

const consoleSink: LogSink = (level, line) => {
  const stream = level === 'warn' || level === 'error' ? process.stderr : process.stdout;
  stream.write(`${line}\n`);
};

export function createLogger(component: string, sink: LogSink = consoleSink, minLevel: LogLevel = 'info'): Logger {
  const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
  const write = (level: LogLevel, message: string): void => {
    if (order[level] >= order[minLevel]) {
      sink(level, maskSecrets(`[${component}] ${message.replace(/[\r\n]+/g, ' ')}`));
    }
  };
  return {
    debug: (message) => write('debug', message),
    info: (message) => write('info', message),
    warn: (message) => write('warn', message),
    error: (message) => write('error', message),
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
