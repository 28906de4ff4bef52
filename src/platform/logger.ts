/**
 * The one logger of the main process (`src/main/log.ts` gives it main's sink); the CLI prints
 * results and errors, not log lines. Lines look like
 *   2026-11-29T15:22:27.000Z INFO  [Session] logged in (restricted=false)
 * Callers pass fixed text and safe details (ids, kinds, counts), never a secret: SecretBytes and
 * SecretText print as [redacted] if one is interpolated by mistake. Behind that, the finished line
 * is scanned: hex runs of 32+ characters, "Token …" credentials and long random-looking strings
 * are masked, in case a secret slipped into free text. What no pattern can catch is a short secret
 * passed as plain text — so never do that. Core code does not log at all.
 */
import { REDACTED_TEXT } from '../core/sensitive';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
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

function levelFromEnvironment(): LogLevel {
  const configured = process.env['PSONO_TRAY_LOG_LEVEL']?.toLowerCase();
  return configured === 'debug' || configured === 'info' || configured === 'warn' || configured === 'error' ? configured : 'info';
}

export function createLogger(component: string, options: LoggerOptions = {}): Logger {
  const threshold = LEVELS[options.level ?? levelFromEnvironment()];
  const sink = options.sink ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const clock = options.clock ?? Date.now;
  const emit = (level: LogLevel, message: string): void => {
    if (LEVELS[level] >= threshold) {
      const line = `${new Date(clock()).toISOString()} ${level.toUpperCase().padEnd(5)} [${component}] ${message.replace(/[\r\n]+/g, ' ')}`;
      sink(maskSecrets(line), level);
    }
  };
  return {
    debug: (message) => emit('debug', message),
    info: (message) => emit('info', message),
    warn: (message) => emit('warn', message),
    error: (message) => emit('error', message),
    child: (child) => createLogger(child, { ...options, level: options.level ?? levelFromEnvironment() }),
  };
}
