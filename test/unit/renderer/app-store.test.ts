import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';

import { createAppStore, type AppStore } from '../../../src/renderer/store/app-store';
import { selectClipboardSecondsLeft, selectRevealSecondsLeft, selectSelectedEntry } from '../../../src/renderer/store/selectors';
import { FAKE_CREDENTIALS, FAKE_PIN, FAKE_SECRETS, FakeBridge } from '../../fakes/fake-bridge';
import { ManualScheduler } from '../../fakes/manual-scheduler';

const REVEAL_MS = 15_000;
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

function leakedSecrets(store: AppStore): string[] {
  const text = JSON.stringify(store.getState());
  return Object.values(FAKE_SECRETS).filter((secret) => text.includes(secret));
}

async function searchFor(store: AppStore, query: string): Promise<void> {
  store.getState().setQuery(query);
  await flush();
}

describe('app store', () => {
  let bridge: FakeBridge;
  let scheduler: ManualScheduler;
  let store: AppStore;

  beforeEach(async () => {
    bridge = new FakeBridge({ extraEntries: 30 });
    scheduler = new ManualScheduler();
    store = createAppStore(bridge.api, { scheduler, revealMs: REVEAL_MS });
    await store.getState().init();
  });

  it('loads the app state and settings and subscribes to every push event', () => {
    assert.equal(store.getState().app?.phase, 'unlocked');
    assert.equal(store.getState().settings?.clipboardClearSeconds, 30);
    for (const event of ['state:changed', 'window:shown', 'window:hidden', 'clipboard:changed'] as const) {
      assert.equal(bridge.listenerCount(event), 1, event);
    }
    store.getState().dispose();
    assert.equal(bridge.listenerCount('window:hidden'), 0);
  });

  it('opens on the empty-query list main answers (favourites, recent, A–Z), first entry selected', () => {
    assert.deepEqual(bridge.callsOf('vaultSearch'), [{ query: '', limit: 500 }]);
    assert.ok(store.getState().results.length > 1);
    assert.equal(store.getState().results[0]?.favourite, true);
    assert.equal(store.getState().selectedIndex, 0);
  });

  it('lists again when the window is shown after hiding, and when Esc clears the query', async () => {
    bridge.emit('window:hidden', null);
    assert.deepEqual(store.getState().results, [], 'hiding drops the rows');
    bridge.emit('window:shown', { view: 'search' });
    await flush();
    assert.ok(store.getState().results.length > 1);
    await searchFor(store, 'git');
    await store.getState().clearOrHide();
    await flush();
    assert.equal(store.getState().query, '');
    assert.deepEqual(bridge.callsOf('vaultSearch').at(-1), { query: '', limit: 500 });
    assert.ok(store.getState().results.length > 1);
  });

  it('searches from the first character and selects the first result', async () => {
    await searchFor(store, 'g');
    assert.deepEqual(bridge.callsOf('vaultSearch').at(-1), { query: 'g', limit: 500 });
    assert.ok(store.getState().results.length > 1);
    assert.equal(selectSelectedEntry(store.getState())?.title, 'GitHub');
    assert.deepEqual(store.getState().results[0]?.titleMatches, [[0, 1]]);
  });

  it('ignores a search reply that a newer keystroke superseded', async () => {
    const slow: Array<() => void> = [];
    const original = bridge.api.vaultSearch;
    const delayed = { ...bridge.api, vaultSearch: (arg: Parameters<typeof original>[0]) => new Promise<Awaited<ReturnType<typeof original>>>((resolve) => slow.push(() => void original(arg).then(resolve))) };
    const raceStore = createAppStore(delayed, { scheduler });
    raceStore.getState().setQuery('git');
    raceStore.getState().setQuery('aws');
    slow[1]?.();
    await flush();
    slow[0]?.();
    await flush();
    assert.equal(raceStore.getState().resultsQuery, 'aws');
    assert.equal(raceStore.getState().results[0]?.title, 'AWS console');
  });

  it('moves the selection within the results and never past either end', async () => {
    await searchFor(store, 'o');
    const count = store.getState().results.length;
    store.getState().moveSelection(-1);
    assert.equal(store.getState().selectedIndex, 0);
    store.getState().moveSelection(2);
    assert.equal(store.getState().selectedIndex, 2);
    store.getState().moveSelection(10_000);
    assert.equal(store.getState().selectedIndex, count - 1);
  });

  it('copies the main secret, confirms it by label and counts down to the clear', async () => {
    await searchFor(store, 'github');
    await store.getState().copyFromSelected('main');
    assert.deepEqual(bridge.callsOf('entryCopy'), [{ id: 'e-github', field: 'main' }]);
    assert.equal(bridge.clipboard, FAKE_SECRETS.githubPassword);
    assert.equal(store.getState().status?.text, 'Copied password of GitHub');
    assert.equal(selectClipboardSecondsLeft(store.getState()), 30);
    scheduler.advance(10_000);
    assert.equal(selectClipboardSecondsLeft(store.getState()), 20);
    scheduler.advance(21_000);
    assert.equal(selectClipboardSecondsLeft(store.getState()), null);
    assert.equal(scheduler.activeIntervals, 0, 'the ticker stops when nothing counts down');
    assert.deepEqual(leakedSecrets(store), []);
  });

  it('Enter asks main for the main field; main picks a note\'s text and a TOTP item\'s code', async () => {
    await searchFor(store, 'home wi-fi');
    await store.getState().copyFromSelected('main');
    assert.equal(bridge.clipboard, FAKE_SECRETS.wifiNote);
    await searchFor(store, 'bank');
    await store.getState().copyFromSelected('main');
    assert.equal(bridge.clipboard, FAKE_SECRETS.bankTotpCode);
    assert.deepEqual(bridge.callsOf('entryCopy'), [
      { id: 'e-wifi', field: 'main' },
      { id: 'e-bank', field: 'main' },
    ]);
  });

  it('says so instead of calling main when the entry has no username or TOTP', async () => {
    await searchFor(store, 'home wi-fi');
    await store.getState().copyFromSelected('username');
    await store.getState().copyFromSelected('totp');
    assert.deepEqual(bridge.callsOf('entryCopy'), []);
    assert.equal(store.getState().status?.text, 'This entry has no TOTP code.');
    await searchFor(store, 'home');
    assert.equal(store.getState().status, null, 'a new query drops an old hint');
  });

  it('shows a copy error as a status message', async () => {
    await searchFor(store, 'aws');
    bridge.failNext.set('entryCopy', { kind: 'session-expired', message: 'The server session ended.' });
    await store.getState().copyFromSelected('main');
    assert.equal(store.getState().status?.tone, 'error');
    assert.equal(store.getState().status?.text, 'The server session ended.');
  });

  it('opens only URLs the entry allows', async () => {
    await searchFor(store, 'wi-fi');
    await store.getState().openSelectedUrl();
    assert.deepEqual(bridge.callsOf('entryOpenUrl'), []);
    await searchFor(store, 'github');
    await store.getState().openSelectedUrl();
    assert.deepEqual(bridge.openedUrls, ['https://github.com/login']);
  });

  it('reveals a secret on request and masks it again after the reveal time', async () => {
    await searchFor(store, 'aws');
    await store.getState().openDetails();
    assert.equal(store.getState().screen, 'detail');
    assert.equal(store.getState().detail?.fields.find((field) => field.key === 'password')?.value, null);
    assert.deepEqual(leakedSecrets(store), []);
    await store.getState().reveal('password');
    assert.equal(store.getState().revealed?.value, FAKE_SECRETS.awsPassword);
    scheduler.advance(5_000);
    assert.equal(selectRevealSecondsLeft(store.getState()), 10);
    scheduler.advance(10_000);
    assert.equal(store.getState().revealed, null);
    assert.deepEqual(leakedSecrets(store), []);
  });

  it('drops query, results, details and revealed values when the window hides', async () => {
    await searchFor(store, 'git');
    await store.getState().openDetails();
    await store.getState().reveal('password');
    assert.deepEqual(leakedSecrets(store), [FAKE_SECRETS.githubPassword, FAKE_SECRETS.githubTotpCode]);
    bridge.emit('window:hidden', null);
    const state = store.getState();
    assert.equal(state.query, '');
    assert.deepEqual(state.results, []);
    assert.equal(state.detail, null);
    assert.equal(state.revealed, null);
    assert.equal(state.totp, null);
    assert.equal(state.screen, 'search');
    assert.deepEqual(leakedSecrets(store), []);
  });

  it('discards a reveal that main answers after the window hid', async () => {
    await searchFor(store, 'aws');
    await store.getState().openDetails();
    const pending = store.getState().reveal('password');
    bridge.emit('window:hidden', null);
    await pending;
    assert.equal(store.getState().revealed, null);
    assert.deepEqual(leakedSecrets(store), []);
  });

  it('wipes everything on lock, from the shortcut or from main', async () => {
    await searchFor(store, 'git');
    await store.getState().lock();
    assert.equal(store.getState().app?.phase, 'locked');
    assert.deepEqual(store.getState().results, []);
    bridge.setPhase('unlocked');
    await searchFor(store, 'aws');
    await store.getState().openDetails();
    await store.getState().reveal('password');
    bridge.setPhase('locked', 'idle');
    assert.equal(store.getState().revealed, null);
    assert.equal(store.getState().app?.lockReason, 'idle');
    assert.deepEqual(leakedSecrets(store), []);
  });

  it('Esc clears the query first and hides the window second', async () => {
    await searchFor(store, 'git');
    await store.getState().clearOrHide();
    assert.equal(store.getState().query, '');
    assert.deepEqual(bridge.callsOf('windowHide'), []);
    await store.getState().clearOrHide();
    assert.equal(bridge.callsOf('windowHide').length, 1);
  });

  it('loads a TOTP code with its expiry and fetches the next one when it runs out', async () => {
    bridge.totpSecondsRemaining = 3;
    await searchFor(store, 'bank');
    await store.getState().openDetails();
    assert.equal(store.getState().totp?.code, FAKE_SECRETS.bankTotpCode);
    assert.equal(bridge.callsOf('entryTotp').length, 1);
    bridge.totpSecondsRemaining = 30;
    scheduler.advance(3_000);
    await flush();
    assert.equal(bridge.callsOf('entryTotp').length, 2);
  });

  it('follows clipboard events from main, e.g. a copy from the tray and the clear', () => {
    bridge.emit('clipboard:changed', { label: 'password of AWS console', clearsInSeconds: 12 });
    assert.equal(store.getState().status?.text, 'Copied password of AWS console');
    assert.equal(selectClipboardSecondsLeft(store.getState()), 12);
    bridge.emit('clipboard:changed', { label: null, clearsInSeconds: null });
    assert.equal(store.getState().status?.text, 'Clipboard cleared.');
  });

  it('toggles a favourite in details and in the result list', async () => {
    await searchFor(store, 'aws');
    await store.getState().openDetails();
    await store.getState().toggleFavourite();
    assert.equal(store.getState().detail?.summary.favourite, true);
    assert.equal(store.getState().results[0]?.favourite, true);
  });

  it('saves a settings change and refreshes the shortcut registration state', async () => {
    await store.getState().updateSettings({ clipboardClearSeconds: 45 });
    assert.deepEqual(bridge.callsOf('settingsSet'), [{ clipboardClearSeconds: 45 }]);
    assert.equal(store.getState().settings?.clipboardClearSeconds, 45);
    assert.equal(store.getState().settingsSaved, true);
    bridge.failNext.set('settingsSet', { kind: 'invalid-argument', message: 'Out of range.' });
    await store.getState().updateSettings({ clipboardClearSeconds: 50 });
    assert.equal(store.getState().settings?.clipboardClearSeconds, 45, 'a refused change is rolled back');
    assert.equal(store.getState().settingsError?.kind, 'invalid-argument');
    await store.getState().updateSettings({ shortcut: 'Super+Space' });
    assert.deepEqual(store.getState().app?.shortcut, { accelerator: 'Super+Space', registered: false });
  });
});

describe('app store: locked, setup and PIN', () => {
  it('unlocks with the right PIN and reports a wrong one with its wait', async () => {
    const bridge = new FakeBridge({ phase: 'locked' });
    const store = createAppStore(bridge.api, { scheduler: new ManualScheduler() });
    await store.getState().init();
    assert.equal(await store.getState().unlock('wrong-pin-000'), false);
    assert.equal(store.getState().unlockError?.kind, 'wrong-pin');
    assert.equal(store.getState().unlockError?.retryInSeconds, 2);
    assert.equal(await store.getState().unlock(FAKE_PIN), true);
    assert.equal(store.getState().app?.phase, 'unlocked');
    assert.equal(store.getState().unlockError, null);
  });

  it('checks credentials, shows what the server said, then saves and unlocks', async () => {
    const bridge = new FakeBridge({ phase: 'no-profile' });
    const store = createAppStore(bridge.api, { scheduler: new ManualScheduler() });
    await store.getState().init();
    assert.equal(store.getState().app?.phase, 'no-profile');
    assert.equal(await store.getState().checkSetup({ ...FAKE_CREDENTIALS, serverSignature: 'ee'.repeat(32) }), false);
    assert.equal(store.getState().setupError?.kind, 'server-identity-mismatch');
    assert.equal(store.getState().setupError?.field, 'serverSignature');
    assert.equal(await store.getState().checkSetup(FAKE_CREDENTIALS), true);
    assert.equal(store.getState().setupCheck?.entryCount, 7);
    assert.equal(await store.getState().saveSetup(FAKE_CREDENTIALS, null), true);
    assert.equal(store.getState().app?.phase, 'unlocked');
    assert.equal(store.getState().setupCheck, null);
    const text = JSON.stringify(store.getState());
    assert.ok(!text.includes(FAKE_CREDENTIALS.apiKeyPrivateKey) && !text.includes(FAKE_CREDENTIALS.apiKeySecretKey), 'no key material in the store');
  });

  it('changes the PIN and reflects that the profile has none afterwards', async () => {
    const bridge = new FakeBridge();
    const store = createAppStore(bridge.api, { scheduler: new ManualScheduler() });
    await store.getState().init();
    assert.equal(await store.getState().changePin('not-the-pin', 'new-pin-1'), false);
    assert.equal(store.getState().pinChangeError?.kind, 'wrong-pin');
    assert.equal(await store.getState().changePin(FAKE_PIN, null), true);
    assert.equal(store.getState().app?.profile?.hasPin, false);
  });

  it('shows a startup error when main does not answer, and recovers on retry', async () => {
    const bridge = new FakeBridge();
    bridge.failNext.set('appGetState', { kind: 'internal', message: 'x' });
    const store = createAppStore(bridge.api, { scheduler: new ManualScheduler() });
    await store.getState().init();
    assert.equal(store.getState().startupError?.kind, 'internal');
    await store.getState().refreshState();
    assert.equal(store.getState().app?.phase, 'unlocked');
  });

  it('turns a throwing bridge into an internal error instead of an unhandled rejection', async () => {
    const bridge = new FakeBridge();
    const store = createAppStore({ ...bridge.api, vaultSearch: () => Promise.reject(new Error('boom')) }, { scheduler: new ManualScheduler() });
    await store.getState().init();
    store.getState().setQuery('x');
    await flush();
    assert.equal(store.getState().searchError?.kind, 'internal');
  });
});
