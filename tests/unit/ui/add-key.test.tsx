// @vitest-environment happy-dom
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { send } from '@/src/messaging/client';
import type { RequestOf } from '@/src/messaging/protocol';
import { browser } from '@/src/platform/browser';
import { PROVIDER_IDS, PROVIDERS } from '@/src/providers/definitions';
import { OptionsApp } from '@/src/ui/options/OptionsApp';
import { phrase, type Phrase } from '@/src/shared/i18n/text';
import { SLOW, UNLOCKED, expectNotSent, installBackend, keyView, sent } from './fake-backend';

vi.mock('@/src/messaging/client', () => ({ send: vi.fn() }));
vi.mock('@/src/platform/browser', () => ({
  browser: { permissions: { contains: vi.fn(), request: vi.fn() } },
}));

const permissions = browser.permissions as unknown as {
  contains: ReturnType<typeof vi.fn>;
  request: ReturnType<typeof vi.fn>;
};

const order: string[] = [];

function setUp(warnings: Phrase[] = []) {
  const backend = installBackend(send, {
    'vault.status': () => UNLOCKED,
    'keys.list': () => ({ keys: [] }),
    'keys.add': (payload: RequestOf<'keys.add'>) => {
      order.push('keys.add');
      return keyView({ provider: payload.provider, label: payload.label, settings: payload.settings, formatWarnings: warnings });
    },
  });
  render(<OptionsApp />);
  return backend;
}

async function openAddForm() {
  fireEvent.click(await screen.findByRole('button', { name: 'Add key' }));
  return screen.getByRole('form', { name: 'Add a key' });
}

function type(label: string, value: string, container: HTMLElement = document.body) {
  const input = within(container).getByLabelText(label) as HTMLInputElement;
  fireEvent.change(input, { target: { value } });
  return input;
}

function chooseProvider(form: HTMLElement, name: string) {
  const select = within(form).getByLabelText('Provider') as HTMLSelectElement;
  const option = within(select).getByRole('option', { name }) as HTMLOptionElement;
  fireEvent.change(select, { target: { value: option.value } });
}

beforeEach(() => {
  order.length = 0;
  permissions.contains.mockReset().mockImplementation(async () => {
    order.push('contains');
    return false;
  });
  permissions.request.mockReset().mockImplementation(async () => {
    order.push('request');
    return true;
  });
});

describe('add-key form', () => {
  it('offers every provider', async () => {
    setUp();
    const form = await openAddForm();
    const options = within(within(form).getByLabelText('Provider')).getAllByRole('option');
    expect(options.map((option) => (option as HTMLOptionElement).value).sort()).toEqual([...PROVIDER_IDS].sort());
    expect(options.map((option) => option.textContent)).toContain(PROVIDERS['azure-openai'].name);
  });

  it('OpenAI: asks for an API key (a password input) and a base URL, and sends keys.add', async () => {
    const backend = setUp();
    const form = await openAddForm();
    const apiKey = within(form).getByLabelText('API key') as HTMLInputElement;
    expect(apiKey.type).toBe('password');
    expect(apiKey.getAttribute('autocomplete')).toBe('off');
    expect(apiKey.getAttribute('spellcheck')).toBe('false');
    expect(apiKey.required).toBe(true);
    const baseUrl = within(form).getByLabelText('Base URL') as HTMLInputElement;
    expect(baseUrl.placeholder).toBe('https://api.openai.com/v1');
    for (const absent of ['Region', 'Access key ID', 'Resource name', 'Project ID']) expect(within(form).queryByLabelText(absent)).toBeNull();

    type('Label', 'Work', form);
    type('API key', 'sk-proj-abcdefghijklmnopqrstuvwxyz', form);
    fireEvent.click(within(form).getByRole('button', { name: 'Save key' }));

    await waitFor(() => expect(sent(backend, 'keys.add')).toHaveLength(1));
    expect(sent(backend, 'keys.add')[0]).toEqual({
      provider: 'openai',
      label: 'Work',
      secret: { apiKey: 'sk-proj-abcdefghijklmnopqrstuvwxyz' },
      settings: {},
    });
    // A plain save is confirmed by a toast in the page's polite live region.
    await within(screen.getByRole('status', { name: 'Notifications' })).findByText('Saved "Work".');
    expect(apiKey.value).toBe('');
    expect(permissions.request).not.toHaveBeenCalled();
    expect(within(screen.getByRole('list')).getByText('Work')).toBeTruthy();
  });

  it('Bedrock with SigV4: access key ID, secret access key, optional session token and region', async () => {
    const backend = setUp();
    const form = await openAddForm();
    chooseProvider(form, 'AWS Bedrock');
    const auth = within(form).getByLabelText('Authentication') as HTMLSelectElement;
    expect(auth.value).toBe('sigv4');
    expect(within(auth).getByRole('option', { name: 'Access keys (SigV4)' })).toBeTruthy();
    expect(within(form).queryByLabelText('API key')).toBeNull();
    for (const label of ['Access key ID', 'Secret access key', 'Session token']) {
      expect((within(form).getByLabelText(label) as HTMLInputElement).type).toBe('password');
    }
    expect((within(form).getByLabelText('Session token') as HTMLInputElement).required).toBe(false);
    const secret = type('Secret access key', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', form);
    type('Access key ID', 'AKIAIOSFODNN7EXAMPLE', form);
    type('Session token', 'token-123', form);
    type('Region', 'us-east-1', form);
    fireEvent.click(within(form).getByRole('button', { name: 'Save key' }));

    await waitFor(() => expect(sent(backend, 'keys.add')).toHaveLength(1));
    expect(sent(backend, 'keys.add')[0]).toEqual({
      provider: 'bedrock',
      label: 'AWS Bedrock',
      secret: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', sessionToken: 'token-123' },
      settings: { region: 'us-east-1', bedrockAuth: 'sigv4' },
    });
    expect(secret.value).toBe('');
  });

  it('Bedrock with an API key: a single API key field', async () => {
    const backend = setUp();
    const form = await openAddForm();
    chooseProvider(form, 'AWS Bedrock');
    fireEvent.change(within(form).getByLabelText('Authentication'), { target: { value: 'api-key' } });
    expect(within(form).queryByLabelText('Access key ID')).toBeNull();
    type('API key', 'bedrock-api-key-value', form);
    type('Region', 'eu-west-1', form);
    fireEvent.click(within(form).getByRole('button', { name: 'Save key' }));
    await waitFor(() => expect(sent(backend, 'keys.add')).toHaveLength(1));
    expect(sent(backend, 'keys.add')[0]).toMatchObject({
      secret: { apiKey: 'bedrock-api-key-value' },
      settings: { region: 'eu-west-1', bedrockAuth: 'api-key' },
    });
  });

  it('Azure OpenAI: resource, deployment and API version', async () => {
    const backend = setUp();
    const form = await openAddForm();
    chooseProvider(form, 'Azure OpenAI');
    type('Label', 'Azure prod', form);
    type('API key', 'a'.repeat(32), form);
    type('Resource name', 'contoso', form);
    type('Deployment name', 'gpt-4o', form);
    type('API version', '2024-10-21', form);
    expect(within(form).queryByLabelText('Region')).toBeNull();
    fireEvent.click(within(form).getByRole('button', { name: 'Save key' }));
    await waitFor(() => expect(sent(backend, 'keys.add')).toHaveLength(1));
    expect(sent(backend, 'keys.add')[0]).toEqual({
      provider: 'azure-openai',
      label: 'Azure prod',
      secret: { apiKey: 'a'.repeat(32) },
      settings: { azureResource: 'contoso', azureDeployment: 'gpt-4o', azureApiVersion: '2024-10-21' },
    });
  });

  it('Vertex AI: project and location', async () => {
    setUp();
    const form = await openAddForm();
    chooseProvider(form, 'Google Vertex AI');
    expect(within(form).getByLabelText('Project ID')).toBeTruthy();
    expect(within(form).getByLabelText('Location')).toBeTruthy();
  });

  it('a keyless local server: the key is optional, with a hint, and can be left empty', async () => {
    const backend = setUp();
    const form = await openAddForm();
    chooseProvider(form, 'Ollama');
    const apiKey = within(form).getByLabelText('API key') as HTMLInputElement;
    expect(apiKey.required).toBe(false);
    expect(apiKey.getAttribute('aria-describedby')).toBeTruthy();
    expect(within(form).getByText(/local servers usually run without a key/)).toBeTruthy();
    expect((within(form).getByLabelText('Base URL') as HTMLInputElement).placeholder).toBe('http://localhost:11434');
    fireEvent.click(within(form).getByRole('button', { name: 'Save key' }));
    await waitFor(() => expect(sent(backend, 'keys.add')).toHaveLength(1));
    expect(sent(backend, 'keys.add')[0]).toEqual({ provider: 'ollama', label: 'Ollama', secret: {}, settings: {} });
  });

  it('shows the background’s format warnings after saving', async () => {
    setUp([phrase('warning_keyFormat', 'OpenAI', phrase('keyFormat_openai'))]);
    const form = await openAddForm();
    type('API key', 'not-a-real-key', form);
    fireEvent.click(within(form).getByRole('button', { name: 'Save key' }));
    await screen.findByText(/but check the following/);
    // Once in the save notice, once on the new key's row.
    expect(screen.getAllByText(/This does not look like a OpenAI key/)).toHaveLength(2);
  });

  it('asks for host permission for a custom origin before sending keys.add', async () => {
    const backend = setUp();
    const form = await openAddForm();
    type('API key', 'sk-proj-abcdefghijklmnopqrstuvwxyz', form);
    type('Base URL', 'https://proxy.example.com:8443/v1', form);
    await waitFor(() => expect(permissions.contains).toHaveBeenCalledWith({ origins: ['https://proxy.example.com/*'] }));
    await screen.findByText(/will ask your permission to connect to https:\/\/proxy.example.com:8443/);
    fireEvent.click(within(form).getByRole('button', { name: 'Save key' }));
    // Synchronously, inside the click: after an await the browser would no longer show the prompt.
    expect(permissions.request).toHaveBeenCalledTimes(1);
    expectNotSent(backend, 'keys.add');
    await waitFor(() => expect(sent(backend, 'keys.add')).toHaveLength(1));
    expect(permissions.request).toHaveBeenCalledWith({ origins: ['https://proxy.example.com/*'] });
    expect(order).toEqual(['contains', 'request', 'keys.add']);
    expect(sent(backend, 'keys.add')[0]?.settings).toEqual({ baseUrl: 'https://proxy.example.com:8443/v1' });
  });

  it('plain http to another computer: a box to confirm it, never ticked for the user, and the choice goes with the save', async () => {
    const backend = setUp();
    const form = await openAddForm();
    type('API key', 'sk-proj-abcdefghijklmnopqrstuvwxyz', form);
    expect(within(form).queryByRole('checkbox', { name: /over plain http/ })).toBeNull();
    type('Base URL', 'http://192.168.1.20:8000/v1', form);
    const box = within(form).getByRole('checkbox', { name: /Send this key to 192\.168\.1\.20:8000 over plain http/ }) as HTMLInputElement;
    expect(box.checked).toBe(false);
    fireEvent.click(box);
    // This computer: no box. Another computer: a tick given for one address does not carry over.
    type('Base URL', 'http://127.0.0.1:8000/v1', form);
    expect(within(form).queryByRole('checkbox', { name: /over plain http/ })).toBeNull();
    type('Base URL', 'http://192.168.1.99:8000/v1', form);
    expect((within(form).getByRole('checkbox', { name: /over plain http/ }) as HTMLInputElement).checked).toBe(false);
    type('Base URL', 'http://192.168.1.20:8000/v1', form);
    expect((within(form).getByRole('checkbox', { name: /over plain http/ }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(form).getByRole('button', { name: 'Save key' }));
    await waitFor(() => expect(sent(backend, 'keys.add')).toHaveLength(1));
    expect(sent(backend, 'keys.add')[0]?.settings).toEqual({ baseUrl: 'http://192.168.1.20:8000/v1', allowInsecureHttp: 'yes' });
  });

  it('still saves when the permission is refused, and explains the consequence', async () => {
    permissions.request.mockResolvedValue(false);
    const backend = setUp();
    const form = await openAddForm();
    type('API key', 'sk-proj-abcdefghijklmnopqrstuvwxyz', form);
    type('Base URL', 'https://llm.internal.example/v1', form);
    fireEvent.click(within(form).getByRole('button', { name: 'Save key' }));
    await waitFor(() => expect(sent(backend, 'keys.add')).toHaveLength(1));
    expect(await screen.findByText(/cannot reach https:\/\/llm.internal.example without your permission/)).toBeTruthy();
  });

  it('does not ask for origins the manifest already covers', async () => {
    const backend = setUp();
    const form = await openAddForm();
    chooseProvider(form, 'OpenAI');
    type('API key', 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD', form);
    fireEvent.click(within(form).getByRole('button', { name: 'Save key' }));
    await waitFor(() => expect(sent(backend, 'keys.add')).toHaveLength(1));
    expect(permissions.contains).not.toHaveBeenCalled();
    expect(permissions.request).not.toHaveBeenCalled();
  });

  it('shows the background’s refusal and keeps the form', async () => {
    const backend = installBackend(send, {
      'vault.status': () => UNLOCKED,
      'keys.list': () => ({ keys: [] }),
      'keys.add': async () => {
        const { AppError } = await import('@/src/shared/errors');
        throw new AppError('BAD_REQUEST', 'AWS Bedrock needs a region, such as us-east-1.');
      },
    });
    render(<OptionsApp />);
    const form = await openAddForm();
    chooseProvider(form, 'AWS Bedrock');
    type('Access key ID', 'AKIAIOSFODNN7EXAMPLE', form);
    type('Secret access key', 'x'.repeat(40), form);
    fireEvent.click(within(form).getByRole('button', { name: 'Save key' }));
    expect((await screen.findByRole('alert', {}, SLOW)).textContent).toContain('needs a region');
    expect(screen.getByRole('form', { name: 'Add a key' })).toBeTruthy();
    expectNotSent(backend, 'keys.delete');
  });
});
