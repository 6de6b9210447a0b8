import { describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { PolicyService } from '@/src/policy/policy-service';
import { checkPolicy } from '@/src/policy/check';
import type { PolicyState } from '@/src/policy/schema';

/**
 * Every rule of the organisation policy's schema, through a fake managed storage (WXT's fake
 * browser's storage.managed, read by the real wrapper in src/platform): a valid value is in force,
 * and every kind of wrong value rejects the WHOLE policy, naming the field, never its value.
 */

const ORG_KEY = 'sk-org-CANARYgatewayKEY-0123456789abcdef';
const GATEWAY = { provider: 'custom', baseUrl: 'https://llm.example.com/v1', apiKey: ORG_KEY };

async function stateOf(policy: Record<string, unknown>): Promise<PolicyState> {
  await fakeBrowser.storage.managed.set(policy);
  return new PolicyService().current();
}

const rejected = (field: string, kind: string) => ({ status: 'rejected', problems: expect.arrayContaining([{ field, kind }]) });

describe('the organisation policy, read from managed storage', () => {
  test('no policy at all is "none", and sets nothing', async () => {
    expect(await new PolicyService().current()).toEqual({ status: 'none' });
  });

  test('a full valid policy is in force, with the gateway shown without its key', async () => {
    const state = await stateOf({
      gateway: { ...GATEWAY, model: 'gpt-4o-mini' },
      allowedProviders: ['openai', 'custom'],
      allowedHosts: ['api.openai.com', '*.example.com'],
      maxAutoLockMinutes: 15,
      minPassphraseStrength: 4,
      sessionKeys: false,
      keyAgeReminderDays: 90,
      backupExport: false,
      auditRetentionMinDays: 400,
      spendCapDailyUsd: 5,
      spendCapMonthlyUsd: 100,
    });
    expect(state).toEqual({
      status: 'active',
      policy: {
        gateway: { provider: 'custom', baseUrl: 'https://llm.example.com/v1', model: 'gpt-4o-mini' },
        allowedProviders: ['openai', 'custom'],
        allowedHosts: ['api.openai.com', '*.example.com'],
        maxAutoLockMinutes: 15,
        minPassphraseStrength: 4,
        sessionKeys: false,
        maxKeyAgeDays: 90,
        backupExport: false,
        auditRetentionMinDays: 400,
        spendCapDailyUsd: 5,
        spendCapMonthlyUsd: 100,
      },
    });
    expect(JSON.stringify(state)).not.toContain(ORG_KEY);
  });

  test('the session-key and key-age fields the session-key code reads: sessionKeys boolean, maxKeyAgeDays number', async () => {
    expect(await stateOf({ sessionKeys: true, keyAgeReminderDays: 30 })).toEqual({ status: 'active', policy: { sessionKeys: true, maxKeyAgeDays: 30 } });
  });

  // Each row: a policy with one wrong field beside valid ones, the field named, and the kind of fault.
  test.each([
    ['an unknown setting', { sessionKeys: true, allowedProvider: ['openai'] }, 'allowedProvider', 'unknown-setting'],
    ['an unknown gateway field', { gateway: { ...GATEWAY, apiKeys: 'x' } }, 'gateway.apiKeys', 'unknown-setting'],
    ['a gateway provider we do not have', { gateway: { ...GATEWAY, provider: 'acme' } }, 'gateway.provider', 'not-allowed-value'],
    ['a gateway provider that is not a gateway (a local server)', { gateway: { ...GATEWAY, provider: 'ollama' } }, 'gateway.provider', 'not-allowed-value'],
    ['a gateway over plain http to another computer', { gateway: { ...GATEWAY, baseUrl: 'http://llm.example.com/v1' } }, 'gateway.baseUrl', 'bad-format'],
    ['a gateway URL that is not a URL', { gateway: { ...GATEWAY, baseUrl: 'llm.example.com' } }, 'gateway.baseUrl', 'bad-format'],
    ['a gateway URL with credentials in it', { gateway: { ...GATEWAY, baseUrl: 'https://user:pw@llm.example.com/v1' } }, 'gateway.baseUrl', 'bad-format'],
    ['a gateway without a key', { gateway: { provider: 'custom', baseUrl: 'https://llm.example.com' } }, 'gateway.apiKey', 'wrong-type'],
    ['a gateway with an empty key', { gateway: { ...GATEWAY, apiKey: '' } }, 'gateway.apiKey', 'out-of-range'],
    ['a gateway with an empty model', { gateway: { ...GATEWAY, model: '' } }, 'gateway.model', 'out-of-range'],
    ['a gateway that is not an object', { gateway: 'https://llm.example.com' }, 'gateway', 'wrong-type'],
    ['an unknown provider in the allowed list', { allowedProviders: ['openai', 'acme'] }, 'allowedProviders[1]', 'not-allowed-value'],
    ['an empty allowed-providers list', { allowedProviders: [] }, 'allowedProviders', 'out-of-range'],
    ['allowed providers as a string', { allowedProviders: 'openai' }, 'allowedProviders', 'wrong-type'],
    ['a host with a scheme', { allowedHosts: ['https://api.openai.com'] }, 'allowedHosts[0]', 'bad-format'],
    ['a host with a port', { allowedHosts: ['api.openai.com:443'] }, 'allowedHosts[0]', 'bad-format'],
    ['a host in capitals', { allowedHosts: ['API.openai.com'] }, 'allowedHosts[0]', 'bad-format'],
    ['a wildcard in the middle', { allowedHosts: ['api.*.com'] }, 'allowedHosts[0]', 'bad-format'],
    ['an empty allowed-hosts list', { allowedHosts: [] }, 'allowedHosts', 'out-of-range'],
    ['an auto-lock that is not one of the choices', { maxAutoLockMinutes: 10 }, 'maxAutoLockMinutes', 'not-allowed-value'],
    ['an auto-lock as a string', { maxAutoLockMinutes: '15' }, 'maxAutoLockMinutes', 'not-allowed-value'],
    ['a passphrase strength below Keyward’s floor', { minPassphraseStrength: 2 }, 'minPassphraseStrength', 'not-allowed-value'],
    ['a passphrase strength above the scale', { minPassphraseStrength: 5 }, 'minPassphraseStrength', 'not-allowed-value'],
    ['session keys as a string', { sessionKeys: 'no' }, 'sessionKeys', 'wrong-type'],
    ['a key age of zero days', { keyAgeReminderDays: 0 }, 'keyAgeReminderDays', 'out-of-range'],
    ['a key age in fractions', { keyAgeReminderDays: 1.5 }, 'keyAgeReminderDays', 'wrong-type'],
    ['backup export as a number', { backupExport: 0 }, 'backupExport', 'wrong-type'],
    ['an audit floor past ten years', { auditRetentionMinDays: 3651 }, 'auditRetentionMinDays', 'out-of-range'],
    ['a negative daily cap', { spendCapDailyUsd: -1 }, 'spendCapDailyUsd', 'out-of-range'],
    ['a zero monthly cap', { spendCapMonthlyUsd: 0 }, 'spendCapMonthlyUsd', 'out-of-range'],
    ['a monthly cap as a string', { spendCapMonthlyUsd: '100' }, 'spendCapMonthlyUsd', 'wrong-type'],
  ])('%s rejects the whole policy', async (_name, wrong, field, kind) => {
    // Valid settings beside the wrong one: none of them may apply.
    const state = await stateOf({ maxAutoLockMinutes: 5, backupExport: false, spendCapDailyUsd: 1, ...wrong });
    expect(state).toEqual(rejected(field, kind));
    expect(state.status === 'rejected' && 'policy' in state).toBe(false);
    // The problems name fields, never values: the gateway's key may be the wrong value.
    expect(JSON.stringify(state)).not.toContain(ORG_KEY);
  });

  test('a rejected policy puts nothing in force', async () => {
    const service = (await fakeBrowser.storage.managed.set({ maxAutoLockMinutes: 5, gateway: { ...GATEWAY, provider: 'acme' } }), new PolicyService());
    expect(await service.inForce()).toBeUndefined();
    expect(await service.gateway()).toBeUndefined();
  });

  test('every problem is listed, not only the first', () => {
    const state = checkPolicy({ maxAutoLockMinutes: 7, backupExport: 'no', extra: 1 });
    expect(state.status === 'rejected' ? state.problems.map((problem) => problem.field).sort() : []).toEqual(['backupExport', 'extra', 'maxAutoLockMinutes']);
  });

  test('the gateway connection carries the key, read afresh for each use; the cached state never does', async () => {
    await fakeBrowser.storage.managed.set({ gateway: GATEWAY });
    const service = new PolicyService();
    expect(JSON.stringify(await service.current())).not.toContain(ORG_KEY);
    expect(await service.gateway()).toEqual({ connection: { provider: 'custom', secret: { apiKey: ORG_KEY }, settings: { baseUrl: 'https://llm.example.com/v1' }, organisation: true } });
  });

  test('a policy changed while the browser runs is in force at the next read, and listeners hear of it', async () => {
    await fakeBrowser.storage.managed.set({ maxAutoLockMinutes: 60 });
    const service = new PolicyService();
    expect(await service.inForce()).toEqual({ maxAutoLockMinutes: 60 });
    const heard: PolicyState[] = [];
    service.onChange((state) => heard.push(state));
    await fakeBrowser.storage.managed.set({ maxAutoLockMinutes: 5 });
    expect(await service.inForce()).toEqual({ maxAutoLockMinutes: 5 });
    await expect.poll(() => heard.at(-1)).toEqual({ status: 'active', policy: { maxAutoLockMinutes: 5 } });
    // Changed into an invalid one: rejected whole at once, the earlier one not kept.
    await fakeBrowser.storage.managed.set({ maxAutoLockMinutes: 7 });
    expect(await service.inForce()).toBeUndefined();
    expect((await service.current()).status).toBe('rejected');
  });

  test('Firefox without a policy rejects the read: that is no policy, not an error', async () => {
    fakeBrowser.storage.managed.get = () => Promise.reject(new Error('Managed storage manifest not found'));
    expect(await new PolicyService().current()).toEqual({ status: 'none' });
  });
});
