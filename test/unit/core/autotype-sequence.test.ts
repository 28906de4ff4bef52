import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  DEFAULT_AUTO_TYPE_SEQUENCE,
  isAutoTypeFieldName,
  MAX_DELAY_MS,
  MAX_SEQUENCE_LENGTH,
  parseSequence,
  resolveSequence,
  sequenceFields,
  type SequenceStep,
} from '../../../src/core/autotype';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';

function steps(text: string): readonly SequenceStep[] {
  const parsed = parseSequence(text);
  assert.ok(parsed.ok, `expected ${JSON.stringify(text)} to parse: ${parsed.ok ? '' : parsed.error.message}`);
  return parsed.value;
}
function failure(text: string): { message: string; at: number } {
  const parsed = parseSequence(text);
  assert.ok(!parsed.ok, `expected ${JSON.stringify(text)} to be refused`);
  return parsed.error;
}

describe('auto-type sequence parser', () => {
  it('Settings\' default is core\'s default', () => {
    assert.equal(DEFAULT_SETTINGS.autoTypeSequence, DEFAULT_AUTO_TYPE_SEQUENCE);
  });

  it('parses the default sequence into field, key, field, key', () => {
    assert.deepEqual(steps(DEFAULT_AUTO_TYPE_SEQUENCE), [
      { kind: 'field', field: 'username' },
      { kind: 'key', key: 'Tab' },
      { kind: 'field', field: 'password' },
      { kind: 'key', key: 'Return' },
    ]);
  });

  it('reads tokens case-insensitively, TOTP, SPACE and DELAY n', () => {
    assert.deepEqual(steps('{username}{Space}{TOTP}{delay 250}{enter}'), [
      { kind: 'field', field: 'username' },
      { kind: 'key', key: 'space' },
      { kind: 'field', field: 'totp' },
      { kind: 'delay', ms: 250 },
      { kind: 'key', key: 'Return' },
    ]);
  });

  it('keeps literal text, unicode included, and joins it into one step', () => {
    assert.deepEqual(steps('login: é€中😀{TAB}x'), [
      { kind: 'text', text: 'login: é€中😀' },
      { kind: 'key', key: 'Tab' },
      { kind: 'text', text: 'x' },
    ]);
  });

  it('writes literal braces as {{} and {}}', () => {
    assert.deepEqual(steps('a{{}b{}}c'), [{ kind: 'text', text: 'a{b}c' }]);
    assert.deepEqual(steps('{}}{{}'), [{ kind: 'text', text: '}{' }]);
  });

  it('refuses unknown tokens, naming them and where they start', () => {
    const error = failure('{USERNAME}{TAB}{PASSWRD}');
    assert.match(error.message, /unknown token \{PASSWRD\}/);
    assert.equal(error.at, 15);
  });

  it('refuses unclosed and stray braces and control characters', () => {
    assert.match(failure('{USERNAME').message, /without its \}/);
    assert.match(failure('{TAB{ENTER}').message, /without its \}/);
    assert.match(failure('a}b').message, /lone \}/);
    assert.equal(failure('a}b').at, 1);
    assert.match(failure('user\tname').message, /control characters/);
    assert.match(failure('').message, /empty/);
  });

  it('bounds delays, each and in total, and the sequence length', () => {
    assert.deepEqual(steps(`{DELAY ${MAX_DELAY_MS}}`), [{ kind: 'delay', ms: MAX_DELAY_MS }]);
    assert.match(failure(`{DELAY ${MAX_DELAY_MS + 1}}`).message, /at most/);
    assert.match(failure('{DELAY 6000}{DELAY 6000}').message, /add up/);
    assert.match(failure('{DELAY}').message, /\{DELAY n\}/);
    assert.match(failure('{DELAY -5}').message, /\{DELAY n\}/);
    assert.match(failure('x'.repeat(MAX_SEQUENCE_LENGTH + 1)).message, /at most/);
  });

  it('lists the fields a sequence needs', () => {
    assert.deepEqual([...sequenceFields(steps('{TOTP}{ENTER}'))], ['totp']);
    assert.deepEqual([...sequenceFields(steps(DEFAULT_AUTO_TYPE_SEQUENCE))].sort(), ['password', 'username']);
  });

  it('resolves fields into text to type and refuses a missing or empty field', () => {
    const parsed = steps('{USERNAME}{TAB}{PASSWORD}{DELAY 5}!{ENTER}');
    assert.deepEqual(resolveSequence(parsed, { username: 'ann', password: 'p€ss' }), {
      ok: true,
      value: [
        { kind: 'type', text: 'ann' },
        { kind: 'key', key: 'Tab' },
        { kind: 'type', text: 'p€ss' },
        { kind: 'delay', ms: 5 },
        { kind: 'type', text: '!' },
        { kind: 'key', key: 'Return' },
      ],
    });
    assert.deepEqual(resolveSequence(parsed, { username: 'ann', password: '' }), { ok: false, error: 'This entry has no password to type.' });
    assert.deepEqual(resolveSequence(steps('{TOTP}'), { totp: null }), { ok: false, error: 'This entry has no TOTP code to type.' });
  });

  it('recognises the per-entry override field by its name', () => {
    for (const name of ['autotype', 'Auto-Type', 'Auto Type', 'AUTO_TYPE']) {
      assert.ok(isAutoTypeFieldName(name), name);
    }
    for (const name of ['auto', 'autotyper', 'Notes']) {
      assert.ok(!isAutoTypeFieldName(name), name);
    }
  });
});
