import '../fixtures/english-i18n';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { keyCanary, passphraseCanary } from '../e2e/fixtures/canary';
import { launchFirefox, type LaunchedFirefox } from './fixtures/launch';
import { call, sendMessage } from './fixtures/messaging';
import { killExtensionProcess } from './fixtures/background';

/**
 * The suite's long test (~65 s): the shortest auto-lock choice is one minute, and the point is that
 * the browser's real alarm locks the vault, also after the background page's process died in
 * between, so no clock can be faked.
 */

const AUTO_LOCK_ALARM = 'keyward.auto-lock';
const SESSION_RECORD_KEY = 'unlocked-session';

let ff: LaunchedFirefox;

beforeAll(async () => {
  ff = await launchFirefox();
});

afterAll(async () => {
  await ff?.removeProfile();
});

function sessionStored(page: Page): Promise<boolean> {
  return page.evaluate(async (key: string) => {
    const storage = (globalThis as unknown as { browser: { storage: { session: { get(key: string): Promise<Record<string, unknown>> } } } }).browser.storage;
    return (await storage.session.get(key))[key] !== undefined;
  }, SESSION_RECORD_KEY);
}

function alarmTime(page: Page): Promise<number | null> {
  return page.evaluate(async (name: string) => {
    const alarms = (globalThis as unknown as { browser: { alarms: { get(name: string): Promise<{ scheduledTime: number } | undefined> } } }).browser.alarms;
    return (await alarms.get(name))?.scheduledTime ?? null;
  }, AUTO_LOCK_ALARM);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

test('Firefox: auto-lock after 1 minute of inactivity, also when the background process died meanwhile', async () => {
  let page = await ff.openPage('options');
  await call(page, 'vault.create', { passphrase: passphraseCanary().value });
  expect(await call(page, 'settings.update', { autoLock: 1 })).toMatchObject({ autoLock: 1 });
  const before = Date.now();
  await call(page, 'keys.add', { provider: 'openai', label: 'Short-lived', secret: { apiKey: keyCanary('AL').value }, settings: {} });
  const after = Date.now();
  const status = await call(page, 'vault.status', {});
  expect(status.state).toBe('unlocked');
  const locksAt = status.locksAt ?? 0;
  expect(locksAt).toBeGreaterThanOrEqual(before + 60_000);
  expect(locksAt).toBeLessThanOrEqual(after + 60_000);
  expect(await alarmTime(page)).toBe(locksAt);

  // The background page's process dies; the alarm and the session live in Firefox's main process.
  await killExtensionProcess(ff.browser);
  page = await ff.openPage('options');
  expect(await call(page, 'vault.status', {})).toMatchObject({ state: 'unlocked', locksAt });
  expect(await alarmTime(page)).toBe(locksAt);

  // Still unlocked shortly before the deadline (no message in between: reading storage is not activity).
  await sleep(locksAt - 3_000 - Date.now());
  expect(await sessionStored(page), 'the vault locked before its deadline').toBe(true);

  await sleep(locksAt - Date.now() + 1_500);
  const deadline = Date.now() + 15_000;
  while (await sessionStored(page)) {
    if (Date.now() > deadline) throw new Error('the auto-lock alarm should have removed the unlocked session from storage.session');
    await sleep(250);
  }
  expect(await alarmTime(page)).toBeNull();
  expect(await sendMessage(page, 'keys.list', {})).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });
  const locked = await call(page, 'vault.status', {});
  expect(locked.state).toBe('locked');
  expect(locked.locksAt).toBeUndefined();
}, 180_000);
