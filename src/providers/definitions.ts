/**
 * The providers a user can add a key (or a keyless local server) for, with what the options page
 * needs to ask for them. Wire protocols live in the adapters; this file is data only.
 */
import type { MessageKey } from '@/src/shared/i18n/text';

export const PROVIDER_IDS = [
  'openai',
  'anthropic',
  'gemini',
  'vertex',
  'mistral',
  'cohere',
  'azure-openai',
  'bedrock',
  'ollama',
  'lmstudio',
  'vllm',
  'llamacpp',
  'tgi',
  'tensorrt-llm',
  'mlx',
  'transformers',
  'openrouter',
  'huggingface',
  'groq',
  'custom',
] as const;

export type ProviderId = (typeof PROVIDER_IDS)[number];

/** Non-secret connection settings a key record can carry. */
export type SettingField =
  | 'baseUrl'
  | 'azureResource'
  | 'azureDeployment'
  | 'azureApiVersion'
  | 'region'
  | 'vertexProject'
  | 'vertexLocation'
  | 'bedrockAuth';

export type SecretField = 'apiKey' | 'accessKeyId' | 'secretAccessKey' | 'sessionToken';

export interface ProviderDefinition {
  id: ProviderId;
  name: string;
  /** `required`: a key is needed; `optional`: local servers usually run without one. */
  keyRequirement: 'required' | 'optional';
  defaultBaseUrl?: string;
  settings: readonly SettingField[];
  local: boolean;
  /** `expectation` names its message (public/_locales): what this provider's keys look like. */
  keyFormat?: { pattern: RegExp; expectation: MessageKey };
}

const OPENAI_COMPATIBLE_SETTINGS = ['baseUrl'] as const;

export const PROVIDERS: Record<ProviderId, ProviderDefinition> = {
  openai: {
    id: 'openai',
    name: 'OpenAI',
    keyRequirement: 'required',
    defaultBaseUrl: 'https://api.openai.com/v1',
    settings: OPENAI_COMPATIBLE_SETTINGS,
    local: false,
    keyFormat: { pattern: /^sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}$/, expectation: 'keyFormat_openai' },
  },
  anthropic: {
    id: 'anthropic',
    name: 'Anthropic',
    keyRequirement: 'required',
    defaultBaseUrl: 'https://api.anthropic.com',
    settings: ['baseUrl'],
    local: false,
    keyFormat: { pattern: /^sk-ant-[A-Za-z0-9]+-[A-Za-z0-9_-]{20,}$/, expectation: 'keyFormat_anthropic' },
  },
  gemini: {
    id: 'gemini',
    name: 'Google Gemini (AI Studio)',
    keyRequirement: 'required',
    defaultBaseUrl: 'https://generativelanguage.googleapis.com/v1beta',
    settings: ['baseUrl'],
    local: false,
    keyFormat: { pattern: /^AIza[0-9A-Za-z_-]{35}$/, expectation: 'keyFormat_gemini' },
  },
  vertex: {
    id: 'vertex',
    name: 'Google Vertex AI',
    keyRequirement: 'required',
    settings: ['vertexProject', 'vertexLocation', 'baseUrl'],
    local: false,
    keyFormat: { pattern: /^[A-Za-z0-9._-]{30,}$/, expectation: 'keyFormat_vertex' },
  },
  mistral: {
    id: 'mistral',
    name: 'Mistral',
    keyRequirement: 'required',
    defaultBaseUrl: 'https://api.mistral.ai/v1',
    settings: ['baseUrl'],
    local: false,
    keyFormat: { pattern: /^[A-Za-z0-9]{32}$/, expectation: 'keyFormat_mistral' },
  },
  cohere: {
    id: 'cohere',
    name: 'Cohere',
    keyRequirement: 'required',
    defaultBaseUrl: 'https://api.cohere.com',
    settings: ['baseUrl'],
    local: false,
    keyFormat: { pattern: /^[A-Za-z0-9]{40}$/, expectation: 'keyFormat_cohere' },
  },
  'azure-openai': {
    id: 'azure-openai',
    name: 'Azure OpenAI',
    keyRequirement: 'required',
    settings: ['azureResource', 'azureDeployment', 'azureApiVersion', 'baseUrl'],
    local: false,
    keyFormat: { pattern: /^(?:[A-Za-z0-9]{32}|[A-Za-z0-9]{84})$/, expectation: 'keyFormat_azure_openai' },
  },
  bedrock: {
    id: 'bedrock',
    name: 'AWS Bedrock',
    keyRequirement: 'required',
    settings: ['region', 'bedrockAuth', 'baseUrl'],
    local: false,
  },
  ollama: {
    id: 'ollama',
    name: 'Ollama',
    keyRequirement: 'optional',
    defaultBaseUrl: 'http://localhost:11434',
    settings: ['baseUrl'],
    local: true,
  },
  lmstudio: {
    id: 'lmstudio',
    name: 'LM Studio',
    keyRequirement: 'optional',
    defaultBaseUrl: 'http://localhost:1234/v1',
    settings: ['baseUrl'],
    local: true,
  },
  vllm: { id: 'vllm', name: 'vLLM', keyRequirement: 'optional', defaultBaseUrl: 'http://localhost:8000/v1', settings: ['baseUrl'], local: true },
  llamacpp: { id: 'llamacpp', name: 'llama.cpp server', keyRequirement: 'optional', defaultBaseUrl: 'http://localhost:8080/v1', settings: ['baseUrl'], local: true },
  tgi: { id: 'tgi', name: 'Hugging Face TGI', keyRequirement: 'optional', defaultBaseUrl: 'http://localhost:8080/v1', settings: ['baseUrl'], local: true },
  'tensorrt-llm': { id: 'tensorrt-llm', name: 'TensorRT-LLM (trtllm-serve)', keyRequirement: 'optional', defaultBaseUrl: 'http://localhost:8000/v1', settings: ['baseUrl'], local: true },
  mlx: { id: 'mlx', name: 'MLX (mlx_lm.server)', keyRequirement: 'optional', defaultBaseUrl: 'http://localhost:8080/v1', settings: ['baseUrl'], local: true },
  // `transformers serve` (Hugging Face Transformers' own OpenAI-compatible server) listens on port 8000.
  transformers: {
    id: 'transformers',
    name: 'Hugging Face transformers serve',
    keyRequirement: 'optional',
    defaultBaseUrl: 'http://localhost:8000/v1',
    settings: ['baseUrl'],
    local: true,
  },
  openrouter: {
    id: 'openrouter',
    name: 'OpenRouter',
    keyRequirement: 'required',
    defaultBaseUrl: 'https://openrouter.ai/api/v1',
    settings: ['baseUrl'],
    local: false,
    keyFormat: { pattern: /^sk-or-v1-[a-f0-9]{64}$/, expectation: 'keyFormat_openrouter' },
  },
  // Hugging Face's Inference Providers router: OpenAI-compatible chat completions and /v1/models
  // in front of many hosted providers, paid for with a Hugging Face user access token.
  huggingface: {
    id: 'huggingface',
    name: 'Hugging Face Inference Providers',
    keyRequirement: 'required',
    defaultBaseUrl: 'https://router.huggingface.co/v1',
    settings: ['baseUrl'],
    local: false,
    keyFormat: { pattern: /^hf_[A-Za-z0-9]{30,}$/, expectation: 'keyFormat_huggingface' },
  },
  groq: {
    id: 'groq',
    name: 'Groq',
    keyRequirement: 'required',
    defaultBaseUrl: 'https://api.groq.com/openai/v1',
    settings: ['baseUrl'],
    local: false,
    keyFormat: { pattern: /^gsk_[A-Za-z0-9]{52}$/, expectation: 'keyFormat_groq' },
  },
  custom: { id: 'custom', name: 'Custom OpenAI-compatible server', keyRequirement: 'optional', settings: ['baseUrl'], local: false },
};
