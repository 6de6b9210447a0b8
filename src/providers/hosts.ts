/** Match patterns for the provider APIs the product calls out of the box. */
export const BUILT_IN_PROVIDER_HOSTS = [
  'https://api.openai.com/*',
  'https://api.anthropic.com/*',
  'https://generativelanguage.googleapis.com/*',
  'https://aiplatform.googleapis.com/*',
  'https://*.aiplatform.googleapis.com/*',
  'https://api.mistral.ai/*',
  'https://api.cohere.com/*',
  'https://*.openai.azure.com/*',
  'https://*.cognitiveservices.azure.com/*',
  'https://*.services.ai.azure.com/*',
  'https://*.amazonaws.com/*',
  'https://openrouter.ai/*',
  'https://api.groq.com/*',
] as const;

export const VERTEX_DEFAULT_LOCATION = 'us-central1';

/**
 * The server Vertex AI calls for a key with a project: `https://{location}-aiplatform.googleapis.com`
 * (the manifest's `*.aiplatform.googleapis.com` does not match a `{location}-` host, so the options
 * page asks for it), or the global host. Express mode (no project) uses the global host.
 */
export function vertexOrigin(settings: { vertexProject?: string | undefined; vertexLocation?: string | undefined }): string {
  const location = settings.vertexLocation?.trim() || VERTEX_DEFAULT_LOCATION;
  if (!settings.vertexProject?.trim() || location === 'global') return 'https://aiplatform.googleapis.com';
  return `https://${location}-aiplatform.googleapis.com`;
}

/** Local model servers (Ollama, LM Studio, vLLM, llama.cpp, ...) listen here; any port matches. */
export const LOCAL_SERVER_HOSTS = ['http://localhost/*', 'http://127.0.0.1/*'] as const;
