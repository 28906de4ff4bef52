/**
 * The API keys this user's CLI has seen log in unrestricted, so that the next cold call logs in
 * straight away (`KeyAccessHint`): no key inspection before the login, no GET /info/ beside it
 * (see openKeyAccess). The desktop app keeps the same fact in its profile. Stored is one SHA-256
 * of server URL and key id per line, nothing that identifies the key or the server, in
 * `$XDG_CACHE_HOME/psono/unrestricted-keys` (else `~/.cache/…`), 0600 in a 0700 folder. A file
 * another user could have written is ignored. Losing it costs one round trip; a wrong line costs
 * one login, which shows the key restricted and is ended at once.
 */
import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

import type { ApiKeyCredentials } from '../core/session';

export interface KeyMemory {
  knowsUnrestricted(credentials: ApiKeyCredentials): boolean;
  record(credentials: ApiKeyCredentials, restricted: boolean): void;
}

/** Enough for everyone's keys; the oldest lines go first. */
const MAX_KEYS = 64;

function keyHash(credentials: ApiKeyCredentials): string {
  return createHash('sha256').update(`psono-key-memory-v1\n${credentials.serverUrl}\n${credentials.apiKeyId}`).digest('hex');
}

export function memoryFile(env: Readonly<Record<string, string | undefined>>): string {
  const cache = env['XDG_CACHE_HOME']?.trim() || join(homedir(), '.cache');
  return join(cache, 'psono', 'unrestricted-keys');
}

/** The file's lines, or none if it is missing, unreadable or open to others. */
function readLines(file: string): string[] {
  try {
    const stat = lstatSync(file);
    if (!stat.isFile() || stat.uid !== process.getuid?.() || (stat.mode & 0o022) !== 0) {
      return [];
    }
    return readFileSync(file, 'utf8').split('\n').filter((line) => /^[0-9a-f]{64}$/.test(line));
  } catch {
    return [];
  }
}

export function fileKeyMemory(file: string): KeyMemory {
  return {
    knowsUnrestricted: (credentials) => readLines(file).includes(keyHash(credentials)),
    record(credentials, restricted) {
      const hash = keyHash(credentials);
      const lines = readLines(file);
      if (lines.includes(hash) === !restricted) {
        return; // already as it should be
      }
      const kept = lines.filter((line) => line !== hash);
      const next = restricted ? kept : [...kept, hash].slice(-MAX_KEYS);
      try {
        mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
        // Written aside and renamed, so a concurrent call reads the old list or the new one.
        const temporary = `${file}.${process.pid}`;
        writeFileSync(temporary, next.map((line) => `${line}\n`).join(''), { mode: 0o600 });
        chmodSync(temporary, 0o600);
        renameSync(temporary, file);
      } catch {
        // Only speed is lost: the next call inspects the key first.
      }
    },
  };
}
