import { afterEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { HOUSEKEEPING_DELAY_MS, startBackground } from '@/src/background/start';
import { VAULT_SCHEMA } from '@/src/vault/db';
import { HISTORY_SCHEMA } from '@/src/history/history-schema';

/**
 * A cold wake answers the message that woke the worker before anything else touches storage: the
 * start opens no database and not the private file system; the first message opens only what it
 * needs (the vault, for `vault.status`); the housekeeping of a previous worker (answers left streaming,
 * in the history database, epoch key files in OPFS) follows the first reply, or a second
 * after a wake that brought no message.
 */
const status = { channel: 'keyward', type: 'vault.status', payload: {} };

/** Events WXT's fake browser does not implement: their listeners are only registered here, never fired. */
function stubUnimplementedEvents() {
  const events = [fakeBrowser.runtime.onConnect, fakeBrowser.contextMenus.onClicked, fakeBrowser.commands.onCommand, fakeBrowser.permissions.onAdded, fakeBrowser.permissions.onRemoved];
  for (const event of events) vi.spyOn(event, 'addListener').mockImplementation(() => undefined);
  fakeBrowser.runtime.getManifest = () => ({ manifest_version: 3, name: 'Keyward', version: '0.0.0' });
  Object.assign(fakeBrowser.storage.local, { setAccessLevel: () => Promise.resolve() });
}

function watchStorage() {
  stubUnimplementedEvents();
  const opened = vi.spyOn(indexedDB, 'open');
  const directory = vi.spyOn(navigator.storage, 'getDirectory');
  return { databases: () => opened.mock.calls.map(([name]) => name), directory };
}

/** Lets every pending promise and IndexedDB callback run (fake-indexeddb answers on macrotasks). */
const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('worker wake', () => {
  test('the start opens no database; vault.status opens only the vault; the reply starts the housekeeping', async () => {
    // Only the timers are fake: the one-second fallback cannot fire on a slow machine and stand in
    // for the reply's housekeeping (IndexedDB's own callbacks run on setImmediate, still real).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const storage = watchStorage();
    startBackground();
    await settle();
    expect(storage.databases()).toEqual([]);
    expect(storage.directory).not.toHaveBeenCalled();

    const page = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/options.html') };
    let replied: ((reply: unknown) => void) | undefined;
    const reply = new Promise<unknown>((resolve) => (replied = resolve));
    let openAtReply: unknown[] = [];
    await fakeBrowser.runtime.onMessage.trigger(status, page, (answer: unknown) => {
      openAtReply = storage.databases();
      replied?.(answer);
    });
    expect(await reply).toMatchObject({ ok: true, data: { state: 'absent' } });
    expect(openAtReply).toEqual([VAULT_SCHEMA.name]);
    expect(storage.directory).not.toHaveBeenCalled();

    await vi.advanceTimersByTimeAsync(0);
    await settle();
    expect(storage.databases()).toEqual(expect.arrayContaining([VAULT_SCHEMA.name, HISTORY_SCHEMA.name]));
    expect(storage.directory).toHaveBeenCalled();
  });

  test('a wake without a message does its housekeeping after a moment', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const storage = watchStorage();
    startBackground();
    await vi.advanceTimersByTimeAsync(HOUSEKEEPING_DELAY_MS - 1);
    expect(storage.databases()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await vi.advanceTimersByTimeAsync(0);
    await settle();
    expect(storage.databases()).toEqual(expect.arrayContaining([VAULT_SCHEMA.name, HISTORY_SCHEMA.name]));
    expect(storage.directory).toHaveBeenCalled();
  });
});
