import type { Page } from '@playwright/test';
import { test as base, expect } from '@playwright/test';
import '../fixtures/english-i18n';
import { rm } from 'node:fs/promises';
import { launchExtension, type LaunchedExtension } from './fixtures/launch';
import { openExtensionPage, collectDiagnostics, reportDiagnostics } from './fixtures/test';
import { call, errorCode, sendMessage } from './fixtures/messaging';
import { chatOverPort } from './fixtures/chat-port';
import { keyCanary, passphraseCanary } from './fixtures/canary';
import { canWritePolicies, keyedExtensionCopy, ManagedPolicyFile, POLICY_TEST_EXTENSION_ID, readManaged, reloadPolicies } from './fixtures/managed-policy';
import { startMockProvider, type MockProvider } from '../mock-provider/server';
import { modelButton, pickModel, sendInUi } from './fixtures/ui-steps';
import { searchProfileForMany } from './fixtures/profile-search';

/**
 * The organisation policy in real Chromium, set the way an administrator does on Linux: a JSON
 * file in /etc/chromium/policies/managed naming the extension's fixed test id
 * (fixtures/managed-policy.ts says why that id, and why this is safe beside the other suites).
 * The mock provider stands in for both the user's provider and the organisation's gateway, one
 * server each, and records which key reached it.
 *
 * Serial: the policy file is read by the whole machine's Chromium, and the tests of this file
 * would otherwise share the one extension id across two browsers at once.
 */

interface PolicyFixtures {
  policy: ManagedPolicyFile;
  /** Launches the keyed build, after the test wrote the policy it starts with. */
  launch: () => Promise<{ ext: LaunchedExtension; page: Page }>;
}

let extensionDir: string | undefined;
let writable = false;

const test = base.extend<PolicyFixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring pattern.
  policy: async ({}, use) => {
    const file = new ManagedPolicyFile();
    try {
      await use(file);
    } finally {
      await file.remove();
    }
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring pattern.
  launch: async ({}, use, testInfo) => {
    const launched: LaunchedExtension[] = [];
    const diagnostics: (() => string[])[] = [];
    try {
      await use(async () => {
        const ext = await launchExtension({ extensionDir: extensionDir ?? '' });
        launched.push(ext);
        diagnostics.push(collectDiagnostics(ext.context));
        return { ext, page: await openExtensionPage(ext, 'options') };
      });
    } finally {
      await reportDiagnostics(testInfo, diagnostics.flatMap((lines) => lines()));
      for (const ext of launched) await ext.removeProfile();
    }
  },
});

test.describe.configure({ mode: 'serial' });

let own: MockProvider;
let gateway: MockProvider;

test.beforeAll(async () => {
  writable = await canWritePolicies();
  if (!writable) return;
  extensionDir = await keyedExtensionCopy();
  [own, gateway] = await Promise.all([startMockProvider(), startMockProvider()]);
});
test.afterAll(async () => {
  await Promise.all([own?.close(), gateway?.close()]);
  if (extensionDir) await rm(extensionDir, { recursive: true, force: true });
});
test.beforeEach(() => {
  test.skip(!writable, 'Chromium policies need a writable /etc/chromium/policies/managed (root).');
  own.reset();
  gateway.reset();
});

const chats = (server: MockProvider) => server.requests.filter((request) => request.path === '/v1/chat/completions');

async function vaultWithKey(page: Page, server: MockProvider, apiKey: string): Promise<string> {
  await call(page, 'vault.create', { passphrase: passphraseCanary().value });
  return (await call(page, 'keys.add', { provider: 'openai', label: 'My own key', secret: { apiKey }, settings: { baseUrl: `${server.url}/v1` } })).id;
}

test('the extension has the fixed test id, and reads the administrator’s policy from the file', async ({ policy, launch }) => {
  await policy.write({ maxAutoLockMinutes: 15, backupExport: false });
  const { ext, page } = await launch();
  expect(ext.extensionId).toBe(POLICY_TEST_EXTENSION_ID);
  expect(await readManaged(page)).toEqual({ maxAutoLockMinutes: 15, backupExport: false });
  expect(await call(page, 'policy.get', {})).toEqual({ status: 'active', policy: { maxAutoLockMinutes: 15, backupExport: false } });
});

test('the gateway answers after the user’s key is rejected: each key went to its own server, the answer is labelled', async ({ policy, launch }) => {
  const orgKey = keyCanary('O');
  const userKey = keyCanary('U');
  await policy.write({ gateway: { provider: 'openai', baseUrl: `${gateway.url}/v1`, apiKey: orgKey.value } });
  const { ext, page } = await launch();
  const keyId = await vaultWithKey(page, own, userKey.value);
  own.setScenario('unauthorized');
  const messages = await chatOverPort(page, keyId, 'Hello from the policy test');
  expect(messages.at(-1)?.type).toBe('done');
  // Which key went where: the user's to the user's server only, the organisation's to the gateway only.
  expect(chats(own).map((request) => request.headers.authorization)).toEqual([`Bearer ${userKey.value}`]);
  expect(chats(gateway).map((request) => request.headers.authorization)).toEqual([`Bearer ${orgKey.value}`]);
  const requestId = (messages.at(-1) as { answer?: { id?: string } }).answer?.id ?? '';
  expect(await call(page, 'chat.answer', { id: requestId })).toMatchObject({ answeredBy: { index: 1, keyId: 'org:gateway', gateway: true }, fellBackFrom: [{ kind: 'key-rejected' }] });
  // The organisation's key reaches no page: not the chat port, not policy.get, not the options page.
  expect(JSON.stringify(messages)).not.toContain(orgKey.core);
  expect(JSON.stringify(await call(page, 'policy.get', {}))).not.toContain(orgKey.core);
  await page.reload();
  await expect(page.getByRole('region', { name: /Your organisation's policy/ })).toContainText('answers when your own keys cannot');
  expect(await page.content()).not.toContain(orgKey.core);

  await test.step('the chat shows the gateway on the answer', async () => {
    const popup = await openExtensionPage(ext, 'popup');
    own.setScenario('quota');
    await pickModel(popup);
    const box = popup.getByRole('textbox', { name: 'Message' });
    await expect(box).toBeEditable();
    await box.fill('Once more');
    await expect(popup.getByRole('button', { name: 'Send' })).toBeEnabled();
    await box.press('Enter');
    await expect(popup.getByRole('group', { name: 'Answer details' }).last()).toContainText("Answered through your organisation's gateway");
  });
});

test('a user with no key at all answers through the gateway from the popup; it goes when the policy removes it', async ({ policy, launch }) => {
  const orgKey = keyCanary('N');
  await policy.write({ gateway: { provider: 'openai', baseUrl: `${gateway.url}/v1`, apiKey: orgKey.value } });
  const { ext, page } = await launch();
  // No vault, no session-only key: the gateway is the one key there is, and a page never sees its key.
  expect(await call(page, 'vault.status', {})).toMatchObject({ state: 'absent', orgGateway: true });
  const { keys } = await call(page, 'keys.list', {});
  expect(keys.map((key) => ({ id: key.id, organisation: key.organisation, masked: key.masked }))).toEqual([{ id: 'org:gateway', organisation: true, masked: '' }]);
  expect(JSON.stringify(keys)).not.toContain(orgKey.core);

  const popup = await openExtensionPage(ext, 'popup');
  await expect(popup.getByRole('button', { name: 'Add a key' })).toHaveCount(0);
  await pickModel(popup);
  await expect(modelButton(popup)).toHaveAttribute('data-value', 'key:org:gateway:gpt-4.1-nano');
  await sendInUi(popup, 'Hello with no key of mine');
  await expect(popup.getByRole('group', { name: 'Answer details' }).last()).toContainText("Answered through your organisation's gateway");
  expect(chats(gateway).map((request) => request.headers.authorization)).toEqual([`Bearer ${orgKey.value}`]);
  expect(chats(own)).toHaveLength(0);
  expect(await popup.content()).not.toContain(orgKey.core);

  await test.step('the options page offers no way to change or delete it as a key', async () => {
    await page.reload();
    await expect(page.getByRole('region', { name: /Your organisation's policy/ })).toContainText('choose it in the model picker');
    await expect(page.getByRole('button', { name: /^Delete/ })).toHaveCount(0);
  });

  await test.step('removed by the administrator while the popup is open: the popup says there is no key, nothing more is sent', async () => {
    await policy.write({ backupExport: true });
    await reloadPolicies(ext.context);
    await expect(popup.getByRole('button', { name: 'Add a key' })).toBeVisible();
    expect((await call(page, 'vault.status', {})).orgGateway).toBeUndefined();
    const refused = await chatOverPort(page, 'org:gateway', 'after the policy changed');
    expect(refused.at(-1)).toMatchObject({ type: 'error', error: { kind: 'NOT_FOUND' } });
    expect(chats(gateway)).toHaveLength(1);
  });

  await test.step('Keyward wrote the organisation’s key nowhere in the profile (the browser closed, so everything is flushed)', async () => {
    await ext.context.close();
    const { hits, filesSearched } = await searchProfileForMany(ext.profileDir, [orgKey.core]);
    expect(filesSearched).toBeGreaterThan(10);
    // Chromium's own copy of the managed policy for the extension (README, "For organisations"):
    // the browser's store, not Keyward's, and the only place it may be.
    const browserCopy = `Default/Managed Extension Settings/${POLICY_TEST_EXTENSION_ID}/`;
    expect((hits.get(orgKey.core) ?? []).filter((hit) => !hit.file.startsWith(browserCopy))).toEqual([]);
  });
});

test('allowed hosts, changed while the browser runs: a key elsewhere is blocked at once, kept, never sent', async ({ policy, launch }) => {
  await policy.write({ allowedHosts: ['127.0.0.1'] });
  const { ext, page } = await launch();
  const keyId = await vaultWithKey(page, own, keyCanary('H').value);
  expect((await chatOverPort(page, keyId, 'allowed')).at(-1)?.type).toBe('done');
  expect(chats(own)).toHaveLength(1);

  await policy.write({ allowedHosts: ['llm.example.com'] });
  await reloadPolicies(ext.context);
  await expect.poll(async () => (await readManaged(page)).allowedHosts).toEqual(['llm.example.com']);
  // In force at once, with no restart: the key is passed over (nothing sent), a new one refused, the old one kept.
  const refused = await chatOverPort(page, keyId, 'blocked now');
  expect(refused.at(-1)).toMatchObject({ type: 'error', error: { kind: 'PERMISSION_DENIED' } });
  expect(chats(own)).toHaveLength(1);
  const added = await sendMessage(page, 'keys.add', { provider: 'openai', label: 'Another', secret: { apiKey: keyCanary('I').value }, settings: { baseUrl: `${own.url}/v1` } });
  expect(errorCode(added)).toBe('POLICY_FORBIDS');
  expect((await call(page, 'keys.list', {})).keys.map((key) => key.id)).toEqual([keyId]);
  await page.reload();
  await expect(page.getByText('Blocked by policy')).toBeVisible();
});

test('the auto-lock cap: longer ones refused, the session locks by the cap', async ({ policy, launch }) => {
  await policy.write({ maxAutoLockMinutes: 1 });
  const { page } = await launch();
  await vaultWithKey(page, own, keyCanary('L').value);
  const passphrase = passphraseCanary().value;
  expect(errorCode(await sendMessage(page, 'settings.update', { autoLock: 15, passphrase }))).toBe('POLICY_FORBIDS');
  const status = await call(page, 'vault.status', {});
  expect(status.autoLock).toBe(1);
  expect(status.locksAt).toBeLessThanOrEqual(Date.now() + 61_000);
  await page.reload();
  await page.getByRole('tab', { name: 'Security' }).click();
  const select = page.getByRole('combobox', { name: 'Auto-lock' });
  await expect(select).toHaveValue('1');
  await expect(select.locator('option[value="15"]')).toBeDisabled();
  await expect(select.locator('option[value="browser-close"]')).toBeDisabled();
});

test('spending caps the user cannot raise: the organisation’s daily cap blocks, and cannot be passed', async ({ policy, launch }) => {
  await policy.write({ spendCapDailyUsd: 0.02 });
  const { page } = await launch();
  const keyId = await vaultWithKey(page, own, keyCanary('S').value);
  // $100 per million tokens: the mock's 316 tokens cost $0.0316 a chat, past the organisation's $0.02.
  await call(page, 'spendSettings.update', { priceOverrides: [{ provider: 'openai', model: 'gpt-4.1-nano', input: 100, output: 100 }] });
  expect((await call(page, 'spendSettings.get', {})).caps).toEqual([{ id: 'organisation-day', scope: 'global', period: 'day', limitUsd: 0.02 }]);
  expect((await chatOverPort(page, keyId, 'first')).at(-1)?.type).toBe('done');
  await expect.poll(async () => (await call(page, 'budget.status', {})).caps[0]?.level).toBe('block');
  expect(errorCode(await sendMessage(page, 'budget.override', { capId: 'organisation-day' }))).toBe('POLICY_FORBIDS');
  const blocked = await chatOverPort(page, keyId, 'second');
  expect(blocked.at(-1)).toMatchObject({ type: 'error', error: { kind: 'budget-exceeded' } });
  expect(chats(own)).toHaveLength(1);
});

test('a policy changed while running takes effect at once; one that does not match is rejected whole, on the page', async ({ policy, launch }) => {
  await policy.write({ maxAutoLockMinutes: 60, backupExport: false });
  const { ext, page } = await launch();
  await vaultWithKey(page, own, keyCanary('C').value);
  await call(page, 'settings.update', { autoLock: 5 });
  const panel = page.getByRole('region', { name: /Your organisation's policy/ });
  await expect(panel).toContainText('Longest auto-lock: 60 min');

  await policy.write({ maxAutoLockMinutes: 1, backupExport: false });
  await reloadPolicies(ext.context);
  // The open page follows by itself, and the worker applies it to the next message.
  await expect(panel).toContainText('Longest auto-lock: 1 min');
  expect((await call(page, 'vault.status', {})).autoLock).toBe(1);

  await policy.write({ maxAutoLockMinutes: 7, backupExport: false });
  await reloadPolicies(ext.context);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText("Your organisation's policy was not applied");
  await expect(alert).toContainText('maxAutoLockMinutes: not one of the allowed values');
  // Rejected whole: the valid backupExport beside it is not applied either, and the user's own auto-lock is back.
  expect(await call(page, 'policy.get', {})).toMatchObject({ status: 'rejected' });
  expect((await call(page, 'vault.status', {})).autoLock).toBe(5);
  const exported = await sendMessage(page, 'vault.export', { passphrase: 'wrong passphrase here' });
  expect(errorCode(exported)).toBe('WRONG_PASSPHRASE');
});
