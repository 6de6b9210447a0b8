import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { PROVIDERS } from '@/src/providers/definitions';
import { BUILT_IN_PROVIDER_HOSTS, expectedOrigins } from '@/src/providers/hosts';
import { KEY_PAGES } from '@/src/providers/key-pages';
import { testConnection } from '@/src/providers/registry';
import { formatWarnings } from '@/src/vault/secret-input';
import { startMockProvider, type MockProvider } from '@/tests/mock-provider/server';
import { callOptions, connection } from './helpers';

/** Issue 17, item 3: the Hugging Face presets (transformers serve, TGI, the Inference Providers router). */
describe('Hugging Face presets', () => {
  test('the router is a hosted OpenAI-compatible preset at router.huggingface.co, granted by the manifest', () => {
    const router = PROVIDERS.huggingface;
    expect(router).toMatchObject({ keyRequirement: 'required', local: false, defaultBaseUrl: 'https://router.huggingface.co/v1' });
    expect(expectedOrigins('huggingface', {})).toEqual(['https://router.huggingface.co']);
    expect(BUILT_IN_PROVIDER_HOSTS).toContain('https://router.huggingface.co/*');
    expect(KEY_PAGES.huggingface).toBe('https://huggingface.co/settings/tokens');
  });

  test('transformers serve and TGI are keyless local presets on their usual ports', () => {
    expect(PROVIDERS.transformers).toMatchObject({ keyRequirement: 'optional', local: true, defaultBaseUrl: 'http://localhost:8000/v1' });
    expect(PROVIDERS.tgi).toMatchObject({ keyRequirement: 'optional', local: true, defaultBaseUrl: 'http://localhost:8080/v1' });
  });

  test('a Hugging Face token is checked like other keys: hf_ and letters and digits', () => {
    const keys = (apiKey: string) => formatWarnings('huggingface', { apiKey }).map((warning) => warning.key);
    expect(keys('hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567')).toEqual([]);
    expect(keys('sk-proj-abcdefghijklmnopqrstuvwxyz0123456789')).toEqual(['warning_keyFormat']);
    expect(keys('hf_short')).toEqual(['warning_keyFormat']);
  });

  describe('test connection lists the router’s models (GET /v1/models with the token)', () => {
    let mock: MockProvider;
    beforeAll(async () => {
      mock = await startMockProvider();
    });
    afterAll(async () => {
      await mock.close();
    });
    beforeEach(() => mock.reset());

    test('works, and sends the token as a bearer token to /v1/models', async () => {
      const token = 'hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567';
      const verdict = await testConnection(connection('huggingface', `${mock.url}/v1`, { apiKey: token }), callOptions());
      expect(verdict).toMatchObject({ result: 'works', models: 3 });
      expect(mock.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /v1/models']);
      expect(mock.requests[0]?.headers['authorization']).toBe(`Bearer ${token}`);
    });

    test('a rejected token says so', async () => {
      mock.setScenario('unauthorized');
      expect((await testConnection(connection('huggingface', `${mock.url}/v1`, { apiKey: 'hf_bad' }), callOptions())).result).toBe('key-rejected');
    });
  });
});
