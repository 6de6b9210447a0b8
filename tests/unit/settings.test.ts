import { expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_SETTINGS, readSettings, writeSettings } from '@/src/settings/settings-store';

test('defaults: 15-minute auto-lock, 30 requests a minute per key, no fallback chains, a rotation reminder after 90 days', async () => {
  expect(await readSettings()).toEqual({ autoLock: 15, requestsPerMinutePerKey: 30, fallbackChains: [], rotateAfterDays: 90 });
});

test('a partial update keeps the other settings; undefined fields change nothing', async () => {
  await writeSettings({ autoLock: 5 });
  await writeSettings({ requestsPerMinutePerKey: 0, autoLock: undefined });
  const chain = { id: 'c1', name: 'Cheap first', targets: [{ keyId: 'k1', model: 'gpt-4o-mini' }, { keyId: null, model: 'gemini-nano' }] };
  await writeSettings({ fallbackChains: [chain] });
  expect(await readSettings()).toEqual({ autoLock: 5, requestsPerMinutePerKey: 0, fallbackChains: [chain], rotateAfterDays: 90 });
});

test('a damaged settings value falls back to the defaults instead of breaking', async () => {
  await fakeBrowser.storage.local.set({ settings: { autoLock: 'soon', requestsPerMinutePerKey: -4 } });
  expect(await readSettings()).toEqual(DEFAULT_SETTINGS);
  await fakeBrowser.storage.local.set({ settings: { autoLock: 60 } });
  expect(await readSettings()).toEqual({ ...DEFAULT_SETTINGS, autoLock: 60 });
});

test('updates of different fields at the same moment (two pages saving at once) all land', async () => {
  const chain = { id: 'c2', name: 'Side panel chain', targets: [{ keyId: 'k1', model: 'gpt-4o-mini' }] };
  await Promise.all([writeSettings({ autoLock: 30 }), writeSettings({ requestsPerMinutePerKey: 17 }), writeSettings({ fallbackChains: [chain] }), writeSettings({ rotateAfterDays: 0 })]);
  expect(await readSettings()).toEqual({ autoLock: 30, requestsPerMinutePerKey: 17, fallbackChains: [chain], rotateAfterDays: 0 });
});

test('the rotation reminder: 0 (never) to 3650 days; a value out of range reads as the defaults', async () => {
  await writeSettings({ rotateAfterDays: 30 });
  expect((await readSettings()).rotateAfterDays).toBe(30);
  await fakeBrowser.storage.local.set({ settings: { autoLock: 5, rotateAfterDays: -1 } });
  expect(await readSettings()).toEqual(DEFAULT_SETTINGS);
  await fakeBrowser.storage.local.set({ settings: { rotateAfterDays: 3651 } });
  expect(await readSettings()).toEqual(DEFAULT_SETTINGS);
});
