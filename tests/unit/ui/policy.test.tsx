// @vitest-environment happy-dom
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { send } from '@/src/messaging/client';
import type { PolicyState } from '@/src/policy/schema';
import { OptionsApp } from '@/src/ui/options/OptionsApp';
import { SETTINGS, UNLOCKED, installBackend, keyView, sent } from './fake-backend';

vi.mock('@/src/messaging/client', () => ({ send: vi.fn() }));

/**
 * The options page under an organisation policy: what the worker says of it (policy.get) is
 * shown, every managed setting says "Set by your organisation" and cannot be changed, blocked
 * keys are marked (and kept), and a policy that does not match is explained, field by field.
 */
function setUp(policy: () => PolicyState, keys = [keyView({ provider: 'openai', label: 'My OpenAI key' })]) {
  const backend = installBackend(send, {
    'vault.status': () => UNLOCKED,
    'keys.list': () => ({ keys }),
    'settings.get': () => ({ ...SETTINGS, autoLock: 5 }),
    'policy.get': () => policy(),
  });
  render(<OptionsApp />);
  return backend;
}

const active = (policy: Extract<PolicyState, { status: 'active' }>['policy']): PolicyState => ({ status: 'active', policy });

describe('the options page under an organisation policy', () => {
  it('a rejected policy: says none of it applies and names each field to fix', async () => {
    setUp(() => ({ status: 'rejected', problems: [{ field: 'maxAutoLockMinutes', kind: 'not-allowed-value' }, { field: 'allowedHosts[0]', kind: 'bad-format' }] }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading', { name: "Your organisation's policy was not applied" })).toBeTruthy();
    expect(alert.textContent).toContain('none of it is in force');
    expect(within(alert).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['maxAutoLockMinutes: not one of the allowed values', 'allowedHosts[0]: wrong format']);
  });

  it('an active policy: each setting listed, and set by the organisation', async () => {
    setUp(() =>
      active({
        gateway: { provider: 'custom', baseUrl: 'https://llm.example.com/v1' },
        allowedProviders: ['anthropic'],
        maxAutoLockMinutes: 5,
        sessionKeys: false,
        maxKeyAgeDays: 90,
        backupExport: false,
        spendCapDailyUsd: 5,
      }),
    );
    const panel = await screen.findByRole('region', { name: /Your organisation's policy/ });
    const lines = within(panel).getAllByRole('listitem').map((item) => item.textContent);
    expect(lines).toEqual([
      'Organisation gateway (Custom OpenAI-compatible server, https://llm.example.com/v1): answers when your own keys cannot, and anyone with no key of their own can choose it in the model picker',
      'Allowed providers: Anthropic',
      'Longest auto-lock: 5 min',
      'Session-only keys: not allowed',
      'Rotation reminder for keys older than 90 days',
      'Backups may not be exported',
      'Spending cap per day: $5.00',
    ]);
    expect(within(panel).getByText('Set by your organisation')).toBeTruthy();
  });

  it('a key the policy does not allow is marked blocked, and kept', async () => {
    setUp(() => active({ allowedProviders: ['anthropic'] }));
    const row = (await screen.findByText('My OpenAI key')).closest('li') as HTMLElement;
    expect(await within(row).findByText('Blocked by policy')).toBeTruthy();
    expect(within(row).getByRole('button', { name: /Delete/ })).toBeTruthy();
  });

  it('adding a key: providers the policy does not allow cannot be picked, and an allowed one is chosen', async () => {
    setUp(() => active({ allowedProviders: ['anthropic', 'custom'] }));
    fireEvent.click(await screen.findByRole('button', { name: 'Add key' }));
    const select = (await screen.findByLabelText('Provider')) as HTMLSelectElement;
    await vi.waitFor(() => expect(select.value).toBe('anthropic'));
    const enabled = [...select.options].filter((option) => !option.disabled).map((option) => option.value);
    expect(enabled).toEqual(['anthropic', 'custom']);
    expect([...select.options].find((option) => option.value === 'openai')?.textContent).toBe('OpenAI (Blocked by policy)');
  });

  it('auto-lock: the choices past the cap are disabled and the setting is marked managed', async () => {
    setUp(() => active({ maxAutoLockMinutes: 5 }));
    fireEvent.click(await screen.findByRole('tab', { name: 'Security' }));
    const select = (await screen.findByRole('combobox', { name: 'Auto-lock' })) as HTMLSelectElement;
    await vi.waitFor(() => expect(select.value).toBe('5'));
    const disabled = [...select.options].filter((option) => option.disabled).map((option) => option.value);
    expect(disabled).toEqual(['15', '30', '60', '240', 'browser-close']);
    expect(select.getAttribute('aria-describedby')).toBeTruthy();
    expect(screen.getAllByText('Set by your organisation').length).toBeGreaterThan(1);
  });

  it('backups export off: the button is disabled and says why', async () => {
    const backend = setUp(() => active({ backupExport: false }));
    fireEvent.click(await screen.findByRole('tab', { name: 'Backup' }));
    const button = (await screen.findByRole('button', { name: 'Export backup' })) as HTMLButtonElement;
    await vi.waitFor(() => expect(button.disabled).toBe(true));
    expect(screen.getAllByText('Backups may not be exported').length).toBeGreaterThan(0);
    expect(sent(backend, 'vault.export')).toEqual([]);
  });

  it('a gateway on a host the browser has not granted: asks for it once, from the click', async () => {
    fakeBrowser.permissions.contains = () => Promise.resolve(false);
    const requested: string[][] = [];
    fakeBrowser.permissions.request = (permissions) => {
      requested.push(permissions.origins ?? []);
      return Promise.resolve(true);
    };
    setUp(() => active({ gateway: { provider: 'custom', baseUrl: 'https://llm.example.com/v1' } }));
    const button = await screen.findByRole('button', { name: 'Allow access to the gateway' });
    expect(screen.getByText(/reach your organisation's gateway at https:\/\/llm\.example\.com/)).toBeTruthy();
    fireEvent.click(button);
    expect(requested).toEqual([['https://llm.example.com/*']]);
    await vi.waitFor(() => expect(screen.queryByRole('button', { name: 'Allow access to the gateway' })).toBeNull());
  });

  it('a policy changed while the page is open is shown at once', async () => {
    let state: PolicyState = active({ maxAutoLockMinutes: 60 });
    setUp(() => state);
    await screen.findByText('Longest auto-lock: 60 min');
    state = active({ maxAutoLockMinutes: 5 });
    // The administrator's change, as the browser announces it (storage.onChanged, area 'managed').
    await fakeBrowser.storage.managed.set({ maxAutoLockMinutes: 5 });
    expect(await screen.findByText('Longest auto-lock: 5 min')).toBeTruthy();
  });
});

describe('key age under an organisation policy', () => {
  it('the policy’s reminder days win over the user’s: the reminder follows them and the setting is set by the organisation', async () => {
    const DAY = 24 * 3600_000;
    const keys = [keyView({ provider: 'openai', label: 'Month old', createdAt: Date.now() - 40 * DAY })];
    const backend = setUp(() => active({ maxKeyAgeDays: 30 }), keys);
    const row = await screen.findByRole('listitem', { name: 'Month old' });
    // The user's default (90 days) would say nothing; the policy's 30 days do.
    expect((await within(row).findByTestId('rotate-reminder')).textContent).toContain('older than 30 days');
    const input = await screen.findByLabelText(/Remind me to rotate keys older than/);
    expect((input as HTMLInputElement).value).toBe('30');
    expect((input as HTMLInputElement).disabled).toBe(true);
    expect(input.closest('form')?.textContent).toContain('Set by your organisation');
    fireEvent.submit(input.closest('form')!);
    expect(sent(backend, 'settings.update')).toEqual([]);
  });
});
