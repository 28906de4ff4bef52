/**
 * main's logger masks what looks like key material even when a caller slips it into the message
 * (second line of defence behind "never pass a secret"), and leaves ordinary text readable.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';

import { createLogger, type LogLevel } from '../../../src/main/log';

function capture(): { lines: Array<[LogLevel, string]>; log: ReturnType<typeof createLogger> } {
  const lines: Array<[LogLevel, string]> = [];
  return { lines, log: createLogger('Main', (level, line) => lines.push([level, line]), 'info') };
}

describe('main logger', () => {
  it('masks a planted hex key, a Token credential and a long random token', () => {
    const { lines, log } = capture();
    const hexKey = randomBytes(32).toString('hex');
    const token = randomBytes(24).toString('base64url') + '7a';
    log.warn(`unexpected key ${hexKey} in a message`);
    log.child('Session').info(`header Authorization: Token ${hexKey.slice(0, 20)}`);
    log.error(`value ${token} end`);
    const text = lines.map(([, line]) => line).join('\n');
    assert.ok(!text.includes(hexKey), 'the hex key is masked');
    assert.ok(!text.includes(hexKey.slice(0, 20)), 'the Token credential is masked');
    assert.ok(!text.includes(token), 'the random token is masked');
    assert.match(lines[0]![1], /^\S+Z WARN {2}\[Main\] unexpected key \[hex redacted\] in a message$/);
    assert.match(lines[1]![1], /^\S+Z INFO {2}\[Session\] header Authorization: Token \[redacted\]$/);
    assert.deepEqual(lines.map(([level]) => level), ['warn', 'info', 'error']);
  });

  it('keeps ordinary lines, ids and counts readable; flattens newlines; drops lines below the level', () => {
    const { lines, log } = capture();
    log.info('profile stored in the keychain (6 entries) for a1000000-0000-4000-8000-000000000001');
    log.info('two\nlines');
    log.debug('not shown at info');
    assert.deepEqual(
      lines.map(([, line]) => line.replace(/^\S+Z INFO {2}/, '')),
      ['[Main] profile stored in the keychain (6 entries) for a1000000-0000-4000-8000-000000000001', '[Main] two lines'],
    );
  });
});
