/**
 * The mock's embedding endpoints, one per wire format the extension speaks (issue 19), each answering
 * with tests/fixtures/mock-embeddings.ts's deterministic vectors in that provider's response shape and
 * usage fields. A request without the fields its format requires gets a 400 in the provider's style,
 * so a wrong request shape fails the test instead of being answered.
 */
import { MOCK_EMBEDDING_DIMS, mockEmbedding, mockTokenCount } from '../fixtures/mock-embeddings.ts';

export type EmbeddingFormat = 'openai' | 'gemini' | 'vertex' | 'cohere' | 'bedrock-titan' | 'bedrock-cohere' | 'ollama';

export class BadEmbeddingRequest extends Error {}

const field = (json: unknown, name: string): unknown => (typeof json === 'object' && json !== null ? (json as Record<string, unknown>)[name] : undefined);

function strings(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((item) => typeof item === 'string')) throw new BadEmbeddingRequest(`${what} must be a non-empty array of strings`);
  return value as string[];
}

function dimsOf(value: unknown): number {
  if (value === undefined) return MOCK_EMBEDDING_DIMS;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 4096) throw new BadEmbeddingRequest('bad dimensions');
  return value;
}

const list = (text: string, dims: number): number[] => Array.from(mockEmbedding(text, dims));
const tokens = (texts: readonly string[]): number => texts.reduce((sum, text) => sum + mockTokenCount(text), 0);

/** Which embedding format a POST path is, if any. */
export function embeddingFormatOf(path: string): EmbeddingFormat | undefined {
  if (path === '/v1/embeddings' || /^\/openai\/(v1|deployments\/[^/]+)\/embeddings$/.test(path)) return 'openai';
  if (/:batchEmbedContents$/.test(path)) return 'gemini';
  if (/\/publishers\/google\/models\/[^/]+:predict$/.test(path)) return 'vertex';
  if (path === '/v2/embed') return 'cohere';
  if (/^\/model\/[^/]*titan-embed[^/]*\/invoke$/.test(decodeURIComponent(path))) return 'bedrock-titan';
  if (/^\/model\/[^/]*cohere\.embed[^/]*\/invoke$/.test(decodeURIComponent(path))) return 'bedrock-cohere';
  if (path === '/api/embed') return 'ollama';
  return undefined;
}

/** The response body for an embedding request of `format`; throws BadEmbeddingRequest for a malformed one. */
export function embeddingReply(format: EmbeddingFormat, json: unknown, path = ''): unknown {
  switch (format) {
    case 'openai': {
      const input = field(json, 'input');
      const texts = typeof input === 'string' ? [input] : strings(input, 'input');
      // Azure's deployment URLs name the model; everywhere else the body must.
      if (typeof field(json, 'model') !== 'string' && !path.includes('/deployments/')) throw new BadEmbeddingRequest('model is required');
      const dims = dimsOf(field(json, 'dimensions'));
      const count = tokens(texts);
      return {
        object: 'list',
        data: texts.map((text, index) => ({ object: 'embedding', index, embedding: list(text, dims) })),
        model: field(json, 'model'),
        usage: { prompt_tokens: count, total_tokens: count },
      };
    }
    case 'gemini': {
      const requests = field(json, 'requests');
      if (!Array.isArray(requests) || requests.length === 0) throw new BadEmbeddingRequest('requests is required');
      // Gemini's batch answer reports no usage.
      return {
        embeddings: requests.map((request) => {
          const texts = strings((field(field(request, 'content'), 'parts') as unknown[] | undefined)?.map((part) => field(part, 'text')), 'content.parts[].text');
          if (typeof field(request, 'model') !== 'string') throw new BadEmbeddingRequest('requests[].model is required');
          return { values: list(texts.join(' '), dimsOf(field(request, 'outputDimensionality'))) };
        }),
      };
    }
    case 'vertex': {
      const instances = field(json, 'instances');
      if (!Array.isArray(instances) || instances.length === 0) throw new BadEmbeddingRequest('instances is required');
      const dims = dimsOf(field(field(json, 'parameters'), 'outputDimensionality'));
      const texts = strings(instances.map((instance) => field(instance, 'content')), 'instances[].content');
      return {
        predictions: texts.map((text) => ({ embeddings: { values: list(text, dims), statistics: { token_count: mockTokenCount(text), truncated: false } } })),
        metadata: { billableCharacterCount: texts.reduce((sum, text) => sum + text.length, 0) },
      };
    }
    case 'cohere': {
      const texts = strings(field(json, 'texts'), 'texts');
      if (typeof field(json, 'model') !== 'string' || typeof field(json, 'input_type') !== 'string') throw new BadEmbeddingRequest('model and input_type are required');
      const dims = dimsOf(field(json, 'output_dimension'));
      return {
        id: 'mock-embed',
        embeddings: { float: texts.map((text) => list(text, dims)) },
        texts,
        meta: { api_version: { version: '2' }, billed_units: { input_tokens: tokens(texts) } },
      };
    }
    case 'bedrock-titan': {
      const text = field(json, 'inputText');
      if (typeof text !== 'string' || text === '') throw new BadEmbeddingRequest('inputText is required');
      return { embedding: list(text, dimsOf(field(json, 'dimensions'))), inputTextTokenCount: mockTokenCount(text) };
    }
    case 'bedrock-cohere': {
      const texts = strings(field(json, 'texts'), 'texts');
      if (typeof field(json, 'input_type') !== 'string') throw new BadEmbeddingRequest('input_type is required');
      // Cohere on Bedrock reports no token count.
      return { id: 'mock-embed', response_type: 'embeddings_floats', embeddings: texts.map((text) => list(text, MOCK_EMBEDDING_DIMS)), texts };
    }
    case 'ollama': {
      const input = field(json, 'input');
      const texts = typeof input === 'string' ? [input] : strings(input, 'input');
      if (typeof field(json, 'model') !== 'string') throw new BadEmbeddingRequest('model is required');
      const dims = dimsOf(field(json, 'dimensions'));
      return { model: field(json, 'model'), embeddings: texts.map((text) => list(text, dims)), total_duration: 14143917, load_duration: 1019500, prompt_eval_count: tokens(texts) };
    }
  }
}
