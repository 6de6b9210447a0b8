// Relative imports: wxt.config.ts loads this file without the @ alias.
import { PROVIDERS } from './definitions';
import type { ProviderSettings } from '@/src/providers/schemas';

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
  'https://router.huggingface.co/*',
] as const;

export const VERTEX_DEFAULT_LOCATION = 'us-central1';
/** A Vertex AI location as it may appear in a host name (`us-central1`, `europe-west4`, `global`). */
export const VERTEX_LOCATION_PATTERN = /^[a-z0-9-]{1,40}$/;

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

/** `https://{resource}.openai.azure.com`, or undefined when the resource name is not a valid host label. */
export function azureResourceOrigin(resource: string | undefined): string | undefined {
  const name = resource?.trim() ?? '';
  return /^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/.test(name) ? `https://${name}.openai.azure.com` : undefined;
}

export const AWS_REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** Bedrock's runtime (chats) or control plane (model lists) in a region; undefined for a malformed region. */
export function bedrockOrigin(plane: 'bedrock-runtime' | 'bedrock', region: string | undefined): string | undefined {
  const name = region?.trim() ?? '';
  return AWS_REGION_PATTERN.test(name) ? `https://${plane}.${name}.amazonaws.com` : undefined;
}

/** This computer: `localhost`, 127.0.0.0/8 and [::1] (a URL's `hostname`, brackets included). */
export function isLoopbackHost(hostname: string): boolean {
  return /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i.test(hostname);
}

/**
 * Plain http to a computer other than this one: the key and the conversation travel readable on
 * the way. The one rule the key forms, the vault and the transport all apply.
 */
export function isPlainHttpElsewhere(url: URL): boolean {
  return url.protocol === 'http:' && !isLoopbackHost(url.hostname);
}

function originOf(url: string | undefined): string[] {
  if (url === undefined) return [];
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? [parsed.origin] : [];
  } catch {
    return [];
  }
}

/**
 * The origins a connection's requests may go to, from its settings alone: the base URL when one is
 * set, else the provider's own server (Vertex AI's and Azure's from their settings, both Bedrock
 * planes of the region). The transport (http.ts) sends nothing anywhere else. Adapters build their
 * URLs from the same functions, so the two cannot drift apart.
 */
export function expectedOrigins(provider: string, settings: ProviderSettings): string[] {
  const configured = settings.baseUrl?.trim();
  if (configured) return originOf(configured);
  switch (provider) {
    case 'vertex': {
      const location = settings.vertexLocation?.trim() || VERTEX_DEFAULT_LOCATION;
      return VERTEX_LOCATION_PATTERN.test(location) ? originOf(vertexOrigin(settings)) : [];
    }
    case 'azure-openai':
      return originOf(azureResourceOrigin(settings.azureResource));
    case 'bedrock':
      return [...originOf(bedrockOrigin('bedrock-runtime', settings.region)), ...originOf(bedrockOrigin('bedrock', settings.region))];
    default:
      return provider in PROVIDERS ? originOf(PROVIDERS[provider as keyof typeof PROVIDERS].defaultBaseUrl) : [];
  }
}
