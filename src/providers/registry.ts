/** Which adapter speaks for each provider, and the options page's "Test connection". */
import { phrase, pluralPhrase } from '@/src/shared/i18n/text';
import { anthropicAdapter } from '@/src/providers/anthropic';
import { azureOpenAIAdapter } from '@/src/providers/azure-openai';
import { bedrockAdapter } from '@/src/providers/bedrock';
import { chromeBuiltInAdapter } from '@/src/providers/chrome-built-in';
import { cohereAdapter } from '@/src/providers/cohere';
import { providerName } from '@/src/providers/errors';
import { geminiAdapter } from '@/src/providers/gemini';
import { inBrowserAdapter } from '@/src/providers/in-browser';
import { ollamaAdapter } from '@/src/providers/ollama';
import { openAICompatibleAdapter } from '@/src/providers/openai-chat';
import { vertexAdapter } from '@/src/providers/vertex';
import { ProviderError, type AdapterProvider, type CallOptions, type Connection, type ConnectionTestResult, type ProviderAdapter } from '@/src/providers/types';

const ADAPTERS: Record<AdapterProvider, ProviderAdapter> = {
  openai: openAICompatibleAdapter,
  anthropic: anthropicAdapter,
  gemini: geminiAdapter,
  vertex: vertexAdapter,
  mistral: openAICompatibleAdapter,
  cohere: cohereAdapter,
  'azure-openai': azureOpenAIAdapter,
  bedrock: bedrockAdapter,
  ollama: ollamaAdapter,
  lmstudio: openAICompatibleAdapter,
  vllm: openAICompatibleAdapter,
  llamacpp: openAICompatibleAdapter,
  tgi: openAICompatibleAdapter,
  'tensorrt-llm': openAICompatibleAdapter,
  mlx: openAICompatibleAdapter,
  transformers: openAICompatibleAdapter,
  huggingface: openAICompatibleAdapter,
  openrouter: openAICompatibleAdapter,
  groq: openAICompatibleAdapter,
  custom: openAICompatibleAdapter,
  'chrome-built-in': chromeBuiltInAdapter,
  'in-browser': inBrowserAdapter,
};

export function adapterFor(provider: AdapterProvider): ProviderAdapter {
  return ADAPTERS[provider];
}

/** A key check should not wait minutes like a chat may. */
const TEST_TIMEOUT_MS = 20_000;

/** Lists the models with the connection and says, for a person, whether it works and what to fix. */
export async function testConnection(conn: Connection, opts: CallOptions): Promise<ConnectionTestResult> {
  const name = providerName(conn.provider);
  try {
    const models = await adapterFor(conn.provider).listModels(conn, {
      ...opts,
      firstByteTimeoutMs: opts.firstByteTimeoutMs ?? TEST_TIMEOUT_MS,
      idleTimeoutMs: opts.idleTimeoutMs ?? TEST_TIMEOUT_MS,
    });
    const count = models.length;
    return { result: 'works', phrase: pluralPhrase('connection_works', count, name), models: count };
  } catch (error) {
    if (!(error instanceof ProviderError)) {
      return { result: 'unknown', phrase: phrase('connection_unexpected', name) };
    }
    switch (error.kind) {
      case 'key-rejected':
      case 'no-permission':
      case 'origin-refused':
        return { result: error.kind, phrase: error.phrase };
      case 'network':
      case 'timeout':
        return { result: 'not-reachable', phrase: error.phrase };
      case 'origin-not-allowed':
      case 'redirect-refused':
        return { result: 'not-allowed', phrase: error.phrase };
      default:
        return { result: 'unknown', phrase: error.phrase };
    }
  }
}
