// @vitest-environment happy-dom
import { pluralPhrase } from '@/src/shared/i18n/text';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { send } from '@/src/messaging/client';
import type { RequestOf } from '@/src/messaging/protocol';
import type { KeyView, VaultStatus } from '@/src/vault/schemas';
import { OptionsApp } from '@/src/ui/options/OptionsApp';
import { VaultLockState } from '@/src/ui/shared/VaultLockState';
import { renderInPage } from './in-page';
import { KEY_PAGES } from '@/src/providers/key-pages';
import { ABSENT, LOCKED, SETTINGS, STRONG_PASSPHRASE, UNLOCKED, installBackend, keyView, sent } from './fake-backend';

vi.mock('@/src/messaging/client', () => ({ send: vi.fn() }));
vi.mock('@/src/platform/browser', () => ({
  browser: { permissions: { contains: vi.fn(async () => true), request: vi.fn(async () => true) } },
}));

const DAY = 24 * 3600_000;

function typeInto(container: HTMLElement, label: string, value: string) {
  fireEvent.change(within(container).getByLabelText(label), { target: { value } });
}

describe('session-only keys without a vault (the welcome page)', () => {
  it('adds a key for this session only, shows it with a countdown badge, then keeps it in a new vault', async () => {
    let status: VaultStatus = ABSENT;
    const keys: KeyView[] = [];
    const backend = installBackend(send, {
      'vault.status': () => status,
      'keys.list': () => ({ keys }),
      'keys.add': (payload: RequestOf<'keys.add'>) => {
        const view = keyView({ id: 'session-1', label: payload.label, sessionOnly: true, createdAt: Date.now() });
        keys.push(view);
        status = { ...ABSENT, sessionKeys: { count: 1, expiresAt: Date.now() + 15 * 60_000 } };
        return view;
      },
      'vault.create': () => UNLOCKED,
      'settings.get': () => SETTINGS,
      'keys.test': () => ({ result: 'works', phrase: pluralPhrase('connection_works', 3, 'OpenAI'), models: 3 }),
    });
    render(<OptionsApp />);
    fireEvent.click(await screen.findByRole('button', { name: 'Use a key for this session only' }));
    const form = screen.getByRole('form', { name: 'Add a key' });
    // Without a vault the key can only be session-only: no choice to make; it can be tested before it is saved.
    expect(within(form).queryByRole('checkbox', { name: 'Use for this session only' })).toBeNull();
    typeInto(form, 'API key', 'sk-proj-abcdefghijklmnopqrstuvwxyz');
    fireEvent.click(within(form).getByRole('button', { name: 'Test connection' }));
    await waitFor(() => expect(sent(backend, 'keys.test')).toHaveLength(1));
    expect(await within(form).findByText(/works/i)).toBeTruthy();
    expect(sent(backend, 'keys.test')[0]).toMatchObject({ draft: { provider: 'openai', secret: { apiKey: 'sk-proj-abcdefghijklmnopqrstuvwxyz' } } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save key' }));
    await waitFor(() => expect(sent(backend, 'keys.add')).toHaveLength(1));
    expect(sent(backend, 'keys.add')[0]).toMatchObject({ provider: 'openai', sessionOnly: true });
    const row = await screen.findByRole('listitem', { name: 'OpenAI' });
    expect(within(row).getByTestId('session-only-badge').textContent).toBe('Session only · expires in 15 min');
    // A session-only key is not edited in place.
    expect(within(row).queryByRole('button', { name: 'Rename' })).toBeNull();
    expect(within(row).queryByRole('button', { name: 'Rotate' })).toBeNull();
    // The offer to keep it: the create form, which moves the session-only keys into the vault.
    expect(screen.getByRole('heading', { name: 'Keep your key: create a vault' })).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Passphrase'), { target: { value: STRONG_PASSPHRASE } });
    fireEvent.input(screen.getByLabelText('Confirm passphrase'), { target: { value: STRONG_PASSPHRASE } });
    fireEvent.click(screen.getByRole('button', { name: 'Create vault' }));
    await waitFor(() => expect(sent(backend, 'vault.create')).toEqual([{ passphrase: STRONG_PASSPHRASE, keepSessionKeys: true }]), { timeout: 10_000 });
  }, 15_000);

  it('creating a vault with no session-only key does not ask to keep any', async () => {
    const backend = installBackend(send, { 'vault.status': () => ABSENT, 'vault.create': () => UNLOCKED, 'keys.list': () => ({ keys: [] }), 'settings.get': () => SETTINGS });
    render(<OptionsApp />);
    expect(await screen.findByRole('heading', { name: 'Create your vault' })).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Passphrase'), { target: { value: STRONG_PASSPHRASE } });
    fireEvent.input(screen.getByLabelText('Confirm passphrase'), { target: { value: STRONG_PASSPHRASE } });
    fireEvent.click(screen.getByRole('button', { name: 'Create vault' }));
    await waitFor(() => expect(sent(backend, 'vault.create')).toEqual([{ passphrase: STRONG_PASSPHRASE }]), { timeout: 10_000 });
  }, 15_000);

  it('a policy that turns session-only keys off hides the way to them', async () => {
    installBackend(send, { 'vault.status': () => ({ ...ABSENT, sessionKeysAllowed: false }), 'keys.list': () => ({ keys: [] }) });
    render(<OptionsApp />);
    await screen.findByRole('heading', { name: 'Create your vault' });
    expect(screen.queryByRole('button', { name: 'Use a key for this session only' })).toBeNull();
  });
});

describe('session-only keys beside an unlocked vault', () => {
  it('the add form offers the choice; a session-only row offers "Keep in vault"', async () => {
    const session = keyView({ id: 'session-2', label: 'Trial', sessionOnly: true });
    const kept = keyView({ id: 'vault-2', label: 'Trial' });
    const backend = installBackend(send, {
      'vault.status': () => ({ ...UNLOCKED, sessionKeys: { count: 1, expiresAt: Date.now() + 5 * 60_000 - 1000 } }),
      'keys.list': () => ({ keys: [session] }),
      'settings.get': () => SETTINGS,
      'keys.add': (payload: RequestOf<'keys.add'>) => keyView({ label: payload.label, ...(payload.sessionOnly ? { sessionOnly: true } : {}) }),
      'keys.keep': () => kept,
    });
    render(<OptionsApp />);
    const row = await screen.findByRole('listitem', { name: 'Trial' });
    expect(within(row).getByTestId('session-only-badge').textContent).toBe('Session only · expires in 5 min');
    fireEvent.click(within(row).getByRole('button', { name: 'Keep in vault' }));
    await waitFor(() => expect(sent(backend, 'keys.keep')).toEqual([{ id: 'session-2' }]));
    await waitFor(() => expect(within(screen.getByRole('listitem', { name: 'Trial' })).queryByTestId('session-only-badge')).toBeNull());

    fireEvent.click(screen.getByRole('button', { name: 'Add key' }));
    const form = screen.getByRole('form', { name: 'Add a key' });
    fireEvent.click(within(form).getByRole('checkbox', { name: 'Use for this session only' }));
    typeInto(form, 'API key', 'sk-proj-abcdefghijklmnopqrstuvwxyz');
    fireEvent.click(within(form).getByRole('button', { name: 'Save key' }));
    await waitFor(() => expect(sent(backend, 'keys.add')).toHaveLength(1));
    expect(sent(backend, 'keys.add')[0]?.sessionOnly).toBe(true);
  });
});

describe('session-only keys beside a locked vault', () => {
  it('stay in sight under the unlock form, with their badge', async () => {
    const session = keyView({ id: 'session-3', label: 'While locked', sessionOnly: true });
    installBackend(send, {
      'vault.status': () => ({ ...LOCKED, sessionKeys: { count: 1, expiresAt: Date.now() + 15 * 60_000 } }),
      'keys.list': () => ({ keys: [session] }),
    });
    render(<OptionsApp />);
    expect(await screen.findByRole('form', { name: 'Unlock the vault' })).toBeTruthy();
    const row = await screen.findByRole('listitem', { name: 'While locked' });
    expect(within(row).getByTestId('session-only-badge').textContent).toBe('Session only · expires in 15 min');
    // Keeping needs the vault unlocked.
    expect(within(row).queryByRole('button', { name: 'Keep in vault' })).toBeNull();
  });
});

describe('the header of the popup and the side panel', () => {
  it('with no vault, session-only keys get a Lock button that ends them; with neither, nothing shows', async () => {
    let status: VaultStatus = { ...ABSENT, sessionKeys: { count: 1, expiresAt: Date.now() + 60_000 } };
    const backend = installBackend(send, {
      'vault.status': () => status,
      'vault.lock': () => {
        status = ABSENT;
        return status;
      },
    });
    const { container } = renderInPage(<VaultLockState />);
    fireEvent.click(await screen.findByRole('button', { name: 'Lock now: forget the keys for this session only' }));
    await waitFor(() => expect(sent(backend, 'vault.lock')).toEqual([{}]));
    await waitFor(() => expect(container.querySelector('.vault-state')).toBeNull());
  });
});

describe('key age', () => {
  function setUp(keys: KeyView[], rotateAfterDays?: number) {
    return installBackend(send, {
      'vault.status': () => UNLOCKED,
      'keys.list': () => ({ keys }),
      'settings.get': () => (rotateAfterDays === undefined ? SETTINGS : { ...SETTINGS, rotateAfterDays }),
      'settings.update': (update) => ({ ...SETTINGS, ...update }),
    });
  }

  it('shows each key’s age, and past 90 days (the default) a reminder that links to the provider’s key page', async () => {
    setUp([keyView({ label: 'Old', createdAt: Date.now() - 94 * DAY - 1000 }), keyView({ label: 'Fresh', createdAt: Date.now() - 10 * DAY })]);
    render(<OptionsApp />);
    const old = await screen.findByRole('listitem', { name: 'Old' });
    expect(within(old).getByTestId('key-age').textContent).toBe('added 94 days ago');
    const reminder = await within(old).findByTestId('rotate-reminder');
    expect(reminder.textContent).toContain('Rotate this key: it is older than 90 days.');
    expect(within(reminder).getByRole('link').getAttribute('href')).toBe(KEY_PAGES.openai);
    const fresh = screen.getByRole('listitem', { name: 'Fresh' });
    expect(within(fresh).getByTestId('key-age').textContent).toBe('added 10 days ago');
    expect(within(fresh).queryByTestId('rotate-reminder')).toBeNull();
  });

  it('the age counts from the last rotation; 0 turns the reminder off, and the setting is saved', async () => {
    const backend = setUp([keyView({ label: 'Rotated', createdAt: Date.now() - 400 * DAY, rotatedAt: Date.now() - 95 * DAY })], 0);
    render(<OptionsApp />);
    const row = await screen.findByRole('listitem', { name: 'Rotated' });
    expect(within(row).getByTestId('key-age').textContent).toBe('rotated 95 days ago');
    const input = await screen.findByLabelText('Remind me to rotate keys older than (days, 0 = never)');
    expect(within(row).queryByTestId('rotate-reminder')).toBeNull();
    fireEvent.change(input, { target: { value: '30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(sent(backend, 'settings.update')).toEqual([{ rotateAfterDays: 30 }]));
    expect((await within(row).findByTestId('rotate-reminder')).textContent).toContain('older than 30 days');
  });
});
