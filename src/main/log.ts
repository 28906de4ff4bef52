/**
 * The main process's logger: the platform logger (src/platform/logger.ts) with main's sink — info
 * and debug to stdout, warnings and errors to stderr. Callers pass fixed text and safe details
 * (ids, kinds, counts) — never a key, token or secret value; the logging test greps every line
 * written during the suite for the fixtures' secrets. Behind that, the platform logger masks what
 * looks like key material in the finished line.
 */
import { createLogger as createPlatformLogger, type Logger, type LogLevel } from '../platform/logger';

export type { Logger, LogLevel };
export type LogSink = (level: LogLevel, line: string) => void;

const consoleSink: LogSink = (level, line) => {
  const stream = level === 'warn' || level === 'error' ? process.stderr : process.stdout;
  stream.write(`${line}\n`);
};

/** `minLevel` defaults to PSONO_TRAY_LOG_LEVEL, else info. */
export function createLogger(component: string, sink: LogSink = consoleSink, minLevel?: LogLevel): Logger {
  return createPlatformLogger(component, { sink: (line, level) => sink(level, line), ...(minLevel === undefined ? {} : { level: minLevel }) });
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
