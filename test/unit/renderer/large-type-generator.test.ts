/**
 * Large type and the generator in the store (fake bridge, manual clock): large type shows only a
 * value the window holds, reveals the password through entry:reveal when asked for it, closes and
 * masks on Esc and when the reveal's timer ends; the generator asks main and keeps what it made
 * only until the window hides. The footer hint follows the screen and the selected entry's type.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';

import { characterKind } from '../../../src/renderer/components/CharacterCells';
import { footerHint } from '../../../src/renderer/footer-hint';
import { createAppStore, type AppStore } from '../../../src/renderer/store/app-store';
import { strings } from '../../../src/renderer/strings';
import { DEFAULT_PASSPHRASE_OPTIONS, DEFAULT_PASSWORD_OPTIONS } from '../../../src/shared/generator-limits';
import { FAKE_SECRETS, FakeBridge } from '../../fakes/fake-bridge';
import { ManualScheduler } from '../../fakes/manual-scheduler';

const REVEAL_MS = 15_000;
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('large type and the generator in the store', () => {
  let bridge: FakeBridge;
  let scheduler: ManualScheduler;
  let store: AppStore;

  async function openGithub(): Promise<void> {
    store.getState().setQuery('github');
    await flush();
    await store.getState().openDetails();
  }

  beforeEach(async () => {
    bridge = new FakeBridge();
    scheduler = new ManualScheduler();
    store = createAppStore(bridge.api, { scheduler, revealMs: REVEAL_MS });
    await store.getState().init();
  });

  it('the shortcut in the detail view reveals the password through main, then shows it', async () => {
    await openGithub();
    await store.getState().openLargeType();
    assert.deepEqual(bridge.callsOf('entryReveal'), [{ id: 'e-github', field: 'password' }]);
    assert.equal(store.getState().largeType, 'revealed');
    assert.equal(store.getState().revealed?.value, FAKE_SECRETS.githubPassword);
  });

  it('Esc closes and masks; the reveal timer closes it too', async () => {
    await openGithub();
    await store.getState().openLargeType();
    store.getState().closeLargeType();
    assert.deepEqual([store.getState().largeType, store.getState().revealed], [null, null]);

    await store.getState().openLargeType();
    assert.equal(store.getState().largeType, 'revealed');
    scheduler.advance(REVEAL_MS + 1000);
    assert.deepEqual([store.getState().largeType, store.getState().revealed], [null, null]);
  });

  it('a refused reveal opens nothing', async () => {
    await openGithub();
    bridge.failNext.set('entryReveal', { kind: 'needs-user-action', message: 'Press the key again.' });
    await store.getState().openLargeType();
    assert.equal(store.getState().largeType, null);
  });

  it('a TOTP entry shows its code; the search screen has nothing to show', async () => {
    await store.getState().openLargeType();
    assert.equal(store.getState().largeType, null);
    assert.equal(store.getState().status?.text, strings.largeType.nothing);
    store.getState().setQuery('bank');
    await flush();
    await store.getState().openDetails();
    await store.getState().openLargeType();
    assert.equal(store.getState().largeType, 'totp');
    assert.equal(bridge.callsOf('entryReveal').length, 0, 'no reveal for a code the view already shows');
  });

  it('the generator asks main with the options, shows the value and drops it when the window hides', async () => {
    store.getState().showScreen('generator');
    await store.getState().generate({ ...DEFAULT_PASSWORD_OPTIONS, length: 12 });
    assert.deepEqual(bridge.callsOf('generatorCopy'), [{ ...DEFAULT_PASSWORD_OPTIONS, length: 12 }]);
    assert.equal(store.getState().generated?.value.length, 12);
    assert.equal(store.getState().settings?.generatorPassword.length, 12);
    await store.getState().generate(DEFAULT_PASSPHRASE_OPTIONS);
    assert.equal(store.getState().settings?.generatorKind, 'passphrase');
    await store.getState().openLargeType();
    assert.equal(store.getState().largeType, 'generated');
    bridge.emit('window:hidden', null);
    assert.deepEqual([store.getState().generated, store.getState().largeType], [null, null]);
  });
});

describe('footer hint', () => {
  const login = { type: 'website_password', actions: ['username', 'password', 'totp'] } as const;
  it('follows the selected entry: no TOTP key for a login without one, none for a note', () => {
    assert.equal(footerHint({ screen: 'search', largeType: null, autoType: false, selected: login }), strings.footer.login);
    assert.equal(footerHint({ screen: 'search', largeType: null, autoType: false, selected: { ...login, actions: ['username', 'password'] } }), strings.footer.loginNoTotp);
    assert.equal(footerHint({ screen: 'search', largeType: null, autoType: false, selected: { type: 'note', actions: ['notes'] } }), strings.footer.note);
    assert.doesNotMatch(strings.footer.note, /TOTP/);
    assert.equal(footerHint({ screen: 'search', largeType: null, autoType: false, selected: { type: 'totp', actions: ['totp'] } }), strings.footer.totp);
    assert.equal(footerHint({ screen: 'search', largeType: null, autoType: false, selected: null }), strings.footer.searchEmpty);
  });
  it('names the auto-type key for a login only where auto-type would type it', () => {
    assert.equal(footerHint({ screen: 'search', largeType: null, autoType: true, selected: login }), `${strings.footer.login} · ${strings.footer.autoType}`);
    assert.equal(footerHint({ screen: 'search', largeType: null, autoType: true, selected: { type: 'note', actions: ['notes'] } }), strings.footer.note);
    assert.equal(footerHint({ screen: 'detail', largeType: null, autoType: true, selected: login }), strings.footer.detail);
  });
  it('follows the screen shown', () => {
    assert.equal(footerHint({ screen: 'detail', largeType: null, autoType: false, selected: login }), strings.footer.detail);
    assert.equal(footerHint({ screen: 'settings', largeType: null, autoType: false, selected: login }), strings.footer.settings);
    assert.equal(footerHint({ screen: 'generator', largeType: null, autoType: false, selected: null }), strings.footer.generator);
    assert.equal(footerHint({ screen: 'detail', largeType: 'revealed', autoType: false, selected: login }), strings.footer.largeType);
  });
});

describe('characterKind', () => {
  it('tells digits, capitals, small letters, spaces and symbols apart', () => {
    assert.deepEqual([...'7Aé ~ß٣'].map(characterKind), ['digit', 'upper', 'lower', 'space', 'symbol', 'lower', 'digit']);
  });
});
