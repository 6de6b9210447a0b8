import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ServerMessage, StartMessage } from '@/src/chat/port-protocol';
import { readSettings, readSpendSettings, writeSettings, writeSpendSettings } from '@/src/settings/settings-store';
import { POLICY_CAP_IDS } from '@/src/policy/policy';
import { GATEWAY_KEY_ID } from '@/src/policy/gateway-key';
import { startMockProvider, type MockProvider } from '../../mock-provider/server';
import { CANARY_KEY, PASSPHRASE } from '../helpers/harness';
import { unlockedHarness, spendHarness, type SpendHarness } from '../usage/helpers';

/**
 * The organisation policy as the worker enforces it: set in a fake managed storage (WXT's fake
 * browser), then the real services and handlers. The gateway is a second mock provider; each mock
 * records which key reached it.
 */

const ORG_KEY = 'sk-org-CANARYgatewayKEY-0123456789abcdef';
const page = { sender: 'extension-page' } as const;

let own: MockProvider;
let gateway: MockProvider;
beforeAll(async () => {
  [own, gateway] = await Promise.all([startMockProvider(), startMockProvider()]);
});
afterAll(async () => {
  await Promise.all([own.close(), gateway.close()]);
});
beforeEach(() => {
  own.reset();
  gateway.reset();
});

/** As an administrator's policy file does: the whole policy replaced (the fake's set() alone would merge). */
async function setPolicy(policy: Record<string, unknown>): Promise<void> {
  await fakeBrowser.storage.managed.clear();
  await fakeBrowser.storage.managed.set(policy);
}
const gatewayPolicy = () => ({ gateway: { provider: 'openai', baseUrl: `${gateway.url}/v1`, apiKey: ORG_KEY } });

function collector() {
  const messages: ServerMessage[] = [];
  return { messages, post: (message: ServerMessage) => void messages.push(message) };
}

let counter = 0;
function start(keyIds: string[], model = 'gpt-4.1-nano'): StartMessage {
  return { type: 'start', requestId: `policy-${String(++counter).padStart(6, '0')}`, targets: keyIds.map((keyId) => ({ keyId, model })), messages: [{ role: 'user', content: 'Hello' }] };
}

const bearer = (server: MockProvider) => server.requests.map((request) => request.headers.authorization);

describe('the organisation gateway: the fallback after the user’s own keys', () => {
  let h: SpendHarness;
  let keyId: string;
  beforeEach(async () => {
    await setPolicy(gatewayPolicy());
    h = await unlockedHarness();
    keyId = await h.keyFor(own.url, 'Own key');
  });

  test.each([
    ['key rejected', 'unauthorized', 'key-rejected'],
    ['quota exhausted', 'quota', 'quota-exhausted'],
    ['rate limited past retries', 'rate-limited', 'rate-limited'],
  ] as const)('%s: the gateway answers with the organisation’s key, labelled so', async (_name, scenario, kind) => {
    own.setScenario(scenario);
    const message = start([keyId]);
    const pagePort = collector();
    await h.chat.start(message, pagePort);
    const saved = await h.chatDb.messages.get(message.requestId);
    expect(saved).toMatchObject({ status: 'complete', answeredBy: { index: 1, provider: 'openai', model: 'gpt-4.1-nano', keyId: GATEWAY_KEY_ID, gateway: true }, fellBackFrom: [{ kind }] });
    // Which key went where: the user's to their server, the organisation's to the gateway only.
    expect(bearer(own).every((value) => value === `Bearer ${CANARY_KEY}`)).toBe(true);
    expect(bearer(gateway)).toEqual([`Bearer ${ORG_KEY}`]);
    // The organisation's key never reaches a page.
    expect(JSON.stringify(pagePort.messages)).not.toContain(ORG_KEY);
    expect(JSON.stringify(saved)).not.toContain(ORG_KEY);
  });

  test('the user’s own key answers first when it can: the gateway is not called', async () => {
    const message = start([keyId]);
    await h.chat.start(message, collector());
    expect((await h.chatDb.messages.get(message.requestId))?.answeredBy).toEqual({ index: 0, provider: 'openai', model: 'gpt-4.1-nano', keyId });
    expect(gateway.requests).toHaveLength(0);
  });

  test('a failure that is not about the key (context too long) is not sent on to the gateway', async () => {
    own.setScenario('context-too-long');
    const message = start([keyId]);
    await h.chat.start(message, collector());
    expect((await h.chatDb.messages.get(message.requestId))?.status).toBe('failed');
    expect(gateway.requests).toHaveLength(0);
  });

  test('no key for it any more (deleted): the gateway answers', async () => {
    await h.keys.delete(keyId);
    const message = start([keyId]);
    await h.chat.start(message, collector());
    expect((await h.chatDb.messages.get(message.requestId))?.answeredBy).toMatchObject({ gateway: true });
    expect(own.requests).toHaveLength(0);
  });

  test('a policy gateway model replaces the model the user chose', async () => {
    await setPolicy({ gateway: { ...gatewayPolicy().gateway, model: 'org-default' } });
    own.setScenario('unauthorized');
    const message = start([keyId]);
    await h.chat.start(message, collector());
    expect(gateway.requests.at(-1)?.json).toMatchObject({ model: 'org-default' });
  });

  test('without a gateway in the policy, a rejected key fails as before', async () => {
    await setPolicy({ backupExport: true });
    own.setScenario('unauthorized');
    const message = start([keyId]);
    await h.chat.start(message, collector());
    expect((await h.chatDb.messages.get(message.requestId))?.status).toBe('failed');
    expect(gateway.requests).toHaveLength(0);
  });

  test('a rejected policy has no gateway either: never half-applied', async () => {
    await setPolicy({ ...gatewayPolicy(), maxAutoLockMinutes: 7 });
    own.setScenario('unauthorized');
    await h.chat.start(start([keyId]), collector());
    expect(gateway.requests).toHaveLength(0);
  });
});

describe('the organisation gateway for a user with no key of their own', () => {
  test('no vault, no session-only key: the gateway is the one key listed, and it answers, labelled, with usage named', async () => {
    const h = spendHarness();
    await setPolicy(gatewayPolicy());
    const status = await h.handlers['vault.status']({}, page);
    expect(status).toMatchObject({ state: 'absent', orgGateway: true });
    const { keys } = await h.handlers['keys.list']({}, page);
    expect(keys).toEqual([expect.objectContaining({ id: GATEWAY_KEY_ID, provider: 'openai', organisation: true, masked: '', label: new URL(gateway.url).host })]);
    // The list a page gets never holds the organisation's key.
    expect(JSON.stringify(keys)).not.toContain(ORG_KEY);

    const message = start([GATEWAY_KEY_ID]);
    const pagePort = collector();
    await h.chat.start(message, pagePort);
    const saved = await h.chatDb.messages.get(message.requestId);
    expect(saved).toMatchObject({ status: 'complete', answeredBy: { index: 0, keyId: GATEWAY_KEY_ID, gateway: true } });
    expect(bearer(gateway)).toEqual([`Bearer ${ORG_KEY}`]);
    expect(JSON.stringify(pagePort.messages)).not.toContain(ORG_KEY);
    await h.spend.recorder.idle();
    const rows = await h.spend.db.calls.toArray();
    expect(rows.map((row) => row.keyLabel)).toEqual(['Organisation gateway']);
    // Chosen directly, it is not added a second time as the chain's fallback.
    gateway.reset();
    gateway.setScenario('unauthorized');
    await h.chat.start(start([GATEWAY_KEY_ID]), collector());
    expect(gateway.requests).toHaveLength(1);
  });

  test('its models: listed by the gateway with the organisation’s key, or the one model the policy fixes', async () => {
    const h = spendHarness();
    await setPolicy(gatewayPolicy());
    const { models } = await h.handlers['models.list']({ keyId: GATEWAY_KEY_ID }, page);
    expect(models.length).toBeGreaterThan(0);
    expect(bearer(gateway)).toEqual([`Bearer ${ORG_KEY}`]);
    gateway.reset();
    await setPolicy({ gateway: { ...gatewayPolicy().gateway, model: 'org-default' } });
    expect((await h.handlers['models.list']({ keyId: GATEWAY_KEY_ID }, page)).models).toEqual([{ id: 'org-default' }]);
    const message = start([GATEWAY_KEY_ID], 'gpt-4.1-nano');
    await h.chat.start(message, collector());
    expect(gateway.requests.at(-1)?.json).toMatchObject({ model: 'org-default' });
  });

  test('beside the user’s own keys it is listed last; a locked vault does not list it (the passphrase comes first)', async () => {
    const h = await unlockedHarness();
    const keyId = await h.keyFor(own.url, 'Own key');
    await setPolicy(gatewayPolicy());
    expect((await h.handlers['keys.list']({}, page)).keys.map((key) => key.id)).toEqual([keyId, GATEWAY_KEY_ID]);
    await h.vault.lock();
    expect(await h.handlers['vault.status']({}, page)).toMatchObject({ state: 'locked', orgGateway: true });
  });

  test('embeddings through the gateway: offered among the embedding models, and sent with the organisation’s key', async () => {
    const h = spendHarness();
    await setPolicy(gatewayPolicy());
    const { models } = await h.handlers['knowledge.models']({}, page);
    expect(models.some((option) => option.target.keyId === GATEWAY_KEY_ID)).toBe(true);
    const reply = await h.handlers['knowledge.embed']({ target: { keyId: GATEWAY_KEY_ID, model: 'text-embedding-3-small' }, texts: ['a note'], purpose: 'collection' }, page);
    expect(reply.vectors).toHaveLength(1);
    expect(bearer(gateway)).toEqual([`Bearer ${ORG_KEY}`]);
  });

  test('a gateway on a host the browser has not granted: nothing is sent, and the words say where to allow it (not "edit the key")', async () => {
    const h = spendHarness();
    await setPolicy(gatewayPolicy());
    const contains = fakeBrowser.permissions.contains;
    fakeBrowser.permissions.contains = () => Promise.resolve(false);
    try {
      const pagePort = collector();
      await h.chat.start(start([GATEWAY_KEY_ID]), pagePort);
      expect(pagePort.messages.at(-1)).toMatchObject({
        type: 'error',
        error: { kind: 'origin-not-allowed', phrase: { key: 'policy_gatewayNotGranted', params: [new URL(gateway.url).origin] } },
      });
      // The same words wherever the gateway is called: its model list too.
      await expect(h.handlers['models.list']({ keyId: GATEWAY_KEY_ID }, page)).rejects.toMatchObject({ phrase: { key: 'policy_gatewayNotGranted' } });
      expect(gateway.requests).toHaveLength(0);
    } finally {
      fakeBrowser.permissions.contains = contains;
    }
  });

  test('the policy removes the gateway: no key left to list, and a question to it says why, sending nothing', async () => {
    const h = spendHarness();
    await setPolicy(gatewayPolicy());
    expect((await h.handlers['keys.list']({}, page)).keys).toHaveLength(1);
    await setPolicy({ backupExport: true });
    expect(await h.handlers['vault.status']({}, page)).not.toHaveProperty('orgGateway');
    await expect(h.handlers['keys.list']({}, page)).rejects.toMatchObject({ code: 'VAULT_ABSENT' });
    const pagePort = collector();
    await h.chat.start(start([GATEWAY_KEY_ID]), pagePort);
    expect(pagePort.messages.at(-1)).toMatchObject({ type: 'error', error: { kind: 'NOT_FOUND' } });
    expect(JSON.stringify(pagePort.messages.at(-1))).toContain('policy_gatewayGone');
    await expect(h.handlers['models.list']({ keyId: GATEWAY_KEY_ID }, page)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(gateway.requests).toHaveLength(0);
  });

  test('it cannot be renamed, rotated, deleted or exported as a key: nothing is stored under its id', async () => {
    const h = await unlockedHarness();
    await setPolicy(gatewayPolicy());
    await expect(h.handlers['keys.delete']({ id: GATEWAY_KEY_ID }, page)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(h.handlers['keys.update']({ id: GATEWAY_KEY_ID, label: 'Mine now' }, page)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(h.handlers['keys.rotate']({ id: GATEWAY_KEY_ID, secret: { apiKey: CANARY_KEY } }, page)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await h.db.secrets.count()).toBe(0);
    const { content } = await h.handlers['vault.export']({ passphrase: PASSPHRASE }, page);
    expect(content).not.toContain(ORG_KEY);
  });
});

describe('allowed providers and hosts', () => {
  test('a key for another provider or server cannot be added, changed to, tested or used; an existing one is kept', async () => {
    const h = await unlockedHarness();
    const keyId = await h.keyFor(own.url, 'Before the policy');
    await setPolicy({ allowedProviders: ['anthropic'] });
    await expect(h.handlers['keys.add']({ provider: 'openai', label: 'New', secret: { apiKey: CANARY_KEY }, settings: {} }, page)).rejects.toMatchObject({ code: 'POLICY_FORBIDS' });
    await expect(h.handlers['keys.test']({ id: keyId }, page)).rejects.toMatchObject({ code: 'POLICY_FORBIDS' });
    await expect(h.handlers['models.list']({ keyId }, page)).rejects.toMatchObject({ code: 'POLICY_FORBIDS' });
    // Embeddings (issue 19) use keys the same way: a blocked key embeds nothing.
    await expect(h.handlers['knowledge.embed']({ target: { keyId, model: 'text-embedding-3-small' }, texts: ['a note'], purpose: 'collection' }, page)).rejects.toMatchObject({ code: 'POLICY_FORBIDS' });
    await expect(h.handlers['keys.test']({ draft: { provider: 'openai', secret: { apiKey: CANARY_KEY }, settings: {} } }, page)).rejects.toMatchObject({ code: 'POLICY_FORBIDS' });
    const pagePort = collector();
    const message = start([keyId]);
    await h.chat.start(message, pagePort);
    expect(pagePort.messages.at(-1)).toMatchObject({ type: 'error', error: { kind: 'PERMISSION_DENIED' } });
    expect(own.requests).toHaveLength(0);
    // Blocked, never deleted.
    expect((await h.handlers['keys.list']({}, page)).keys.map((key) => key.id)).toEqual([keyId]);
  });

  test('hosts: exact names and *.domain; a key whose server is elsewhere is refused', async () => {
    const h = await unlockedHarness();
    await setPolicy({ allowedHosts: ['api.anthropic.com', '*.example.com'] });
    const add = (provider: 'openai' | 'anthropic' | 'custom', baseUrl?: string) =>
      h.handlers['keys.add']({ provider, label: 'K', secret: { apiKey: 'sk-ant-0123456789abcdefghij' }, settings: baseUrl ? { baseUrl } : {} }, page);
    await expect(add('openai')).rejects.toMatchObject({ code: 'POLICY_FORBIDS' });
    await expect(add('custom', 'https://example.com.evil.net/v1')).rejects.toMatchObject({ code: 'POLICY_FORBIDS' });
    await expect(add('anthropic')).resolves.toMatchObject({ provider: 'anthropic' });
    await expect(add('custom', 'https://llm.eu.example.com/v1')).resolves.toMatchObject({ provider: 'custom' });
    await expect(add('custom', 'https://example.com/v1')).resolves.toMatchObject({ provider: 'custom' });
  });

  test('moving an allowed key to a server not allowed is refused', async () => {
    const h = await unlockedHarness();
    await setPolicy({ allowedHosts: ['127.0.0.1'] });
    const keyId = await h.keyFor(own.url);
    await expect(h.handlers['keys.update']({ id: keyId, settings: { baseUrl: 'https://elsewhere.example.org/v1' }, passphrase: PASSPHRASE }, page)).rejects.toMatchObject({ code: 'POLICY_FORBIDS' });
  });

  test('with a gateway, a blocked key is passed over (never sent) and the gateway answers', async () => {
    const h = await unlockedHarness();
    const keyId = await h.keyFor(own.url);
    await setPolicy({ ...gatewayPolicy(), allowedHosts: ['localhost'] });
    const message = start([keyId]);
    await h.chat.start(message, collector());
    expect(own.requests).toHaveLength(0);
    expect(bearer(gateway)).toEqual([`Bearer ${ORG_KEY}`]);
    expect((await h.chatDb.messages.get(message.requestId))?.answeredBy).toMatchObject({ gateway: true });
  });
});

describe('auto-lock, passphrase, export, audit and spending', () => {
  test('the longest auto-lock: longer ones refused, a stored longer one is capped, and the session locks by the cap', async () => {
    const h = await unlockedHarness();
    await writeSettings({ autoLock: 240 });
    await setPolicy({ maxAutoLockMinutes: 5 });
    await expect(h.handlers['settings.update']({ autoLock: 15, passphrase: PASSPHRASE }, page)).rejects.toMatchObject({ code: 'POLICY_FORBIDS' });
    await expect(h.handlers['settings.update']({ autoLock: 'browser-close', passphrase: PASSPHRASE }, page)).rejects.toMatchObject({ code: 'POLICY_FORBIDS' });
    expect((await h.handlers['settings.get']({}, page)).autoLock).toBe(5);
    expect((await h.handlers['vault.status']({}, page)).autoLock).toBe(5);
    await expect(h.handlers['settings.update']({ autoLock: 1 }, page)).resolves.toMatchObject({ autoLock: 1 });
    await writeSettings({ autoLock: 240 });
    await h.session.touch();
    h.clock.now += 5 * 60_000 + 1;
    expect(await h.session.current()).toBeUndefined();
    expect(await h.vault.state()).toBe('locked');
  });

  test('the weakest passphrase allowed: 4 refuses one Keyward otherwise accepts, for a new vault and a change', async () => {
    // Accepted at Keyward's own floor (about 56 bits by the worker's estimate), short of the 60 that 4 asks.
    const fine = 'orchidlagoon';
    const h = spendHarness();
    await setPolicy({ minPassphraseStrength: 4 });
    await expect(h.handlers['vault.create']({ passphrase: fine }, page)).rejects.toMatchObject({ code: 'WEAK_PASSPHRASE' });
    await expect(h.handlers['vault.create']({ passphrase: PASSPHRASE }, page)).resolves.toMatchObject({ state: 'unlocked' });
    await expect(h.handlers['vault.changePassphrase']({ current: PASSPHRASE, next: fine }, page)).rejects.toMatchObject({ code: 'WEAK_PASSPHRASE' });
    await setPolicy({ minPassphraseStrength: 3 });
    await expect(h.handlers['vault.changePassphrase']({ current: PASSPHRASE, next: fine }, page)).resolves.toMatchObject({ state: 'unlocked' });
  });

  test('backups export off: refused before the passphrase is even checked', async () => {
    const h = await unlockedHarness();
    await setPolicy({ backupExport: false });
    await expect(h.handlers['vault.export']({ passphrase: PASSPHRASE }, page)).rejects.toMatchObject({ code: 'POLICY_FORBIDS' });
    await setPolicy({ backupExport: true });
    await expect(h.handlers['vault.export']({ passphrase: PASSPHRASE }, page)).resolves.toMatchObject({ content: expect.any(String) });
  });

  test('the audit floor: retention shown and kept at least that long, not shortened, not deleted', async () => {
    const h = await unlockedHarness();
    await writeSpendSettings({ retention: { ...(await readSpendSettings()).retention, auditDays: 30 } });
    await setPolicy({ auditRetentionMinDays: 400 });
    expect((await h.handlers['spendSettings.get']({}, page)).retention.auditDays).toBe(400);
    expect((await h.spend.settings()).retention.auditDays).toBe(400);
    const retention = { ...(await readSpendSettings()).retention, auditDays: 100 };
    await expect(h.handlers['spendSettings.update']({ retention }, page)).rejects.toMatchObject({ code: 'POLICY_FORBIDS' });
    await expect(h.handlers['usage.deleteAll']({ confirm: 'DELETE USAGE DATA', includeAudit: true }, page)).rejects.toMatchObject({ code: 'POLICY_FORBIDS' });
    await expect(h.handlers['usage.deleteAll']({ confirm: 'DELETE USAGE DATA', includeAudit: false }, page)).resolves.toEqual({ deleted: true });
    // Nor trimmed by the count bound: past its maximum, entries within the floor all stay.
    await writeSpendSettings({ retention: { ...(await readSpendSettings()).retention, auditDays: 400, auditMax: 10, auditKeep: 10 } });
    const before = await h.spend.db.audit.count();
    for (let i = 0; i < 15; i++) await h.spend.audit.write({ action: 'key.tested', outcome: 'ok' });
    expect(await h.spend.db.audit.count()).toBe(before + 15);
  });

  test('spending caps the user cannot raise: in force beside the user’s, not overridable, and they block a request', async () => {
    const h = await unlockedHarness();
    const keyId = await h.keyFor(own.url);
    await writeSpendSettings({ caps: [{ id: 'mine', scope: 'global', period: 'day', limitUsd: 1000 }], priceOverrides: [{ provider: 'openai', model: 'gpt-4.1-nano', input: 100, output: 100 }] });
    await setPolicy({ spendCapDailyUsd: 0.01, spendCapMonthlyUsd: 50 });
    const caps = (await h.handlers['spendSettings.get']({}, page)).caps;
    expect(caps.map((cap) => cap.id)).toEqual(['mine', POLICY_CAP_IDS.day, POLICY_CAP_IDS.month]);
    // A page writing a cap under the policy's id cannot replace it.
    await h.handlers['spendSettings.update']({ caps: [{ id: POLICY_CAP_IDS.day, scope: 'global', period: 'day', limitUsd: 1000 }] }, page);
    expect((await h.spend.settings()).caps).toContainEqual({ id: POLICY_CAP_IDS.day, scope: 'global', period: 'day', limitUsd: 0.01 });
    expect((await h.spend.settings()).caps.filter((cap) => cap.id === POLICY_CAP_IDS.day)).toHaveLength(1);
    await expect(h.handlers['budget.override']({ capId: POLICY_CAP_IDS.day }, page)).rejects.toMatchObject({ code: 'POLICY_FORBIDS' });
    // The first answer spends about $0.03 (316 tokens at $100 per million): past the organisation's $0.01 a day.
    await h.chat.start(start([keyId]), collector());
    await h.spend.recorder.idle();
    const pagePort = collector();
    await h.chat.start(start([keyId]), pagePort);
    expect(pagePort.messages.at(-1)).toMatchObject({ type: 'error', error: { kind: 'budget-exceeded' } });
    expect(own.requests).toHaveLength(1);
  });

  test('the stored settings are the user’s own: the policy changes what is in force, not what was saved', async () => {
    await unlockedHarness();
    await writeSettings({ autoLock: 60 });
    await setPolicy({ maxAutoLockMinutes: 5 });
    expect((await readSettings()).autoLock).toBe(60);
  });
});
