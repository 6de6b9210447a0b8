/**
 * Match patterns for the provider APIs the product calls out of the box: exact hosts only. No
 * wildcard subdomain pattern belongs here when anyone can create a name under it (an Azure
 * resource `evil.openai.azure.com`, an S3 bucket or API Gateway under `amazonaws.com`): an Azure
 * resource, a Bedrock region and Vertex AI's regional host are asked for, exactly, when the key
 * naming them is saved (src/ui/options/keys/host-access.ts), and local servers likewise.
 */
export const BUILT_IN_PROVIDER_HOSTS = [
  'https://api.openai.com/*',
  'https://api.anthropic.com/*',
  'https://generativelanguage.googleapis.com/*',
  'https://aiplatform.googleapis.com/*',
  'https://api.mistral.ai/*',
  'https://api.cohere.com/*',
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

/** Local model servers (Ollama, LM Studio, vLLM, llama.cpp, ...) listen on these hosts. Asked for when such a server is added. */
export const LOCAL_SERVER_HOSTS = ['http://localhost/*', 'http://127.0.0.1/*'] as const;
