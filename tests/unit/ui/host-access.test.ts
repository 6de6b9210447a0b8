import { describe, expect, it } from 'vitest';
import { hostAccessNeeded, serverUrlOf } from '@/src/ui/options/keys/host-access';

describe('which server a key form must ask access for', () => {
  it('Vertex AI with a project in a region: its regional host, which the manifest cannot cover', () => {
    const url = serverUrlOf('vertex', { vertexProject: 'my-project', vertexLocation: 'europe-west4' });
    expect(url).toBe('https://europe-west4-aiplatform.googleapis.com');
    expect(hostAccessNeeded(url)).toEqual({ origin: 'https://europe-west4-aiplatform.googleapis.com', patterns: ['https://europe-west4-aiplatform.googleapis.com/*'] });
  });

  it('Vertex AI in express mode or the global location: the global host, covered by the manifest', () => {
    expect(hostAccessNeeded(serverUrlOf('vertex', {}))).toBeUndefined();
    expect(hostAccessNeeded(serverUrlOf('vertex', { vertexProject: 'p', vertexLocation: 'global' }))).toBeUndefined();
  });

  it('a base URL decides for every provider; none means the built-in host', () => {
    expect(serverUrlOf('openai', { baseUrl: 'https://proxy.example.com/v1' })).toBe('https://proxy.example.com/v1');
    expect(serverUrlOf('vertex', { baseUrl: 'https://proxy.example.com', vertexProject: 'p', vertexLocation: 'us-east1' })).toBe('https://proxy.example.com');
    expect(serverUrlOf('openai', {})).toBe('https://api.openai.com/v1');
    expect(hostAccessNeeded(serverUrlOf('openai', {}))).toBeUndefined();
  });

  it('Azure resources and Bedrock regions: their exact hosts, asked for (no wildcard in the manifest)', () => {
    expect(hostAccessNeeded(serverUrlOf('azure-openai', { azureResource: 'Contoso' }))).toEqual({
      origin: 'https://contoso.openai.azure.com',
      patterns: ['https://contoso.openai.azure.com/*'],
    });
    expect(hostAccessNeeded(serverUrlOf('bedrock', { region: 'eu-west-3' }))).toEqual({
      origin: 'https://bedrock-runtime.eu-west-3.amazonaws.com',
      patterns: ['https://bedrock-runtime.eu-west-3.amazonaws.com/*', 'https://bedrock.eu-west-3.amazonaws.com/*'],
    });
  });

  it('local servers: asked for when added, on their default address too', () => {
    expect(hostAccessNeeded(serverUrlOf('ollama', {}))).toEqual({ origin: 'http://localhost:11434', patterns: ['http://localhost/*'] });
    expect(hostAccessNeeded('http://127.0.0.1:1234/v1')).toEqual({ origin: 'http://127.0.0.1:1234', patterns: ['http://127.0.0.1/*'] });
  });
});
